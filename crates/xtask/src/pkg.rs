//! `cargo xtask pkg`: the npm package `hwc-kyc` in `pkg/`.
//!
//! `cargo build --release --target wasm32-unknown-unknown -p hwc-kyc-wasm` → `wasm-bindgen
//! --target web` → `wasm-opt -Oz` (npm `binaryen`) → the hand-written ES modules of
//! `crates/wasm/js/` and the wasm-bindgen glue, bundled by esbuild into one minified module per
//! entry (`index.js` for browsers and bundlers, `node.js` for Node; each with a source map), so
//! loading the package is one JavaScript fetch and one `.wasm` fetch, not a waterfall of six
//! modules → `index.d.ts` (template + unions generated from core), `package.json` (from its one
//! template), README and LICENSE.

use std::path::Path;

use crate::run::{copy, read, remove_dir, write, Cmd};
use crate::{tools, typescript, Error, Result};

/// The package's file names, as `package.json`'s `files` lists them.
pub const WASM: &str = "hwc_kyc_bg.wasm";
/// The entry modules that ship, each one bundle of everything it imports (`index.js`: browsers
/// and bundlers; `node.js`: Node).
pub const ENTRIES: [&str; 2] = ["index.js", "node.js"];
/// Files copied unchanged from `crates/wasm/js/` into `pkg/`.
const COPIED: [&str; 2] = ["README.md", "LICENSE"];
/// The hand-written modules copied from `crates/wasm/js/` next to the wasm-bindgen glue
/// (`hwc_kyc.js`), which the entries are bundled from (esbuild fails on a missing import).
const BUNDLED: [&str; 5] = ["index.js", "node.js", "api.js", "exports.js", "client.js"];
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
            // The bump arena instead of dlmalloc (crates/wasm/src/arena.rs).
            "--features",
            "arena",
        ])
        .env("CARGO_PROFILE_RELEASE_STRIP", "false")
        // Size over speed for the download: "z" is 3 KB (gzip) smaller than the workspace's
        // "s" and as fast on the benchmarks (BENCHMARKS.md, "npm package (wasm)").
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z")
        .run()?;
    let pkg = root.join("pkg");
    remove_dir(&pkg)?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), std::path::PathBuf::from);
    let built = target_dir.join("wasm32-unknown-unknown/release/hwc_kyc_wasm.wasm");
    // The glue and the hand-written modules meet in a staging folder; only bundles reach pkg/.
    let staging = target_dir.join("pkg-sources");
    remove_dir(&staging)?;
    Cmd::new("wasm-bindgen", root)
        .args([
            "--target",
            "web",
            "--out-name",
            "hwc_kyc",
            "--no-typescript",
            "--out-dir",
        ])
        .args([&staging, &built])
        .run()?;
    std::fs::create_dir_all(&pkg).map_err(|source| Error::Io {
        path: pkg.clone(),
        source,
    })?;
    let wasm = pkg.join(WASM);
    let staged_wasm = staging.join(WASM);
    Cmd::new(&tools::npm_bin(root, "wasm-opt"), root)
        .args([
            "-Oz",
            "--strip-debug",
            "--strip-producers",
            "--strip-target-features",
        ])
        .args([&staged_wasm])
        .args(["-o"])
        .args([&wasm])
        .run()?;
    bundle(root, &staging, &pkg)?;
    write_files(root, &pkg)?;
    print_sizes(&pkg)
}

/// One minified ES module per entry (with its source map), from the staged sources.
fn bundle(root: &Path, staging: &Path, pkg: &Path) -> Result {
    let js = root.join("crates/wasm/js");
    for name in BUNDLED {
        copy(&js.join(name), &staging.join(name))?;
    }
    let esbuild = tools::npm_bin(root, "esbuild");
    for (entry, platform) in ENTRIES
        .iter()
        .zip(["--platform=neutral", "--platform=node"])
    {
        let input = staging.join(entry);
        let outfile = format!("--outfile={}", pkg.join(entry).display());
        Cmd::new(&esbuild, root)
            .args([input.as_os_str()])
            .args([
                "--bundle",
                "--format=esm",
                platform,
                // Node's built-ins (node:fs) stay imports.
                "--external:node:*",
                "--minify",
                "--sourcemap",
                "--target=es2022",
                "--log-level=warning",
                outfile.as_str(),
            ])
            .run()?;
    }
    Ok(())
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
    let size = |name: &str| -> Result<(usize, usize)> {
        let path = pkg.join(name);
        let raw = std::fs::metadata(&path)
            .map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?
            .len() as usize;
        Ok((raw, gzip_size(&path)?))
    };
    println!("\npkg/:");
    let wasm = size(WASM)?;
    println!("  {WASM:<18} {:>8} B   gzip -9 {:>7} B", wasm.0, wasm.1);
    for entry in ENTRIES {
        let js = size(entry)?;
        println!("  {entry:<18} {:>8} B   gzip -9 {:>7} B", js.0, js.1);
    }
    for (entry, who) in ENTRIES.iter().zip(["a page or bundle", "Node"]) {
        let js = size(entry)?;
        println!(
            "  {WASM} + {entry} (what {who} loads): {} B, gzip -9 {} B",
            wasm.0 + js.0,
            wasm.1 + js.1
        );
    }
    Ok(())
}
