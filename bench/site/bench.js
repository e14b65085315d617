// The benchmark page: one load measures the widget against zxcvbn 4.4.2, @zxcvbn-ts/core and
// npm qrcode, alternating between contenders on every repetition. bench/run.mjs loads it through
// WebDriver and polls `window.__bench` until `status` is "done" or "error".
//
// URL parameters: quick=1 (one password per class, one repetition: the smoke test).

import { makeCorpus, OTPAUTH_URI } from "./corpus.js";

const QUICK = new URLSearchParams(location.search).get("quick") === "1";
const state = (window.__bench = { status: "running", progress: "starting", errors: [], results: null });
const progressEl = document.getElementById("progress");
const progress = (text) => {
  state.progress = text;
  progressEl.textContent = text;
};

// Anything the page or the widget reports as wrong fails the run (the smoke test relies on it).
const fail = (message) => state.errors.push(String(message).slice(0, 2000));
addEventListener("error", (e) => fail(`error: ${e.message} at ${e.filename}:${e.lineno}`));
addEventListener("unhandledrejection", (e) => fail(`unhandled rejection: ${e.reason?.stack ?? e.reason}`));
document.addEventListener("securitypolicyviolation", (e) => fail(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
for (const level of ["error", "warn"]) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    fail(`console.${level}: ${args.map(String).join(" ")}`);
    original(...args);
  };
}

// The entry script creates its strength worker with `new Worker(...)` and sets `onmessage`. This
// subclass only notes when each answer starts being handled, so the main-thread cost of showing
// a strength result (worker message → verdict event) can be timed. Nothing else changes.
const workerMessage = { at: 0 };
class TimedWorker extends Worker {
  set onmessage(handler) {
    super.onmessage = handler && ((event) => {
      workerMessage.at = performance.now();
      return handler.call(this, event);
    });
  }
  get onmessage() {
    return super.onmessage;
  }
}
globalThis.Worker = TimedWorker;

// ---- helpers -------------------------------------------------------------------------------

const now = () => performance.now();
const channel = new MessageChannel();
const queue = [];
channel.port1.onmessage = () => queue.shift()?.();
/** Resolves in a new task (no 4 ms clamping, unlike nested setTimeout). */
const nextTask = () => new Promise((resolve) => { queue.push(resolve); channel.port2.postMessage(0); });
const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
const frames = async (n) => { for (let i = 0; i < n; i++) await frame(); };

function stats(samples) {
  const xs = samples.filter(Number.isFinite).sort((a, b) => a - b);
  const n = xs.length;
  if (!n) return { n: 0, median: null, p99: null, mean: null, min: null, max: null };
  const at = (q) => xs[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))];
  const median = n % 2 ? xs[(n - 1) / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
  return { n, median, p99: at(0.99), mean: xs.reduce((a, b) => a + b, 0) / n, min: xs[0], max: xs[n - 1] };
}
const ratio = (a, b) => (a != null && b ? a / b : null);
const rotate = (list, k) => list.map((_, i) => list[(i + k) % list.length]);
const codePoints = (s) => [...s].length;

/** The smallest step performance.now() shows here (coarsened unless cross-origin isolated). */
function timerResolution() {
  let best = Infinity;
  for (let i = 0; i < 50; i++) {
    const a = now();
    let b = now();
    while (b === a) b = now();
    best = Math.min(best, b - a);
  }
  return best;
}

// ---- set-up --------------------------------------------------------------------------------

const corpus = makeCorpus({ seed: 4, quick: QUICK });
const context = corpus.context;
const form = document.getElementById("change-password");
const field = document.getElementById("new-password");
const plain = document.getElementById("bare-new-password");

let entry, panel, strength, zxcvbn, zxcvbnTs, qrcode;

