//! The machine and tool versions a benchmark ran with, for the header of its section.

use std::process::Command;

/// Where and with what the figures were taken.
#[derive(Debug, Clone)]
pub struct Machine {
    /// `model name` from /proc/cpuinfo.
    pub cpu: String,
    /// Logical cores the process may use.
    pub cores: usize,
    /// /proc/loadavg's 1-minute figure when the run started and when it ended.
    pub load: (String, String),
    /// `rustc --version`.
    pub rustc: String,
    /// `node --version`.
    pub node: String,
    /// The operating system (`PRETTY_NAME` of /etc/os-release).
    pub os: String,
}

impl Machine {
    /// Reads the machine's facts now (the end load is filled in by [`Machine::finish`]).
    pub fn probe() -> Self {
        Machine {
            cpu: cpu_model(),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            load: (load_average(), String::new()),
            rustc: tool_version("rustc", &["--version"]),
            node: tool_version("node", &["--version"]),
            os: os_name(),
        }
    }

    /// Records the load average at the end of the run.
    pub fn finish(&mut self) {
        self.load.1 = load_average();
    }
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn os_name() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_string())
        })
        .unwrap_or_else(|| std::env::consts::OS.into())
}

/// The first line a tool prints about its version (on stdout or stderr: `nginx -v` and `wrk -v`
/// use stderr or exit non-zero), or "not installed".
pub fn tool_version(program: &str, args: &[&str]) -> String {
    match Command::new(program).args(args).output() {
        Ok(out) => {
            let text = if out.stdout.is_empty() {
                out.stderr
            } else {
                out.stdout
            };
            String::from_utf8_lossy(&text)
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_string()
        }
        Err(_) => "not installed".into(),
    }
}
