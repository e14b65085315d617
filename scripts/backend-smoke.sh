#!/usr/bin/env bash
# A check by hand of the two real Django backends, without a browser: for each, `django-admin
# check`, then scripts/backend.sh on a free port with a database of its own, the widget's files
# served from its origin with the right types, and a sign-in with curl as the widget would
# (allauth: session cookie + CSRF header; drf: bearer token). Stops each backend it started.
#
#   scripts/backend-smoke.sh            (needs `make setup`; pkg/ from `make build`)
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
venv=$repo/tools/venv
if [ ! -x "$venv/bin/django-admin" ]; then
  echo "backend smoke: $venv is missing: run \`make setup\`" >&2
  exit 1
fi

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "  ok: $*"; }
bad() { failed=$((failed + 1)); echo "  FAILED: $*"; }
# expect WHAT ACTUAL EXPECTED
expect() { if [ "$2" = "$3" ]; then ok "$1: $2"; else bad "$1: expected $3, got $2"; fi; }

work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

free_port() { "$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start KIND: runs the backend in the background on a free port; sets pid, base.
start() {
  local kind=$1 port
  port=$(free_port)
  mkdir -p "$work/$kind"
  HMIS_DB=$work/$kind/db.sqlite3 HMIS_MAIL_DIR=$work/$kind/mail scripts/backend.sh "$kind" "$port" \
    >"$work/$kind/server.log" 2>&1 &
  pid=$!
  base=http://127.0.0.1:$port
  local t0=$(date +%s%N)
  for _ in $(seq 1 400); do
    if curl -s -o /dev/null "$base/index.html"; then
      ok "$kind answers after $(( ($(date +%s%N) - t0) / 1000000 )) ms at $base/"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  bad "$kind did not start; its log:"
  cat "$work/$kind/server.log"
  return 1
}

stop() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""; }

# status_type PATH: "STATUS CONTENT-TYPE" of a GET.
status_type() { curl -s -o /dev/null -w '%{http_code} %{content_type}' "$base$1"; }

# The widget's files, from the backend's own origin.
check_static() {
  local manifest wasm js
  expect "GET / (index.html)" "$(status_type /)" "200 text/html"
  expect "GET /index.html" "$(status_type /index.html)" "200 text/html"
  expect "GET /first-login.html" "$(status_type /first-login.html)" "200 text/html"
  expect "GET /pkg/manifest.json" "$(status_type /pkg/manifest.json)" "200 application/json"
  manifest=$(curl -s "$base/pkg/manifest.json")
  wasm=$(grep -o '"[^"]*\.wasm"' <<<"$manifest" | head -1 | tr -d '"')
  js=$(grep -o '"entry": *"[^"]*"' <<<"$manifest" | cut -d'"' -f4)
  expect "GET /pkg/$wasm" "$(status_type "/pkg/$wasm")" "200 application/wasm"
  expect "GET /pkg/$js" "$(status_type "/pkg/$js")" "200 text/javascript"
  expect "GET /no-such-page.html" "$(status_type /no-such-page.html | cut -d' ' -f1)" "404"
}

for kind in allauth drf; do
  echo "== $kind"
  if (cd "$repo" && DJANGO_SETTINGS_MODULE=settings PYTHONPATH=backends/$kind:backends \
      HMIS_DB=$work/check.sqlite3 "$venv/bin/django-admin" check >/dev/null); then
    ok "django-admin check"
  else
    bad "django-admin check"
  fi
  start "$kind" || continue
  check_static
  case "$kind" in
    allauth)
      api=$base/_allauth/browser/v1
      jar=$work/jar
      expect "GET auth/session, signed out" \
        "$(curl -s -c "$jar" -o /dev/null -w '%{http_code}' "$api/auth/session")" "401"
      csrf=$(awk '$6 == "csrftoken" { print $7 }' "$jar")
      if [ -n "$csrf" ]; then ok "the csrftoken cookie is set"; else bad "no csrftoken cookie"; fi
      expect "POST auth/login without X-CSRFToken" "$(curl -s -b "$jar" -o /dev/null -w '%{http_code} %{content_type}' \
        -H 'Content-Type: application/json' -d '{"username":"alice","password":"Temp-Pass-2026!"}' "$api/auth/login")" \
        "403 text/html; charset=utf-8"
      expect "POST auth/login as alice" "$(curl -s -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' \
        -H 'Content-Type: application/json' -H "X-CSRFToken: $csrf" -H "Origin: $base" \
        -d '{"username":"alice","password":"Temp-Pass-2026!"}' "$api/auth/login")" "200"
      expect "GET auth/session, signed in" \
        "$(curl -s -b "$jar" "$api/auth/session" | grep -o '"is_authenticated": [a-z]*')" '"is_authenticated": true'
      ;;
    drf)
      answer=$(curl -s -H 'Content-Type: application/json' -d '{"username":"bob","password":"Temp-Pass-2026!"}' "$base/auth/login/")
      access=$(grep -o '"access":"[^"]*"' <<<"$answer" | cut -d'"' -f4)
      if [ -n "$access" ]; then ok "POST auth/login/ as bob: an access token"; else bad "POST auth/login/ as bob: $answer"; fi
      expect "GET auth/user/ with the bearer token" \
        "$(curl -s -H "Authorization: Bearer $access" "$base/auth/user/" | grep -o '"username":"[a-z]*"')" '"username":"bob"'
      expect "GET auth/user/ without it" "$(curl -s -o /dev/null -w '%{http_code}' "$base/auth/user/")" "401"
      ;;
  esac
  stop
done

echo "backend smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