async function setup() {
  progress("loading the widget and the peers");
  entry = await import("/pkg/hmis-onboard.js");
  const widget = await entry.attach(form, { policy: { contextWords: ["hmis", "clienttrack", "demo"] } });
  if (!widget) throw new Error("attach() resolved to null: the widget's WebAssembly did not load");
  panel = form.querySelector('[data-hmis-part="panel"]');
  if (!panel || !form.querySelector('[data-hmis-part="rule"]')) throw new Error("the widget rendered no rule checklist");

  // The estimator alone, on this thread (the widget itself runs it in its worker).
  // Its files are in a content-hashed directory: pkg/manifest.json names them.
  const manifest = await (await fetch("/pkg/manifest.json")).json();
  const dir = `/pkg/${manifest.parts.strength.find((f) => f.endsWith("/hmis_onboard.js")).replace(/[^/]*$/, "")}`;
  strength = await import(`${dir}hmis_onboard.js`);
  await strength.default({ module_or_path: `${dir}hmis_onboard_bg.wasm` });

  zxcvbn = (await import("/gen/zxcvbn.min.js")).default;
  const ts = await import("/gen/zxcvbn-ts.min.js");
  // As @zxcvbn-ts/core's README sets it up, with the common and English packages.
  zxcvbnTs = new ts.ZxcvbnFactory({
    dictionary: { ...ts.common.dictionary, ...ts.en.dictionary },
    graphs: ts.common.adjacencyGraphs,
    translations: ts.en.translations,
  });
  qrcode = await import("/gen/qrcode.min.js");
}

// Every verdict event the widget sends on the new-password field. A strength result that comes
// from the worker is handled in the task that started at `workerMessage.at`.
let dispatching = false;
let waiter = null;
const strengthEvents = [];
field.addEventListener("hmis-onboard:verdict", (event) => {
  const at = now();
  if (!event.detail?.strength) return;
  const fromWorker = !dispatching;
  const record = { at, renderMs: fromWorker ? at - workerMessage.at : null, value: field.value };
  strengthEvents.push(record);
  if (waiter && field.value === waiter.value) {
    const w = waiter;
    waiter = null;
    w.resolve({ ...record, strength: event.detail.strength });
  }
});

/** Resolves when the verdict event with the estimate for `value` arrives. Call before typing it. */
function strengthFor(value, timeoutMs = 20000) {
  return new Promise((resolve, reject) => {
    const me = { value, resolve };
    waiter = me;
    setTimeout(() => {
      if (waiter === me) {
        waiter = null;
        reject(new Error(`no strength result within ${timeoutMs} ms for a ${codePoints(value)}-character value`));
      }
    }, timeoutMs);
  });
}

/**
 * One keystroke (or paste) as the demo page gets it: set the value, dispatch `input`.
 * `valueMs` is the browser's own work of setting the value (in Chromium a password field's value
 * costs ~0.5–1 ms with or without the widget); `syncMs` is the widget's whole synchronous
 * handler: rules, checklist and meter updated, verdict event sent, estimate requested.
 */
function type(input, value, inputType = "insertText") {
  const t0 = now();
  input.value = value;
  const t1 = now();
  dispatching = true;
  input.dispatchEvent(new InputEvent("input", { bubbles: true, inputType }));
  dispatching = false;
  const t2 = now();
  // Forces style and layout of the updated checklist: what the next frame must do before paint.
  panel.getBoundingClientRect();
  const t3 = now();
  return { valueMs: t1 - t0, syncMs: t2 - t1, withLayoutMs: t3 - t1, taskMs: t3 - t0, t0 };
}

function setValue(input, value) {
  const t0 = now();
  input.value = value;
  const dt = now() - t0;
  input.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText" }));
  return dt;
}

async function clear(input) {
  type(input, "");
  await nextTask();
}

/** Checks the shape of the estimator's answer, so a broken build fails the smoke test. */
function checkEstimate(e) {
  if (!e || !Number.isInteger(e.score) || e.score < 0 || e.score > 4 || typeof e.guessesLog10 !== "number") {
    throw new Error(`estimateStrength returned ${JSON.stringify(e)}`);
  }
  return e;
}

// ---- 1. strength estimate alone ------------------------------------------------------------

// zxcvbn 4.4.2 has no length bound (one 256-character random string took ~110 s in node) and
// zxcvbn-ts stops at 256; the widget judges the first 100 characters. To keep the run bounded,
// the peers get the first 100 characters of longer passwords (the part the widget judges);
// the widget always gets the whole password.
const PEER_MAX = 100;
const peerInput = (pw) => (codePoints(pw) > PEER_MAX ? [...pw].slice(0, PEER_MAX).join("") : pw);
const estimators = {
  widget: (pw) => strength.estimateStrength(pw, context),
  zxcvbn: (pw) => zxcvbn(pw, context),
  "zxcvbn-ts": (pw) => zxcvbnTs.check(pw, context),
};
const NAMES = Object.keys(estimators);

