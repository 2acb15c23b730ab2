//! connleak: find database connection strings and passwords embedded in
//! code and config. This file only parses the command line, runs the
//! command and maps the outcome to an exit code: 0 nothing fails the gate,
//! 1 findings fail it, 2 a usage error or nothing could be read.

use clap::Parser;
use connleak::cli::Cli;
use std::process::ExitCode;

fn main() -> ExitCode {
    // The default panic message can quote the text being parsed (a slice
    // of a file, so possibly a secret): print only where it happened.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("connleak: internal error{at}");
    }));
    let cli = Cli::parse();
    match connleak::commands::run(cli.command) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // a closed pipe (`connleak scan | head`) is not an error
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::from(0);
            }
            eprintln!("connleak: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
