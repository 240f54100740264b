//! The terminal: every line zaklyk prints goes through here (the live preview's log aside).
//!
//! The reader of an output can go away before zaklyk has finished writing it:
//! `zaklyk status --format json | head -1`, an editor that stops reading `check --format json`.
//! Rust's `println!` and `eprintln!` panic then ("failed printing to stdout: Broken pipe", exit
//! 101). Here a closed stdout ends the run quietly with exit 0 — the reader took what it wanted —
//! through the [`StdoutClosed`] error that `main` recognises, and a closed stderr only silences
//! the messages: the run goes on and its exit code still tells how it went.

use std::io::Write;

/// The error a verb returns when stdout was closed under it; `main` exits with 0, silently.
#[derive(Debug)]
pub struct StdoutClosed;

impl std::fmt::Display for StdoutClosed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stdout was closed")
    }
}

impl std::error::Error for StdoutClosed {}

/// Writes `text` to stdout.
pub(crate) fn out(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(StdoutClosed.into()),
        Err(e) => Err(anyhow::Error::new(e).context("failed to write to stdout")),
    }
}

/// Writes `value` to stdout as pretty-printed JSON and a newline (`--format json`): the only
/// user of serde_json's writer.
pub(crate) fn out_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    out(&format!("{}\n", serde_json::to_string_pretty(value)?))
}

/// Writes a line to stderr; a closed stderr is ignored. The line is made first and written in
/// one call: stderr is unbuffered, and a diagnostic written piece by piece costs a system call
/// per piece (a run with 300,000 warnings spent most of its time in them).
pub fn err_line(args: std::fmt::Arguments<'_>) {
    let mut line = std::fmt::format(args);
    line.push('\n');
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// `eprintln!` that never panics: see [`err_line`].
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::console::err_line(format_args!($($arg)*))
    };
}
pub(crate) use errln;
