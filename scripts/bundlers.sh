#!/usr/bin/env bash
# The npm package under Vite and webpack 5, as hosts use it: packs pkg/ (as `make build` left
# it) into target/npm/hmis-onboard-widget.tgz, installs it into the minimal apps in
# tests/bundlers/vite and tests/bundlers/webpack, and builds each into its dist/, which the
# end-to-end suite serves under the demo's CSP (e2e/tests/scenarios/bundlers.rs).
#
# Seconds when nothing changed: an app is installed again only when the tarball, its
# package.json or its lock changed, and built again only when that or its sources did (stamps
# in its node_modules/). Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'bundlers: %s\n' "$*"; }
hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

if [ ! -f pkg/package.json ]; then
  say "pkg/package.json is missing: run \`make build\` first"
  exit 1
fi

# npm pack names its tarball for the version; the apps depend on one stable name instead, so
# their package.json and lock need not change with a release. A pack of the same pkg/ is the
# same bytes (npm fixes the times and the order), and an unchanged tarball keeps its file.
TARBALL=target/npm/hmis-onboard-widget.tgz
mkdir -p target/npm
packed=$(mktemp -d)
trap 'rm -rf "$packed"' EXIT
npm pack ./pkg --pack-destination "$packed" --silent >/dev/null
if ! cmp -s "$packed"/*.tgz "$TARBALL"; then
  mv "$packed"/*.tgz "$TARBALL"
  say "packed $TARBALL ($(tar -xOzf "$TARBALL" package/package.json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s);console.log(p.name+" "+p.version)})'))"
fi

# Each app's lock pins its bundler exactly and says where the widget comes from, but records
# no integrity for the widget's tarball. That hash would change with every build of the
# widget, and with a stale one `npm ci` either installs the copy its cache holds under that
# hash (the widget as it was, without a word) or, on a machine without it, fails with
# EINTEGRITY. With no hash in the lock, `npm ci` takes the tarball as it is now. (`npm install`
# keeps a lock without it; a lock made anew has it again, and is corrected here.)
# The alternatives were worse: `npm install --no-save <tarball>` after `npm ci` leaves the
# dependency out of package.json, and unpacking the tarball by hand is not what a host does.
WIDGET='node_modules/@hmis-onboard/widget'
for app in vite webpack; do
  dir=tests/bundlers/$app
  node -e '
    const fs = require("fs");
    const [file, key] = process.argv.slice(1);
    const lock = JSON.parse(fs.readFileSync(file, "utf8"));
    const entry = lock.packages?.[key];
    if (!entry) throw new Error(`${file} has no ${key}: run npm install there once`);
    if (entry.integrity) {
      delete entry.integrity;
      fs.writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
      console.log(`bundlers: removed the widget tarball'"'"'s integrity from ${file} (commit that)`);
    }
  ' "$dir/package-lock.json" "$WIDGET"

  installed=$(hash_of "$TARBALL" "$dir/package.json" "$dir/package-lock.json")
  if [ "$(cat "$dir/node_modules/.bundlers-installed" 2>/dev/null)" != "$installed" ]; then
    # Out of date from here on: a failure below leaves no dist/ of an older widget to test.
    rm -rf "$dir/dist"
    say "npm ci ($dir)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$installed" > "$dir/node_modules/.bundlers-installed"
  fi

  # The app's own files (not node_modules/ or dist/), by name and content.
  sources=$(cd "$dir" && find . \( -path ./node_modules -o -path ./dist \) -prune -o -type f -print | LC_ALL=C sort)
  built=$( (echo "$installed"; cd "$dir" && echo "$sources" && echo "$sources" | xargs cat) | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$dir/node_modules/.bundlers-built" 2>/dev/null)" != "$built" ] || [ ! -f "$dir/dist/index.html" ]; then
    say "npm run build ($dir)"
    rm -rf "$dir/node_modules/.bundlers-built" "$dir/dist"
    if ! log=$(cd "$dir" && npm run --silent build 2>&1); then
      echo "$log"
      say "the $app build failed"
      exit 1
    fi
    [ -f "$dir/dist/index.html" ] && [ -f "$dir/dist/journey.html" ] || { say "$dir/dist has no index.html and journey.html"; exit 1; }
    echo "$built" > "$dir/node_modules/.bundlers-built"
  fi
done
say "tests/bundlers/vite/dist and tests/bundlers/webpack/dist are up to date"
