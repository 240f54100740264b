//! The scan attacked: each case is a way to make a browser contact another origin or run code,
//! written as a browser would still read it, and must be found; the harmless ones must not be.

use super::*;

fn scope() -> Scope {
    Scope::new(
        "https://example.org/campaign/",
        &["https://media.example.net/".into()],
    )
}

/// `code subject` of every finding of a file published at `path`.
fn found(path: &str, text: &str) -> Vec<String> {
    scan_file(&scope(), path, text.as_bytes())
        .findings
        .into_iter()
        .map(|f| f.subject)
        .collect()
}

fn html(text: &str) -> Vec<String> {
    found("uk/page.html", text)
}

fn svg(text: &str) -> Vec<String> {
    found("img/a.svg", text)
}

fn css(text: &str) -> Vec<String> {
    found("a.css", text)
}

/// Asserts that every case finds exactly one problem of `code`.
fn each_finds(code: &str, cases: &[&str], scan: fn(&str) -> Vec<String>) {
    for case in cases {
        let got = scan(case);
        assert!(
            got.len() == 1 && got[0].starts_with(&format!("{code}|")),
            "{case}\n  found {got:?}, expected one {code}"
        );
    }
}

#[test]
fn loads_from_elsewhere_in_html_are_found_however_written() {
    each_finds(
        "origin-external",
        &[
            r#"<img src="https://cdn.example/x.png" alt="">"#,
            r#"<IMG SRC=https://cdn.example/x.png>"#,
            r#"<img alt="a>b" src="https://cdn.example/x.png">"#,
            r#"<img alt='a"b' src=//cdn.example/x.png>"#,
            r#"<img src="&#104;ttps://cdn.example/x.png">"#,
            r#"<img src="&#x68;ttps&colon;//cdn.example/x.png">"#,
            r#"<img src="ht&Tab;tps://cdn.example/x.png">"#,
            "<img src=\" \n https://cdn.example/x.png\">",
            r#"<img src="\\cdn.example\x.png">"#,
            r#"<img src="/\cdn.example/x.png">"#,
            r#"<img src="https:cdn.example/x.png">"#,
            r#"<img src="https://example.org/campaign/x.png">"#,
            r#"<img src="a.png" src="x.png" srcset="x.png 1x, https://cdn.example/y.png 2x">"#,
            r#"<img srcset="a.png 1x (, https://cdn.example/y.png 2x)">"#,
            r#"<picture><source srcset="https://cdn.example/x.webp"></picture>"#,
            r#"<img lowsrc="https://cdn.example/x.png">"#,
            r#"<img dynsrc="https://cdn.example/x.avi">"#,
            r#"<video poster="https://cdn.example/p.jpg"></video>"#,
            r#"<video><track src="https://cdn.example/t.vtt"></video>"#,
            r#"<audio src="https://cdn.example/a.mp3"></audio>"#,
            r#"<input type="image" src="https://cdn.example/b.png">"#,
            r#"<body background="https://cdn.example/bg.png">"#,
            r#"<table><tr><td background="https://cdn.example/bg.png">x</td></tr></table>"#,
            r#"<iframe src="https://video.example/embed"></iframe>"#,
            r#"<frameset><frame src="https://video.example/"></frameset>"#,
            r#"<embed src="https://cdn.example/x.swf">"#,
            r#"<object data="https://cdn.example/x.pdf"></object>"#,
            r#"<portal src="https://cdn.example/"></portal>"#,
            r#"<applet codebase="https://cdn.example/"></applet>"#,
            r#"<html manifest="https://cdn.example/a.appcache">"#,
            r#"<form action="https://collect.example/"><button>Go</button></form>"#,
            r#"<button formaction="https://collect.example/">Go</button>"#,
            r#"<a href="x.html" ping="https://track.example/p">x</a>"#,
            r#"<map><area href="x.html" ping="a https://track.example/p"></map>"#,
            r#"<image src="https://cdn.example/x.png">"#,
            r#"<math href="https://cdn.example/">x</math>"#,
            r#"<svg><image href="https://cdn.example/x.png"/></svg>"#,
            r#"<svg><image xlink:href="https://cdn.example/x.png"/></svg>"#,
            r#"<svg><use href="//cdn.example/s.svg#a"/></svg>"#,
            r#"<svg><filter><feImage href="https://cdn.example/x.png"/></filter></svg>"#,
            r#"<svg><text><textPath href="https://cdn.example/p.svg#p">x</textPath></text></svg>"#,
            r#"<svg><set attributeName="href" to="https://cdn.example/x.png"/></svg>"#,
            r#"<svg><animate attributeName="href" values="a.png;https://cdn.example/b.png"/></svg>"#,
            r#"<svg><rect fill="url(https://cdn.example/p.svg#g)"/></svg>"#,
            r#"<svg><rect fill="u&#114;l(https://cdn.example/p.svg#g)"/></svg>"#,
            r#"<svg><rect filter="\75rl(https://cdn.example/f.svg#f)"/></svg>"#,
            r#"<p style="background:url(https://t.example/p.gif)">x</p>"#,
            r#"<p style="background:url(&quot;https://t.example/p.gif&quot;)">x</p>"#,
            r#"<p style="background:URL( 'https://t.example/p.gif' )">x</p>"#,
            r#"<p style="background:u\rl(https://t.example/p.gif)">x</p>"#,
            r#"<p style="background-image:image-set('https://t.example/p.gif' 1x)">x</p>"#,
            r#"<p style="background-image:-webkit-image-set(url(//t.example/p.gif) 1x)">x</p>"#,
            r#"<p style="--x:'https://t.example/p.gif';background:image-set(var(--x) 1x)">x</p>"#,
            r#"<p style="cursor:url(https://t.example/c.cur),auto">x</p>"#,
            r#"<style>@import "https://fonts.example/a.css";</style>"#,
            r#"<style>/**/@IMPORT url(https://fonts.example/a.css);</style>"#,
            r#"<style>@font-face{font-family:x;src:url(https://fonts.example/a.woff2)}</style>"#,
            r#"<style>.a{background:url(\68ttps://t.example/p.gif)}</style>"#,
            r#"<noframes><p title="</noframes><img src=//cdn.example/x.png>"></noframes>"#,
            r#"<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3Cimage href='https://cdn.example/x'/%3E%3C/svg%3E">"#,
            r#"<img src="data:image/svg+xml;base64,PHN2Zz48aW1hZ2UgaHJlZj0iaHR0cHM6Ly9jZG4uZXhhbXBsZS94Ii8+PC9zdmc+">"#,
            r#"<p style="background:url('data:image/svg+xml,<svg><style>@import url(//f.example/a.css)</style></svg>')">x</p>"#,
        ],
        html,
    );
}

