#!/usr/bin/env bash
# make fuzz: runs every cargo-fuzz target in fuzz/ for FUZZ_SECONDS (default 60) each, growing
# fuzz/corpus/<target> from fuzz/seeds/<target>, and prints one line per target. A crash stops
# with libFuzzer's report and the input saved under fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${FUZZ_SECONDS:-60}"

if ! rustup toolchain list | grep -q '^nightly'; then
    echo "make fuzz: cargo-fuzz needs a nightly toolchain (rustup toolchain install nightly)" >&2
    exit 1
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

targets=$(cargo +nightly fuzz list)
cargo +nightly fuzz build -O
summary=()
for target in $targets; do
    mkdir -p "corpus/$target"
    log=$(mktemp)
    if ! cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- -max_total_time="$seconds" 2>"$log"; then
        tail -40 "$log" >&2
        echo "make fuzz: $target crashed; the input is in fuzz/artifacts/$target/" >&2
        exit 1
    fi
    # libFuzzer's last status line: "#<runs> DONE cov: <edges> ft: <features> corp: <inputs>/<bytes> ..."
    stats=$(grep -E '^#[0-9]+' "$log" | tail -1)
    runs=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$stats")
    cov=$(sed -E 's/.*cov: ([0-9]+).*/\1/' <<<"$stats")
    corp=$(sed -E 's/.*corp: ([0-9]+).*/\1/' <<<"$stats")
    summary+=("$(printf '%-11s %10s runs in %ss, %5s edges covered, corpus %4s inputs, 0 crashes' "$target" "$runs" "$seconds" "$cov" "$corp")")
    rm -f "$log"
done
printf '%s\n' "${summary[@]}"
