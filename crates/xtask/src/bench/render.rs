//! The "Side by side" section of BENCHMARKS.md, written from the figures of one run, and its
//! splice between the markers (the rest of the file is left as it is).

use std::fmt::Write as _;

use serde_json::Value;

use super::criterion::Figure;
use super::load::{Figures, Outcome};
use super::machine::Machine;

/// First line of the section.
pub const START: &str = "<!-- side-by-side:start -->";
/// Last line of the section.
pub const END: &str = "<!-- side-by-side:end -->";
/// Markers of the "Proxy against nginx" subsection (inside the side-by-side section), which
/// `cargo xtask bench --proxy` rewrites alone.
pub const PROXY_START: &str = "<!-- proxy-load:start -->";
/// See [`PROXY_START`].
pub const PROXY_END: &str = "<!-- proxy-load:end -->";

/// Everything one run measured.
pub struct Run<'a> {
    /// The machine and tools.
    pub machine: &'a Machine,
    /// UTC date of the run.
    pub date: &'a str,
    /// Shortened run (not for publication).
    pub quick: bool,
    /// bench/side-by-side.mjs's JSON.
    pub js: &'a Value,
    /// bench/peers/LIMITS.md.
    pub limits: &'a str,
    /// criterion medians.
    pub native: &'a [Figure],
    /// wrk against both sides.
    pub load: &'a Outcome,
}

/// A time in ns as `812 ns`, `1.23 µs` or `4.56 ms`.
pub fn time(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{:.2} ms", ns / 1e6)
    }
}

/// A ratio as `×1.23`.
pub fn ratio(x: f64) -> String {
    format!("×{x:.2}")
}

fn s<'v>(v: &'v Value, key: &str) -> &'v str {
    v[key].as_str().unwrap_or("?")
}

const PEERS: [(&str, &str); 3] = [("zod", "zod"), ("valibot", "valibot"), ("ajv", "ajv")];

/// One engine's timing table: hwc-kyc's median, then each peer's with its ratio to hwc-kyc.
fn timing_table(out: &mut String, env: &Value, versions: &Value) {
    out.push_str("| form | input | hwc-kyc |");
    for (key, label) in PEERS {
        let _ = write!(out, " {label} {} |", s(versions, key));
    }
    out.push_str("\n|---|---|---:|---:|---:|---:|\n");
    for row in env["timing"].as_array().into_iter().flatten() {
        let results = &row["results"];
        let base = results["hwc-kyc"]["ns"].as_f64().unwrap_or(f64::NAN);
        let _ = write!(
            out,
            "| {} | {} | {} |",
            s(row, "op"),
            s(row, "label"),
            time(base)
        );
        for (key, _) in PEERS {
            let ns = results[key]["ns"].as_f64().unwrap_or(f64::NAN);
            let _ = write!(out, " {} ({}) |", time(ns), ratio(ns / base));
        }
        out.push('\n');
    }
}

fn agreement(env: &Value) -> String {
    let a = &env["agreement"];
    format!(
        "{} inputs, {} disagreements",
        a["checked"].as_u64().unwrap_or(0),
        a["disagreements"].as_array().map_or(0, Vec::len)
    )
}

fn bytes(n: u64) -> String {
    if n < 1024 {
        format!("{n} B")
    } else {
        format!("{:.1} KiB", n as f64 / 1024.0)
    }
}

fn bundle_table(out: &mut String, bundles: &Value) {
    let list = bundles.as_array().map(Vec::as_slice).unwrap_or_default();
    let ours = list
        .iter()
        .find(|b| b["name"] == "hwc-kyc")
        .and_then(|b| b["total_gzip"].as_u64())
        .unwrap_or(0) as f64;
    out.push_str(
        "| entry | what it holds | JS minified | JS gzip | wasm gzip | total gzip | ÷ hwc-kyc |\n\
         |---|---|---:|---:|---:|---:|---:|\n",
    );
    for b in list {
        let total = b["total_gzip"].as_u64().unwrap_or(0);
        let wasm = b["wasm"]["gzip"].as_u64().map_or("—".into(), bytes);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            s(b, "name"),
            s(b, "note"),
            bytes(b["js"]["min"].as_u64().unwrap_or(0)),
            bytes(b["js"]["gzip"].as_u64().unwrap_or(0)),
            wasm,
            bytes(total),
            ratio(total as f64 / ours)
        );
    }
}

