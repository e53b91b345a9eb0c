//! The proxy against a plain reverse proxy: a bounded wrk run from 127.0.0.1 against
//! hwc-kyc-proxy forwarding check-identity to the simulator, and against nginx (the Debian
//! package) forwarding the same request to the same simulator. Loopback only; every process
//! started here is stopped here.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{cargo, BenchError};

/// The request both sides forward: check-identity, which needs no caller token.
pub const PATH: &str = "/v2/partners/sub-customers/users/check-identity";
/// Its body.
pub const BODY: &str = r#"{"search_type":"email","search_value":"wang@example.com"}"#;
/// The simulator's published, test-only IAM token (`TEST_AUTH_TOKEN` in crates/sim/src/config.rs);
/// nginx adds it as a partner's reverse proxy would. A stale copy fails the probe request.
pub(super) const SIM_TOKEN: &str = "hwc-kyc-sim-test-only-iam-token-0001";

/// How the load is applied.
#[derive(Debug, Clone)]
pub struct Load {
    /// wrk threads (`-t`).
    pub threads: u32,
    /// Open connections (`-c`).
    pub connections: u32,
    /// Seconds per measured run (`-d`).
    pub seconds: u32,
    /// Seconds of unmeasured warm-up per side.
    pub warmup_seconds: u32,
}

impl Load {
    /// Rounds the proxy-against-nginx run alternates the two sides in (2 with `quick`).
    pub fn rounds(&self) -> u32 {
        if self.seconds < 30 {
            2
        } else {
            6
        }
    }

    /// 30 s, 2 threads, 32 connections (5 s and 2 s with `quick`).
    pub fn new(quick: bool) -> Self {
        Load {
            threads: 2,
            connections: 32,
            seconds: if quick { 5 } else { 30 },
            warmup_seconds: if quick { 2 } else { 5 },
        }
    }
}

/// What wrk measured against one side.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// Requests per second.
    pub rps: f64,
    /// Median latency, µs.
    pub p50_us: f64,
    /// 99th percentile latency, µs.
    pub p99_us: f64,
    /// Requests completed.
    pub requests: u64,
    /// Answers that were not 2xx or 3xx.
    pub non_2xx: u64,
    /// wrk's socket error line, if any.
    pub socket_errors: Option<String>,
    /// CPU time (user + system) the side under test used per completed request, µs (nginx: its
    /// master and workers).
    pub side_cpu_us: f64,
    /// CPU time the simulator used per completed request, µs.
    pub sim_cpu_us: f64,
}

/// Both sides, and what they ran with.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The load.
    pub load: Load,
    /// Rounds of the run: each side ran `load.seconds / rounds` seconds per round, in turn.
    pub rounds: u32,
    /// The median over rounds of the proxy's requests/s over nginx's in the same round.
    pub rps_ratio: f64,
    /// hwc-kyc-proxy → simulator.
    pub proxy: Figures,
    /// nginx → simulator.
    pub nginx: Figures,
    /// `nginx -v`.
    pub nginx_version: String,
    /// `wrk -v`.
    pub wrk_version: String,
    /// How the proxy was configured for the run (shown in the section).
    pub proxy_setup: String,
}

/// The median (the mean of the middle two for an even count; 0 for none).
pub(super) fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => 0.0,
        n if n % 2 == 1 => xs[n / 2],
        n => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

/// One side's rounds as one row: medians of throughput and latency, totals of requests and
/// errors, and CPU per request over the whole run (the rounds carry CPU µs, not per request).
fn summary(rounds: &[Figures]) -> Figures {
    let requests: u64 = rounds.iter().map(|f| f.requests).sum();
    let per_request = |total: f64| total / requests.max(1) as f64;
    Figures {
        rps: median(rounds.iter().map(|f| f.rps).collect()),
        p50_us: median(rounds.iter().map(|f| f.p50_us).collect()),
        p99_us: median(rounds.iter().map(|f| f.p99_us).collect()),
        requests,
        non_2xx: rounds.iter().map(|f| f.non_2xx).sum(),
        socket_errors: rounds.iter().find_map(|f| f.socket_errors.clone()),
        side_cpu_us: per_request(rounds.iter().map(|f| f.side_cpu_us).sum()),
        sim_cpu_us: per_request(rounds.iter().map(|f| f.sim_cpu_us).sum()),
    }
}

