//! Build and test chores of the hwc-kyc workspace, as Rust code (`cargo xtask …`, the alias is in
//! `.cargo/config.toml`):
//!
//! - `cargo xtask pkg`: builds the npm package `hwc-kyc` into `pkg/`.
//! - `cargo xtask demo`: builds the package and the demo pages, serves them with the partner proxy
//!   in demo mode at <http://127.0.0.1:8080>.
//! - `cargo xtask test`: the whole test suite, installing what is missing first.
//! - `cargo xtask bench`: the side-by-side benchmarks (peers, criterion, proxy against nginx),
//!   written into BENCHMARKS.md.
//!
//! Both work on a fresh machine: they install the wasm target, the wasm-bindgen CLI of the version
//! in Cargo.lock, the npm tooling (`npm ci`) and, for the browser tests, Debian's Chromium.

mod bench;
mod client_tests;
mod demo;
mod pkg;
mod run;
mod steps;
mod tools;
mod typescript;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Why a chore failed: the step, and what went wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A command could not be started.
    #[error("could not run `{command}`: {source}")]
    Spawn {
        command: String,
        source: std::io::Error,
    },
    /// A command ran and failed.
    #[error("`{command}` failed ({status})")]
    Failed { command: String, status: String },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Anything else, said in a sentence.
    #[error("{0}")]
    Other(String),
}

/// The result of a chore.
pub type Result<T = ()> = std::result::Result<T, Error>;

/// The workspace root (the parent of `crates/xtask`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

const USAGE: &str = "usage: cargo xtask <command>

commands:
  pkg    build the npm package `hwc-kyc` into pkg/ (cargo build → wasm-bindgen → wasm-opt → files)
  demo   build pkg/ and the demo pages, run the proxy with its embedded simulator serving them at
         http://127.0.0.1:8080 (HWC_KYC_LISTEN changes it); Ctrl-C stops it
  test   run every check and test (installs missing tools first); stops at the first failure.
         `cargo xtask test WORD` runs only the steps whose name contains WORD
  bench  side-by-side benchmarks into BENCHMARKS.md (`--quick`: short runs, to try it out)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("pkg") => pkg::run(&root()),
        Some("demo") => demo::run(&root()),
        Some("test") => steps::run_all(&root(), args.get(1).map(String::as_str)),
        Some("bench") => bench::run(&args[1..]).map_err(|e| Error::Other(e.to_string())),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}
