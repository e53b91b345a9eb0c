//! `cargo xtask test`: every check and test of the workspace, in order, stopping at the first
//! failure. The list is data: to add a check (an end-to-end suite, a demo build), add a [`Step`]
//! to [`steps`].

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::run::{copy, read, remove_dir, write, Cmd};
use crate::{client_tests, demo, pkg, tools, Error, Result};

/// One named check.
pub struct Step {
    /// What it checks, as printed.
    pub name: &'static str,
    /// Runs it from the workspace root.
    pub run: fn(&Path) -> Result,
}

fn cargo(root: &Path, args: &[&str]) -> Result {
    Cmd::new("cargo", root).args(args.iter().copied()).run()
}

/// The wasm-bindgen tests of the bindings (tests/vectors and hostile input through the JS
/// boundary); the runner is set for the wasm target in .cargo/config.toml. Feature `debug` turns
/// a panic into a readable message.
const WASM_TESTS: [&str; 9] = [
    "test",
    "--package",
    "hwc-kyc-wasm",
    "--target",
    "wasm32-unknown-unknown",
    "--features",
    "debug",
    "--test",
    "*",
];

/// `cargo clippy` of one package for the wasm target, with `args`, warnings denied.
fn clippy_wasm(root: &Path, package: &str, args: &[&str]) -> Result {
    Cmd::new("cargo", root)
        .args([
            "clippy",
            "--package",
            package,
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args(args.iter().copied())
        .args(["--", "-D", "warnings"])
        .run()
}

/// The steps of `cargo xtask test`, in order.
pub fn steps() -> Vec<Step> {
    vec![
        Step {
            name: "install missing tools (wasm target, wasm-bindgen CLI, npm ci, Chromium, a CJK font, Redis)",
            run: |root| {
                pkg::ensure_tools(root)?;
                tools::chromium(root)?;
                tools::cjk_font(root)?;
                tools::redis_server(root)
            },
        },
        Step {
            name: "rustfmt",
            run: |root| cargo(root, &["fmt", "--all", "--", "--check"]),
        },
        Step {
            name: "clippy (native, every crate)",
            run: |root| {
                cargo(
                    root,
                    &[
                        "clippy",
                        "--workspace",
                        "--all-targets",
                        "--",
                        "-D",
                        "warnings",
                    ],
                )
            },
        },
        Step {
            name: "clippy (wasm bindings and their tests)",
            run: |root| {
                // The package's allocator is behind a feature (`cargo xtask pkg` turns it on):
                // check it too.
                clippy_wasm(root, "hwc-kyc-wasm", &["--all-targets", "--features", "arena"])?;
                // The build behind `hwc-kyc` (pkg/), without KycClient's decisions.
                clippy_wasm(
                    root,
                    "hwc-kyc-wasm",
                    &["--lib", "--no-default-features", "--features", "arena"],
                )
            },
        },
        Step {
            name: "clippy (wasm client and its tests)",
            run: |root| clippy_wasm(root, "hwc-kyc-client", &["--all-targets"]),
        },
        Step {
            name: "cargo test (native, every crate)",
            run: |root| cargo(root, &["test", "--workspace"]),
        },
        Step {
            name: "wasm-bindgen tests in Node",
            run: |root| cargo(root, &WASM_TESTS),
        },
        Step {
            name: "wasm-bindgen tests in headless Chromium",
            run: |root| {
                Cmd::new("cargo", root)
                    .args(WASM_TESTS)
                    .env("WASM_BINDGEN_USE_BROWSER", "1")
                    .env("CHROMEDRIVER", tools::CHROMEDRIVER)
                    .run()
            },
        },
        Step {
            name: "client (gloo-net) against the real proxy, wasm-bindgen tests in Node",
            run: |root| client_tests::run(root, false),
        },
        Step {
            name: "client (gloo-net) against the real proxy, wasm-bindgen tests in headless Chromium",
            run: |root| client_tests::run(root, true),
        },
        Step {
            name: "build the npm package (cargo xtask pkg)",
            run: pkg::run,
        },
        Step {
            name: "package tests through the public API (node --test tests/js)",
            run: |root| {
                let files = test_files(root, "tests/js")?;
                Cmd::new("node", root)
                    .args(["--test"])
                    .args(files.iter())
                    .env("CHROMIUM", tools::CHROMIUM)
                    .run()
            },
        },
        Step {
            name: "TypeScript: tsc --noEmit on a typed usage of the package",
            run: |root| {
                Cmd::new(&tools::npm_bin(root, "tsc"), root)
                    .args(["--noEmit", "-p", "tests/js/tsconfig.json"])
                    .run()
            },
        },
        Step {
            name: "publint pkg",
            run: |root| {
                Cmd::new(&tools::npm_bin(root, "publint"), root)
                    .args(["run", "--strict", "pkg"])
                    .run()
            },
        },
        Step {
            name: "smoke: npm install pkg/ into an empty folder, import both entries by name in Node, type-check them with tsc",
            run: smoke_install,
        },
        Step {
            name: "browser end-to-end tests: the demo pages in headless Chromium against the demo server",
            run: demo::e2e,
        },
    ]
}

/// `<dir>/*.test.mjs`, sorted (`dir` relative to the root: `tests/js`, `tests/e2e`).
pub fn test_files(root: &Path, dir: &str) -> Result<Vec<PathBuf>> {
    let dir = root.join(dir);
    let entries = std::fs::read_dir(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Other(format!("no *.test.mjs in {}", dir.display())));
    }
    Ok(files)
}

/// Packs `pkg/`, installs the tarball into a new empty project and imports `hwc-kyc` by name.
fn smoke_install(root: &Path) -> Result {
    let dir = root.join("target/smoke");
    remove_dir(&dir)?;
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    Cmd::new("npm", root)
        .args(["pack", "--silent", "--pack-destination"])
        .args([&dir])
        .args(["./pkg"])
        .run()?;
    let manifest: serde_free::Manifest =
        serde_free::Manifest::read(&root.join("pkg/package.json"))?;
    let tarball = format!("hwc-kyc-{}.tgz", manifest.version);
    write(
        &dir.join("package.json"),
        r#"{ "name": "smoke", "private": true, "type": "module" }"#,
    )?;
    Cmd::new("npm", &dir)
        .args(["install", "--no-audit", "--no-fund", "--offline", &tarball])
        .run()?;
    let script = read(&root.join("tests/js/smoke.mjs"))?;
    write(&dir.join("smoke.mjs"), script)?;
    Cmd::new("node", &dir).args(["smoke.mjs"]).run()?;
    // The types as a TypeScript project finds them: by name, through "exports", under both
    // module resolutions a current project uses.
    copy(
        &root.join("tests/js/smoke-types.ts"),
        &dir.join("smoke-types.ts"),
    )?;
    let tsc = tools::npm_bin(root, "tsc");
    for (module, resolution) in [("nodenext", "nodenext"), ("esnext", "bundler")] {
        let config = format!("tsconfig.{resolution}.json");
        write(
            &dir.join(&config),
            format!(
                r#"{{ "compilerOptions": {{ "strict": true, "noEmit": true, "target": "es2022",
  "module": "{module}", "moduleResolution": "{resolution}", "lib": ["es2022", "dom"],
  "types": [], "skipLibCheck": false }}, "files": ["smoke-types.ts"] }}"#
            ),
        )?;
        Cmd::new(&tsc, &dir).args(["-p", config.as_str()]).run()?;
    }
    Ok(())
}