// Repetitions per class, and a time cap per contender and class: a contender that has spent
// its cap stops taking samples (its n says how many it got). Quick mode: one pass.
const PLAN = QUICK
  ? Object.fromEntries(Object.keys(corpus.classes).map((c) => [c, { reps: 1, capMs: 2000 }]))
  : {
      short_common: { reps: 15, capMs: 3000 },
      typical: { reps: 25, capMs: 10000 },
      random_12_16: { reps: 8, capMs: 4000 },
      chars_50: { reps: 5, capMs: 3000 },
      chars_100: { reps: 3, capMs: 3000 },
      chars_1000: { reps: 3, capMs: 3000 },
      chars_10000: { reps: 3, capMs: 3000 },
      emoji: { reps: 10, capMs: 3000 },
      rtl: { reps: 10, capMs: 3000 },
    };

async function benchEstimates() {
  // Warm-up: every contender's first calls build tables and get compiled.
  for (let i = 0; i < 3; i++) for (const pw of corpus.classes.typical.slice(0, 10)) for (const f of Object.values(estimators)) f(pw);

  const out = {};
  for (const [cls, passwords] of Object.entries(corpus.classes)) {
    const { reps, capMs } = PLAN[cls];
    const samples = Object.fromEntries(NAMES.map((n) => [n, []]));
    const spent = Object.fromEntries(NAMES.map((n) => [n, 0]));
    const scores = Object.fromEntries(NAMES.map((n) => [n, []]));
    const cut = passwords.map(peerInput); // outside the timed calls
    for (let rep = 0; rep < reps; rep++) {
      progress(`estimate: ${cls}, repetition ${rep + 1} of ${reps}`);
      for (let i = 0; i < passwords.length; i++) {
        for (const name of rotate(NAMES, rep + i)) {
          if (spent[name] > capMs) continue;
          const input = name === "widget" ? passwords[i] : cut[i];
          const t0 = now();
          const result = estimators[name](input);
          const dt = now() - t0;
          samples[name].push(dt);
          spent[name] += dt;
          if (name === "widget") checkEstimate(result);
          if (rep === 0) scores[name].push(result.score);
        }
        await nextTask();
      }
    }
    const s = Object.fromEntries(NAMES.map((n) => [n, stats(samples[n])]));
    const agree = (peer) => {
      const a = scores.widget, b = scores[peer];
      const k = Math.min(a.length, b.length);
      return k ? a.slice(0, k).filter((x, j) => x === b[j]).length / k : null;
    };
    out[cls] = {
      passwords: passwords.length,
      chars: stats(passwords.map(codePoints)),
      ms: s,
      ratio_median_vs_zxcvbn: ratio(s.widget.median, s.zxcvbn.median),
      ratio_median_vs_zxcvbn_ts: ratio(s.widget.median, s["zxcvbn-ts"].median),
      ratio_p99_vs_zxcvbn: ratio(s.widget.p99, s.zxcvbn.p99),
      ratio_p99_vs_zxcvbn_ts: ratio(s.widget.p99, s["zxcvbn-ts"].p99),
      score_agreement_vs_zxcvbn: agree("zxcvbn"),
      score_agreement_vs_zxcvbn_ts: agree("zxcvbn-ts"),
    };
  }

  // What a page that ran the estimator on every keystroke of a 30-character password would pay
  // on its main thread: the sum over the 30 prefixes, alternating contenders per sequence.
  const sums = Object.fromEntries(NAMES.map((n) => [n, []]));
  const seqReps = QUICK ? 1 : 3;
  for (let rep = 0; rep < seqReps; rep++) {
    for (let i = 0; i < corpus.typing.length; i++) {
      progress(`estimate: 30 prefixes of sequence ${i + 1}, repetition ${rep + 1}`);
      const seq = corpus.typing[i];
      for (const name of rotate(NAMES, rep + i)) {
        let total = 0;
        for (let k = 1; k <= seq.length; k++) {
          const t0 = now();
          estimators[name](seq.slice(0, k));
          total += now() - t0;
        }
        sums[name].push(total);
        await nextTask();
      }
    }
  }
  const seqStats = Object.fromEntries(NAMES.map((n) => [n, stats(sums[n])]));
  out.typing30_prefixes = {
    ms: seqStats,
    ratio_median_vs_zxcvbn: ratio(seqStats.widget.median, seqStats.zxcvbn.median),
    ratio_median_vs_zxcvbn_ts: ratio(seqStats.widget.median, seqStats["zxcvbn-ts"].median),
  };
  return out;
}

