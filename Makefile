# hmis-onboard: `make demo` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
export PATH := $(CURDIR)/tools/bin:$(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
PORT ?= 8080

.PHONY: setup build server demo test bench fuzz load screenshot clean

setup:
	@bash scripts/setup.sh

# Two release builds (wasm-opt -Oz): pkg/ holds the widget without zxcvbn, so the checklist
# works after a small download; pkg/strength/ holds the estimator the worker loads. The entry
# script, the worker script and the stylesheet join them.
build: setup
	wasm-pack build --target web --release --out-dir pkg --no-pack -- --no-default-features --features widget
	wasm-pack build --target web --release --out-dir pkg/strength --no-pack -- --no-default-features --features strength
	cp js/hmis-onboard.js js/hmis-onboard-strength.js js/hmis-onboard.css pkg/

server: setup
	cargo build --release -q -p hmis-onboard-server

demo: build server
	PORT=$(PORT) target/release/hmis-onboard-server --www www --pkg pkg

test: build server
	@bash scripts/test.sh

# Refreshes the README's picture: the demo page part-filled, in headless Chromium.
screenshot: build server
	E2E_BROWSERS=chromium E2E_SCREENSHOT=docs/demo.png cargo test -q -p hmis-onboard-e2e --test demo -- screenshot

clean:
	rm -rf pkg target

# The benchmark: the widget against zxcvbn, zxcvbn-ts and qrcode in headless Chromium and
# Firefox, peers installed by npm ci only when missing; writes bench/results.json and
# bench/results.md (see bench/README.md). `make test` runs its smoke test (`--quick`).
bench: build
	node bench/run.mjs

# Coverage-guided fuzzing of the parsers and rules (cargo-fuzz, nightly): FUZZ_SECONDS per
# target (default 60). Not part of `make test`: its figures are in the README.
fuzz:
	@bash scripts/fuzz.sh

# The reference backend as its own process under load: 200 first logins at once, 1,000 session
# reads, lockout and rate limits under concurrent guesses; p50/p99 per request. In `make test`.
load: server
	cargo run --release -q -p hmis-onboard-server --example load
