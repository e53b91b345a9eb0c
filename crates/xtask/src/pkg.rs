//! `cargo xtask pkg`: the npm package `hwc-kyc` in `pkg/`.
//!
//! `cargo build --release --target wasm32-unknown-unknown -p hwc-kyc-wasm` → `wasm-bindgen
//! --target web` → `wasm-opt -Oz` (npm `binaryen`) → the hand-written ES modules, `index.d.ts`
//! (template + unions generated from core), `package.json` (from its one template), README and
//! LICENSE from `crates/wasm/js/`.

use std::path::Path;

use crate::run::{copy, read, write, Cmd};
use crate::{tools, typescript, Error, Result};

/// The package's file names, as `package.json`'s `files` lists them.
pub const WASM: &str = "hwc_kyc_bg.wasm";
/// The JavaScript modules that ship (the wasm-bindgen glue is `hwc_kyc.js`).
pub const JS: [&str; 6] = [
    "index.js",
    "node.js",
    "api.js",
    "exports.js",
    "client.js",
    "hwc_kyc.js",
];
/// Files copied unchanged from `crates/wasm/js/`.
const COPIED: [&str; 7] = [
    "index.js",
    "node.js",
    "api.js",
    "exports.js",
    "client.js",
    "README.md",
    "LICENSE",
];
/// The line of the `.d.ts` template that the generated unions replace.
const TABLES_MARKER: &str = "/*@generated-tables@*/";
/// The version in the `package.json` template, replaced by the workspace's.
const VERSION_MARKER: &str = "0.0.0-workspace";

/// Installs what the build needs, when missing.
pub fn ensure_tools(root: &Path) -> Result {
    tools::wasm_target(root)?;
    tools::wasm_bindgen_cli(root)?;
    tools::npm_packages(root)
}

/// Builds `pkg/` and prints its sizes.
pub fn run(root: &Path) -> Result {
    ensure_tools(root)?;
    // Not stripped by cargo: wasm-bindgen reads the target_features section; wasm-opt strips.
    // The rest of the release profile (lto, codegen-units = 1, panic = abort) is the workspace's.
    Cmd::new("cargo", root)
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--package",
            "hwc-kyc-wasm",
        ])
        .env("CARGO_PROFILE_RELEASE_STRIP", "false")
        // Size over speed for the download: "z" is 3 KB (gzip) smaller than the workspace's
        // "s" and as fast on the benchmarks (BENCHMARKS.md, "npm package (wasm)").
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z")
        .run()?;
    let pkg = root.join("pkg");
    if pkg.exists() {
        std::fs::remove_dir_all(&pkg).map_err(|source| Error::Io {
            path: pkg.clone(),
            source,
        })?;
    }
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), std::path::PathBuf::from);
    let built = target_dir.join("wasm32-unknown-unknown/release/hwc_kyc_wasm.wasm");
    Cmd::new("wasm-bindgen", root)
        .args([
            "--target",
            "web",
            "--out-name",
            "hwc_kyc",
            "--no-typescript",
            "--out-dir",
        ])
        .args([&pkg, &built])
        .run()?;
    let wasm = pkg.join(WASM);
    Cmd::new(&tools::npm_bin(root, "wasm-opt"), root)
        .args([
            "-Oz",
            "--strip-debug",
            "--strip-producers",
            "--strip-target-features",
        ])
        .args([&wasm])
        .args(["-o"])
        .args([&wasm])
        .run()?;
    write_files(root, &pkg)?;
    print_sizes(&pkg)
}

/// Everything but the wasm and its glue.
fn write_files(root: &Path, pkg: &Path) -> Result {
    let js = root.join("crates/wasm/js");
    for name in COPIED {
        copy(&js.join(name), &pkg.join(name))?;
    }
    let dts = read(&js.join("index.d.ts"))?;
    if !dts.contains(TABLES_MARKER) {
        return Err(Error::Other(format!(
            "crates/wasm/js/index.d.ts lost its {TABLES_MARKER} line"
        )));
    }
    write(
        &pkg.join("index.d.ts"),
        dts.replace(TABLES_MARKER, &typescript::tables()),
    )?;
    let manifest = read(&js.join("package.json"))?;
    if !manifest.contains(VERSION_MARKER) {
        return Err(Error::Other(format!(
            "crates/wasm/js/package.json must hold the version {VERSION_MARKER:?}"
        )));
    }
    write(
        &pkg.join("package.json"),
        manifest.replace(VERSION_MARKER, env!("CARGO_PKG_VERSION")),
    )
}

/// Bytes of `data` compressed with gzip -9.
pub fn gzip_size(path: &Path) -> Result<usize> {
    let out = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map_err(|source| Error::Spawn {
            command: "gzip -9 -c".into(),
            source,
        })?;
    Ok(out.stdout.len())
}

fn print_sizes(pkg: &Path) -> Result {
    let mut raw_total = 0;
    let mut gz_total = 0;
    println!("\npkg/ (what a page loads):");
    for name in std::iter::once(WASM).chain(JS) {
        let path = pkg.join(name);
        let raw = std::fs::metadata(&path)
            .map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?
            .len() as usize;
        let gz = gzip_size(&path)?;
        raw_total += raw;
        gz_total += gz;
        println!("  {name:<18} {raw:>8} B   gzip -9 {gz:>7} B");
    }
    println!(
        "  {:<18} {raw_total:>8} B   gzip -9 {gz_total:>7} B",
        "total"
    );
    Ok(())
}