// ---- 2. the widget's per-keystroke path ------------------------------------------------------

async function benchKeystrokes() {
  const sync = [], withLayout = [], latency = [], render = [], valueSet = [], bareValueSet = [];
  const bare = document.getElementById("bare-new-password");
  const reps = QUICK ? 1 : 3;
  for (let rep = 0; rep < reps; rep++) {
    const passwords = corpus.classes.typical;
    for (let i = 0; i < passwords.length; i++) {
      if (i % 10 === 0) progress(`keystrokes: password ${i + 1} of ${passwords.length}, repetition ${rep + 1} of ${reps}`);
      await clear(field);
      const pw = passwords[i];
      for (let k = 1; k <= pw.length; k++) {
        const value = pw.slice(0, k);
        // The same value set in the same form without the widget: the browser's own cost.
        if (k % 2) bareValueSet.push(setValue(bare, value));
        const arrived = strengthFor(value);
        const t = type(field, value);
        if (!(k % 2)) bareValueSet.push(setValue(bare, value));
        sync.push(t.syncMs);
        withLayout.push(t.withLayoutMs);
        valueSet.push(t.valueMs);
        // Typing is slower than the worker answers: wait for the estimate before the next key.
        const r = await arrived;
        latency.push(r.at - t.t0);
        if (r.renderMs != null) render.push(r.renderMs);
        await nextTask(); // the next keystroke is a task of its own, as in a browser
      }
    }
  }
  await clear(field);
  return {
    keystrokes: sync.length,
    sync_ms: stats(sync),
    with_layout_ms: stats(withLayout),
    strength_latency_ms: stats(latency),
    strength_render_ms: stats(render),
    browser_value_set_ms: stats(valueSet),
    browser_value_set_without_widget_ms: stats(bareValueSet),
  };
}

// ---- 3. 30-keystroke typing sequences ---------------------------------------------------------

async function benchTyping() {
  const paced = [], pacedKeys = [], pacedRenders = [], rapid = [], rapidLatency = [];
  const reps = QUICK ? 1 : 3;
  for (let rep = 0; rep < reps; rep++) {
    for (let i = 0; i < corpus.typing.length; i++) {
      progress(`typing: sequence ${i + 1} of ${corpus.typing.length}, repetition ${rep + 1} of ${reps}`);
      const seq = corpus.typing[i];
      // Paced, as a person types: every keystroke gets its estimate before the next one, so the
      // main thread handles 30 keystrokes and 30 strength results.
      await clear(field);
      let keys = 0, renders = 0;
      for (let k = 1; k <= seq.length; k++) {
        const value = seq.slice(0, k);
        const arrived = strengthFor(value);
        keys += type(field, value).syncMs;
        const r = await arrived;
        renders += r.renderMs ?? 0;
        await nextTask();
      }
      paced.push(keys + renders);
      pacedKeys.push(keys);
      pacedRenders.push(renders);

      // Rapid: 30 keystrokes one task apart (a paste-like burst); the widget coalesces requests.
      await clear(field);
      const first = strengthEvents.length;
      let total = 0, t0 = null;
      for (let k = 1; k <= seq.length; k++) {
        await nextTask();
        const value = seq.slice(0, k);
        const arrived = k === seq.length ? strengthFor(value) : null;
        const t = type(field, value);
        t0 ??= t.t0;
        total += t.syncMs;
        if (arrived) {
          const r = await arrived;
          rapidLatency.push(r.at - t0);
        }
      }
      for (const e of strengthEvents.slice(first)) total += e.renderMs ?? 0;
      rapid.push(total);
    }
  }
  await clear(field);
  return {
    sequences: paced.length,
    paced_total_ms: stats(paced),
    paced_keystrokes_ms: stats(pacedKeys),
    paced_strength_renders_ms: stats(pacedRenders),
    rapid_total_ms: stats(rapid),
    rapid_first_key_to_final_strength_ms: stats(rapidLatency),
  };
}

