//! Several proxy instances sharing Redis: a bounded wrk run from 127.0.0.1 against one
//! hwc-kyc-proxy with its state in memory, the same with its state in Redis (Debian's
//! `redis-server` on a loopback port), and two instances sharing that Redis, each loaded by its
//! own wrk with half the connections at the same time. All forward check-identity to one
//! simulator; every request passes both per-address rate limits (two GCRA decisions, in Redis
//! for the last two sides). Written into BENCHMARKS.md between its own markers.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use super::load::{
    ensure_tool, expect_forwarding, free_port, loopback, parse_wrk, stage, wrk, wrk_script,
    Figures, Load, Running, Stage, BODY, SIM_TOKEN,
};
use super::BenchError;

/// Markers of the section in BENCHMARKS.md.
pub const START: &str = "<!-- instances:start -->";
/// End marker.
pub const END: &str = "<!-- instances:end -->";

/// The three sides.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The load (for the two instances: half the connections and one thread each).
    pub load: Load,
    /// One instance, state in memory.
    pub memory: Figures,
    /// One instance, state in Redis.
    pub redis: Figures,
    /// Two instances sharing Redis: requests/s summed, latencies the higher of the two.
    pub two: Figures,
    /// `redis-server --version`.
    pub redis_version: String,
    /// The proxy's configuration for the run.
    pub proxy_setup: String,
}

/// Both wrk runs' figures as one side.
fn combined(a: &Figures, b: &Figures) -> Figures {
    Figures {
        rps: a.rps + b.rps,
        p50_us: a.p50_us.max(b.p50_us),
        p99_us: a.p99_us.max(b.p99_us),
        requests: a.requests + b.requests,
        non_2xx: a.non_2xx + b.non_2xx,
        socket_errors: a.socket_errors.clone().or_else(|| b.socket_errors.clone()),
        // Not measured in this section.
        ..Figures::default()
    }
}

/// Builds the binaries, starts the simulator, Redis and three proxies on free loopback ports,
/// checks each forwards, then runs wrk against each side in turn.
pub fn run(root: &Path, target: &Path, quick: bool) -> Result<Outcome, BenchError> {
    ensure_tool("wrk", "wrk")?;
    ensure_tool("redis-server", "redis-server")?;
    let load = Load::new(quick);
    let Stage { dir, sim, sim_port } = stage(root, target, "instances")?;
    let bin = |name: &str| target.join("release").join(name);
    let redis_port = free_port()?;
    let mut redis = Running::start(
        "redis-server",
        Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &redis_port.to_string()])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(&dir)
            .stdout(Stdio::null()),
    )?;
    redis.wait_for(loopback(redis_port))?;

    let (proxy_env, proxy_setup) =
        super::proxy_setup::environment(sim_port, SIM_TOKEN, &dir.join("download"));
    let redis_url = format!("redis://127.0.0.1:{redis_port}/");
    let mut proxies = Vec::new();
    let mut ports = Vec::new();
    for with_redis in [false, true, true] {
        let port = free_port()?;
        let mut cmd = Command::new(bin("hwc-kyc-proxy"));
        cmd.envs(proxy_env.clone())
            .env("HWC_KYC_LISTEN", loopback(port).to_string())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null());
        if with_redis {
            cmd.env("HWC_KYC_REDIS_URL", &redis_url);
        }
        let mut proxy = Running::start("hwc-kyc-proxy", &mut cmd)?;
        proxy.wait_for(loopback(port))?;
        expect_forwarding("hwc-kyc-proxy", loopback(port))?;
        proxies.push(proxy);
        ports.push(port);
    }

    let script = dir.join("post.lua");
    std::fs::write(&script, wrk_script()).map_err(BenchError::Io)?;
    let measure = |port: u16, load: &Load| -> Result<Figures, BenchError> {
        wrk(load, &script, loopback(port), load.warmup_seconds)?;
        let text = wrk(load, &script, loopback(port), load.seconds)?;
        print!("{text}");
        parse_wrk(&text)
    };
    println!("bench: one instance, state in memory");
    let memory = measure(ports[0], &load)?;
    println!("bench: one instance, state in Redis");
    let redis_figures = measure(ports[1], &load)?;
    println!("bench: two instances sharing Redis, one wrk each, at the same time");
    let half = Load {
        threads: (load.threads / 2).max(1),
        connections: (load.connections / 2).max(1),
        ..load.clone()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| measure(ports[1], &half));
        let b = s.spawn(|| measure(ports[2], &half));
        (a.join(), b.join())
    });
    let joined = |r: std::thread::Result<Result<Figures, BenchError>>| {
        r.map_err(|_| BenchError::Failed("a wrk thread panicked".into()))?
    };
    let two = combined(&joined(a)?, &joined(b)?);
    drop((proxies, redis, sim));
    Ok(Outcome {
        load,
        memory,
        redis: redis_figures,
        two,
        redis_version: super::machine::tool_version("redis-server", &["--version"])
            .split(" sha=")
            .next()
            .unwrap_or("redis-server")
            .to_string(),
        proxy_setup,
    })
}