/// A child process stopped (SIGTERM, then SIGKILL after 5 s) when dropped.
pub(super) struct Running {
    name: &'static str,
    child: Child,
}

impl Running {
    /// CPU time (user + system) this process and its children (nginx's workers) have used.
    pub(super) fn cpu(&self) -> Duration {
        cpu_of_tree(self.child.id())
    }

    pub(super) fn start(name: &'static str, cmd: &mut Command) -> Result<Self, BenchError> {
        let child = cmd.spawn().map_err(|e| BenchError::Spawn(name.into(), e))?;
        Ok(Running { name, child })
    }

    /// Waits until `addr` accepts connections, failing if the process exits first.
    pub(super) fn wait_for(&mut self, addr: SocketAddr) -> Result<(), BenchError> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(BenchError::Failed(format!(
                    "{} exited: {status}",
                    self.name
                )));
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(BenchError::Failed(format!(
            "{} did not listen on {addr} within 30 s",
            self.name
        )))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // SIGTERM first: nginx's master then stops its workers.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The kernel's clock ticks per second (`getconf CLK_TCK`; 100 on every Linux this runs on).
fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// `(parent pid, utime + stime in ticks)` from a `/proc/<pid>/stat` line (the fields after the
/// command name, which may hold spaces and parentheses).
fn stat_fields(stat: &str) -> Option<(u32, u64)> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state(0) ppid(1) … utime(11) stime(12).
    let ppid = f.get(1)?.parse().ok()?;
    let utime: u64 = f.get(11)?.parse().ok()?;
    let stime: u64 = f.get(12)?.parse().ok()?;
    Some((ppid, utime + stime))
}

/// CPU time used so far by `pid` and its direct children (0 when /proc cannot be read).
fn cpu_of_tree(pid: u32) -> Duration {
    let mut ticks = 0;
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(p) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            if let Some((ppid, t)) = stat_fields(&stat) {
                if p == pid || ppid == pid {
                    ticks += t;
                }
            }
        }
    }
    Duration::from_secs_f64(ticks as f64 / clock_ticks())
}

/// What every load bench starts from: its fresh working folder and the simulator listening.
pub(super) struct Stage {
    /// `target/bench/<name>`, emptied.
    pub dir: PathBuf,
    /// The release simulator, stopped when dropped.
    pub sim: Running,
    /// Its loopback port.
    pub sim_port: u16,
}

/// Builds the release simulator and proxy (found then as `target/release/<name>`), empties
/// `target/bench/<name>` and starts the simulator on a free loopback port.
pub(super) fn stage(root: &Path, target: &Path, name: &str) -> Result<Stage, BenchError> {
    cargo(
        root,
        &[
            "build",
            "--release",
            "-p",
            "hwc-kyc-sim",
            "-p",
            "hwc-kyc-proxy",
        ],
    )?;
    let dir = target.join("bench").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(BenchError::Io)?;
    let sim_port = free_port()?;
    let mut sim = Running::start(
        "hwc-kyc-sim",
        Command::new(target.join("release").join("hwc-kyc-sim"))
            .env("HWC_KYC_SIM_LISTEN", loopback(sim_port).to_string())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null()),
    )?;
    sim.wait_for(loopback(sim_port))?;
    Ok(Stage { dir, sim, sim_port })
}

/// A free port on 127.0.0.1 (bound and released; the servers bind it right after).
pub(super) fn free_port() -> Result<u16, BenchError> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(BenchError::Io)?;
    Ok(l.local_addr().map_err(BenchError::Io)?.port())
}

