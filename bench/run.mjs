#!/usr/bin/env node
// The benchmark runner: `make bench` (or `node bench/run.mjs`).
//
// 1. Installs the peers (npm ci, only when bench/node_modules is missing or older than the
//    lockfile) and bundles them with esbuild into bench/gen/ (only when out of date).
// 2. Measures the bytes of pkg/ (raw, gzip -9, brotli q11) and of the peers' minified bundles.
// 3. Serves bench/site/, pkg/ and bench/gen/ under the demo's strict CSP, cross-origin isolated
//    (so performance.now() is precise) and with `Cache-Control: no-store`.
// 4. Drives headless Chromium, then Firefox, through WebDriver (plain HTTP, no client library):
//    cold starts first (each in a fresh page on a new site), then, in a new browser, the
//    benchmark page once.
// 5. Writes bench/results.json and bench/results.md.
//
// Quick mode (`--quick` or BENCH_QUICK=1): one password per class, one repetition, Chromium only,
// writes nothing, and ends with `bench smoke: 1 passed, 0 failed` (exit 0) or `0 passed, 1 failed`.
//
// Other options: --browsers=chromium,firefox   --out=DIR (where results.json/.md go)
//   --cold-widget=N: only the widget's cold start, N fresh pages per browser (alternately
//   preloaded and script tag alone, and the field build imported on its own); prints every run
//   and the medians, writes nothing (for working on the cold start).
//   --page-only: the benchmark page alone, no cold starts; prints its main figures, writes nothing.
// BENCH_CHROMIUM_ARGS adds Chromium flags, e.g. "--js-flags=--no-wasm-lazy-compilation".

import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const PKG = path.join(ROOT, "pkg");
const SITE = path.join(BENCH, "site");
const GEN = path.join(BENCH, "gen");

const args = process.argv.slice(2);
const flag = (name) => args.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const value = (name, dflt) => flag(name)?.split("=").slice(1).join("=") || dflt;
const QUICK = !!flag("quick") || ["1", "true", "yes"].includes(process.env.BENCH_QUICK ?? "");
const BROWSERS = value("browsers", QUICK ? "chromium" : "chromium,firefox").split(",").filter(Boolean);
const OUT = path.resolve(value("out", BENCH));
const COLD_REPS = QUICK ? 1 : 7;
// "widget" is the page as the reference server sends it (its `Link` preload of the field build's
// WebAssembly); "widget-script-only" is the same page with the script tag alone.
const COLD_CONTENDERS = ["widget", "widget-script-only", "widget-field", "widget-estimator", "zxcvbn", "zxcvbn-ts", "widget-qr", "qrcode"];
const WIDGET_PAGES = ["widget", "widget-script-only"];
const PAGE_TIMEOUT_MS = (QUICK ? 120 : 420) * 1000;

const log = (...m) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...m);
const children = new Set();
let cleaningUp = false;
function cleanup() {
  if (cleaningUp) return;
  cleaningUp = true;
  for (const child of children) {
    try { child.kill("SIGTERM"); } catch {}
  }
}
process.on("exit", cleanup);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => { cleanup(); process.exit(130); });

// ---- 1. peers ------------------------------------------------------------------------------------

function ensurePeers() {
  const lock = path.join(BENCH, "package-lock.json");
  const marker = path.join(BENCH, "node_modules", ".package-lock.json");
  if (!fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(lock).mtimeMs) {
    log("installing the peers: npm ci");
    const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: BENCH, stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0) throw new Error(`npm ci failed (status ${r.status})`);
  }
}

const BUNDLES = [
  { name: "zxcvbn", entry: "peers/zxcvbn.js", label: "zxcvbn 4.4.2" },
  { name: "zxcvbn-ts", entry: "peers/zxcvbn-ts.js", label: "@zxcvbn-ts/core + language-common + language-en" },
  { name: "qrcode", entry: "peers/qrcode.js", label: "qrcode (npm)" },
];

async function bundlePeers() {
  fs.mkdirSync(GEN, { recursive: true });
  const lockTime = fs.statSync(path.join(BENCH, "package-lock.json")).mtimeMs;
  const stale = BUNDLES.filter((b) => {
    const out = path.join(GEN, `${b.name}.min.js`);
    return !fs.existsSync(out) || fs.statSync(out).mtimeMs < Math.max(lockTime, fs.statSync(path.join(BENCH, b.entry)).mtimeMs);
  });
  if (!stale.length) return;
  const esbuild = await import(path.join(BENCH, "node_modules", "esbuild", "lib", "main.js"));
  for (const b of stale) {
    log(`bundling ${b.label} with esbuild (minified ES module)`);
    await esbuild.build({
      entryPoints: [path.join(BENCH, b.entry)],
      outfile: path.join(GEN, `${b.name}.min.js`),
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2020",
      legalComments: "none",
      logLevel: "warning",
    });
  }
}

// ---- 2. bytes --------------------------------------------------------------------------------------

function sizes(file) {
  const buf = fs.readFileSync(file);
  return {
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: QUICK ? 5 : 11, // quick mode only checks the files exist
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }).length,
  };
}
const sum = (list) => list.reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip, brotli: a.brotli + s.brotli }), { raw: 0, gzip: 0, brotli: 0 });

