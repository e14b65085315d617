# hmis-onboard: `make demo` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
export PATH := $(CURDIR)/tools/bin:$(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
PORT ?= 8080

.PHONY: setup build server demo demo-allauth demo-drf test bench fuzz load screenshot clean

setup:
	@bash scripts/setup.sh

# Three release builds (wasm-opt -Oz), assembled into pkg/ by scripts/pkg.mjs under
# content-hashed directory names (see docs/caching.md), which also makes pkg/ the npm package
# @hmis-onboard/widget (scripts/npm-package.mjs: package.json, README, licences):
# - field: the checklist without the journeys or zxcvbn, all a password page needs before the
#   checklist works. opt-level "z": 4% smaller than "s" here, and its per-keystroke work is
#   a fraction of a millisecond either way.
# - journey: the guided journeys, loaded only for a journey root (or qrSvg()).
# - strength: zxcvbn, loaded by the worker.
STAGE := target/pkg-stage
build: setup
	CARGO_PROFILE_RELEASE_OPT_LEVEL=z wasm-pack build --target web --release --out-dir $(STAGE)/field --no-pack -- --no-default-features --features widget
	wasm-pack build --target web --release --out-dir $(STAGE)/journey --no-pack -- --no-default-features --features journeys
	wasm-pack build --target web --release --out-dir $(STAGE)/strength --no-pack -- --no-default-features --features strength
	node scripts/pkg.mjs

server: setup
	cargo build --release -q -p hmis-onboard-server

demo: build server
	PORT=$(PORT) target/release/hmis-onboard-server --www www --pkg pkg

# The widget against a real backend (backends/README.md), serving the pages itself on one
# origin with a fresh database each start: django-allauth (session + CSRF) as alice, or
# dj-rest-auth + SimpleJWT + trench (bearer token) as bob, temporary password Temp-Pass-2026!.
demo-allauth: build
	@echo "hmis-onboard with django-allauth: http://127.0.0.1:8101/ (alice / Temp-Pass-2026!)"
	@ls www/allauth/*.html 2>/dev/null | sed 's|^www/|  http://127.0.0.1:8101/|' || true
	@bash scripts/backend.sh allauth 8101

demo-drf: build
	@echo "hmis-onboard with dj-rest-auth: http://127.0.0.1:8102/ (bob / Temp-Pass-2026!)"
	@ls www/drf/*.html 2>/dev/null | sed 's|^www/|  http://127.0.0.1:8102/|' || true
	@bash scripts/backend.sh drf 8102

test: build server
	@bash scripts/test.sh

# Refreshes the README's pictures: the demo page part-filled, light and dark, in headless Chromium.
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
