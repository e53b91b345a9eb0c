//! The wasm-bindgen tests of `hwc-kyc-client` (`crates/client/tests/proxy.rs`): its `KycClient`
//! (gloo-net over the global `fetch`) against the real proxy and simulator of
//! `crates/test-server`, in Node and in headless Chromium. Each run starts its own test server
//! and passes its addresses to the tests at build time (`HWC_KYC_TEST_SERVER`).

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::run::Cmd;
use crate::{tools, Error, Result};

/// The test server, stopped (its standard input closed) when dropped.
struct TestServer {
    child: Child,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

fn binary(root: &Path) -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    target.join("debug").join("hwc-kyc-test-server")
}

/// Builds and starts the test server; returns it with its JSON line of addresses.
fn start(root: &Path, args: &[&str]) -> Result<(TestServer, String)> {
    Cmd::new("cargo", root)
        .args(["build", "--package", "hwc-kyc-test-server"])
        .run()?;
    let program = binary(root);
    let mut child = Command::new(&program)
        .args(args)
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|source| Error::Spawn {
            command: program.display().to_string(),
            source,
        })?;
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut line);
    }
    let server = TestServer { child };
    if !line.trim_start().starts_with('{') {
        return Err(Error::Other("the test server did not start".into()));
    }
    Ok((server, line.trim().to_string()))
}

/// A loopback port free now, for wasm-bindgen-test-runner's page server.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|source| Error::Io {
        path: PathBuf::from("127.0.0.1:0"),
        source,
    })?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|source| Error::Io {
            path: PathBuf::from("127.0.0.1:0"),
            source,
        })
}

/// Runs the tests in Node, or in headless Chromium with `browser`. In Chromium the test page's
/// origin (the runner's address, fixed here) is on the proxy's CORS allow-list.
pub fn run(root: &Path, browser: bool) -> Result {
    let address = format!("127.0.0.1:{}", free_port()?);
    let origin = format!("http://{address}");
    let (_server, addresses) = start(root, &["--cors-origin", &origin])?;
    let cmd = Cmd::new("cargo", root)
        .args([
            "test",
            "--package",
            "hwc-kyc-client",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "proxy",
        ])
        .env("HWC_KYC_TEST_SERVER", &addresses);
    if browser {
        cmd.env("WASM_BINDGEN_USE_BROWSER", "1")
            .env("WASM_BINDGEN_TEST_ADDRESS", &address)
            .env("CHROMEDRIVER", tools::CHROMEDRIVER)
            .run()
    } else {
        cmd.run()
    }
}
