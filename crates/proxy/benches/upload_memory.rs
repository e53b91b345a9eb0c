//! Peak memory of the proxy while 100 clients upload 4 × 10 MB each (the largest files core
//! allows) at once, into an OBS-compatible store: `cargo bench -p hwc-kyc-proxy --bench
//! upload_memory`. The proxy runs as its own process (the `hwc-kyc-proxy` binary, configured
//! through its environment); its peak resident set (`VmHWM` in /proc/<pid>/status) is read when
//! every upload has been answered. The store is s3s-fs in this process, on 127.0.0.1; the
//! clients stream their bodies from a generator, so neither side's memory is counted. Bounded:
//! 100 requests, each with a 10-minute timeout. Figures go in RELIABILITY.md ("Uploads").
//!
//! `HWC_KYC_BENCH_CLIENTS` and `HWC_KYC_BENCH_FILE_BYTES` change the load (for a quick try).

#[path = "../tests/common/s3.rs"]
mod s3;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use hwc_kyc::rules::limits::{ATTACHMENTS_MAX, ATTACHMENT_FILE_MAX_BYTES};
use hwc_kyc_proxy::caller_token;
use s3::{s3_server, BUCKET, OBS_AK, OBS_SK};

const SECRET: &str = "upload-memory-bench-caller-token-secret-0123";
const CHUNK: usize = 64 * 1024;
const BOUNDARY: &str = "hwc-kyc-upload-memory-bench";

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The proxy process, stopped when dropped.
struct Proxy(Child);

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A `status` field of the process, in KiB.
fn status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// A multipart body of `files` files of `size` bytes each (a JPEG signature, then filler),
/// produced 64 KiB at a time.
fn body(files: usize, size: usize) -> (u64, reqwest::Body) {
    let head = |i: usize| {
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"scan-{i}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
        )
    };
    let tail = format!("--{BOUNDARY}--\r\n");
    let length = (0..files).map(|i| head(i).len() + size + 2).sum::<usize>() + tail.len();
    let filler = Bytes::from(vec![0x5Au8; CHUNK]);
    let mut parts: Vec<Bytes> = Vec::new();
    for i in 0..files {
        parts.push(Bytes::from(head(i)));
        let mut left = size;
        let mut first = true;
        while left > 0 {
            let n = left.min(CHUNK);
            if first {
                let mut c = b"\xFF\xD8\xFF\xE0".to_vec();
                c.resize(n, 0x5A);
                parts.push(Bytes::from(c));
                first = false;
            } else {
                parts.push(filler.slice(..n));
            }
            left -= n;
        }
        parts.push(Bytes::from_static(b"\r\n"));
    }
    parts.push(Bytes::from(tail));
    // The chunks share one filler buffer: the body costs the client little memory.
    let stream = futures_util::stream::iter(parts.into_iter().map(Ok::<_, std::io::Error>));
    (length as u64, reqwest::Body::wrap_stream(stream))
}

#[tokio::main]
async fn main() {
    let clients = env_or("HWC_KYC_BENCH_CLIENTS", 100);
    let size = env_or("HWC_KYC_BENCH_FILE_BYTES", ATTACHMENT_FILE_MAX_BYTES);
    let files = ATTACHMENTS_MAX;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let store = s3_server(OBS_AK, OBS_SK).await;
    // The upstream: a simulator in this process (uploads never reach it).
    let sim = hwc_kyc_sim::Simulator::new(hwc_kyc_sim::SimConfig::default())
        .spawn(([127, 0, 0, 1], 0).into())
        .await
        .expect("simulator");

    let mut child = Command::new(env!("CARGO_BIN_EXE_hwc-kyc-proxy"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("RUST_LOG", "warn")
        .env("HWC_KYC_LISTEN", "127.0.0.1:0")
        .env("HWC_KYC_UPSTREAM", sim.url())
        .env("HWC_KYC_ACCESS_KEY", hwc_kyc_sim::TEST_ACCESS_KEY)
        .env("HWC_KYC_SECRET_KEY", hwc_kyc_sim::TEST_SECRET_KEY)
        .env("HWC_KYC_DOMAIN_ID", hwc_kyc_sim::TEST_DOMAIN_ID)
        .env("HWC_KYC_XACCOUNT_TYPE", hwc_kyc_sim::TEST_XACCOUNT_TYPE)
        .env("HWC_KYC_CALLER_TOKEN_SECRET", SECRET)
        .env("HWC_KYC_OBS_BUCKET", BUCKET)
        .env("HWC_KYC_OBS_REGION", "ap-southeast-1")
        .env("HWC_KYC_OBS_ENDPOINT", store.endpoint())
        .env("HWC_KYC_OBS_ACCESS_KEY", OBS_AK)
        .env("HWC_KYC_OBS_SECRET_KEY", OBS_SK)
        .env("HWC_KYC_ALLOW_INSECURE_HTTP", "true")
        .env("HWC_KYC_RATE_LIMIT_PER_MINUTE", "100000")
        .env("HWC_KYC_BODY_READ_TIMEOUT_MS", "600000")
        .stdout(Stdio::piped())
        .spawn()
        .expect("the proxy binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let proxy = Proxy(child);
    let pid = proxy.0.id();
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the proxy says where it listens");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_string();
    let idle = status_kib(pid, "VmRSS:");

    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()
        .expect("client");
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(clients);
    for i in 0..clients {
        let (client, url) = (client.clone(), url.clone());
        let token = caller_token::issue(
            SECRET.as_bytes(),
            &format!("cust-bench-{i:03}"),
            3600,
            now(),
        );
        tasks.push(tokio::spawn(async move {
            let (length, body) = body(files, size);
            let answer = client
                .post(format!("{url}/uploads"))
                .bearer_auth(token)
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                )
                .header("content-length", length)
                .body(body)
                .send()
                .await;
            match answer {
                Ok(r) => r.status().as_u16(),
                Err(e) => {
                    eprintln!("client {i}: {e}");
                    0
                }
            }
        }));
    }
    let mut sampled_peak = 0;
    let mut statuses = Vec::with_capacity(clients);
    for task in tasks {
        while !task.is_finished() {
            sampled_peak = sampled_peak.max(status_kib(pid, "VmRSS:"));
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        statuses.push(task.await.unwrap_or(0));
    }
    let elapsed = started.elapsed();
    let peak = status_kib(pid, "VmHWM:");
    let ok = statuses.iter().filter(|s| **s == 200).count();
    let stored = store.keys().len();
    let mib = |kib: u64| kib as f64 / 1024.0;
    let total = (clients * files * size) as f64 / (1024.0 * 1024.0);
    println!(
        "upload_memory: {clients} clients x {files} files x {size} B ({total:.0} MiB) in {:.1} s \
         ({:.0} MiB/s); {ok}/{clients} answered 200, {stored} objects stored",
        elapsed.as_secs_f64(),
        total / elapsed.as_secs_f64()
    );
    println!(
        "upload_memory: proxy RSS idle {:.1} MiB, peak (VmHWM) {:.1} MiB, highest sample {:.1} MiB",
        mib(idle),
        mib(peak),
        mib(sampled_peak)
    );
    assert_eq!(ok, clients, "every upload stored: {statuses:?}");
    assert_eq!(stored, clients * files);
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
