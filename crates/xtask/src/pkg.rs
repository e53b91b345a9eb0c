//! `cargo xtask pkg`: the npm package `hwc-kyc` in `pkg/`.
//!
//! The package has two entries, each with its own build of the bindings, so a page loads only
//! the code it calls:
//! - `hwc-kyc` (`pkg/`): the rules for forms (validate, build requests, check attachments,
//!   Standard Schema, lookups), built without the features `responses` and `client`;
//! - `hwc-kyc/client` (`pkg/client/`): all of that, the readers of answers (parseResponse,
//!   describeError, describeFailCheckItem: core's response and JSON parsers and the error
//!   catalog, a third of the module) and `KycClient`, built with both.
//!
//! For each: `cargo build --release --target wasm32-unknown-unknown -p hwc-kyc-wasm` →
//! `wasm-bindgen --target web` → `wasm-opt -Oz` (npm `binaryen`) → the hand-written ES modules
//! of `crates/wasm/js/` and the wasm-bindgen glue, bundled by esbuild into one minified module
//! per entry (`index.js` for browsers and bundlers, `node.js` for Node; each with a source map),
//! so loading an entry is one JavaScript fetch and one `.wasm` fetch, not a waterfall of six
//! modules. Then `index.d.ts` (template + unions generated from core) and `client/index.d.ts`,
//! the locale packs (`locales/<tag>.js`, generated from core's tables: see [`locale_module`]),
//! `package.json` (from its one template), README and LICENSE.

use std::path::{Path, PathBuf};

use hwc_kyc::Locale;

use crate::run::{copy, read, remove_dir, write, Cmd};
use crate::{tools, typescript, Error, Result};

/// The wasm module's file name, in each entry's folder.
pub const WASM: &str = "hwc_kyc_bg.wasm";
/// The modules each entry's folder ships, each one bundle of everything it imports
/// (`index.js`: browsers and bundlers; `node.js`: Node).
pub const ENTRIES: [&str; 2] = ["index.js", "node.js"];
/// Files copied unchanged from `crates/wasm/js/` into `pkg/`.
const COPIED: [&str; 2] = ["README.md", "LICENSE"];
/// The line of the `.d.ts` template that the generated unions replace.
const TABLES_MARKER: &str = "/*@generated-tables@*/";
/// The version in the `package.json` template, replaced by the workspace's.
const VERSION_MARKER: &str = "0.0.0-workspace";

/// One entry of the package and the build of the bindings behind it.
pub struct Variant {
    /// The entry's folder in `pkg/` ("" for the root) and its export path after `hwc-kyc`.
    pub dir: &'static str,
    /// Its staging folder's name in `target/pkg-sources/`.
    staging: &'static str,
    /// What `cargo xtask pkg` prints for it.
    pub what: &'static str,
    /// The bindings' cargo features (the allocator, and whether `KycClient`'s decisions).
    features: &'static [&'static str],
    /// The hand-written entry modules (in `crates/wasm/js/`) bundled into its [`ENTRIES`], in
    /// that order.
    sources: [&'static str; 2],
    /// The other modules they import, copied next to the glue (esbuild fails on a missing import).
    modules: &'static [&'static str],
}

/// `hwc-kyc` and `hwc-kyc/client`.
pub const VARIANTS: [Variant; 2] = [
    Variant {
        dir: "",
        staging: "forms",
        what: "hwc-kyc: forms",
        // The bump arena instead of dlmalloc (crates/wasm/src/arena.rs); no `responses`, no
        // `client`.
        features: &["--no-default-features", "--features", "arena"],
        sources: ENTRIES,
        modules: &["api.js", "encode.js", "exports.js"],
    },
    Variant {
        dir: "client",
        staging: "client",
        what: "hwc-kyc/client: forms, answers and KycClient",
        features: &["--features", "arena,client"],
        sources: ["client-index.js", "client-node.js"],
        modules: &[
            "index.js",
            "node.js",
            "api.js",
            "encode.js",
            "exports.js",
            "client.js",
            "availability.js",
            "server-errors.js",
            "texts.js",
        ],
    },
];