fn load_row(out: &mut String, name: &str, f: &Figures) {
    let _ = writeln!(
        out,
        "| {name} | {:.0} | {} | {} | {} | {} | {:.1} µs | {:.1} µs |",
        f.rps,
        time(f.p50_us * 1e3),
        time(f.p99_us * 1e3),
        f.requests,
        f.non_2xx,
        f.side_cpu_us,
        f.sim_cpu_us
    );
}

/// The section, markers included.
pub fn section(run: &Run<'_>) -> String {
    let m = run.machine;
    let js = run.js;
    let v = &js["versions"];
    let node = &js["node"];
    let chromium = &js["chromium"];
    let load = run.load;
    let mut out = String::new();
    let _ = writeln!(out, "{START}");
    out.push_str("## Side by side\n\n");
    let _ = writeln!(
        out,
        "_Written by `cargo xtask bench` on {}{}. The command rewrites only what lies between the \
         `side-by-side` markers of this file and leaves every other section alone._\n",
        run.date,
        if run.quick {
            " with `--quick` (short runs: not figures to quote)"
        } else {
            ""
        }
    );
    let _ = writeln!(
        out,
        "**Machine:** {}, {} cores, {}. Load average (1 min) {} at the start and {} at the end: \
         the figures are only as quiet as the machine was.\n",
        m.cpu, m.cores, m.os, m.load.0, m.load.1
    );
    let _ = writeln!(
        out,
        "**Versions:** hwc-kyc {} (this tree), {}, Node {}, {}, zod {}, valibot {}, ajv {}, \
         esbuild {}, playwright-core {}, {}, {}.\n",
        s(v, "hwc-kyc"),
        m.rustc,
        m.node,
        s(chromium, "browser"),
        s(v, "zod"),
        s(v, "valibot"),
        s(v, "ajv"),
        s(v, "esbuild"),
        s(v, "playwright-core"),
        load.nginx_version,
        load.wrk_version
    );

    out.push_str("### Validation in JavaScript: hwc-kyc, zod, valibot, ajv\n\n");
    let o = &js["options"];
    let samples = o["samples"].as_u64().unwrap_or(31);
    let sample_ms = o["sampleMs"].as_f64().unwrap_or(20.0);
    let _ = writeln!(
        out,
        "The check-identity and enterprise forms, hand-written with each library \
         (`bench/peers/`), run in one process beside `hwc-kyc`'s `validate(op, value, {{ stage: \"form\" }})` \
         on the same inputs (`bench/cases.mjs`): a valid and an invalid form of each operation, as a \
         browser holds them. Per validator and input: 150 ms of warm-up, then {samples} samples of \
         about {sample_ms} ms each, taken round-robin across the validators; the figure is the \
         median time of one validation, and ×N is the peer's time over hwc-kyc's (above 1: hwc-kyc \
         is faster). Each returns its whole result: hwc-kyc the normalized value or every issue with \
         its message, zod and valibot `safeParse` with every issue, ajv every error \
         (`allErrors: true`).\n"
    );
    let _ = writeln!(
        out,
        "Before timing, every peer's verdict (valid or not) is compared with hwc-kyc's on the timed \
         inputs, edge cases and the conformance vectors of both operations (`tests/vectors`): \
         Node {}; Chromium {}.\n",
        agreement(node),
        agreement(chromium)
    );
    let _ = writeln!(out, "#### Node {}\n", s(node, "version"));
    timing_table(&mut out, node, v);
    let _ = writeln!(
        out,
        "\n#### {} (headless, Playwright)\n",
        s(chromium, "browser")
    );
    timing_table(&mut out, chromium, v);

    out.push_str(
        "\n#### Bundle size\n\nOne entry per library exporting the two validators, bundled with \
         `esbuild --bundle --minify --format=esm --platform=browser` (`bench/bundle-size.mjs`), \
         compressed with gzip level 9; hwc-kyc's .wasm is fetched beside its JavaScript and counted \
         in its total.\n\n",
    );
    bundle_table(&mut out, &js["bundles"]);

    out.push_str("\n#### What each library could not express\n\n");
    out.push_str(run.limits.trim());
    out.push_str("\n\n");

    out.push_str(
        "### Native core (criterion)\n\n`cargo bench -p hwc-kyc --bench validate` \
         (crates/core/benches/validate.rs): median time per iteration. `validate+build` includes \
         validation; `sign` signs the enterprise request (SDK-HMAC-SHA256); `parse_response` reads \
         an answer body.\n\n| benchmark | median |\n|---|---:|\n",
    );
    for f in run.native {
        let _ = writeln!(out, "| `{}` | {} |", f.id, time(f.median_ns));
    }

    out.push('\n');
    out.push_str(&proxy_section(load, m.cores, None));
    let _ = writeln!(out, "\n{END}");
    out
}

