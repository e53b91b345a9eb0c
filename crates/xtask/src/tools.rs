//! Installing what the build and the tests need, when it is missing: the wasm target, the
//! wasm-bindgen CLI of the version Cargo.lock pins, the npm tooling, Debian's Chromium and a
//! font with Chinese glyphs.

use std::path::{Path, PathBuf};

use crate::run::{read, Cmd};
use crate::{Error, Result};

/// The version of `name` that Cargo.lock pins (first match).
pub fn locked_version(root: &Path, name: &str) -> Result<String> {
    let lock = read(&root.join("Cargo.lock"))?;
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
            {
                return Ok(v.to_string());
            }
        }
    }
    Err(Error::Other(format!("{name} is not in Cargo.lock")))
}

/// `rustup target add wasm32-unknown-unknown` unless installed.
pub fn wasm_target(root: &Path) -> Result {
    let installed = Cmd::new("rustup", root)
        .args(["target", "list", "--installed"])
        .output()
        .unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    Cmd::new("rustup", root)
        .args(["target", "add", "wasm32-unknown-unknown"])
        .run()
}

/// The wasm-bindgen CLI (`wasm-bindgen`, `wasm-bindgen-test-runner`) at the version of the
/// `wasm-bindgen` crate in Cargo.lock; the two must match exactly.
pub fn wasm_bindgen_cli(root: &Path) -> Result {
    let want = locked_version(root, "wasm-bindgen")?;
    let have = Cmd::new("wasm-bindgen", root)
        .args(["--version"])
        .output()
        .unwrap_or_default();
    let runner = Cmd::new("wasm-bindgen-test-runner", root)
        .args(["--version"])
        .output()
        .unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(want.as_str())
        && runner.split_whitespace().nth(1) == Some(want.as_str())
    {
        return Ok(());
    }
    println!(
        "wasm-bindgen CLI {want} missing (found {:?}): installing",
        have.trim()
    );
    // No --locked: the CLI's own lock file pins crates that no longer build on current Rust.
    Cmd::new("cargo", root)
        .args(["install", "wasm-bindgen-cli", "--version", &want])
        .run()
}

/// `npm ci` unless node_modules matches package-lock.json (npm writes
/// node_modules/.package-lock.json on every install; it must be newer than the lock file).
pub fn npm_packages(root: &Path) -> Result {
    let lock = root.join("package-lock.json");
    let installed = root.join("node_modules/.package-lock.json");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = match (modified(&lock), modified(&installed)) {
        (Some(l), Some(i)) => i >= l,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    Cmd::new("npm", root)
        .args(["ci", "--no-audit", "--no-fund"])
        // playwright-core drives the machine's Chromium; it must never download a browser.
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .run()
}

/// A tool from node_modules/.bin.
pub fn npm_bin(root: &Path, name: &str) -> PathBuf {
    root.join("node_modules/.bin").join(name)
}

/// Where Debian puts Chromium and its driver.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Where Debian puts chromedriver.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Where Debian puts the Redis server the proxy's multi-instance tests start.
pub const REDIS_SERVER: &str = "/usr/bin/redis-server";

/// Debian's `chromium` and `chromium-driver`, installed with apt when missing and we are root.
pub fn chromium(root: &Path) -> Result {
    debian_packages(
        root,
        &[(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")],
    )
}

/// Debian's `redis-server` (the proxy's shared-state tests start one on a loopback port),
/// installed with apt when missing and we are root.
pub fn redis_server(root: &Path) -> Result {
    debian_packages(root, &[(REDIS_SERVER, "redis-server")])
}

/// Installs with apt the packages whose file is missing (`(file, package)`), when we are root;
/// nothing when every file is there.
fn debian_packages(root: &Path, wanted: &[(&str, &str)]) -> Result {
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(file, _)| !Path::new(file).exists())
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let files: Vec<&str> = wanted.iter().map(|(file, _)| *file).collect();
    apt_install(root, &missing, &files.join(" or "))
}

/// The Debian package of a font with Chinese glyphs (WenQuanYi Zen Hei: one font, ~10 MB;
/// Noto CJK is five times that), so that the zh-CN screenshots of the demo show characters,
/// not boxes.
const CJK_FONT: &str = "fonts-wqy-zenhei";

/// A font with Chinese glyphs, installed with apt when fontconfig knows none and we are root.
pub fn cjk_font(root: &Path) -> Result {
    let fonts = Cmd::new("fc-list", root)
        .args([":lang=zh", "family"])
        .output()
        .unwrap_or_default();
    if !fonts.trim().is_empty() {
        return Ok(());
    }
    apt_install(root, &[CJK_FONT], "a font with Chinese glyphs")
}

/// `apt-get update` then `apt-get install` of `packages`, as root; `what` names what is missing.
fn apt_install(root: &Path, packages: &[&str], what: &str) -> Result {
    let uid = Cmd::new("id", root)
        .args(["-u"])
        .output()
        .unwrap_or_default();
    if uid.trim() != "0" {
        return Err(Error::Other(format!(
            "{what} is missing; install Debian's {} (apt-get install {})",
            packages.join(" and "),
            packages.join(" ")
        )));
    }
    Cmd::new("apt-get", root)
        .args(["update"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()?;
    Cmd::new("apt-get", root)
        .args(["install", "-y", "--no-install-recommends"])
        .args(packages.iter().copied())
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()
}
