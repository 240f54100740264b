//! `zaklyk`: parse the command line and dispatch to a verb of `zaklyk::cmd`.

#![forbid(unsafe_code)]

use std::process::ExitCode;
use zaklyk::cli::{Cli, Command};
use zaklyk::cmd;
use zaklyk::console::{self, StdoutClosed};

// Rendering makes and drops millions of small strings and JSON values (Tera's contexts); this
// allocator takes a fraction of the system one's time for them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = zaklyk::cli::parse();
    zaklyk::limits::use_large_stacks();
    // The verb runs on a thread with the stack every parsing and rendering thread has: the
    // limits of `zaklyk::limits` are measured against it, not against the main thread's.
    let verb = std::thread::Builder::new()
        .name("zaklyk".into())
        .stack_size(zaklyk::limits::STACK_BYTES)
        .spawn(move || run(cli));
    match verb.map(|thread| thread.join()) {
        Ok(Ok(code)) => code,
        // A panic has printed its message already.
        Ok(Err(_)) => ExitCode::from(101),
        Err(e) => {
            console::err_line(format_args!("error: cannot start a thread: {e}"));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Build(args) => cmd::build::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::Package(args) => cmd::package::run(&args),
        Command::Serve(args) => cmd::serve::run(&args),
        Command::Status(args) => cmd::status::run(&args),
        Command::Verify(args) => cmd::verify::run(&args),
        Command::Keygen(args) => cmd::verify::keygen(&args),
        Command::NewLocale(args) => cmd::new_locale::run(&args),
        Command::Init(args) => cmd::init::run(&args),
    };
    match result {
        Ok(outcome) => outcome.exit_code(),
        // The reader of stdout went away (`| head -1`): it has what it wanted.
        Err(e) if e.is::<StdoutClosed>() => ExitCode::SUCCESS,
        Err(e) => {
            console::err_line(format_args!("error: {e:#}"));
            ExitCode::from(2)
        }
    }
}
