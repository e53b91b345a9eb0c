//! `cargo xtask demo`: builds the npm package and the demo pages, then runs the partner proxy in
//! demo mode (embedded simulator) serving them at <http://127.0.0.1:8080> until Ctrl-C. The
//! browser end-to-end step of `cargo xtask test` starts the same server on a free port with
//! [`Server::start`].

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::run::Cmd;
use crate::{pkg, tools, Error, Result};

/// Where Vite writes the built pages (git-ignored); the proxy serves it at `/`.
pub const WWW_DIST: &str = "www/dist";
/// How long the proxy may take from its start to its "listening on" line.
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// Builds the pages of `www/` (plain pages and the react-hook-form page) into [`WWW_DIST`] with
/// Vite, from the package in `pkg/`.
pub fn build_www(root: &Path) -> Result {
    Cmd::new(&tools::npm_bin(root, "vite"), root)
        .args(["build", "--config", "www/vite.config.js"])
        .run()
}

/// The address in the proxy's start-up line
/// `hwc-kyc-proxy listening on http://127.0.0.1:8080 (upstream: …)`.
pub fn listening_url(line: &str) -> Option<&str> {
    let rest = &line[line.find("listening on ")? + "listening on ".len()..];
    let url = rest.split_whitespace().next()?;
    url.starts_with("http://").then_some(url)
}

/// The demo server: a proxy process in demo mode, stopped (killed) when dropped.
pub struct Server {
    child: Child,
    /// Where it listens, as it printed it (`http://127.0.0.1:8080`).
    pub url: String,
}

impl Server {
    /// Starts `command` (the proxy, configured by environment), passes its output through and
    /// waits at most [`READY_TIMEOUT`] for its "listening on" line.
    pub fn start(mut command: Command) -> Result<Server> {
        let line = format!("{command:?}");
        let mut child = command
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|source| Error::Spawn {
                command: line.clone(),
                source,
            })?;
        let (tx, rx) = mpsc::channel();
        if let Some(stdout) = child.stdout.take() {
            std::thread::spawn(move || {
                for line in BufReader::new(stdout)
                    .lines()
                    .map_while(std::io::Result::ok)
                {
                    println!("{line}");
                    if let Some(url) = listening_url(&line) {
                        let _ = tx.send(url.to_string());
                    }
                }
            });
        }
        let mut server = Server {
            child,
            url: String::new(),
        };
        match rx.recv_timeout(READY_TIMEOUT) {
            Ok(url) => {
                server.url = url;
                Ok(server)
            }
            // Dropping `server` stops the process.
            Err(_) => Err(Error::Other(format!(
                "`{line}` did not print its address within {}s",
                READY_TIMEOUT.as_secs()
            ))),
        }
    }

    /// Waits until the process ends (Ctrl-C ends it), failing when it ends badly.
    pub fn wait(mut self) -> Result {
        let status = self.child.wait().map_err(|source| Error::Io {
            path: PathBuf::from("hwc-kyc-proxy"),
            source,
        })?;
        if status.success() {
            Ok(())
        } else {
            Err(Error::Failed {
                command: "hwc-kyc-proxy".into(),
                status: status.to_string(),
            })
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Our own child, by its handle; it may have ended already.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The proxy in demo mode serving the built pages and package: `program` with its arguments.
pub fn proxy_command(root: &Path, program: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(root)
        .env("HWC_KYC_WWW_DIR", root.join(WWW_DIST))
        .env("HWC_KYC_PKG_DIR", root.join("pkg"));
    command
}

/// `cargo xtask demo`.
pub fn run(root: &Path) -> Result {
    pkg::run(root)?;
    build_www(root)?;
    // Compiled first, so that the start-up timeout counts the start only.
    Cmd::new("cargo", root)
        .args(["build", "--package", "hwc-kyc-proxy"])
        .run()?;
    let cargo = PathBuf::from("cargo");
    let server = Server::start(proxy_command(
        root,
        &cargo,
        &["run", "--quiet", "--package", "hwc-kyc-proxy"],
    ))?;
    println!(
        "\n    hwc-kyc demo: open {}/ in a browser (Ctrl-C stops it)\n",
        server.url
    );
    server.wait()
}

/// Time for one end-to-end test (node --test fails it after).
const E2E_TEST_TIMEOUT_MS: &str = "120000";

/// The browser end-to-end step of `cargo xtask test`: builds the pages, starts the demo server on
/// a free loopback port, runs `tests/e2e/*.test.mjs` against it (its address in
/// `HWC_KYC_DEMO_URL`), and stops the server. Expects `pkg/` built (an earlier step does it).
pub fn e2e(root: &Path) -> Result {
    build_www(root)?;
    Cmd::new("cargo", root)
        .args(["build", "--package", "hwc-kyc-proxy"])
        .run()?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let binary = target
        .join("debug")
        .join(format!("hwc-kyc-proxy{}", std::env::consts::EXE_SUFFIX));
    // Uploads of this run only; a fresh server also means fresh simulator state.
    let downloads = target.join("e2e-download");
    let _ = std::fs::remove_dir_all(&downloads);
    let mut command = proxy_command(root, &binary, &[]);
    command
        .env("HWC_KYC_LISTEN", "127.0.0.1:0")
        .env("HWC_KYC_DOWNLOAD_DIR", &downloads)
        .env("RUST_LOG", "warn");
    let server = Server::start(command)?;
    let files = crate::steps::test_files(root, "tests/e2e")?;
    Cmd::new("node", root)
        .args(["--test", "--test-concurrency=1"])
        .args([&format!("--test-timeout={E2E_TEST_TIMEOUT_MS}")])
        .args(files.iter())
        .env("HWC_KYC_DEMO_URL", &server.url)
        .env("CHROMIUM", tools::CHROMIUM)
        .run()
}

#[cfg(test)]
mod tests {
    use super::listening_url;

    #[test]
    fn reads_the_address_from_the_proxy_start_up_line() {
        let line = "hwc-kyc-proxy listening on http://127.0.0.1:43117 (upstream: embedded simulator, demo mode)";
        assert_eq!(listening_url(line), Some("http://127.0.0.1:43117"));
    }

    #[test]
    fn ignores_log_lines_without_an_address() {
        assert_eq!(
            listening_url("INFO hwc-kyc proxy listening addr=127.0.0.1:1"),
            None
        );
        assert_eq!(listening_url("request done status=200"), None);
        assert_eq!(listening_url("listening on "), None);
    }
}
