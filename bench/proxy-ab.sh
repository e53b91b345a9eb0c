#!/usr/bin/env bash
# A/B of two hwc-kyc-proxy release builds (`cargo build --release -p hwc-kyc-proxy -p hwc-kyc-sim`,
# each checkout with its own --target-dir): one simulator (the first build's), both proxies configured
# as `cargo xtask bench` configures its proxy, the same wrk load as that bench (-t2 -c32, POSTing
# check-identity), the sides interleaved round by round in one sitting. Loopback only; every
# process started here is stopped on exit. Prints requests/s, latency and the proxy's CPU time per
# request (user + system, from /proc), which a machine shared with other work disturbs less.
# usage: bench/proxy-ab.sh OLD_TARGET_DIR NEW_TARGET_DIR [rounds] [seconds per run]  (ports 18601-18603)
set -euo pipefail
old=$1/release new=$2/release rounds=${3:-3} secs=${4:-15}
lua=$(mktemp --suffix=.lua)
printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' \
  "'{\"search_type\":\"email\",\"search_value\":\"wang@example.com\"}'" > "$lua"
HWC_KYC_SIM_LISTEN=127.0.0.1:18601 RUST_LOG=warn "$old/hwc-kyc-sim" >/dev/null 2>&1 & sim=$!
env_of() { exec env HWC_KYC_UPSTREAM=http://127.0.0.1:18601 HWC_KYC_AUTH_TOKEN=hwc-kyc-sim-test-only-iam-token-0001 \
  HWC_KYC_XACCOUNT_TYPE=HWC_KYC_IDP HWC_KYC_CALLER_TOKEN_SECRET=hwc-kyc-bench-only-caller-token-secret \
  HWC_KYC_RATE_LIMIT_PER_MINUTE=100000000 HWC_KYC_CHECK_IDENTITY_PER_MINUTE=100000000 \
  HWC_KYC_ALLOW_INSECURE_HTTP=true HWC_KYC_DOWNLOAD_DIR="${TMPDIR:-/tmp}/hwc-kyc-bench-download" RUST_LOG=warn "$@"; }
HWC_KYC_LISTEN=127.0.0.1:18602 env_of "$old/hwc-kyc-proxy" >/dev/null 2>&1 & a=$!
HWC_KYC_LISTEN=127.0.0.1:18603 env_of "$new/hwc-kyc-proxy" >/dev/null 2>&1 & b=$!
trap 'kill $sim $a $b 2>/dev/null; rm -f "$lua"' EXIT
sleep 2
path=/v2/partners/sub-customers/users/check-identity
for port in 18602 18603; do
  curl -sf -X POST -H 'content-type: application/json' \
    -d '{"search_type":"email","search_value":"wang@example.com"}' "http://127.0.0.1:$port$path" >/dev/null
  wrk -t2 -c32 -d5s -s "$lua" "http://127.0.0.1:$port$path" >/dev/null
done
# CPU time (user + system, clock ticks) the process has used.
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
tick=$(getconf CLK_TCK)
for r in $(seq "$rounds"); do
  for side in old:18602:$a new:18603:$b; do
    name=${side%%:*} rest=${side#*:} port=${rest%%:*} pid=${rest#*:}
    before=$(cpu "$pid")
    out=$(wrk -t2 -c32 -d${secs}s --latency -s "$lua" "http://127.0.0.1:$port$path")
    after=$(cpu "$pid")
    reqs=$(awk '/requests in/ {print $1}' <<<"$out")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    non=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    us=$(awk -v c=$((after - before)) -v t="$tick" -v n="$reqs" 'BEGIN {printf "%.1f", c / t * 1e6 / n}')
    echo "round $r $name rps=$rps p50=$p50 p99=$p99 non2xx=${non:-0} proxy_cpu_us_per_request=$us"
  done
done