#[test]
fn fetching_links_are_found_by_every_rel_token() {
    each_finds(
        "link-fetches-external",
        &[
            r#"<link rel="stylesheet" href="https://fonts.example/css">"#,
            r#"<link rel="alternate preconnect" href="https://fonts.example/">"#,
            r#"<link rel=" PRECONNECT " href="https://fonts.example/">"#,
            r#"<link rel="dns-prefetch" href="//fonts.example">"#,
            r#"<link rel="prefetch" href="https://cdn.example/next.html">"#,
            r#"<link rel="prerender" href="https://cdn.example/next.html">"#,
            r#"<link rel="preload" as="font" href="https://fonts.example/a.woff2">"#,
            r#"<link rel="modulepreload" href="https://cdn.example/m.js">"#,
            r#"<link rel="shortcut icon" href="https://cdn.example/favicon.ico">"#,
            r#"<link rel="apple-touch-icon" href="https://cdn.example/t.png">"#,
            r#"<link rel="alternate stylesheet" title="canonical" href="https://fonts.example/a.css">"#,
            r#"<link rel="canonical&#32;preconnect" href="https://fonts.example/">"#,
            r#"<link rel="search" href="https://cdn.example/os.xml">"#,
            r#"<link rel="compression-dictionary" href="https://cdn.example/d">"#,
        ],
        html,
    );
    // A second `rel` is ignored by browsers, and so by the scan.
    assert_eq!(
        html(r#"<link rel="preconnect" rel="canonical" href="https://fonts.example/">"#).len(),
        1
    );
}

#[test]
fn refreshes_to_elsewhere_are_found_in_every_form() {
    each_finds(
        "refresh-external",
        &[
            r#"<meta http-equiv="refresh" content="0; url=https://evil.example/">"#,
            r#"<meta http-equiv="Refresh" content="0;URL=https://evil.example/">"#,
            r#"<meta http-equiv="refresh" content="0; url = 'https://evil.example/'">"#,
            r#"<meta http-equiv="refresh" content="0; https://evil.example/">"#,
            r#"<meta http-equiv="refresh" content="0,https://evil.example/">"#,
            r#"<meta http-equiv="refresh" content="5;&#32;url=&#104;ttps://evil.example/">"#,
            r#"<meta http-equiv="refresh" content="0; u https://evil.example/">"#,
            r#"<meta http-equiv="refresh" content="0; url='a.html' https://evil.example/">"#,
            r#"<meta content="0;url=//evil.example/" http-equiv="REFRESH">"#,
        ],
        html,
    );
}

#[test]
fn code_is_refused_wherever_it_hides() {
    each_finds(
        "script-refused",
        &[
            "<script>alert(1)</script>",
            "<SCRIPT src=a.js></SCRIPT>",
            "<svg><script>alert(1)</script></svg>",
        ],
        html,
    );
    each_finds(
        "handler-refused",
        &[
            "<img src=a.png onerror=alert(1)>",
            "<body ONLOAD=\"x()\">",
            "<svg onload=alert(1)></svg>",
            "<svg><set attributeName=\"onmouseover\" to=\"alert(1)\"/></svg>",
        ],
        html,
    );
    each_finds(
        "link-scheme",
        &[
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\" JaVaScRiPt:alert(1)\">x</a>",
            "<a href=\"java&#x09;script:alert(1)\">x</a>",
            "<a href=\"vbscript:x\">x</a>",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "<form action=\"javascript:alert(1)\"></form>",
            "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        ],
        html,
    );
    each_finds(
        "base-refused",
        &[
            "<base href=\"https://evil.example/\">",
            "<base target=_blank>",
        ],
        html,
    );
    each_finds(
        "markup-refused",
        &[
            "<iframe srcdoc=\"<img src=//evil.example/x>\"></iframe>",
            "<img src=a.png attributionsrc>",
            "<svg><foreignObject></foreignObject></svg>",
            "<link rel=manifest href=m.json>",
            "<meta http-equiv=\"x-dns-prefetch-control\" content=\"on\">",
            "<meta http-equiv=\"Link\" content=\"<https://evil.example/>; rel=preconnect\">",
            "<object data=\"data:text/html,<p>x\"></object>",
        ],
        html,
    );
}

#[test]
fn any_encoding_but_utf8_is_refused() {
    each_finds(
        "charset-refused",
        &[
            "<meta charset=\"shift_jis\">",
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">",
            "<meta http-equiv=\"content-type\" content=\"text/html; &#99;harset=euc-jp\">",
            "<link rel=stylesheet href=a.css charset=shift_jis>",
            "<title><meta charset=iso-2022-jp></title>",
            "<!-- <meta charset=utf-16le> -->",
            "<style>@charset \"shift_jis\";</style>",
            "<link rel=stylesheet href=\"data:text/css;charset=shift_jis,a{}\">",
        ],
        html,
    );
    each_finds("charset-refused", &["@charset \"Shift_JIS\"; a{}"], css);
    each_finds(
        "charset-refused",
        &["<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><svg/>"],
        svg,
    );
    let scanned = scan_file(&scope(), "a.css", b"a{} /* \xe3\x81 */");
    assert_eq!(scanned.findings[0].code, Code::CharsetRefused);
    let utf16 = scan_file(&scope(), "a.svg", b"\xff\xfe<\0s\0v\0g\0/\0>\0");
    assert_eq!(utf16.findings[0].code, Code::CharsetRefused);
}

#[test]
fn what_only_the_tree_builder_knows_is_refused_rather_than_guessed() {
    each_finds(
        "markup-ambiguous",
        &[
            "<svg><style><img src=//evil.example/x></style></svg>",
            "<math><style>&lt;x</style></math>",
            "<select><style><img src=x></style></select>",
            "<frameset><style><frame src=x></style></frameset>",
            "<svg><title>a <b>b</b></title></svg>",
            "<svg><style>a{fill:u&#114;l(x)}</style></svg>",
            "<p><![CDATA[ x ]]></p>",
            "<noscript><p>x</p></noscript>",
            "<plaintext>x",
        ],
        html,
    );
}

#[test]
fn stylesheets_of_the_site_are_css_files() {
    each_finds(
        "stylesheet-not-css",
        &[
            "<link rel=stylesheet href=\"evil.png\">",
            "<link rel=stylesheet href=\"style.css.png?x=.css\">",
            "<style>@import url(a.txt);</style>",
        ],
        html,
    );
    assert!(html("<link rel=stylesheet href=\"../Style.CSS?v=2\">").is_empty());
}

#[test]
fn svg_files_meet_the_same_rules_and_xmls_own() {
    each_finds(
        "origin-external",
        &[
            r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="https://cdn.example/x.png"/></svg>"#,
            r#"<svg xmlns:l="http://www.w3.org/1999/xlink"><image l:href="https://cdn.example/x.png"/></svg>"#,
            r#"<svg><style>a{fill:url(&#104;ttps://cdn.example/p.svg#g)}</style></svg>"#,
            r#"<svg><style><![CDATA[@import url(https://cdn.example/a.css);]]></style></svg>"#,
            r#"<svg><h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="https://cdn.example/"/></svg>"#,
            r#"<svg><rect style="fill:url(//cdn.example/p#g)"/></svg>"#,
        ],
        svg,
    );
    each_finds(
        "script-refused",
        &[
            "<svg><script>alert(1)</script></svg>",
            "<svg><h:script xmlns:h=\"http://www.w3.org/1999/xhtml\"/></svg>",
            "<?xml-stylesheet type=\"text/xsl\" href=\"a.xsl\"?><svg/>",
        ],
        svg,
    );
    each_finds("handler-refused", &["<svg onload=\"alert(1)\"/>"], svg);
    each_finds(
        "markup-refused",
        &[
            "<!DOCTYPE svg [<!ENTITY x SYSTEM \"https://cdn.example/x\">]><svg/>",
            "<svg><foreignObject/></svg>",
        ],
        svg,
    );
    each_finds(
        "link-fetches-external",
        &["<?xml-stylesheet type=\"text/css\" href=\"https://cdn.example/a.css\"?><svg/>"],
        svg,
    );
    each_finds(
        "markup-ambiguous",
        &[
            "<svg><image href=\"&ext;\"/></svg>",
            "<svg><g></svg>",
            "<svg><a>&nope;</a></svg>",
        ],
        svg,
    );
    each_finds(
        "base-refused",
        &["<svg xml:base=\"https://cdn.example/\"><image href=\"x.png\"/></svg>"],
        svg,
    );
}

#[test]
fn an_svg_hides_nothing_in_its_styles_animations_or_stylesheet_instructions() {
    // An element inside `<style>`: browsers read the text around it, the scan refuses it.
    for case in [
        "<svg><style><style></style>svg{background:url(https://cdn.example/a.png)}</style></svg>",
        "<svg><style>@import url(https://cdn.example/b.css);<style></style></style></svg>",
        "<svg><style><x:style xmlns:x=\"urn:x\"></x:style>a{fill:url(//cdn.example/p)}</style></svg>",
        "<svg><style><b/>a{}</style></svg>",
    ] {
        assert!(
            svg(case).contains(&"markup-ambiguous|xml-style-element".to_string()),
            "{case}: {:?}",
            svg(case)
        );
    }
    // What an animation sets is read as an address and as CSS.
    each_finds(
        "origin-external",
        &[
            r#"<svg><rect><set attributeName="filter" to="url(https://cdn.example/f.svg#f)"/></rect></svg>"#,
            r#"<svg><rect><set attributeName="clip-path" to="url( 'https://cdn.example/c.svg#c' )"/></rect></svg>"#,
            r#"<svg><rect><set attributeName="cursor" to="url(https://cdn.example/c.png), auto"/></rect></svg>"#,
            r#"<svg><rect><animate attributeName="mask" values="none;url(//cdn.example/m.svg#m)"/></rect></svg>"#,
            r#"<svg><rect><animate attributeName="fill" from="red" by="url(https://cdn.example/p.svg#p)"/></rect></svg>"#,
            r#"<svg><path><set attributeName="marker-end" to="url(&#104;ttps://cdn.example/k.svg#k)"/></path></svg>"#,
        ],
        svg,
    );
    assert!(svg(r#"<svg><rect><set attributeName="style" to="fill:url(https://cdn.example/s.svg#s)"/></rect></svg>"#)
        .contains(&"origin-external|https://cdn.example/s.svg#s".to_string()));
    // Only `text/css` is a stylesheet: every other type is run as XSLT, whatever the file's name.
    each_finds(
        "script-refused",
        &[
            "<?xml-stylesheet type=\"text/xml\" href=\"x.css\"?><svg/>",
            "<?xml-stylesheet type=\"application/xml\" href=\"x.css\"?><r/>",
            "<?xml-stylesheet type=\"application/xhtml+xml\" href=\"x.css\"?><r/>",
            "<?xml-stylesheet type=\"application/rss+xml\" href=\"x.css\"?><r/>",
            "<?xml-stylesheet type=\"TEXT/XSL\" href=\"x.css\"?><r/>",
            "<?xml-stylesheet href=\"x.css\"?><r/>",
            "<?xml-stylesheet type=\"text/css\" href=\"x.xsl\"?><r/>",
        ],
        |text| found("a.xml", text),
    );
    assert!(found(
        "a.xml",
        "<?xml-stylesheet type=\"text/css; charset=utf-8\" href=\"x.css\"?><r/>"
    )
    .is_empty());
    // Firefox prefetches `rel=next` as it prefetches `rel=prefetch`.
    each_finds(
        "link-fetches-external",
        &[
            r#"<link rel="next" href="https://cdn.example/n">"#,
            r#"<link rel="NEXT prev" href="//cdn.example/n">"#,
        ],
        html,
    );
    assert!(html(r#"<link rel="next" href="2.html">"#).is_empty());
}

#[test]
fn a_feeds_links_are_names_not_loads() {
    let feed = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <link rel="self" type="application/atom+xml" href="https://example.org/campaign/en/updates/atom.xml"/>
  <link rel="alternate" type="text/html" href="https://example.org/campaign/en/updates/"/>
  <entry><link href="https://example.org/campaign/en/updates/first/"/><content type="html">&lt;img src="https://e.example/x.png"&gt;</content></entry>
</feed>"#;
    assert_eq!(found("en/updates/atom.xml", feed), Vec::<String>::new());
    assert_eq!(
        found(
            "a.xml",
            r#"<feed><link rel="icon" href="https://e.example/i.png"/></feed>"#
        ),
        ["link-fetches-external|https://e.example/i.png"]
    );
}

#[test]
fn css_files_are_read_as_browsers_read_them() {
    each_finds(
        "origin-external",
        &[
            "a{background:url(https://t.example/p.gif)}",
            "@import 'https://fonts.example/a.css';",
            "@import url(\"//fonts.example/a.css\") screen;",
            "a{background:\\75\\72\\6c(https://t.example/p.gif)}",
            "a{b:c}\n/* } */ a{background:url( https://t.example/p.gif )}",
            "a{mask:url(https://t.example/m.svg#m)}",
            "a{--u:\"https://t.example/p.gif\"}",
            "@media print{a{content:url(https://t.example/p.gif)}}",
            "a{&:hover{background:url(//t.example/p.gif)}}",
        ],
        css,
    );
}

#[test]
fn harmless_markup_passes() {
    for ok in [
        r#"<a href="https://zmina.ua/">ZMINA</a>"#,
        r#"<a href="https://t.me/share/url?url=https%3A%2F%2Fexample.org%2F">share</a>"#,
        r#"<a href="mailto:?subject=x">mail</a>"#,
        r#"<link rel="canonical" href="https://example.org/campaign/uk/">"#,
        r#"<link rel="alternate" hreflang="en" href="https://example.org/campaign/en/">"#,
        r#"<link rel="stylesheet" href="../style.css">"#,
        r#"<img src="../logo.png" srcset="../logo.png 1x, ../logo@2x.png 2x" alt="">"#,
        r#"<img src="data:image/png;base64,iVBORw0KGgo=" alt="">"#,
        r#"<link rel="icon" href="data:,">"#,
        r#"<img src="https://media.example.net/a.png" alt="">"#,
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'">"#,
        r#"<meta http-equiv="refresh" content="0; url=../uk/index.html">"#,
        r#"<meta charset="UTF-8">"#,
        r#"<meta property="og:image" content="https://example.org/card.png">"#,
        r#"<p title="a > b (see url text)">x</p>"#,
        r#"<style>a[href^="https://"]{color:red}@namespace svg url(http://www.w3.org/2000/svg);</style>"#,
        r##"<svg viewBox="0 0 1 1" xmlns="http://www.w3.org/2000/svg"><use href="#a"/><rect fill="url(#g)"/></svg>"##,
        r#"<style>.a{content:"Note: x"}</style>"#,
        r#"<textarea>a &amp; b <c></textarea><title>x &amp; y</title>"#,
        // Inside SVG too, where references decode the same either way, and `<` alone opens nothing.
        r#"<svg role="img"><title>QR code: &lt;address&gt; a < b</title><path d="M0 0"/></svg>"#,
        r#"<svg><style>a > b { fill: red }</style></svg>"#,
    ] {
        assert_eq!(html(ok), Vec::<String>::new(), "{ok}");
    }
    assert!(svg(r#"<?xml version="1.0" encoding="utf-8"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="https://zmina.ua/"><text>x</text></a><image href="a.png"/></svg>"#).is_empty());
}

#[test]
fn file_kinds_decide_what_is_published() {
    assert_eq!(kind("a/B.HTML"), Kind::Html);
    assert_eq!(kind("logo.svg"), Kind::Xml);
    assert_eq!(kind("CNAME"), Kind::Text);
    for unknown in [
        "x.html.",
        "a.js",
        "a.pdf",
        "a.zip",
        "a.xhtml",
        "web.config",
        "a.svgz",
        "x.html ",
    ] {
        assert_eq!(kind(unknown), Kind::Unknown, "{unknown}");
    }
    assert_eq!(found("a.js", "x")[0], "static-type-refused|kind:a.js");
    assert_eq!(
        found("CNAME", "<html><script>")[0],
        "static-type-refused|text-markup"
    );
    assert!(found("CNAME", "example.org\n").is_empty());
    assert_eq!(
        found("notes", "\n%PDF-1.4\n1 0 obj")[0],
        "static-type-refused|text-markup"
    );
    assert!(found("a.png", "<html><script>").is_empty());
}

#[test]
fn a_documents_head_is_found_for_its_policy() {
    let head = |t: &str| scan_file(&scope(), "a.html", t.as_bytes()).head.unwrap();
    let page = "<!DOCTYPE html><html lang=uk><head><meta charset=utf-8><meta http-equiv=Content-Security-Policy content=\"default-src 'none'\"><title>x</title>";
    let h = head(page);
    assert!(h.declares_utf8);
    assert_eq!(
        &page[..h.insert_at],
        "<!DOCTYPE html><html lang=uk><head><meta charset=utf-8>"
    );
    assert_eq!(h.policies, ["default-src 'none'"]);
    let bare = "\u{feff}<!doctype html>\n<!-- c -->\n<p>Hi</p>";
    let h = head(bare);
    assert!(!h.declares_utf8);
    assert_eq!(&bare[..h.insert_at], "\u{feff}<!doctype html>\n<!-- c -->");
    // A policy in the body is not in force.
    assert!(
        head("<p>x</p><meta http-equiv=Content-Security-Policy content=x>")
            .policies
            .is_empty()
    );
}

#[test]
fn templates_leave_what_tera_fills_in_to_the_output_scan() {
    let found = |t: &str| -> Vec<String> {
        scan_template(&scope(), t)
            .into_iter()
            .map(|f| f.subject)
            .collect()
    };
    assert!(
        found(r#"<img src="{{ root }}logo.png"><a href="{{ url }}">x</a>{# <script> #}"#)
            .is_empty()
    );
    assert_eq!(
        found(r#"{% if x %}<script src="https://a.example/t.js"></script>{% endif %}"#),
        ["script-refused|script"]
    );
    assert_eq!(
        found("<meta charset=\"{{ x }}\"><!-- charset=koi8-r -->"),
        ["charset-refused|charset:koi8-r"]
    );
}

#[test]
fn markdown_addresses_meet_the_same_rule() {
    assert_eq!(check_image(&scope(), "\\\\cdn.example\\x.png").len(), 1);
    assert!(check_image(&scope(), "data:image/png;base64,AAAA").is_empty());
    assert!(check_link(&scope(), "https://zmina.ua/").is_empty());
    assert_eq!(
        check_link(&scope(), "javascript:alert(1)")[0].code,
        Code::LinkScheme
    );
}

#[test]
fn hostile_sizes_stay_linear_and_never_overflow_the_stack() {
    // Thousands of attributes, all the same; thousands of problems; nesting far deeper than any
    // stylesheet or document needs.
    let many = format!("<img{}>", " onerror=x src=//a.example/".repeat(50_000));
    let found = html(&many);
    assert_eq!(found.len(), 2, "{found:?}");
    let handlers: String = (0..20_000).map(|i| format!("<p on{i}=x>")).collect();
    assert_eq!(html(&handlers).len(), 20_000);
    let deep_css = format!("<p style=\"{}\">", "(".repeat(200_000));
    assert_eq!(html(&deep_css), ["markup-ambiguous|css-depth"]);
    let deep_html = "<div>".repeat(200_000);
    assert!(html(&deep_html).is_empty());
    let deep_svg = format!(
        "<svg>{}<image href=\"//a.example/x\"/>{}</svg>",
        "<g>".repeat(100_000),
        "</g>".repeat(100_000)
    );
    assert_eq!(svg(&deep_svg), ["origin-external|https://a.example/x"]);
    let escape = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    let mut nested = "x.png".to_string();
    for _ in 0..8 {
        nested = format!(
            "data:image/svg+xml,{}",
            escape(&format!("<svg><image href=\"{nested}\"/></svg>"))
        );
    }
    assert_eq!(
        html(&format!("<img src=\"{nested}\">")),
        ["markup-ambiguous|data-depth"]
    );
}

#[test]
fn mutation_and_legacy_tricks_are_found_too() {
    for (case, subject) in [
        (
            r#"<object><param name="movie" value="https://cdn.example/x.swf"></object>"#,
            "origin-external|https://cdn.example/x.swf",
        ),
        (
            r#"<img src="&#104ttps://cdn.example/x.png">"#,
            "origin-external|https://cdn.example/x.png",
        ),
        (
            r#"<img/src="https://cdn.example/x.png">"#,
            "origin-external|https://cdn.example/x.png",
        ),
        (
            "<img\x0csrc=https://cdn.example/x.png>",
            "origin-external|https://cdn.example/x.png",
        ),
        (
            r#"<!--><img src=//cdn.example/x.png>"#,
            "origin-external|https://cdn.example/x.png",
        ),
        (
            r#"<svg></p><style><a title="</style><img src=//cdn.example/x.png>">"#,
            "markup-ambiguous|ambiguous:style",
        ),
        (
            r#"<math><mtext><table><mglyph><style><img src=//cdn.example/x.png>"#,
            "markup-ambiguous|ambiguous:style",
        ),
        (
            r#"<svg><![CDATA[><img src=//cdn.example/x.png>]]></svg>"#,
            "markup-ambiguous|cdata",
        ),
        (
            r#"<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>"#,
            "link-scheme|scheme:javascript",
        ),
        (
            r#"<svg><cursor xlink:href="https://cdn.example/c.png"/></svg>"#,
            "origin-external|https://cdn.example/c.png",
        ),
        (
            r#"<svg><rect clip-path="url('https://cdn.example/c.svg#c')"/></svg>"#,
            "origin-external|https://cdn.example/c.svg#c",
        ),
        (
            r#"<div style="background:url(javascript:alert(1))">x</div>"#,
            "link-scheme|scheme:javascript",
        ),
        (
            r#"<meta http-equiv="refresh" content="0; url=data:text/html,x">"#,
            "link-scheme|data-link",
        ),
        (
            r#"<meta http-equiv="accept-ch" content="sec-ch-ua">"#,
            "markup-refused|http-equiv:accept-ch",
        ),
        (
            r#"<link rel="preload" as="image" href="a.png" imagesrcset="https://cdn.example/x.png 1x">"#,
            "origin-external|https://cdn.example/x.png",
        ),
        (
            r#"<img src="a.png" srcset=",,,https://cdn.example/x.png 2x">"#,
            "origin-external|https://cdn.example/x.png",
        ),
        (
            r#"<a href="jav&#x0A;ascript:alert(1)">x</a>"#,
            "link-scheme|scheme:javascript",
        ),
        (
            r#"<a href="javascript&colon;alert(1)">x</a>"#,
            "link-scheme|scheme:javascript",
        ),
    ] {
        let got = html(case);
        let want = if subject == "link-scheme|data-link" {
            "markup-refused|data:text/html"
        } else {
            subject
        };
        assert!(got.iter().any(|s| s == want), "{case}: {got:?}");
    }
}

#[test]
fn offsets_hold_with_crlf_line_ends_and_wide_characters() {
    let text = "<!DOCTYPE html>\r\n<html>\r\n<head>\r\n<title>Заява</title>\r\n<img alt=\"é\" src=\"https://cdn.example/x.png\">";
    let scanned = scan_file(&scope(), "a.html", text.as_bytes());
    let head = scanned.head.unwrap();
    assert_eq!(
        &text[..head.insert_at],
        "<!DOCTYPE html>\r\n<html>\r\n<head>"
    );
    let at = scanned.findings[0].offset;
    assert!(text[at..].starts_with("src="), "{at}: {}", &text[at..]);
}

#[test]
fn addresses_in_every_spelling_meet_the_same_rule() {
    for case in [
        r#"<img src="DATA:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3Cimage href='https://e.example/x'/%3E%3C/svg%3E">"#,
        r#"<img src="data:image/svg+xml;charset=UTF-16,%3Csvg/%3E">"#,
        r#"<link rel="stylesheet" href="data:text/css,@import%20url(https://e.example/a.css);">"#,
        r#"<img src="x.png" srcset="data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%3E%3Cimage%20href='https://e.example/x'/%3E%3C/svg%3E 1x">"#,
        r#"<style>@import "\68ttps://e.example/a.css";</style>"#,
        r#"<style>@import url(  "https://e.example/a.css"  );</style>"#,
        r#"<style>@supports (background: url(x.png)) { a { background: url(https://e.example/b.png) } }</style>"#,
        r#"<style>a { background: image-set("x.png" type("image/png") 1x, "https://e.example/b.png" 2x) }</style>"#,
        r#"<p style="background:url(//e.example/b.png)!important">x</p>"#,
        r#"<p style="background-image:url(&#x2F;&#x2F;e.example/b.png)">x</p>"#,
        r#"<div style='background:url("https://e.example/b.png")'>x</div>"#,
        r#"<svg><feImage href="//e.example/b.png"/></svg>"#,
        r#"<svg><image href=" javascript:alert(1)"/></svg>"#,
        r#"<META HTTP-EQUIV="REFRESH" CONTENT="0;URL=HTTPS://E.EXAMPLE">"#,
        r#"<img src="https://media.example.net.e.example/x.png">"#,
        r#"<img src="https://media.example.net@e.example/x.png">"#,
        r#"<img src="https://e.example\@media.example.net/x.png">"#,
        r#"<img src="http://media.example.net/x.png">"#,
        r#"<img src="https://[::ffff:127.0.0.1]/x.png">"#,
        r#"<img src="https://ｅ．example/x.png">"#,
        r#"<img src="//e。example/x.png">"#,
    ] {
        assert!(!html(case).is_empty(), "{case} was let through");
    }
    for allowed in [
        r#"<link rel="stylesheet" href="https://media.example.net/a.css">"#,
        r#"<link rel="stylesheet" href="HTTPS://MEDIA.EXAMPLE.NET/a.css">"#,
        r#"<img src="https://media.example.net:443/x.png">"#,
        r#"<img src="https://media.example.net/x.png?u=https://e.example/">"#,
        // User information is not a host: this is the allowed origin.
        r#"<img src="https://e.example%2F@media.example.net/">"#,
    ] {
        assert_eq!(html(allowed), Vec::<String>::new(), "{allowed}");
    }
}