// What a page downloads, from pkg/manifest.json (written by scripts/pkg.mjs with the
// content-hashed names). The demo's change-password page (and this bench's pages) need, before
// the checklist works: the entry script, the stylesheet and the field build; the rest is the
// strength worker's script and zxcvbn's build. A journey page (first login, security settings,
// forgot password) needs the entry script, the stylesheet, the field build's script (the entry
// script imports it statically) and the journeys build, not the field build's WebAssembly:
// reported beside, not part of budget 4, which is about the password field.
const SHIPPED = /\.(js|wasm|css)$/;
function pkgFiles() {
  const manifest = JSON.parse(fs.readFileSync(path.join(PKG, "manifest.json"), "utf8"));
  const page = [manifest.entry, manifest.stylesheet];
  // The mock backend ships beside the widget for trying pages out; no page of it loads it.
  const all = [...page, manifest.journeyStylesheet, ...Object.values(manifest.parts).flat(), ...(manifest.mock ? [manifest.mock] : [])];
  const unlisted = fs.readdirSync(PKG, { recursive: true }).filter((f) => SHIPPED.test(f) && !all.includes(f.split(path.sep).join("/")));
  if (unlisted.length) throw new Error(`pkg/manifest.json does not list ${unlisted.join(", ")}`);
  return {
    before: [...page, ...manifest.parts.field],
    rest: [...manifest.parts.strength],
    journey_page: [...page, manifest.journeyStylesheet, ...manifest.parts.field.filter((f) => f.endsWith(".js")), ...manifest.parts.journey],
    journey: [...manifest.parts.journey],
    all,
  };
}

function measureBytes() {
  const names = pkgFiles();
  const files = (list) => list.map((f) => ({ file: `pkg/${f}`, ...sizes(path.join(PKG, f)) }));
  const before = files(names.before);
  const rest = files(names.rest);
  const journey = files(names.journey);
  const peers = BUNDLES.map((b) => ({ name: b.name, label: b.label, file: `bench/gen/${b.name}.min.js`, ...sizes(path.join(GEN, `${b.name}.min.js`)) }));
  // Budget 4 also asks that the strength part be cacheable: a version or content hash in the
  // path of every file of it (e.g. strength-1.2.0/… or hmis_onboard_bg.3f9a1c2e.wasm).
  const isVersioned = (f) => /(^|[/._-])(v?\d+\.\d+(\.\d+)?|[0-9a-f]{8,})([/._-]|$)/i.test(f);
  return {
    before_checklist: { files: before, total: sum(before) },
    rest: { files: rest, total: sum(rest) },
    total: sum([...before, ...rest]),
    journey: { files: journey, total: sum(journey) },
    journey_page_before_first_step: sum(files(names.journey_page)),
    journey_page_total: sum([...files(names.journey_page), ...rest]),
    pkg_total: sum(files(names.all)),
    peers,
    strength_files_versioned: names.rest.length > 0 && names.rest.every(isVersioned),
    // Every file but the entry script (whose name pages use) carries its content hash.
    all_but_entry_versioned: names.all.filter((f) => f !== "hmis-onboard.js").every(isVersioned),
  };
}

// ---- 3. static server ---------------------------------------------------------------------------

// The demo server's policy (server/src/http.rs), without its report endpoint.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".wasm": "application/wasm", ".json": "application/json", ".svg": "image/svg+xml" };

// The reference server's `Link` header for pages with a widget root (server/src/http.rs).
const PRELOAD = (() => {
  const file = path.join(PKG, "manifest.json");
  const field = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")).preload?.field : null;
  return field ? `</pkg/${field}>; rel=preload; as=fetch; crossorigin` : "";
})();

function resolvePath(urlPath) {
  const p = decodeURIComponent(urlPath);
  const [dir, rest] = p.startsWith("/pkg/") ? [PKG, p.slice(5)] : p.startsWith("/gen/") ? [GEN, p.slice(5)] : [SITE, p === "/" ? "bench.html" : p.slice(1)];
  const file = path.resolve(dir, rest);
  return file.startsWith(dir + path.sep) ? file : null;
}

function handler(req, res) {
  const url = new URL(req.url, "http://x");
  const file = resolvePath(url.pathname);
  const headers = {
    "Content-Security-Policy": CSP,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
  };
  if (!file || req.method !== "GET" || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { ...headers, "Content-Type": "text/plain" });
    return res.end("not found");
  }
  // The widget's cold page goes out as the reference server sends a page with a widget root:
  // with a `Link` preload of what pkg/manifest.json lists (its "widget-script-only" twin, without).
  if (url.pathname === "/cold-widget.html" && url.searchParams.get("c") === "widget" && PRELOAD) headers.Link = PRELOAD;
  res.writeHead(200, { ...headers, "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
}

function listen(host) {
  return new Promise((resolve, reject) => {
    const server = http.createServer(handler);
    server.once("error", reject);
    server.listen(0, host, () => resolve({ server, origin: `http://${host}:${server.address().port}` }));
  });
}

// ---- 4. WebDriver ------------------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function wd(base, method, route, body) {
  const res = await fetch(base + route, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || json?.value?.error) {
    throw new Error(`WebDriver ${method} ${route}: ${res.status} ${json?.value?.error ?? ""} ${json?.value?.message ?? ""}`.slice(0, 1500));
  }
  return json.value;
}

const DRIVERS = {
  chromium: {
    command: () => ["/usr/bin/chromedriver", []],
    args: (port) => [`--port=${port}`],
    capabilities: (profile) => ({
      browserName: "chrome",
      "goog:chromeOptions": {
        binary: "/usr/bin/chromium",
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", `--user-data-dir=${profile}`, "--window-size=1200,900", ...(process.env.BENCH_CHROMIUM_ARGS ?? "").split(" ").filter(Boolean)],
      },
    }),
  },
  firefox: {
    command: () => [findOnPath("geckodriver"), []],
    args: (port) => ["--host", "127.0.0.1", "--port", String(port)],
    capabilities: () => ({
      browserName: "firefox",
      "moz:firefoxOptions": { binary: "/usr/bin/firefox-esr", args: ["-headless", "-width", "1200", "-height", "900"] },
    }),
  },
};