// ---- 4. QR code --------------------------------------------------------------------------------

async function benchQr() {
  const contenders = {
    widget: () => entry.qrSvg(OTPAUTH_URI),
    qrcode: () => qrcode.toString(OTPAUTH_URI, { type: "svg" }),
  };
  const names = Object.keys(contenders);
  const svg = {};
  for (const name of names) {
    svg[name] = await contenders[name]();
    if (typeof svg[name] !== "string" || !svg[name].startsWith("<svg")) throw new Error(`${name} drew no SVG: ${String(svg[name]).slice(0, 80)}`);
  }
  for (let i = 0; i < 20; i++) for (const name of names) await contenders[name]();
  const samples = { widget: [], qrcode: [] };
  const reps = QUICK ? 5 : 400;
  progress("QR code");
  for (let rep = 0; rep < reps; rep++) {
    for (const name of rotate(names, rep)) {
      const t0 = now();
      await contenders[name]();
      samples[name].push(now() - t0);
    }
    if (rep % 20 === 0) await nextTask();
  }
  const s = { widget: stats(samples.widget), qrcode: stats(samples.qrcode) };
  return {
    uri: OTPAUTH_URI,
    uri_chars: OTPAUTH_URI.length,
    ms: s,
    ratio_median_vs_qrcode: ratio(s.widget.median, s.qrcode.median),
    ratio_p99_vs_qrcode: ratio(s.widget.p99, s.qrcode.p99),
    svg_chars: { widget: svg.widget.length, qrcode: svg.qrcode.length },
  };
}

// ---- 5. longest main-thread task while pasting ----------------------------------------------------

// Long tasks (≥ 50 ms) where the browser reports them (Chromium).
const longTasks = [];
const longTaskSupported = PerformanceObserver.supportedEntryTypes?.includes("longtask") ?? false;
if (longTaskSupported) {
  new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: "longtask" });
}

/**
 * Measures the longest gap between consecutive tasks of a MessageChannel ping loop: any task the
 * main thread runs meanwhile (script, style, layout, paint, GC) shows as a gap at least as long.
 * Catches tasks below the 50 ms long-task threshold, in every browser.
 */
function gapMonitor() {
  const ch = new MessageChannel();
  let last = now(), max = 0, running = true;
  ch.port1.onmessage = () => {
    const t = now();
    max = Math.max(max, t - last);
    last = t;
    if (running) ch.port2.postMessage(0);
  };
  ch.port2.postMessage(0);
  return () => {
    running = false;
    ch.port1.onmessage = null;
    return Math.max(max, now() - last);
  };
}

async function pasteOnce(input, text, withWidget) {
  await clear(input);
  await frames(2);
  const since = now();
  const stop = gapMonitor();
  await frames(1);
  const arrived = withWidget ? strengthFor(text, 60000) : null;
  const t = type(input, text, "insertFromPaste");
  let latency = null, render = null;
  if (arrived) {
    const r = await arrived;
    latency = r.at - t.t0;
    render = r.renderMs;
  }
  await frames(3);
  const gap = stop();
  const longest = Math.max(0, ...longTasks.filter((e) => e.startTime >= since).map((e) => e.duration));
  await clear(input);
  return {
    value_ms: t.valueMs,
    sync_ms: t.syncMs,
    task_ms: t.taskMs,
    strength_render_ms: render,
    strength_latency_ms: latency,
    max_gap_ms: gap,
    longtask_ms: longTaskSupported ? longest : null,
    longest_ms: Math.max(t.taskMs, gap, longest, render ?? 0),
  };
}

