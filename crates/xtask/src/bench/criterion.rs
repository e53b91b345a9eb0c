//! Native figures of core: runs its criterion benches (crates/core/benches/validate.rs) and reads
//! the medians criterion writes under `target/criterion`.

use std::path::Path;
use std::time::SystemTime;

use super::{cargo, BenchError};

/// One criterion benchmark: its id (`validate/enterprise/valid`) and median time.
#[derive(Debug, Clone)]
pub struct Figure {
    /// criterion's full id.
    pub id: String,
    /// Median nanoseconds per iteration.
    pub median_ns: f64,
}

/// Runs `cargo bench -p hwc-kyc --bench validate` (shorter with `quick`) and returns every figure
/// it wrote, in id order.
pub fn run(root: &Path, target: &Path, quick: bool) -> Result<Vec<Figure>, BenchError> {
    let started = SystemTime::now();
    let mut args = vec!["bench", "-p", "hwc-kyc", "--bench", "validate", "--"];
    if quick {
        args.extend(["--warm-up-time", "1", "--measurement-time", "2"]);
    }
    cargo(root, &args)?;
    let mut figures = Vec::new();
    collect(&target.join("criterion"), started, &mut figures)?;
    figures.sort_by(|a, b| a.id.cmp(&b.id));
    if figures.is_empty() {
        return Err(BenchError::Missing(
            "criterion wrote no estimates under target/criterion".into(),
        ));
    }
    Ok(figures)
}

/// Every `new/` result under `dir` written since `since` (older ones are from benches that no
/// longer exist).
fn collect(dir: &Path, since: SystemTime, out: &mut Vec<Figure>) -> Result<(), BenchError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "new") {
            let estimates = path.join("estimates.json");
            let fresh = std::fs::metadata(&estimates)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= since);
            if fresh {
                out.push(read(&path)?);
            }
        } else {
            collect(&path, since, out)?;
        }
    }
    Ok(())
}

fn read(dir: &Path) -> Result<Figure, BenchError> {
    let benchmark = super::read_json(&dir.join("benchmark.json"))?;
    let estimates = super::read_json(&dir.join("estimates.json"))?;
    let id = benchmark["full_id"]
        .as_str()
        .ok_or_else(|| BenchError::Missing(format!("full_id in {}", dir.display())))?
        .to_string();
    let median_ns = estimates["median"]["point_estimate"]
        .as_f64()
        .ok_or_else(|| BenchError::Missing(format!("median in {}", dir.display())))?;
    Ok(Figure { id, median_ns })
}