pub(super) fn loopback(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// Installs a Debian package when `program` is missing (the project's scripts install what
/// they need; a fresh machine has neither wrk nor nginx).
pub(super) fn ensure_tool(program: &str, package: &str) -> Result<(), BenchError> {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if found {
        return Ok(());
    }
    eprintln!("bench: installing {package} (apt-get)");
    let ok = Command::new("sh")
        .args([
            "-c",
            &format!("apt-get update -qq && apt-get install -y -qq {package}"),
        ])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        Ok(())
    } else {
        Err(BenchError::Failed(format!(
            "{program} is missing and `apt-get install {package}` failed; install it and rerun"
        )))
    }
}

/// One POST of [`BODY`] to `addr` + [`PATH`]: the status code and body.
fn probe(addr: SocketAddr) -> Result<(u16, String), BenchError> {
    let mut s =
        TcpStream::connect_timeout(&addr, Duration::from_secs(5)).map_err(BenchError::Io)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(BenchError::Io)?;
    let request = format!(
        "POST {PATH} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{BODY}",
        BODY.len()
    );
    s.write_all(request.as_bytes()).map_err(BenchError::Io)?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(BenchError::Io)?;
    let text = String::from_utf8_lossy(&raw);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| BenchError::Failed(format!("no HTTP status from {addr}: {text:?}")))?;
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    Ok((status, body))
}

/// Checks that `addr` answers the benchmark request like the simulator does (200 with a
/// `check_result`), so the run measures forwarding, not errors.
pub(super) fn expect_forwarding(name: &str, addr: SocketAddr) -> Result<(), BenchError> {
    let (status, body) = probe(addr)?;
    if status != 200 || !body.contains("check_result") {
        return Err(BenchError::Failed(format!(
            "{name} answered the benchmark request with {status}: {body}"
        )));
    }
    println!(
        "bench: {name} forwards check-identity: {status} {}",
        body.trim()
    );
    Ok(())
}

fn nginx_conf(dir: &Path, port: u16, sim_port: u16) -> String {
    let d = dir.display();
    format!(
        r#"# Generated by `cargo xtask bench`: a plain reverse proxy in front of the simulator.
daemon off;
worker_processes auto;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    upstream sim {{
        server 127.0.0.1:{sim_port};
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location = {PATH} {{
            proxy_pass http://sim;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-Auth-Token "{SIM_TOKEN}";
        }}
    }}
}}
"#
    )
}

/// wrk's Lua script: POST the body as JSON.
pub(super) fn wrk_script() -> String {
    format!(
        "wrk.method = \"POST\"\nwrk.body = '{BODY}'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
    )
}

