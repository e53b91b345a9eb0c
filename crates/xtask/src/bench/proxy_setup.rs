//! How hwc-kyc-proxy is configured for the load run: pointed at the standalone simulator with the
//! simulator's published test credentials, and with its per-client rate limits raised so the run
//! measures forwarding rather than 429s (every request comes from 127.0.0.1).

/// The simulator's platform ID (`TEST_XACCOUNT_TYPE` in crates/sim/src/config.rs); the proxy
/// refuses to start against a remote upstream without one.
const SIM_XACCOUNT_TYPE: &str = "HWC_KYC_IDP";
/// Caller-token secret for the run (check-identity needs no caller token; the proxy needs a
/// secret of at least 32 bytes to start against a remote upstream). Bench-only.
const BENCH_CALLER_SECRET: &str = "hwc-kyc-bench-only-caller-token-secret";
/// Requests per minute per client address for the run, for both limits (defaults 120 and 20).
pub const RATE_LIMIT: u32 = 100_000_000;

/// The proxy's environment for the run and a sentence saying how it differs from its defaults.
/// `download_dir` stands for the partner's bucket (the proxy needs one with a real upstream; the
/// run uploads nothing).
pub fn environment(
    sim_port: u16,
    sim_token: &str,
    download_dir: &std::path::Path,
) -> (Vec<(String, String)>, String) {
    let env = [
        ("HWC_KYC_UPSTREAM", format!("http://127.0.0.1:{sim_port}")),
        ("HWC_KYC_AUTH_TOKEN", sim_token.to_string()),
        ("HWC_KYC_XACCOUNT_TYPE", SIM_XACCOUNT_TYPE.to_string()),
        (
            "HWC_KYC_CALLER_TOKEN_SECRET",
            BENCH_CALLER_SECRET.to_string(),
        ),
        // The simulator listens on plain HTTP on this machine.
        ("HWC_KYC_ALLOW_INSECURE_HTTP", "true".to_string()),
        (
            "HWC_KYC_DOWNLOAD_DIR",
            download_dir.to_string_lossy().into_owned(),
        ),
        ("HWC_KYC_RATE_LIMIT_PER_MINUTE", RATE_LIMIT.to_string()),
        ("HWC_KYC_CHECK_IDENTITY_PER_MINUTE", RATE_LIMIT.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let note = format!(
        "The proxy runs from its release build with `HWC_KYC_UPSTREAM` set to the simulator and \
         the simulator's IAM token (the same authentication nginx adds), \
         `HWC_KYC_ALLOW_INSECURE_HTTP` (the simulator speaks plain HTTP on loopback), a \
         `HWC_KYC_DOWNLOAD_DIR` standing for the bucket (nothing is uploaded), and with \
         `HWC_KYC_RATE_LIMIT_PER_MINUTE` and `HWC_KYC_CHECK_IDENTITY_PER_MINUTE` raised from \
         their defaults (120 and 20 a minute per client address) to {RATE_LIMIT}: every request \
         comes from 127.0.0.1, and the run measures forwarding, not refusals (the limiter \
         itself still runs on every request). It re-validates each body with core before \
         forwarding it; nginx forwards it as it is."
    );
    (env, note)
}