async function benchPaste() {
  const reps = QUICK ? 1 : 5;
  const out = {};
  for (const { name, text } of corpus.pastes) {
    const runs = { widget: [], plain: [] };
    for (let rep = 0; rep < reps; rep++) {
      progress(`paste: ${name}, repetition ${rep + 1} of ${reps}`);
      const order = rep % 2 ? ["plain", "widget"] : ["widget", "plain"];
      // The widget keeps its last estimate: a different last character per repetition makes
      // every paste a new password, so each one is estimated and its result shown.
      const variant = text.slice(0, -1) + String.fromCharCode(65 + rep);
      for (const which of order) runs[which].push(await pasteOnce(which === "widget" ? field : plain, variant, which === "widget"));
    }
    // A longest task is a maximum, so one descheduling of the browser by another process shows
    // up in it: the median over repetitions is the figure, the worst is reported beside it.
    const med = (list, key) => stats(list.map((r) => r[key] ?? 0)).median;
    const worst = (list, key) => Math.max(...list.map((r) => r[key] ?? 0));
    out[name] = {
      chars: codePoints(text),
      widget: {
        longest_ms: med(runs.widget, "longest_ms"),
        longest_worst_ms: worst(runs.widget, "longest_ms"),
        value_set_ms: med(runs.widget, "value_ms"),
        handler_ms: med(runs.widget, "sync_ms"),
        paste_task_ms: med(runs.widget, "task_ms"),
        strength_render_ms: med(runs.widget, "strength_render_ms"),
        max_gap_ms: med(runs.widget, "max_gap_ms"),
        longtask_ms: longTaskSupported ? worst(runs.widget, "longtask_ms") : null,
        strength_latency_ms: med(runs.widget, "strength_latency_ms"),
      },
      plain_field: { longest_ms: med(runs.plain, "longest_ms"), longest_worst_ms: worst(runs.plain, "longest_ms"), value_set_ms: med(runs.plain, "value_ms") },
    };
  }

  // Every corpus password pasted into the widget's field 3 times (once in quick mode): its
  // handler (with layout) and its strength-result task; the median of each password's 3, and
  // the worst password.
  const perPassword = [];
  const corpusReps = QUICK ? 1 : 3;
  for (const [cls, passwords] of Object.entries(corpus.classes)) {
    progress(`paste: every ${cls} password, ${corpusReps} times`);
    for (const pw of passwords) {
      const handler = [], result = [];
      for (let rep = 0; rep < corpusReps; rep++) {
        const variant = rep ? pw + String.fromCharCode(64 + rep) : pw;
        await clear(field);
        const arrived = strengthFor(variant, 60000);
        const t = type(field, variant, "insertFromPaste");
        const r = await arrived;
        handler.push(t.withLayoutMs);
        result.push(r.renderMs ?? 0);
        await nextTask();
      }
      perPassword.push({ cls, chars: codePoints(pw), handler: stats(handler).median, result: stats(result).median });
    }
  }
  let worstTask = 0, worstWhat = null;
  for (const p of perPassword) {
    for (const [ms, what] of [[p.handler, "paste handler + layout"], [p.result, "strength result task"]]) {
      if (ms > worstTask) [worstTask, worstWhat] = [ms, `${what}, ${p.cls}, ${p.chars} chars`];
    }
  }
  await clear(field);
  const pasteWorst = Math.max(...Object.values(out).map((o) => o.widget.longest_ms));
  return {
    method: longTaskSupported ? "longtask observer + task-gap monitor + timed handlers" : "task-gap monitor + timed handlers",
    inputs: out,
    corpus_worst_task_ms: worstTask,
    corpus_worst_task: worstWhat,
    longest_ms: Math.max(pasteWorst, worstTask),
  };
}

// ---- run -----------------------------------------------------------------------------------

async function main() {
  const started = now();
  await setup();
  const results = {
    quick: QUICK,
    user_agent: navigator.userAgent,
    cross_origin_isolated: globalThis.crossOriginIsolated === true,
    timer_resolution_ms: timerResolution(),
    corpus: Object.fromEntries(Object.entries(corpus.classes).map(([k, v]) => [k, v.length])),
    corpus_total: Object.values(corpus.classes).reduce((a, v) => a + v.length, 0),
    context_words: context,
    peer_max_chars: PEER_MAX,
  };
  results.estimate = await benchEstimates();
  results.keystroke = await benchKeystrokes();
  results.typing = await benchTyping();
  results.qr = await benchQr();
  results.paste = await benchPaste();
  results.seconds = (now() - started) / 1000;
  return results;
}

main().then(
  (results) => {
    state.results = results;
    state.status = state.errors.length ? "error" : "done";
    progress(state.status);
  },
  (error) => {
    fail(error?.stack ?? error);
    state.status = "error";
    progress(`error: ${error?.message ?? error}`);
  },
);