pub(super) fn wrk(
    load: &Load,
    script: &Path,
    addr: SocketAddr,
    seconds: u32,
) -> Result<String, BenchError> {
    let out = Command::new("wrk")
        .args([
            &format!("-t{}", load.threads),
            &format!("-c{}", load.connections),
            &format!("-d{seconds}s"),
            "--latency",
            "-s",
        ])
        .arg(script)
        .arg(format!("http://{addr}{PATH}"))
        .output()
        .map_err(|e| BenchError::Spawn("wrk".into(), e))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(BenchError::Failed(format!(
            "wrk failed: {}{}",
            text,
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    Ok(text)
}

/// A wrk duration (`812.00us`, `1.23ms`, `2.01s`, `1.00m`) in µs.
fn micros(s: &str) -> Option<f64> {
    let split = s.find(|c: char| c.is_ascii_alphabetic())?;
    let (n, unit) = s.split_at(split);
    let n: f64 = n.parse().ok()?;
    let scale = match unit {
        "us" => 1.0,
        "ms" => 1e3,
        "s" => 1e6,
        "m" => 60e6,
        _ => return None,
    };
    Some(n * scale)
}

/// Reads wrk's `--latency` report.
pub fn parse_wrk(text: &str) -> Result<Figures, BenchError> {
    let mut f = Figures::default();
    let missing = |what: &str| BenchError::Failed(format!("no {what} in wrk's output:\n{text}"));
    for line in text.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Requests/sec:", n] => f.rps = n.parse().map_err(|_| missing("Requests/sec"))?,
            ["50%", d] => f.p50_us = micros(d).ok_or_else(|| missing("50%"))?,
            ["99%", d] => f.p99_us = micros(d).ok_or_else(|| missing("99%"))?,
            [n, "requests", "in", ..] => f.requests = n.parse().unwrap_or(0),
            ["Non-2xx", "or", "3xx", "responses:", n] => f.non_2xx = n.parse().unwrap_or(0),
            ["Socket", "errors:", ..] => f.socket_errors = Some(line.to_string()),
            _ => {}
        }
    }
    if f.rps == 0.0 || f.p50_us == 0.0 || f.p99_us == 0.0 {
        return Err(missing("Requests/sec or latency distribution"));
    }
    Ok(f)
}

/// Builds the binaries, starts the simulator, the proxy and nginx on free loopback ports, checks
/// both forward the request, then runs wrk against each in turn.
pub fn run(root: &Path, target: &Path, quick: bool) -> Result<Outcome, BenchError> {
    ensure_tool("wrk", "wrk")?;
    ensure_tool("nginx", "nginx")?;
    let load = Load::new(quick);
    let Stage { dir, sim, sim_port } = stage(root, target, "load")?;
    let bin = |name: &str| target.join("release").join(name);
    let (proxy_port, nginx_port) = (free_port()?, free_port()?);

    let (proxy_env, proxy_setup) =
        super::proxy_setup::environment(sim_port, SIM_TOKEN, &dir.join("download"));
    let mut proxy = Running::start(
        "hwc-kyc-proxy",
        Command::new(bin("hwc-kyc-proxy"))
            .envs(proxy_env)
            .env("HWC_KYC_LISTEN", loopback(proxy_port).to_string())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null()),
    )?;
    proxy.wait_for(loopback(proxy_port))?;

    let conf = dir.join("nginx.conf");
    std::fs::write(&conf, nginx_conf(&dir, nginx_port, sim_port)).map_err(BenchError::Io)?;
    let mut nginx = Running::start(
        "nginx",
        Command::new("nginx")
            .arg("-p")
            .arg(&dir)
            .arg("-e")
            .arg(dir.join("error.log"))
            .arg("-c")
            .arg(&conf),
    )?;
    nginx.wait_for(loopback(nginx_port))?;

    expect_forwarding("hwc-kyc-proxy", loopback(proxy_port))?;
    expect_forwarding("nginx", loopback(nginx_port))?;

    let script = dir.join("post.lua");
    std::fs::write(&script, wrk_script()).map_err(BenchError::Io)?;
    let sides = [("hwc-kyc-proxy", proxy_port), ("nginx", nginx_port)];
    for (name, port) in sides {
        println!("bench: warming up {name} ({} s)", load.warmup_seconds);
        wrk(&load, &script, loopback(port), load.warmup_seconds)?;
    }
    // Alternating rounds: a machine shared with other work drifts over a run, and each round's
    // ratio compares the two sides under the same conditions.
    let rounds = load.rounds();
    let round_seconds = (load.seconds / rounds).max(1);
    let mut runs: [Vec<Figures>; 2] = [Vec::new(), Vec::new()];
    for round in 1..=rounds {
        for (i, (name, port)) in sides.into_iter().enumerate() {
            println!(
                "bench: round {round}/{rounds}: wrk -t{} -c{} -d{round_seconds}s against {name}",
                load.threads, load.connections
            );
            let side = if port == proxy_port { &proxy } else { &nginx };
            let before = (side.cpu(), sim.cpu());
            let text = wrk(&load, &script, loopback(port), round_seconds)?;
            let after = (side.cpu(), sim.cpu());
            let mut f = parse_wrk(&text)?;
            f.side_cpu_us = after.0.saturating_sub(before.0).as_secs_f64() * 1e6;
            f.sim_cpu_us = after.1.saturating_sub(before.1).as_secs_f64() * 1e6;
            println!("bench: {:.0} requests/s", f.rps);
            runs[i].push(f);
        }
    }
    let ratios: Vec<f64> = runs[0]
        .iter()
        .zip(&runs[1])
        .map(|(p, n)| p.rps / n.rps)
        .collect();
    let [proxy_runs, nginx_runs] = runs;
    let (proxy_figures, nginx_figures) = (summary(&proxy_runs), summary(&nginx_runs));
    for (name, f) in [("hwc-kyc-proxy", &proxy_figures), ("nginx", &nginx_figures)] {
        println!(
            "bench: {name}: median {:.0} requests/s; CPU per request {:.1} µs, simulator {:.1} µs",
            f.rps, f.side_cpu_us, f.sim_cpu_us
        );
    }
    drop((nginx, proxy, sim));
    Ok(Outcome {
        rps_ratio: median(ratios),
        rounds,
        load,
        proxy: proxy_figures,
        nginx: nginx_figures,
        // "nginx version: nginx/1.22.1" → "nginx/1.22.1"; "wrk 4.1.0 [epoll] Copyright …" → "wrk 4.1.0".
        nginx_version: super::machine::tool_version("nginx", &["-v"])
            .replace("nginx version: ", ""),
        wrk_version: super::machine::tool_version("wrk", &["-v"])
            .split(" [")
            .next()
            .unwrap_or("wrk")
            .to_string(),
        proxy_setup,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRK: &str = "Running 30s test @ http://127.0.0.1:8080/x
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.47ms  520.40us  12.03ms   80.00%
    Req/Sec    11.02k     1.10k   13.50k    70.00%
  Latency Distribution
     50%    1.39ms
     75%    1.70ms
     90%    2.03ms
     99%    3.01ms
  658021 requests in 30.00s, 120.48MB read
  Non-2xx or 3xx responses: 3
Requests/sec:  21932.77
Transfer/sec:      4.02MB
";

    #[test]
    fn medians_and_summaries_of_rounds() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(Vec::new()), 0.0);
        let round = |rps: f64, requests: u64, cpu: f64| Figures {
            rps,
            p50_us: rps / 10.0,
            p99_us: rps,
            requests,
            side_cpu_us: cpu,
            ..Figures::default()
        };
        let s = summary(&[
            round(100.0, 10, 50.0),
            round(300.0, 30, 150.0),
            round(200.0, 20, 100.0),
        ]);
        assert_eq!(
            (s.rps, s.p50_us, s.p99_us, s.requests),
            (200.0, 20.0, 200.0, 60)
        );
        assert_eq!(s.side_cpu_us, 5.0);
    }

    #[test]
    fn reads_parent_and_cpu_ticks_from_a_stat_line() {
        // A name with a space and a parenthesis, as /proc shows it.
        let line =
            "4242 (nginx: wor) ker) S 4200 4200 4200 0 -1 4194624 100 0 0 0 37 5 0 0 20 0 1 0";
        assert_eq!(stat_fields(line), Some((4200, 42)));
        assert_eq!(stat_fields("garbage"), None);
    }

    #[test]
    fn this_process_has_used_some_cpu() {
        let mut spin = 0u64;
        for i in 0..5_000_000u64 {
            spin = spin.wrapping_add(i * i);
        }
        assert!(spin > 0);
        assert!(cpu_of_tree(std::process::id()) > Duration::ZERO);
    }

    #[test]
    fn reads_throughput_percentiles_and_errors_from_wrk() {
        let f = parse_wrk(WRK).unwrap();
        assert_eq!(f.rps, 21932.77);
        assert_eq!(f.p50_us, 1390.0);
        assert_eq!(f.p99_us, 3010.0);
        assert_eq!(f.requests, 658021);
        assert_eq!(f.non_2xx, 3);
    }

    #[test]
    fn refuses_a_report_without_latency_distribution() {
        assert!(parse_wrk("Requests/sec: 10.0\n").is_err());
    }

    #[test]
    fn converts_every_wrk_unit_to_microseconds() {
        assert_eq!(micros("812.00us"), Some(812.0));
        assert_eq!(micros("1.5ms"), Some(1500.0));
        assert_eq!(micros("2s"), Some(2e6));
        assert_eq!(micros("1.00m"), Some(60e6));
        assert_eq!(micros("3h"), None);
    }
}
