//! `hwc-kyc-proxy`: the reference partner proxy. `--config PATH` (or `HWC_KYC_CONFIG`) names a
//! TOML file; `HWC_KYC_*` variables override it; `RUST_LOG` sets the log filter (default `info`).

use std::process::ExitCode;

use hwc_kyc_proxy::{start, Config, RawConfig};

/// mimalloc rather than glibc's malloc, whose arenas and consolidation took a sixth of the proxy's
/// CPU per request under load (BENCHMARKS.md, "Proxy against nginx").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: hwc-kyc-proxy [--config PATH]\n\
    With no configuration: listens on 127.0.0.1:8080 (HWC_KYC_LISTEN) and forwards to an\n\
    embedded BSS-intl simulator in demo mode. See crates/proxy/README.md for every key.";

async fn run(args: Vec<String>) -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::resolve(RawConfig::load(&args)?)?;
    let embedded = matches!(config.upstream, hwc_kyc_proxy::Upstream::Embedded);
    let demo = config.demo.is_some();
    let missing_pages = config
        .demo
        .as_ref()
        .map(|d| d.www_dir.clone())
        .filter(|dir| !dir.join("index.html").is_file());
    let running = start(config).await?;
    println!(
        "hwc-kyc-proxy listening on {} (upstream: {}{})",
        running.url(),
        if embedded {
            "embedded simulator"
        } else {
            "configured endpoint"
        },
        if demo { ", demo mode" } else { "" },
    );
    if running.metrics_addr() != running.addr() {
        println!(
            "hwc-kyc-proxy metrics on http://{}/metrics",
            running.metrics_addr()
        );
    }
    if let Some(dir) = missing_pages {
        eprintln!(
            "hwc-kyc-proxy: no demo pages in {} (the API works): `cargo xtask demo` builds them \
             and starts this proxy on them, or set HWC_KYC_WWW_DIR",
            dir.display()
        );
    }
    let shutdown = tokio::signal::ctrl_c();
    tokio::select! {
        served = async { running.wait().await } => served?,
        _ = shutdown => {}
    }
    Ok(())
}

/// A single-threaded runtime: it is the first worker; `start` runs the others (`workers`, one per
/// core by default) on threads of their own.
#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hwc-kyc-proxy: {e}");
            ExitCode::FAILURE
        }
    }
}