/// The "Proxy against nginx" subsection, markers included. `alone` is the sentence saying when
/// and how loaded it was written by `cargo xtask bench --proxy` (the full run says it once for
/// the whole section).
pub fn proxy_section(load: &Outcome, cores: usize, alone: Option<String>) -> String {
    let mut out = format!("{PROXY_START}\n");
    let l = &load.load;
    let _ = writeln!(
        out,
        "### Proxy against nginx\n\n{}`wrk -t{} -c{} --latency` from 127.0.0.1, POSTing \
         check-identity (`{}`) to hwc-kyc-proxy and to nginx, each forwarding to the same \
         hwc-kyc-sim on its own port: after {} s of unmeasured warm-up each, {} rounds of {} s \
         against the proxy then {} s against nginx ({} s each in all). Each row holds the \
         medians of its rounds; the ratio of requests/s is the median of the rounds' ratios. nginx is the Debian \
         package with a generated configuration: one `location` proxying to the simulator over \
         kept-alive connections and adding the simulator's IAM token, access log off. {} \
         Everything shares the same {} cores: wrk, the simulator and the side under test.\n",
        alone.unwrap_or_default(),
        l.threads,
        l.connections,
        super::load::BODY,
        l.warmup_seconds,
        load.rounds,
        (l.seconds / load.rounds).max(1),
        (l.seconds / load.rounds).max(1),
        (l.seconds / load.rounds).max(1) * load.rounds,
        load.proxy_setup,
        cores
    );
    out.push_str(
        "*CPU per request* is the user and system time the side (nginx: master and workers) and \
         the simulator used during the measured run, over the requests completed: what one \
         request costs each process, whatever else the machine was doing.\n\n\
         | side | requests/s | p50 | p99 | requests | non-2xx | CPU per request | simulator's |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    load_row(&mut out, "hwc-kyc-proxy → simulator", &load.proxy);
    load_row(&mut out, "nginx → simulator", &load.nginx);
    let _ = writeln!(
        out,
        "| proxy ÷ nginx | {} | {} | {} | | | {} | {} |",
        ratio(load.rps_ratio),
        ratio(load.proxy.p50_us / load.nginx.p50_us),
        ratio(load.proxy.p99_us / load.nginx.p99_us),
        ratio(load.proxy.side_cpu_us / load.nginx.side_cpu_us),
        ratio(load.proxy.sim_cpu_us / load.nginx.sim_cpu_us)
    );
    for (name, f) in [("hwc-kyc-proxy", &load.proxy), ("nginx", &load.nginx)] {
        if let Some(e) = &f.socket_errors {
            let _ = writeln!(out, "\n{name}: wrk reported `{e}`.");
        }
    }
    let _ = writeln!(out, "{PROXY_END}");
    out
}

/// `file` with the part from `start` to `end` (both markers included) replaced by `section`
/// (appended when the file has no such part).
pub fn splice_between(file: &str, start: &str, end: &str, section: &str) -> String {
    match (file.find(start), file.find(end)) {
        (Some(a), Some(b)) if a < b => {
            let rest = &file[b + end.len()..];
            let rest = rest.strip_prefix('\n').unwrap_or(rest);
            format!("{}{}{}", &file[..a], section, rest)
        }
        _ if file.trim().is_empty() => format!("# Benchmarks\n\n{section}"),
        _ => format!("{}\n\n{section}", file.trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn splice(file: &str, section: &str) -> String {
        splice_between(file, START, END, section)
    }

    #[test]
    fn splice_replaces_only_the_marked_section() {
        let file = format!("# B\n\nintro\n\n{START}\nold\n{END}\n\n## Other\nkept\n");
        let out = splice(&file, &format!("{START}\nnew\n{END}\n"));
        assert_eq!(
            out,
            format!("# B\n\nintro\n\n{START}\nnew\n{END}\n\n## Other\nkept\n")
        );
    }

    #[test]
    fn splice_appends_when_the_file_has_no_section() {
        let out = splice("# B\n\n## Package\nx\n", "S\n");
        assert_eq!(out, "# B\n\n## Package\nx\n\nS\n");
        assert_eq!(splice("", "S\n"), "# Benchmarks\n\nS\n");
    }

    #[test]
    fn times_use_the_largest_unit_below_the_value() {
        assert_eq!(time(812.4), "812 ns");
        assert_eq!(time(1234.0), "1.23 µs");
        assert_eq!(time(4_560_000.0), "4.56 ms");
    }
}