impl Variant {
    /// The entry's folder in `pkg/`.
    pub fn folder(&self, pkg: &Path) -> PathBuf {
        pkg.join(self.dir)
    }
}

/// Installs what the build needs, when missing.
pub fn ensure_tools(root: &Path) -> Result {
    tools::wasm_target(root)?;
    tools::wasm_bindgen_cli(root)?;
    tools::npm_packages(root)
}

/// Builds `pkg/` and prints its sizes.
pub fn run(root: &Path) -> Result {
    ensure_tools(root)?;
    let pkg = root.join("pkg");
    remove_dir(&pkg)?;
    let target_dir =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    for variant in &VARIANTS {
        build(root, &target_dir, variant, &pkg)?;
    }
    write_files(root, &pkg)?;
    print_sizes(&pkg)
}

/// One entry: its wasm build, glue, optimized module and bundles, into its folder of `pkg/`.
fn build(root: &Path, target_dir: &Path, variant: &Variant, pkg: &Path) -> Result {
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
        .args(variant.features.iter().copied())
        .env("CARGO_PROFILE_RELEASE_STRIP", "false")
        // Size over speed for the download: "z" is 3 KB (gzip) smaller than the workspace's
        // "s" and as fast on the benchmarks (BENCHMARKS.md, "npm package (wasm)").
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z")
        .run()?;
    let built = target_dir.join("wasm32-unknown-unknown/release/hwc_kyc_wasm.wasm");
    // The glue and the hand-written modules meet in a staging folder; only bundles reach pkg/.
    let staging = target_dir.join("pkg-sources").join(variant.staging);
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
    let out = variant.folder(pkg);
    std::fs::create_dir_all(&out).map_err(|source| Error::Io {
        path: out.clone(),
        source,
    })?;
    Cmd::new(&tools::npm_bin(root, "wasm-opt"), root)
        .args([
            "-Oz",
            "--strip-debug",
            "--strip-producers",
            "--strip-target-features",
        ])
        .args([&staging.join(WASM)])
        .args(["-o"])
        .args([&out.join(WASM)])
        .run()?;
    bundle(root, variant, &staging, &out)
}

