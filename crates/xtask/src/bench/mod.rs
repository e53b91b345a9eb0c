//! `cargo xtask bench [--quick]`: every side-by-side figure of issue #7 in one command, written
//! into the "Side by side" section of BENCHMARKS.md (only between its markers).
//!
//! 1. hwc-kyc (the npm package, rebuilt with `cargo xtask pkg`) against zod, valibot and ajv in
//!    Node and headless Chromium, and their bundle sizes: `node bench/side-by-side.mjs`;
//! 2. core's own criterion benches: `cargo bench -p hwc-kyc --bench validate`;
//! 3. hwc-kyc-proxy against nginx in front of the simulator, with wrk from 127.0.0.1;
//! 4. one proxy with its state in memory, in Redis, and two instances sharing Redis (its own
//!    section; `cargo xtask bench --instances` runs only this part).
//!
//! `cargo xtask bench --proxy` runs step 3 alone and rewrites only its subsection.
//!
//! It installs what is missing (`npm ci`, Chromium, wrk and nginx with apt-get). `--quick` shortens
//! every run for trying the command out; its figures say so.

mod criterion;
mod instances;
mod load;
mod machine;
mod proxy_setup;
mod render;

use std::path::{Path, PathBuf};
use std::process::Command;

/// What can stop the benchmark.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// An argument the command does not take.
    #[error("unknown argument `{0}`; usage: cargo xtask bench [--quick] [--instances | --proxy]")]
    Usage(String),
    /// A file or socket operation failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A program could not be started.
    #[error("cannot run {0}: {1}")]
    Spawn(String, std::io::Error),
    /// A step ran and failed.
    #[error("{0}")]
    Failed(String),
    /// A result file lacks a figure.
    #[error("missing {0}")]
    Missing(String),
    /// A result file is not JSON.
    #[error("{0}: {1}")]
    Json(PathBuf, serde_json::Error),
    /// A chore shared with the other commands (building the package, installing tools) failed.
    #[error(transparent)]
    Xtask(#[from] crate::Error),
}

/// Runs `cargo <args>` in `root`, failing when it fails.
fn cargo(root: &Path, args: &[&str]) -> Result<(), BenchError> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run_in(root, &cargo, args)
}

fn run_in(root: &Path, program: &str, args: &[&str]) -> Result<(), BenchError> {
    let status = Command::new(program)
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|e| BenchError::Spawn(program.into(), e))?;
    if status.success() {
        Ok(())
    } else {
        Err(BenchError::Failed(format!(
            "`{program} {}` failed ({status})",
            args.join(" ")
        )))
    }
}

/// Replaces `to` with a copy of `from` and its folders (the package's entries: `client/`,
/// `locales/`).
fn copy_tree(from: &Path, to: &Path) -> Result<(), BenchError> {
    if to.exists() {
        std::fs::remove_dir_all(to)?;
    }
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        } else if kind.is_dir() {
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

fn read_json(path: &Path) -> Result<serde_json::Value, BenchError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| BenchError::Failed(format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| BenchError::Json(path.to_path_buf(), e))
}

fn today() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "today".into())
}

/// `cargo xtask bench [--quick]`.
pub fn run(args: &[String]) -> Result<(), BenchError> {
    let (mut quick, mut instances_only, mut proxy_only) = (false, false, false);
    for a in args {
        match a.as_str() {
            "--quick" => quick = true,
            "--instances" => instances_only = true,
            "--proxy" => proxy_only = true,
            other => return Err(BenchError::Usage(other.into())),
        }
    }
    let root = crate::root();
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let mut machine = machine::Machine::probe();
    if instances_only {
        return write_instances(&root, &target, quick, &mut machine);
    }
    if proxy_only {
        return write_proxy(&root, &target, quick, &mut machine);
    }

    // 1. JavaScript: the package as it is in this tree, the peers from package-lock.json.
    crate::tools::chromium(&root)?;
    crate::pkg::run(&root)?;
    let out_dir = target.join("bench");
    std::fs::create_dir_all(&out_dir)?;
    // A copy of the package just built: pkg/ may be rebuilt by another command during the run.
    let pkg_copy = out_dir.join("pkg");
    copy_tree(&root.join("pkg"), &pkg_copy)?;
    let js_out = out_dir.join("side-by-side.json");
    let js_out_arg = js_out.to_string_lossy().into_owned();
    let mut node_args = vec!["bench/side-by-side.mjs", "--out", &js_out_arg];
    if quick {
        node_args.extend(["--samples", "7", "--sample-ms", "5"]);
    }
    let status = Command::new("node")
        .args(&node_args)
        .env("HWC_KYC_PKG", &pkg_copy)
        .current_dir(&root)
        .status()
        .map_err(|e| BenchError::Spawn("node".into(), e))?;
    if !status.success() {
        return Err(BenchError::Failed(format!(
            "`node {}` failed ({status})",
            node_args.join(" ")
        )));
    }
    let js = read_json(&js_out)?;

    // 2. Native core.
    let native = criterion::run(&root, &target, quick)?;

    // 3. Proxy against nginx.
    let load = load::run(&root, &target, quick)?;

    machine.finish();
    let limits = std::fs::read_to_string(root.join("bench/peers/LIMITS.md"))?;
    let date = today();
    let section = render::section(&render::Run {
        machine: &machine,
        date: &date,
        quick,
        js: &js,
        limits: &limits,
        native: &native,
        load: &load,
    });
    rewrite(&root, "side-by-side", render::START, render::END, &section)?;
    // 4. Several instances sharing Redis.
    write_instances(&root, &target, quick, &mut machine)
}

/// Measures the proxy against nginx alone and rewrites that subsection of BENCHMARKS.md.
fn write_proxy(
    root: &Path,
    target: &Path,
    quick: bool,
    machine: &mut machine::Machine,
) -> Result<(), BenchError> {
    let load = load::run(root, target, quick)?;
    machine.finish();
    let alone = format!(
        "_Written by `cargo xtask bench --proxy` on {}{}, load average (1 min) {} at the start \
         and {} at the end; the rest of this section by the last full run._\n\n",
        today(),
        if quick {
            " with `--quick` (short runs: not figures to quote)"
        } else {
            ""
        },
        machine.load.0,
        machine.load.1
    );
    let section = render::proxy_section(&load, machine.cores, Some(alone));
    rewrite(
        root,
        "proxy",
        render::PROXY_START,
        render::PROXY_END,
        &section,
    )
}

/// Replaces the part of BENCHMARKS.md between `start` and `end` with `section`.
fn rewrite(
    root: &Path,
    what: &str,
    start: &str,
    end: &str,
    section: &str,
) -> Result<(), BenchError> {
    let file = root.join("BENCHMARKS.md");
    let before = std::fs::read_to_string(&file).unwrap_or_default();
    std::fs::write(&file, render::splice_between(&before, start, end, section))?;
    println!("bench: wrote the {what} section of {}", file.display());
    Ok(())
}

/// Measures one proxy in memory, in Redis and two sharing Redis, and writes that section of
/// BENCHMARKS.md.
fn write_instances(
    root: &Path,
    target: &Path,
    quick: bool,
    machine: &mut machine::Machine,
) -> Result<(), BenchError> {
    let outcome = instances::run(root, target, quick)?;
    machine.finish();
    let section = instances::section(&outcome, &today(), quick, machine);
    rewrite(
        root,
        "instances",
        instances::START,
        instances::END,
        &section,
    )
}