function findOnPath(name) {
  const dirs = [...(process.env.PATH ?? "").split(":"), path.join(os.homedir(), ".cargo", "bin")];
  for (const d of dirs) {
    const f = path.join(d, name);
    if (d && fs.existsSync(f)) return f;
  }
  throw new Error(`${name} not found on PATH (run make setup)`);
}

async function openBrowser(browser) {
  const spec = DRIVERS[browser];
  const port = await freePort();
  const [bin] = spec.command();
  const child = spawn(bin, spec.args(port), { stdio: ["ignore", "ignore", "pipe"] });
  children.add(child);
  let stderr = "";
  child.stderr.on("data", (d) => { stderr = (stderr + d).slice(-4000); });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const status = await wd(base, "GET", "/status");
      if (status?.ready !== false) break;
    } catch {}
    if (i > 100 || child.exitCode !== null) throw new Error(`${bin} did not start: ${stderr}`);
    await sleep(100);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "hmis-bench-profile-"));
  let session;
  try {
    session = await wd(base, "POST", "/session", { capabilities: { alwaysMatch: spec.capabilities(profile) } });
  } catch (e) {
    child.kill("SIGTERM");
    throw new Error(`${browser}: ${e.message} ${stderr}`);
  }
  const s = `/session/${session.sessionId}`;
  await wd(base, "POST", `${s}/timeouts`, { script: 60000, pageLoad: 60000 });
  return {
    browser,
    version: session.capabilities.browserVersion,
    navigate: (url) => wd(base, "POST", `${s}/url`, { url }),
    execute: (script, a = []) => wd(base, "POST", `${s}/execute/sync`, { script, args: a }),
    async close() {
      try { await wd(base, "DELETE", s); } catch {}
      child.kill("SIGTERM");
      children.delete(child);
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Polls `window[key]` (JSON) until its status is done or error. */
async function poll(b, key, timeoutMs, label) {
  const start = Date.now();
  let last = "";
  for (;;) {
    const text = await b.execute(`return window.${key} ? JSON.stringify(window.${key}) : null`).catch((e) => JSON.stringify({ status: "polling", progress: e.message }));
    const st = text ? JSON.parse(text) : null;
    if (st && (st.status === "done" || st.status === "error")) return st;
    if (st?.progress && st.progress !== last) {
      last = st.progress;
      if (!QUICK) log(`${b.browser}: ${label}: ${last}`);
    }
    if (Date.now() - start > timeoutMs) throw new Error(`${label}: no result within ${timeoutMs / 1000} s (last: ${last || "nothing"})`);
    await sleep(QUICK ? 200 : 1000);
  }
}

// ---- the runs --------------------------------------------------------------------------------------

// The content-hashed directories of the widget's parts, for the cold pages that import one
// directly (query parameters, so that no extra request lands inside their timings).
const PART_DIRS = (() => {
  const file = path.join(PKG, "manifest.json");
  if (!fs.existsSync(file)) return "";
  const { parts } = JSON.parse(fs.readFileSync(file, "utf8"));
  return Object.entries(parts).map(([name, files]) => `${name}=${encodeURIComponent(`/pkg/${path.dirname(files[0])}/`)}`).join("&");
})();

async function coldRuns(b, coldOrigins) {
  const runs = Object.fromEntries(COLD_CONTENDERS.map((c) => [c, []]));
  let k = 0;
  for (let rep = 0; rep < COLD_REPS; rep++) {
    // Alternate the order every repetition; every page load is on a site never loaded before.
    const order = COLD_CONTENDERS.map((_, i) => COLD_CONTENDERS[(i + rep) % COLD_CONTENDERS.length]);
    for (const c of order) {
      const origin = coldOrigins[k++ % coldOrigins.length];
      await b.navigate(`${origin}/${WIDGET_PAGES.includes(c) ? "cold-widget" : "cold"}.html?c=${encodeURIComponent(c)}&run=${rep}-${Date.now()}&${PART_DIRS}`);
      const st = await poll(b, "__cold", 30000, `cold ${c}`);
      if (st.status !== "done") throw new Error(`cold start of ${c} failed: ${st.errors.join("; ")}`);
      runs[c].push(st.result);
    }
    if (!QUICK) log(`${b.browser}: cold starts, repetition ${rep + 1} of ${COLD_REPS} done`);
  }
  await b.navigate("about:blank");
  return runs;
}

function median(xs) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function summarizeCold(runs) {
  const pick = (c, key) => median(runs[c].map((r) => r[key]));
  const widgetSummary = (c) => ({
    first_verdict_ms: pick(c, "first_verdict_ms"),
    first_verdict_frame_ms: pick(c, "first_verdict_frame_ms"),
    first_strength_ms: pick(c, "first_strength_ms"),
    first_strength_frame_ms: pick(c, "first_strength_frame_ms"),
    first_verdict_max_ms: Math.max(...runs[c].map((r) => r.first_verdict_ms)),
    first_strength_max_ms: Math.max(...runs[c].map((r) => r.first_strength_ms)),
    scripts_loaded_ms: pick(c, "scripts_loaded_ms"),
    wasm_loaded_ms: pick(c, "wasm_loaded_ms"),
    t0_since_navigation_ms: pick(c, "t0_since_navigation_ms"),
    first_verdict_since_navigation_ms: pick(c, "first_verdict_since_navigation_ms"),
    first_strength_since_navigation_ms: pick(c, "first_strength_since_navigation_ms"),
  });
  const out = {
    reps: COLD_REPS,
    widget: widgetSummary("widget"),
    widget_script_only: widgetSummary("widget-script-only"),
    import_setup_first_call_ms: Object.fromEntries(COLD_CONTENDERS.filter((c) => !WIDGET_PAGES.includes(c)).map((c) => [c, pick(c, "first_call_ms")])),
    // The same, split: import (download + evaluate), set-up (instantiate / build), first call; a second call.
    parts_ms: Object.fromEntries(COLD_CONTENDERS.filter((c) => !WIDGET_PAGES.includes(c)).map((c) => [c, {
      import: pick(c, "import_ms"), setup: pick(c, "setup_ms"), first_call: pick(c, "first_call_alone_ms"), second_call: pick(c, "second_call_ms"),
    }])),
    // Every page's numbers (without their resource lists).
    all_runs: Object.fromEntries(Object.entries(runs).map(([c, list]) => [c, list.map(({ resources, ...r }) => r)])),
  };
  const f = out.import_setup_first_call_ms;
  out.ratio_estimator_vs_zxcvbn = f["widget-estimator"] / f.zxcvbn;
  out.ratio_estimator_vs_zxcvbn_ts = f["widget-estimator"] / f["zxcvbn-ts"];
  out.ratio_strength_on_screen_vs_zxcvbn_ts = out.widget.first_strength_ms / f["zxcvbn-ts"];
  out.ratio_qr_vs_qrcode = f["widget-qr"] / f.qrcode;
  return out;
}

async function runBrowser(browser, mainOrigin, coldOrigins) {
  log(`${browser}: starting`);
  // The benchmark page gets a browser of its own: after dozens of cold pages, each in its own
  // renderer process, the first browser is still busy winding them down.
  let b = await openBrowser(browser);
  let cold;
  try {
    log(`${browser} ${b.version}: cold starts (${COLD_REPS} × ${COLD_CONTENDERS.length} fresh pages)`);
    cold = summarizeCold(await coldRuns(b, coldOrigins));
  } finally {
    await b.close();
  }
  b = await openBrowser(browser);
  try {
    log(`${browser}: benchmark page`);
    return { browser, version: b.version, ...(await benchPage(b, mainOrigin)), cold };
  } finally {
    await b.close();
  }
}

/** Loads the benchmark page in `b` and waits for its results. */
async function benchPage(b, origin) {
  await b.navigate(`${origin}/bench.html?${QUICK ? "quick=1&" : ""}t=${Date.now()}`);
  const st = await poll(b, "__bench", PAGE_TIMEOUT_MS, "page");
  if (st.status !== "done") throw new Error(`the benchmark page reported: ${st.errors.join("\n")}`);
  return st.results;
}

/** The keys issue 4 asks for, from one browser's run. */
function headline(r, bytes) {
  return {
    estimate_typical_ratio_vs_zxcvbn: r.estimate.typical.ratio_median_vs_zxcvbn,
    estimate_typical_ratio_vs_zxcvbn_ts: r.estimate.typical.ratio_median_vs_zxcvbn_ts,
    keystroke_typical_median_ms: r.keystroke.sync_ms.median,
    keystroke_typical_p99_ms: r.keystroke.sync_ms.p99,
    typing_sequence_30_ms: r.typing.paced_total_ms.median,
    longest_main_thread_task_ms: r.paste.longest_ms,
    bytes_before_checklist_brotli: bytes.before_checklist.total.brotli,
    bytes_total_brotli: bytes.total.brotli,
    cold_first_verdict_ms: r.cold.widget.first_verdict_ms,
    cold_first_strength_ms: r.cold.widget.first_strength_ms,
    cold_first_verdict_script_only_ms: r.cold.widget_script_only.first_verdict_ms,
    cold_first_strength_script_only_ms: r.cold.widget_script_only.first_strength_ms,
    qr_ratio_vs_qrcode: r.qr.ratio_median_vs_qrcode,
    qr_svg_chars: r.qr.svg_chars.widget,
  };
}

// Issue 4's budgets (1 KB = 1,000 bytes: the stricter reading).
function budgets(h, r, bytes) {
  const row = (id, what, value, limit, unit, note) => ({ id, what, value, limit, unit, met: value != null && value <= limit, note });
  return [
    row("1a", "Strength estimate, typical: median vs zxcvbn 4.4.2", h.estimate_typical_ratio_vs_zxcvbn, 0.35, "×"),
    row("1b", "Strength estimate, typical: median vs zxcvbn-ts", h.estimate_typical_ratio_vs_zxcvbn_ts, 0.05, "×"),
    row("2a", "Per-keystroke path, typical: median", h.keystroke_typical_median_ms, 0.3, "ms"),
    row("2b", "Per-keystroke path, typical: p99", h.keystroke_typical_p99_ms, 2, "ms"),
    row("2c", "30-keystroke typing sequence, all of it (median)", h.typing_sequence_30_ms, 8, "ms"),
    row("3", "Longest main-thread task, any input up to 10,000 chars", h.longest_main_thread_task_ms, 16, "ms"),
    row("4a", "Bytes before the checklist works, brotli", h.bytes_before_checklist_brotli, 60000, "B"),
    row("4b", "All bytes, strength included, brotli", h.bytes_total_brotli, 700000, "B"),
    { id: "4c", what: "Strength part cacheable: content-hashed or versioned file names", value: bytes.strength_files_versioned ? "yes" : "no", limit: "yes", unit: "", met: bytes.strength_files_versioned, note: bytes.strength_files_versioned ? "" : `names: ${bytes.rest.files.map((f) => f.file).join(", ")}` },
    row("5a", "Cold start: script start → first rule verdict (median), page as the reference server sends it (field WebAssembly preloaded)", h.cold_first_verdict_ms, 30, "ms"),
    row("5a", "Cold start: the same, script tag alone (no preload)", h.cold_first_verdict_script_only_ms, 30, "ms"),
    row("5b", "Cold start: script start → first strength result (median), page as the reference server sends it", h.cold_first_strength_ms, 120, "ms"),
    row("5b", "Cold start: the same, script tag alone (no preload)", h.cold_first_strength_script_only_ms, 120, "ms"),
    row("6a", "QR SVG time vs npm qrcode (median)", h.qr_ratio_vs_qrcode, 1, "×"),
    row("6b", "QR SVG length vs npm qrcode's", h.qr_svg_chars, r.qr.svg_chars.qrcode, "chars"),
  ];
}

// ---- 5. report ----------------------------------------------------------------------------------------

const fmt = (x, digits = 3) => {
  if (x == null || Number.isNaN(x)) return "–";
  if (typeof x !== "number") return String(x);
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toPrecision(digits).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
};
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const ms = (x) => (x == null ? "–" : `${fmt(x)} ms`);
const times = (x) => (x == null ? "–" : `${fmt(x)}×`);

function markdown(results) {
  const runs = results.runs;
  const cols = runs.map((r) => `${r.browser} ${r.version}`);
  const L = [];
  const table = (head, rows) => {
    L.push(`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i ? "---:" : "---")).join("|")}|`);
    for (const row of rows) L.push(`| ${row.join(" | ")} |`);
    L.push("");
  };
  L.push(`# hmis-onboard benchmark results`, "");
  L.push(`${results.date} · ${cols.join(" and ")}, headless · ${results.machine} · corpus of ${runs[0].corpus_total} passwords (seed 4) · the run took ${fmt(results.seconds)} s · load average (1/5/15 min) ${results.load_average_before.join(" / ")} before, ${results.load_average_after.join(" / ")} after${results.load_average_before[0] > 1 ? " (**the machine was busy with other work before the run: numbers are inflated by it**)" : ""}`, "");
  L.push(`Ratios are widget ÷ peer from the same run (below 1: the widget is faster or smaller). Budgets are judged on Chromium, as issue 4 asks; Firefox is shown for comparison. Timer resolution: ${runs.map((r) => `${r.browser} ${fmt(r.timer_resolution_ms * 1000)} µs${r.cross_origin_isolated ? "" : " (not isolated)"}`).join(", ")}.`, "");

  L.push(`## Budgets (issue 4), Chromium`, "");
  const show = (b, v) => (b.unit === "B" ? kb(v) : b.unit === "×" ? times(v) : b.unit === "ms" ? ms(v) : b.unit === "chars" ? `${v} chars` : String(v));
  const firefox = runs.find((r) => r.browser === "firefox");
  const fb = firefox ? budgets(headline(firefox, results.bytes), firefox, results.bytes) : [];
  table(["#", "budget", "limit", "Chromium", "result", ...(firefox ? ["Firefox (for comparison)"] : [])],
    results.budgets.map((b, i) => [b.id, b.what, b.unit === "chars" ? `≤ ${b.limit} chars (qrcode's)` : (b.unit === "" ? String(b.limit) : `≤ ${show(b, b.limit)}`), show(b, b.value), b.met ? "met" : `**MISSED**${b.unit !== "" && b.value != null ? ` (${fmt(b.value / b.limit)}× the limit)` : ""}`, ...(firefox ? [show(fb[i], fb[i].value)] : [])]));

  L.push(`## Strength estimate alone (main thread), median ms per password`, "");
  L.push(`Peers get the first ${runs[0].peer_max_chars} characters of longer passwords (the part the widget judges); the widget always gets the whole password. n = samples (a contender stops sampling a class once it has spent its time cap).`, "");
  const classes = Object.keys(runs[0].estimate).filter((c) => c !== "typing30_prefixes");
  for (const r of runs) {
    L.push(`### ${r.browser} ${r.version}`, "");
    table(["class", "widget", "zxcvbn 4.4.2", "zxcvbn-ts", "ratio vs zxcvbn", "ratio vs zxcvbn-ts", "p99 widget / zxcvbn / zxcvbn-ts", "n", "same score as zxcvbn"],
      classes.map((c) => {
        const e = r.estimate[c];
        return [c, ms(e.ms.widget.median), ms(e.ms.zxcvbn.median), ms(e.ms["zxcvbn-ts"].median), times(e.ratio_median_vs_zxcvbn), times(e.ratio_median_vs_zxcvbn_ts),
          `${fmt(e.ms.widget.p99)} / ${fmt(e.ms.zxcvbn.p99)} / ${fmt(e.ms["zxcvbn-ts"].p99)}`, `${e.ms.widget.n} / ${e.ms.zxcvbn.n} / ${e.ms["zxcvbn-ts"].n}`,
          e.score_agreement_vs_zxcvbn == null ? "–" : `${Math.round(e.score_agreement_vs_zxcvbn * 100)}%`];
      }));
    const t = r.estimate.typing30_prefixes;
    L.push(`Estimating all 30 prefixes of a typed 30-character password on the main thread (what a page calling the estimator on every keystroke pays): widget ${ms(t.ms.widget.median)}, zxcvbn ${ms(t.ms.zxcvbn.median)} (${times(t.ratio_median_vs_zxcvbn)}), zxcvbn-ts ${ms(t.ms["zxcvbn-ts"].median)} (${times(t.ratio_median_vs_zxcvbn_ts)}).`, "");
  }

  L.push(`## The widget on the page`, "");
  const rowOf = (label, f) => [label, ...runs.map(f)];
  table(["measure", ...cols], [
    rowOf("keystroke (typical): the widget's `input` handler (rules, checklist and meter updated, event sent, estimate requested), median / p99", (r) => `${ms(r.keystroke.sync_ms.median)} / ${ms(r.keystroke.sync_ms.p99)}`),
    rowOf("same, plus forced style + layout of the page, median / p99", (r) => `${ms(r.keystroke.with_layout_ms.median)} / ${ms(r.keystroke.with_layout_ms.p99)}`),
    rowOf("the browser setting the field's value (not the widget's work): widget's form / same form without the widget, medians", (r) => `${ms(r.keystroke.browser_value_set_ms.median)} / ${ms(r.keystroke.browser_value_set_without_widget_ms.median)}`),
    rowOf("strength result handled on the main thread (worker message → meter updated), median / p99", (r) => `${ms(r.keystroke.strength_render_ms.median)} / ${ms(r.keystroke.strength_render_ms.p99)}`),
    rowOf("keystroke → strength in the DOM (worker round trip), median / p99", (r) => `${ms(r.keystroke.strength_latency_ms.median)} / ${ms(r.keystroke.strength_latency_ms.p99)}`),
    rowOf("keystrokes timed", (r) => String(r.keystroke.keystrokes)),
    rowOf("30-keystroke sequence, paced (30 keystrokes + 30 strength results), median / max", (r) => `${ms(r.typing.paced_total_ms.median)} / ${ms(r.typing.paced_total_ms.max)}`),
    rowOf("  of which keystrokes / strength results (medians)", (r) => `${ms(r.typing.paced_keystrokes_ms.median)} / ${ms(r.typing.paced_strength_renders_ms.median)}`),
    rowOf("30-keystroke burst, one task apart (coalesced estimates), median", (r) => ms(r.typing.rapid_total_ms.median)),
    rowOf("burst: first key → final strength on screen, median", (r) => ms(r.typing.rapid_first_key_to_final_strength_ms.median)),
  ]);

  L.push(`## Longest main-thread task while pasting`, "");
  L.push(`Each paste is timed ${QUICK ? 1 : 5} times; the figure is the median of the per-paste longest task (the worst is in results.json). "Longest" is the largest of: the paste task (the browser setting the value + the widget's handler + layout), the strength-result task, the largest gap seen by a MessageChannel task-gap monitor running through the paste and the 3 frames after the result, and (Chromium) any long task (≥ 50 ms) the browser reported. The bare form is the same paste into the same form without the widget: the browser's own cost.`, "");
  const pastes = Object.keys(runs[0].paste.inputs);
  table(["paste", ...runs.flatMap((r) => [`${r.browser}: widget, longest`, `${r.browser}: value set / widget handler / strength result`, `${r.browser}: bare form, longest`])],
    pastes.map((p) => [p, ...runs.flatMap((r) => {
      const x = r.paste.inputs[p];
      return [ms(x.widget.longest_ms), `${ms(x.widget.value_set_ms)} / ${ms(x.widget.handler_ms)} / ${ms(x.widget.strength_render_ms)}`, ms(x.plain_field.longest_ms)];
    })]));
  L.push(`Every corpus password pasted once (the widget's handler with layout, and its strength-result task): worst ${runs.map((r) => `${r.browser} ${ms(r.paste.corpus_worst_task_ms)} (${r.paste.corpus_worst_task})`).join("; ")}.`, "");

  L.push(`## Cold start (median of ${runs[0].cold.reps} fresh pages each, caching defeated)`, "");
  L.push(`Each page is loaded from a site not loaded before (a new renderer process) with \`Cache-Control: no-store\`. The widget is included as the demo includes it (a module script tag), and its page goes out as the reference server sends a page with a widget root: with a \`Link\` header that preloads the field build's WebAssembly (pkg/manifest.json's \`preload\`); "script tag alone" is the same page without that header. t0 is when the widget's script starts. For "import + setup + first call", t0 is just before a dynamic \`import()\` of the contender, so those include downloading its script (widget-field: the field build, \`attach()\` to the form; widget-estimator: pkg/strength on the main thread; widget-qr: the widget's module, init, \`qrSvg\`).`, "");
  table(["measure", ...cols], [
    ...[["widget", "widget"], ["widget_script_only", "widget, script tag alone"]].flatMap(([key, name]) => [
      rowOf(`${name}: navigation start → its script starts (t0)`, (r) => ms(r.cold[key].t0_since_navigation_ms)),
      rowOf(`${name}: t0 → its WebAssembly downloaded`, (r) => ms(r.cold[key].wasm_loaded_ms)),
      rowOf(`${name}: t0 → first rule verdict in the DOM`, (r) => ms(r.cold[key].first_verdict_ms)),
      rowOf(`${name}: t0 → next frame after it`, (r) => ms(r.cold[key].first_verdict_frame_ms)),
      rowOf(`${name}: t0 → first strength result in the DOM (prefilled password, worker)`, (r) => ms(r.cold[key].first_strength_ms)),
      rowOf(`${name}: t0 → next frame after it`, (r) => ms(r.cold[key].first_strength_frame_ms)),
      rowOf(`${name}: navigation start → first rule verdict / first strength result`, (r) => `${ms(r.cold[key].first_verdict_since_navigation_ms)} / ${ms(r.cold[key].first_strength_since_navigation_ms)}`),
    ]),
    ...["widget-field", "widget-estimator", "zxcvbn", "zxcvbn-ts", "widget-qr", "qrcode"].map((c) => rowOf(`import + setup + first call: ${c} (import / setup / first call; a second call)`, (r) => {
      const p = r.cold.parts_ms[c];
      return `${ms(r.cold.import_setup_first_call_ms[c])} (${fmt(p.import)} / ${fmt(p.setup)} / ${fmt(p.first_call)}; ${fmt(p.second_call)})`;
    })),
    rowOf("ratio: widget estimator vs zxcvbn / vs zxcvbn-ts", (r) => `${times(r.cold.ratio_estimator_vs_zxcvbn)} / ${times(r.cold.ratio_estimator_vs_zxcvbn_ts)}`),
    rowOf("ratio: widget strength on screen (worker) vs zxcvbn-ts first call", (r) => times(r.cold.ratio_strength_on_screen_vs_zxcvbn_ts)),
    rowOf("ratio: widget QR vs qrcode", (r) => times(r.cold.ratio_qr_vs_qrcode)),
  ]);

  L.push(`## QR code (${runs[0].qr.uri_chars}-character otpauth URI)`, "");
  table(["measure", ...cols], [
    rowOf("widget `qrSvg`, median / p99", (r) => `${ms(r.qr.ms.widget.median)} / ${ms(r.qr.ms.widget.p99)}`),
    rowOf("qrcode `toString(uri, {type: \"svg\"})`, median / p99", (r) => `${ms(r.qr.ms.qrcode.median)} / ${ms(r.qr.ms.qrcode.p99)}`),
    rowOf("ratio (median)", (r) => times(r.qr.ratio_median_vs_qrcode)),
    rowOf("SVG length: widget / qrcode", (r) => `${r.qr.svg_chars.widget} / ${r.qr.svg_chars.qrcode} chars`),
  ]);

  L.push(`## Bytes shipped`, "");
  const by = results.bytes;
  const brow = (label, s) => [label, String(s.raw), String(s.gzip), String(s.brotli)];
  table(["file", "raw", "gzip -9", "brotli q11"], [
    ...by.before_checklist.files.map((f) => brow(f.file, f)),
    brow("**needed before the checklist works**", by.before_checklist.total),
    ...by.rest.files.map((f) => brow(f.file, f)),
    brow("**the rest (strength, loaded by the worker)**", by.rest.total),
    brow("**everything (a password page)**", by.total),
    ...by.journey.files.map((f) => brow(f.file, f)),
    brow("**a journey page before its first step works** (entry script, both stylesheets, field build's script, journeys build)", by.journey_page_before_first_step),
    brow("**everything (a journey page, strength included)**", by.journey_page_total),
    brow("**all of pkg/**", by.pkg_total),
    ...by.peers.map((p) => brow(`peer: ${p.label} (esbuild --minify)`, p)),
  ]);
  const zts = by.peers.find((p) => p.name === "zxcvbn-ts"), zx = by.peers.find((p) => p.name === "zxcvbn"), qr = by.peers.find((p) => p.name === "qrcode");
  L.push(`Brotli ratios: everything vs zxcvbn-ts+en ${times(by.total.brotli / zts.brotli)}, vs zxcvbn ${times(by.total.brotli / zx.brotli)}; before-checklist vs qrcode alone ${times(by.before_checklist.total.brotli / qr.brotli)}.`, "");
  return L.join("\n");
}

/** Puts the run's header and budget table between the README's results markers. */
function updateReadme(md) {
  const file = path.join(BENCH, "README.md");
  const readme = fs.readFileSync(file, "utf8");
  const [start, end] = ["<!-- results:start -->", "<!-- results:end -->"];
  if (!readme.includes(start) || !readme.includes(end)) return;
  const lines = md.split("\n");
  const header = lines[2];
  const budgetsAt = lines.findIndex((l) => l.startsWith("## Budgets"));
  const nextAt = lines.findIndex((l, i) => i > budgetsAt && l.startsWith("## "));
  const table = lines.slice(budgetsAt + 2, nextAt).join("\n").trim();
  const block = `${start}\n${header}\n\nBudgets (issue 4), judged on Chromium; every other number is in [results.md](results.md).\n\n${table}\n${end}`;
  fs.writeFileSync(file, readme.slice(0, readme.indexOf(start)) + block + readme.slice(readme.indexOf(end) + end.length));
}

// ---- main ----------------------------------------------------------------------------------------------

const ONLY_WIDGET = [...WIDGET_PAGES, "widget-field"];

/** `--page-only`: the benchmark page alone (no cold starts); prints its main figures. */
async function pageOnly() {
  const main = await listen("127.0.0.1");
  try {
    for (const browser of BROWSERS) {
      const b = await openBrowser(browser);
      try {
        const r = await benchPage(b, main.origin);
        console.log(`${browser} ${b.version}: keystroke median ${ms(r.keystroke.sync_ms.median)}, p99 ${ms(r.keystroke.sync_ms.p99)}; 30-keystroke sequence ${ms(r.typing.paced_total_ms.median)}; estimate vs zxcvbn ${times(r.estimate.typical.ratio_median_vs_zxcvbn)}; longest task ${ms(r.paste.longest_ms)}; QR vs qrcode ${times(r.qr.ratio_median_vs_qrcode)}`);
      } finally {
        await b.close();
      }
    }
  } finally {
    main.server.close();
  }
}

/** `--cold-widget=N`: the widget's cold starts alone, every run printed. */
async function coldWidgetOnly(reps) {
  const servers = [];
  for (let i = 0; i < reps; i++) servers.push(await listen(`127.0.0.${10 + i}`));
  const keys = ["wasm_loaded_ms", "first_verdict_ms", "first_strength_ms", "import_ms", "setup_ms", "first_call_alone_ms", "second_call_ms"];
  try {
    for (const browser of BROWSERS) {
      const b = await openBrowser(browser);
      try {
        const runs = Object.fromEntries(ONLY_WIDGET.map((c) => [c, []]));
        for (const [i, { origin }] of servers.entries()) {
          const c = ONLY_WIDGET[i % ONLY_WIDGET.length];
          await b.navigate(`${origin}/${WIDGET_PAGES.includes(c) ? "cold-widget" : "cold"}.html?c=${c}&run=${Date.now()}&${PART_DIRS}`);
          const st = await poll(b, "__cold", 30000, "cold widget");
          if (st.status !== "done") throw new Error(`cold start failed: ${st.errors.join("; ")}`);
          runs[c].push(st.result);
          console.log(`${browser} ${c}: ${keys.filter((k) => k in st.result).map((k) => `${k} ${fmt(st.result[k])}`).join(", ")}`);
          for (const r of st.result.resources) console.log(`  ${fmt(r.start_ms)} (first byte ${fmt(r.first_byte_ms)}) +${fmt(r.ms)} ms ${r.name}`);
          for (const m of st.result.marks ?? []) console.log(`  ${fmt(m.at_ms)} ${m.name}`);
        }
        for (const [c, list] of Object.entries(runs).filter(([, list]) => list.length)) {
          console.log(`${browser} ${b.version} ${c}, medians of ${list.length}: ${keys.filter((k) => k in list[0]).map((k) => `${k} ${fmt(median(list.map((r) => r[k])))}`).join(", ")}`);
        }
      } finally {
        await b.close();
      }
    }
  } finally {
    for (const s of servers) s.server.close();
  }
}

async function main() {
  const started = Date.now();
  const loadBefore = os.loadavg().map((x) => +x.toFixed(2));
  ensurePeers();
  await bundlePeers();
  for (const f of ["hmis-onboard.js", "manifest.json"]) {
    if (!fs.existsSync(path.join(PKG, f))) throw new Error(`pkg/${f} is missing: run \`make build\` first`);
  }
  const bytes = measureBytes();

  const main = await listen("127.0.0.1");
  // Cold pages: one loopback address per page, so each is a new site in a new process.
  const coldCount = COLD_REPS * COLD_CONTENDERS.length;
  const coldServers = [];
  for (let i = 0; i < coldCount; i++) coldServers.push(await listen(`127.0.0.${10 + i}`));
  const watchdog = setTimeout(() => {
    console.error(`bench: gave up after ${QUICK ? 3 : 20} minutes`);
    if (QUICK) console.log("bench smoke: 0 passed, 1 failed");
    cleanup();
    process.exit(1);
  }, (QUICK ? 3 : 20) * 60 * 1000);
  watchdog.unref();

  const runs = [];
  try {
    for (const browser of BROWSERS) runs.push(await runBrowser(browser, main.origin, coldServers.map((s) => s.origin)));
  } finally {
    main.server.close();
    for (const s of coldServers) s.server.close();
  }

  const chromium = runs.find((r) => r.browser === "chromium") ?? runs[0];
  const head = headline(chromium, bytes);
  const results = {
    ...head,
    browser: `${chromium.browser} ${chromium.version}`,
    browser_version: chromium.version,
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${os.platform()} ${os.release()}, node ${process.version}`,
    load_average_before: loadBefore,
    load_average_after: os.loadavg().map((x) => +x.toFixed(2)),
    quick: QUICK,
    seconds: (Date.now() - started) / 1000,
    budgets: null,
    bytes,
    chromium,
  };
  results.budgets = budgets(head, chromium, bytes);
  const ff = runs.find((r) => r.browser === "firefox");
  if (ff) results.firefox = { ...headline(ff, bytes), browser_version: ff.version, ...ff };
  results.runs = runs;
  return results;
}

// One loopback address per page, from 127.0.0.10: at most 240.
const coldWidgetReps = Math.min(240, Number(value("cold-widget", "0")));
/** Runs one of the modes that print as they go and write nothing. */
function printOnly(run) {
  run().then(
    () => { cleanup(); process.exit(0); },
    (error) => { console.error(`bench: ${error?.stack ?? error}`); cleanup(); process.exit(1); },
  );
}

if (flag("page-only")) printOnly(pageOnly);
else if (coldWidgetReps > 0) printOnly(() => coldWidgetOnly(coldWidgetReps));
else main().then(
  (results) => {
    const md = markdown(results);
    if (QUICK) {
      const b = results.runs[0];
      console.log(`bench smoke: Chromium ${b.version}, ${b.corpus_total} passwords, page ran in ${fmt(b.seconds)} s; keystroke median ${ms(results.keystroke_typical_median_ms)}, estimate ratio vs zxcvbn ${times(results.estimate_typical_ratio_vs_zxcvbn)}`);
      console.log("bench smoke: 1 passed, 0 failed");
    } else {
      const { runs, ...rest } = results;
      fs.mkdirSync(OUT, { recursive: true });
      const round = (_, v) => (typeof v === "number" && !Number.isInteger(v) ? +v.toPrecision(4) : v);
      fs.writeFileSync(path.join(OUT, "results.json"), JSON.stringify(rest, round, 2) + "\n");
      fs.writeFileSync(path.join(OUT, "results.md"), md + "\n");
      if (OUT === BENCH) updateReadme(md);
      console.log(md);
      log(`wrote ${path.relative(process.cwd(), path.join(OUT, "results.json"))} and results.md in ${fmt(results.seconds)} s`);
    }
    cleanup();
    process.exit(0);
  },
  (error) => {
    console.error(`bench: ${error?.stack ?? error}`);
    if (QUICK) console.log("bench smoke: 0 passed, 1 failed");
    cleanup();
    process.exit(1);
  },
);
