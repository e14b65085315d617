#!/usr/bin/env bash
# Runs every test suite, then prints one summary line: "N passed, M failed".
# Exits non-zero when anything failed, including a suite that could not run at all.
# Expects `make build server` to have run (the Makefile's `test` target does that).
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
log=$(mktemp)
retries=$(mktemp)
trap 'rm -f "$log" "$retries"' EXIT

# suite NAME COMMAND...: runs it, streams its output, and adds its libtest counts.
suite() {
  local name=$1; shift
  printf '\n=== %s\n' "$name"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local p f
  read -r p f < <(awk '/^test result: /{ p += $4; f += $6 } /^bench smoke: [0-9]+ passed, [0-9]+ failed$/{ p += $3; f += $5 } /^load: [0-9]+ passed, [0-9]+ failed$/{ p += $2; f += $4 } /^typecheck: [0-9]+ passed, [0-9]+ failed$/{ p += $2; f += $4 } END { print p + 0, f + 0 }' "$log")
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "suite '$name' exited with status $status without a failing test: counted as one failure"
    f=1
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  # The e2e harness reruns a scenario once after the browser or its driver failed: say so at the end.
  grep '^retried once after a driver error' "$log" >> "$retries" || true
}


suite "TypeScript: the declarations against a sample host, and mistakes that must not compile" node scripts/typecheck.mjs
suite "native: core and server" cargo test -p hmis-onboard -p hmis-onboard-server
suite "native: the zxcvbn fork against crates.io 3.1.1's verdicts, and its own unit tests" cargo test -p zxcvbn
suite "wasm-bindgen-test: Chromium" env CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web --test journey
suite "wasm-bindgen-test: Firefox" env GECKODRIVER="$(command -v geckodriver)" cargo test --target wasm32-unknown-unknown --test web --test journey
suite "wasm-bindgen-test: WebKit" env SAFARIDRIVER=/usr/bin/WebKitWebDriver xvfb-run -a cargo test --target wasm32-unknown-unknown --test web --test journey
# The npm package, packed and built by Vite and webpack into tests/bundlers/*/dist, which the
# end-to-end suite serves (e2e/tests/scenarios/bundlers.rs). Counts no test: a failure is one.
suite "npm package: packed, installed and built by Vite and webpack" bash scripts/bundlers.sh
suite "end-to-end: Chromium, Firefox, WebKit" xvfb-run -a cargo test -p hmis-onboard-e2e --test demo
suite "benchmark page, smoke run (no timings asserted)" node bench/run.mjs --quick
suite "reference backend under load (latencies printed, not asserted)" cargo run --release -p hmis-onboard-server --example load

echo
if [ -s "$retries" ]; then
  cat "$retries"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
