//! Nothing private is published: templates cannot read the environment, `keygen` makes a secret
//! key no one else can read (and writes it through no link), `package --sign` signs with a
//! secret key only, and only with one that is still secret.

use crate::support::*;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};

/// A copy of the basic fixture with `theme/templates/page.html` replaced.
fn site_with_page_template(label: &str, template: &str) -> PathBuf {
    let dir = basic_site(label);
    std::fs::create_dir_all(dir.join("theme/templates")).unwrap();
    std::fs::write(dir.join("theme/templates/page.html"), template).unwrap();
    dir
}

#[test]
fn a_template_that_reads_the_environment_is_refused_where_it_asks() {
    let dir = site_with_page_template(
        "get-env",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ get_env(name=\"ZAKLYK_DEPLOY_TOKEN\", default=\"\") }}</p>\n{% endblock main %}\n",
    );
    for verb in ["build", "check", "package"] {
        let out = temp_dir("get-env-out");
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_zaklyk"))
            .args([verb, "--root", dir.to_str().unwrap()])
            .args(if verb == "check" {
                vec![]
            } else {
                vec!["--out", out.to_str().unwrap()]
            })
            .env("ZAKLYK_DEPLOY_TOKEN", "tok-SECRET")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{verb}: {stderr}");
        assert!(
            stderr.contains(
                "theme/templates/page.html:3:7: error: `get_env` reads an environment variable"
            ),
            "{verb}: {stderr}"
        );
        assert!(stderr.contains("= help: templates get everything from the site's files"));
        assert!(!stderr.contains("tok-SECRET"));
        assert!(read_tree(&out).is_empty(), "{verb} wrote");
    }
}

#[test]
fn templates_cannot_make_builds_differ_with_now_or_get_random() {
    for (call, line) in [
        (
            "{{ now() }}",
            "theme/templates/page.html:2:4: error: `now` would make every build differ",
        ),
        (
            "{% set n = get_random(end=9) %}",
            "theme/templates/page.html:2:12: error: `get_random` would make every build differ",
        ),
    ] {
        let dir = site_with_page_template(
            "nondeterministic",
            &format!(
                "{{% extends \"base.html\" %}}\n{call}{{% block main %}}{{% endblock main %}}\n"
            ),
        );
        let run = zaklyk(&["check", "--root", dir.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains(line), "{}", run.stderr);
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

/// `zaklyk keygen DIR` under umask 022.
fn keygen(dir: &Path) -> Run {
    let out = std::process::Command::new("sh")
        .args(["-c", "umask 022 && exec \"$0\" keygen \"$1\""])
        .arg(env!("CARGO_BIN_EXE_zaklyk"))
        .arg(dir)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn keygen_makes_the_secret_key_readable_by_its_owner_only() {
    let dir = temp_dir("keygen-modes").join("new/keys");
    let run = keygen(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(mode(&dir.join("zaklyk-signing.key")), 0o600);
    assert_eq!(mode(&dir.join("zaklyk-signing.pub")), 0o644);
    let again = keygen(&dir);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("keygen never replaces a key"),
        "{}",
        again.stderr
    );
}

#[test]
fn keygen_never_writes_through_a_link_nor_replaces_a_file() {
    // A link to nowhere: following it would create the secret key wherever it points.
    let dir = temp_dir("keygen-dangling");
    let target = temp_dir("keygen-elsewhere").join("stolen.key");
    symlink(&target, dir.join("zaklyk-signing.key")).unwrap();
    let run = keygen(&dir);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("zaklyk-signing.key` already exists (or is a symbolic link)"),
        "{}",
        run.stderr
    );
    assert!(!target.exists(), "nothing written through the link");
    assert!(!dir.join("zaklyk-signing.pub").exists(), "no half key pair");

    // A link to an existing file is not followed either, and the file is untouched.
    let dir = temp_dir("keygen-link");
    let victim = temp_dir("keygen-victim").join("notes.txt");
    std::fs::write(&victim, "mine").unwrap();
    symlink(&victim, dir.join("zaklyk-signing.pub")).unwrap();
    assert_eq!(keygen(&dir).code, 2);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine");
    assert!(!dir.join("zaklyk-signing.key").exists(), "no half key pair");

    // An existing public key alone stops keygen before it writes a secret.
    let dir = temp_dir("keygen-half");
    std::fs::write(dir.join("zaklyk-signing.pub"), "old").unwrap();
    assert_eq!(keygen(&dir).code, 2);
    assert!(!dir.join("zaklyk-signing.key").exists());
}

/// `zaklyk package` of the basic fixture signed with `key`.
fn sign_with(key: &Path) -> (Run, PathBuf) {
    let out = temp_dir("sign-out");
    let run = zaklyk(&[
        "package",
        "--root",
        fixture("basic").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        key.to_str().unwrap(),
    ]);
    (run, out)
}

#[test]
fn package_signs_with_a_secret_key_only() {
    let keys = temp_dir("sign-keys");
    assert_eq!(keygen(&keys).code, 0);
    let public = keys.join("zaklyk-signing.pub");
    let secret = keys.join("zaklyk-signing.key");

    // The public key, by mistake: refused, with the secret key beside it named.
    let (run, out) = sign_with(&public);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("zaklyk-signing.pub` is a public key, which cannot sign"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "= help: sign with the secret key `{}`",
            secret.display()
        )),
        "{}",
        run.stderr
    );
    assert!(read_tree(&out).is_empty(), "nothing written");

    // The public key under another name is known by its content.
    let renamed = keys.join("release-key.txt");
    std::fs::copy(&public, &renamed).unwrap();
    let (run, _) = sign_with(&renamed);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is a public key"), "{}", run.stderr);

    // Its bare hex digits in a `.pub` file are known by the name.
    let bare = keys.join("bare.pub");
    let hex = std::fs::read_to_string(&public)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_string();
    std::fs::write(&bare, &hex).unwrap();
    let (run, _) = sign_with(&bare);
    assert!(
        run.code == 2 && run.stderr.contains("is a public key"),
        "{}",
        run.stderr
    );

    // Not a key at all.
    let text = keys.join("notes.key");
    std::fs::write(&text, "hello").unwrap();
    std::fs::set_permissions(&text, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (run, _) = sign_with(&text);
    assert!(
        run.code == 2 && run.stderr.contains("not a zaklyk secret key file"),
        "{}",
        run.stderr
    );

    // Bare hex digits say nothing of what they are (a build would publish them): refused.
    let seed = std::fs::read_to_string(&secret)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_string();
    let bare_secret = keys.join("bare.key");
    std::fs::write(&bare_secret, format!("{seed}\n")).unwrap();
    std::fs::set_permissions(&bare_secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (run, _) = sign_with(&bare_secret);
    assert!(
        run.code == 2
            && run.stderr.contains(
                "is not a zaklyk secret key file: it lacks the line `# zaklyk Ed25519 secret key`"
            ),
        "{}",
        run.stderr
    );

    // A secret key whose fingerprint line was changed.
    let damaged = keys.join("damaged.key");
    let original = std::fs::read_to_string(&secret).unwrap();
    let fp_line = original.lines().nth(1).unwrap();
    let changed = original.replace(
        fp_line,
        "# Public key fingerprint: 0000 0000 0000 0000 0000 0000 0000 0000",
    );
    std::fs::write(&damaged, changed).unwrap();
    std::fs::set_permissions(&damaged, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (run, _) = sign_with(&damaged);
    assert!(
        run.code == 2 && run.stderr.contains("is damaged"),
        "{}",
        run.stderr
    );
}

#[test]
fn package_refuses_a_secret_key_others_can_read() {
    let keys = temp_dir("sign-open");
    assert_eq!(keygen(&keys).code, 0);
    let secret = keys.join("zaklyk-signing.key");
    for open in [0o644, 0o640, 0o604, 0o660, 0o666] {
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(open)).unwrap();
        let (run, out) = sign_with(&secret);
        assert_eq!(run.code, 2, "{open:o}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "permissions {open:04o} for `{}` are too open",
                secret.display()
            )),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("chmod 600"), "{}", run.stderr);
        assert!(read_tree(&out).is_empty(), "nothing written");
    }
    for private in [0o600, 0o400] {
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(private)).unwrap();
        let (run, out) = sign_with(&secret);
        assert_eq!(run.code, 0, "{private:o}: {}", run.stderr);
        assert!(out.join("download/SHA256SUMS.sig").exists());
    }
}