/// Reading the one field the smoke test needs from package.json, without a JSON dependency.
mod serde_free {
    use std::path::Path;

    use crate::run::read;
    use crate::{Error, Result};

    pub struct Manifest {
        pub version: String,
    }

    impl Manifest {
        pub fn read(path: &Path) -> Result<Manifest> {
            let text = read(path)?;
            let value = hwc_kyc::json::parse(text.as_bytes())
                .map_err(|e| Error::Other(format!("{}: {e}", path.display())))?;
            let version = value
                .get("version")
                .and_then(|v| v.as_str())
                .ok_or_else(|| Error::Other(format!("{}: no version", path.display())))?;
            Ok(Manifest {
                version: version.to_string(),
            })
        }
    }
}

/// Runs every step (or those whose name contains `only`), printing a banner and the time of
/// each; stops at the first failure.
pub fn run_all(root: &Path, only: Option<&str>) -> Result {
    let all: Vec<Step> = steps()
        .into_iter()
        .filter(|s| match only {
            Some(word) => s.name.contains(word),
            None => true,
        })
        .collect();
    if all.is_empty() {
        return Err(Error::Other(format!("no step matches {only:?}")));
    }
    let started = Instant::now();
    for (n, step) in all.iter().enumerate() {
        println!("\n==> [{}/{}] {}", n + 1, all.len(), step.name);
        let t = Instant::now();
        (step.run)(root).map_err(|e| {
            Error::Other(format!(
                "step {}/{} \"{}\" failed: {e}",
                n + 1,
                all.len(),
                step.name
            ))
        })?;
        println!("--> ok: {} ({:.1}s)", step.name, t.elapsed().as_secs_f64());
    }
    println!(
        "\nall {} steps passed in {:.0}s",
        all.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
