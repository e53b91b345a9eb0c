#!/usr/bin/env bash
# Instructions per request of one hwc-kyc-proxy release build, counted by valgrind's callgrind:
# user-space work only (not the kernel's), and the same count whatever else the machine is doing,
# so two builds compare on a shared machine. The proxy runs under callgrind, configured as
# `cargo xtask bench` configures it, in front of the simulator of the same target dir; wrk POSTs
# check-identity for 5 s (not counted), then the counters are zeroed, wrk runs SECONDS more and
# the counters are dumped: instructions ÷ requests completed. Loopback only (ports 18611-18612);
# every process started here is stopped on exit. Needs valgrind, wrk and curl.
# usage: bench/proxy-instructions.sh TARGET_DIR [seconds] [callgrind output file]
#   e.g. cargo build --release -p hwc-kyc-proxy -p hwc-kyc-sim && bench/proxy-instructions.sh target
#   (CARGO_PROFILE_RELEASE_DEBUG=line-tables-only CARGO_PROFILE_RELEASE_STRIP=false in a target
#   dir of its own gives a profile with function names: callgrind_annotate --inclusive=yes FILE)
set -euo pipefail
bin=$1/release secs=${2:-15} out=${3:-$(mktemp --suffix=.callgrind)}
lua=$(mktemp --suffix=.lua)
printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' \
  "'{\"search_type\":\"email\",\"search_value\":\"wang@example.com\"}'" > "$lua"
HWC_KYC_SIM_LISTEN=127.0.0.1:18611 RUST_LOG=warn "$bin/hwc-kyc-sim" >/dev/null 2>&1 & sim=$!
env HWC_KYC_UPSTREAM=http://127.0.0.1:18611 HWC_KYC_AUTH_TOKEN=hwc-kyc-sim-test-only-iam-token-0001 \
  HWC_KYC_XACCOUNT_TYPE=HWC_KYC_IDP HWC_KYC_CALLER_TOKEN_SECRET=hwc-kyc-bench-only-caller-token-secret \
  HWC_KYC_RATE_LIMIT_PER_MINUTE=100000000 HWC_KYC_CHECK_IDENTITY_PER_MINUTE=100000000 \
  HWC_KYC_ALLOW_INSECURE_HTTP=true HWC_KYC_DOWNLOAD_DIR="${TMPDIR:-/tmp}/hwc-kyc-bench-download" \
  HWC_KYC_LISTEN=127.0.0.1:18612 RUST_LOG=warn \
  valgrind --tool=callgrind --callgrind-out-file="$out" "$bin/hwc-kyc-proxy" >/dev/null 2>&1 & proxy=$!
trap 'kill $sim $proxy 2>/dev/null; rm -f "$lua"' EXIT
url=http://127.0.0.1:18612/v2/partners/sub-customers/users/check-identity
for _ in $(seq 120); do curl -sf http://127.0.0.1:18612/healthz >/dev/null && break; sleep 0.5; done
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'content-type: application/json' \
  -d '{"search_type":"email","search_value":"wang@example.com"}' "$url")
[ "$code" = 200 ] || { echo "the proxy answered $code, not 200: is the simulator up?" >&2; exit 1; }
wrk -t2 -c8 -d5s -s "$lua" "$url" >/dev/null
callgrind_control -z "$proxy" >/dev/null
requests=$(wrk -t2 -c8 -d"${secs}s" -s "$lua" "$url" | awk '/requests in/ {print $1}')
callgrind_control -d "$proxy" >/dev/null
sleep 1
dump=$(ls -t "$out".* 2>/dev/null | head -1)
total=$(callgrind_annotate "$dump" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
echo "$requests requests, $total instructions, $((total / requests)) per request ($dump)"
