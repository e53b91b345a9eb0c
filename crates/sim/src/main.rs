//! `hwc-kyc-sim`: serves the simulator until interrupted.
//!
//! Environment: `HWC_KYC_SIM_LISTEN` (default `127.0.0.1:8090`), `HWC_KYC_SIM_FAULT` (a fault
//! applied to every request, e.g. `latency=500`), `HWC_KYC_SIM_REVIEW_DELAY_MS` (default 5000),
//! `RUST_LOG` (default `info`).

use std::process::ExitCode;
use std::time::Duration;

use hwc_kyc_sim::{Fault, ReviewTiming, SimConfig, Simulator};

#[derive(Debug, thiserror::Error)]
enum StartError {
    #[error("HWC_KYC_SIM_LISTEN `{0}` is not an address like 127.0.0.1:8090")]
    Listen(String),
    #[error("HWC_KYC_SIM_FAULT: {0}")]
    Fault(#[from] hwc_kyc_sim::FaultParseError),
    #[error("HWC_KYC_SIM_REVIEW_DELAY_MS `{0}` is not a whole number of milliseconds")]
    ReviewDelay(String),
    #[error("cannot listen: {0}")]
    Bind(#[from] std::io::Error),
}

async fn run() -> Result<(), StartError> {
    let listen = std::env::var("HWC_KYC_SIM_LISTEN").unwrap_or_else(|_| "127.0.0.1:8090".into());
    let addr = listen
        .parse()
        .map_err(|_| StartError::Listen(listen.clone()))?;
    let mut config = SimConfig::default();
    if let Ok(fault) = std::env::var("HWC_KYC_SIM_FAULT") {
        config.fault = Some(fault.parse::<Fault>()?);
    }
    if let Ok(ms) = std::env::var("HWC_KYC_SIM_REVIEW_DELAY_MS") {
        let ms: u64 = ms
            .parse()
            .map_err(|_| StartError::ReviewDelay(ms.clone()))?;
        config.review = ReviewTiming::AfterDelay(Duration::from_millis(ms));
    }
    let handle = Simulator::new(config).spawn(addr).await?;
    println!("hwc-kyc-sim listening on {}", handle.url());
    let _ = tokio::signal::ctrl_c().await;
    handle.shutdown().await;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hwc-kyc-sim: {e}");
            ExitCode::FAILURE
        }
    }
}
