#!/usr/bin/env bash
# Installs whatever this project needs and is missing; seconds when all is present.
# Safe to run again and again: every step first checks what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;q}' Cargo.lock)
WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1
APT_PACKAGES="chromium chromium-driver firefox-esr webkit2gtk-driver xvfb xauth brotli"

say() { printf 'setup: %s\n' "$*"; }
have_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF "$2"; }

missing=""
for p in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  say "apt-get install$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# cargo tools one after another: in parallel on two cores it is slower.
if ! have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  say "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # No --locked: the CLI's own lockfile pins a crate version the registry lacks.
  cargo install -q wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
if ! have_version wasm-pack "$WASM_PACK_VERSION"; then
  say "cargo install wasm-pack $WASM_PACK_VERSION"
  cargo install -q wasm-pack --version "$WASM_PACK_VERSION" --locked --force
fi
if ! have_version geckodriver "$GECKODRIVER_VERSION"; then
  say "cargo install geckodriver $GECKODRIVER_VERSION"
  cargo install -q geckodriver --version "$GECKODRIVER_VERSION" --locked --force
fi

# wasm-opt from the npm package: Debian's binaryen is too old for wasm-bindgen's output. The dev
# dependencies (otpauth, jsqr, pngjs) are the apps' view the tests check our otpauth URIs and QR
# codes against (tests/independent/otpauth.mjs); axe-core judges every screen's accessibility.
if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ ! -d tools/node_modules/otpauth ] || [ ! -d tools/node_modules/axe-core ] \
  || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
  say "npm ci (tools/)"
  (cd tools && npm ci --silent --no-audit --no-fund)
fi

# wasm-pack test --safari looks for safaridriver; WebKit's driver speaks the same protocol.
mkdir -p tools/bin
[ -e tools/bin/safaridriver ] || ln -s /usr/bin/WebKitWebDriver tools/bin/safaridriver

# The two real Django backends (backends/, see backends/README.md): one venv, tools/venv, with
# exactly the pins in backends/requirements.txt. A stamp holds the hash of the requirements
# the venv was made from; when it matches, nothing runs. When it does not, the venv is made
# anew (a removed or changed pin leaves nothing behind), and the stamp is written last, so an
# interrupted install is redone next time.
VENV=tools/venv
REQUIREMENTS=backends/requirements.txt
STAMP=$VENV/.requirements.sha256
want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    say "apt-get install python3 python3-venv"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
  fi
  say "python venv $VENV (pip install -r $REQUIREMENTS)"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  # --no-deps: the list is complete; see the comment at its top.
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-input --no-deps -r "$REQUIREMENTS"
  echo "$want" > "$STAMP"
fi