fn row(out: &mut String, side: &str, f: &Figures) {
    let _ = writeln!(
        out,
        "| {side} | {:.0} | {:.0} µs | {:.0} µs | {} | {} |",
        f.rps, f.p50_us, f.p99_us, f.requests, f.non_2xx
    );
}

/// The section, between its markers.
pub fn section(o: &Outcome, date: &str, quick: bool, machine: &super::machine::Machine) -> String {
    let cores = machine.cores;
    let mut out = format!("{START}\n## Several proxy instances sharing Redis\n\n");
    let l = &o.load;
    let _ = writeln!(
        out,
        "_Written by `cargo xtask bench` (or `cargo xtask bench --instances`, this section alone) \
         on {date}{}._\n",
        if quick {
            " with `--quick` (short runs: not figures to quote)"
        } else {
            ""
        }
    );
    let _ = writeln!(
        out,
        "**Machine:** {}, {cores} cores, {}. Load average (1 min) {} at the start and {} at the \
         end: other work on the machine moves these figures by more than Redis does.\n",
        machine.cpu, machine.os, machine.load.0, machine.load.1
    );
    let _ = writeln!(
        out,
        "`wrk -t{} -c{} -d{}s --latency` from 127.0.0.1, POSTing check-identity (`{BODY}`), after \
         {} s of unmeasured warm-up per side, to: one hwc-kyc-proxy with its state in memory; \
         one with `HWC_KYC_REDIS_URL` ({}, loopback, no persistence); and two instances sharing \
         that Redis, each loaded at the same time by its own wrk with half the threads and \
         connections (requests/s summed, latencies the higher of the two). Each request passes \
         both per-address rate limits: two GCRA decisions, each one Lua script in Redis for the \
         last two sides. {} Everything — wrk, the simulator, Redis and the proxies — shares the \
         same {cores} cores, so two instances cannot be faster than one here: the figures \
         measure what sharing state through Redis costs, not how far more machines scale.\n",
        l.threads, l.connections, l.seconds, l.warmup_seconds, o.redis_version, o.proxy_setup
    );
    out.push_str(
        "| side | requests/s | p50 | p99 | requests | non-2xx |\n|---|---:|---:|---:|---:|---:|\n",
    );
    row(&mut out, "1 instance, state in memory", &o.memory);
    row(&mut out, "1 instance, state in Redis", &o.redis);
    row(&mut out, "2 instances sharing Redis", &o.two);
    let _ = writeln!(
        out,
        "\nRequests/s against one instance in memory: ×{:.2} with Redis, ×{:.2} for two \
         instances sharing it.",
        o.redis.rps / o.memory.rps,
        o.two.rps / o.memory.rps
    );
    for (name, f) in [("memory", &o.memory), ("Redis", &o.redis), ("two", &o.two)] {
        if let Some(e) = &f.socket_errors {
            let _ = writeln!(out, "\n{name}: wrk reported `{e}`.");
        }
    }
    let _ = writeln!(out, "{END}");
    out
}