/// One minified ES module per entry (with its source map), from the staged sources.
fn bundle(root: &Path, variant: &Variant, staging: &Path, out: &Path) -> Result {
    let js = root.join("crates/wasm/js");
    for name in variant.modules {
        copy(&js.join(name), &staging.join(name))?;
    }
    let esbuild = tools::npm_bin(root, "esbuild");
    let platforms = ["--platform=neutral", "--platform=node"];
    for ((source, entry), platform) in variant.sources.iter().zip(ENTRIES).zip(platforms) {
        let input = staging.join(format!("entry-{entry}"));
        copy(&js.join(source), &input)?;
        let outfile = format!("--outfile={}", out.join(entry).display());
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
    // `hwc-kyc/client`'s types: everything of `hwc-kyc` (re-exported from ../index.js) and
    // KycClient's.
    copy(&js.join("client.d.ts"), &pkg.join("client/index.d.ts"))?;
    let locales = pkg.join("locales");
    std::fs::create_dir_all(&locales).map_err(|source| Error::Io {
        path: locales.clone(),
        source,
    })?;
    for locale in PACKED {
        let name = locales.join(locale.tag());
        write(&name.with_extension("js"), locale_module(locale))?;
        write(&name.with_extension("d.ts"), LOCALE_DTS)?;
    }
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

/// The locales with a pack of their own: all but English, which the module carries.
pub const PACKED: [Locale; 2] = [Locale::ZhCn, Locale::Es];

/// The types of every locale pack module.
const LOCALE_DTS: &str = "// A locale pack of hwc-kyc: hand it to registerLocale.\n\
    declare const pack: import(\"../index.js\").LocalePack;\n\
    export default pack;\n";

/// The module `hwc-kyc/locales/<tag>`: core's pack of `locale` ([`hwc_kyc::pack::text`]: every
/// message template, type word and description of the locale, in the order the module reads
/// them) as a frozen `{ locale, texts }`, the default export.
pub fn locale_module(locale: Locale) -> String {
    let mut out = String::from(
        "// A locale pack of hwc-kyc, generated by `cargo xtask pkg` from the tables of the Rust crate\n\
         // hwc-kyc (hwc_kyc::pack): import it and hand it to registerLocale.\n\
         export default Object.freeze({ locale: ",
    );
    hwc_kyc::json::write_string(&mut out, locale.tag());
    out.push_str(", texts: ");
    hwc_kyc::json::write_string(&mut out, &hwc_kyc::pack::text(locale));
    out.push_str(" });\n");
    out
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
    let size = |path: PathBuf| -> Result<(usize, usize)> {
        let raw = std::fs::metadata(&path)
            .map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?
            .len() as usize;
        Ok((raw, gzip_size(&path)?))
    };
    for variant in &VARIANTS {
        let dir = variant.folder(pkg);
        println!("\n{} (pkg/{}):", variant.what, variant.dir);
        let wasm = size(dir.join(WASM))?;
        println!("  {WASM:<18} {:>8} B   gzip -9 {:>7} B", wasm.0, wasm.1);
        for (entry, who) in ENTRIES.iter().zip(["a page or bundle", "Node"]) {
            let js = size(dir.join(entry))?;
            println!(
                "  {entry:<18} {:>8} B   gzip -9 {:>7} B   with the wasm (what {who} loads): {} B, gzip -9 {} B",
                js.0,
                js.1,
                wasm.0 + js.0,
                wasm.1 + js.1
            );
        }
    }
    println!("\nlocale packs (pkg/locales):");
    for locale in PACKED {
        let file = format!("{}.js", locale.tag());
        let pack = size(pkg.join("locales").join(&file))?;
        println!("  {file:<18} {:>8} B   gzip -9 {:>7} B", pack.0, pack.1);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hwc_kyc::catalog::{ERROR_CODES, FAIL_CHECK_ITEMS};
    use hwc_kyc::messages::{template, type_word, TYPE_NAMES};
    use hwc_kyc::IssueCode;

    /// The texts of a pack module as JavaScript reads them.
    fn texts_of(module: &str) -> Vec<String> {
        let start = module.find('{').expect("an object");
        let end = module.rfind('}').expect("an object");
        // The object literal's keys are bare names; quote them to read it as JSON.
        let object = module[start..=end]
            .replace("{ locale:", "{\"locale\":")
            .replace(", texts:", ",\"texts\":");
        let value = hwc_kyc::json::parse(object.as_bytes()).expect("the module's object is JSON");
        let texts = value.get("texts").and_then(|t| t.as_str()).expect("texts");
        texts.split('\u{1f}').map(str::to_string).collect()
    }

    #[test]
    fn every_pack_equals_cores_tables() {
        for locale in PACKED {
            let module = locale_module(locale);
            assert!(module.contains(&format!("locale: \"{}\"", locale.tag())));
            let mut want: Vec<&str> = Vec::new();
            want.extend(IssueCode::ALL.iter().map(|&c| template(c, locale)));
            want.extend(TYPE_NAMES.iter().map(|n| type_word(n, locale).unwrap_or(n)));
            want.extend(ERROR_CODES.iter().map(|e| e.description(locale)));
            want.extend(FAIL_CHECK_ITEMS.iter().map(|i| i.description(locale)));
            assert_eq!(texts_of(&module), want, "{locale}");
            // And it is that locale's, not English.
            assert_ne!(want[0], template(IssueCode::ALL[0], Locale::En), "{locale}");
        }
    }
}
