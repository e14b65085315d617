// One cold start, in a page the runner loads fresh (a new site each time, so a new renderer
// process, and every response `Cache-Control: no-store`: nothing compiled or downloaded before
// is reused). `?c=` names the contender; the result goes to `window.__cold`.
//
// The widget (cold-widget.html) is included as the demo includes it, by a module script tag
// after this one: t0 is taken at the end of this script, so t0 → first verdict is "after the
// widget's script starts" and covers its evaluation, the WebAssembly's download, compilation
// and instantiation, and the first render. Times since navigation start are reported too.
// The peers and the widget's parts on their own (cold.html) are imported here: t0 is taken
// right before the import, so their times include downloading the script.

import { makeCorpus, OTPAUTH_URI } from "./corpus.js";

let t0 = performance.now();
const query = new URLSearchParams(location.search);
const contender = query.get("c");
// The widget's builds live in content-hashed directories (pkg/manifest.json); run.mjs passes them.
const dirOf = (part) => {
  const dir = query.get(part);
  if (!dir) throw new Error(`no directory for the ${part} build in the URL`);
  return dir;
};
const state = (window.__cold = { status: "running", contender, errors: [] });
const fail = (m) => state.errors.push(String(m).slice(0, 2000));
addEventListener("error", (e) => fail(`error: ${e.message} at ${e.filename}:${e.lineno}`));
addEventListener("unhandledrejection", (e) => fail(`unhandled rejection: ${e.reason?.stack ?? e.reason}`));
document.addEventListener("securitypolicyviolation", (e) => fail(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));

const { context } = makeCorpus({ seed: 4, quick: true });
// A typical password, as if the browser autofilled it or the person typed before the script ran.
const PASSWORD = "Summer2024!Cedar";
const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
const since = (t) => t - t0;

async function widget() {
  const field = document.getElementById("new-password");
  field.value = PASSWORD;
  let verdict, estimate;
  const done = new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error("no strength result within 20 s")), 20000);
    document.addEventListener("hmis-onboard:verdict", (e) => {
      const at = performance.now();
      if (!verdict) {
        if (!document.querySelector('[data-hmis-part="rule"][data-met]')) fail("first verdict event, but no rule on the page");
        verdict = { at, frame: frame() };
      }
      if (e.detail?.strength && !estimate) {
        const meter = document.querySelector('[data-hmis-part="meter"]');
        if (!meter || meter.getAttribute("data-score") !== String(e.detail.strength.score)) fail("strength event, but the meter does not show it");
        estimate = { at, frame: frame() };
        resolve();
      }
    }, true);
  });
  if (!document.querySelector('script[src="/pkg/hmis-onboard.js"]')) throw new Error("the widget's cold start needs cold-widget.html");
  // The entry script's tag comes next: it starts as soon as this script (and its microtasks) end.
  t0 = performance.now();
  await done;
  // Where the time went, from resource timing: scripts downloaded, WebAssembly downloaded; the
  // rest up to the verdict is evaluation, compilation, instantiation and the first render.
  const end = (suffix) => {
    const r = performance.getEntriesByType("resource").find((e) => new URL(e.name).pathname.endsWith(suffix));
    return r ? since(r.responseEnd) : null;
  };
  return {
    // Negative: the scripts were already downloaded when the entry script could start.
    scripts_loaded_ms: Math.max(end("/pkg/hmis-onboard.js"), end("/hmis_onboard.js")),
    wasm_loaded_ms: end("/hmis_onboard_bg.wasm"),
    first_verdict_ms: since(verdict.at),
    first_verdict_since_navigation_ms: verdict.at,
    first_strength_since_navigation_ms: estimate.at,
    first_verdict_frame_ms: since(await verdict.frame),
    first_strength_ms: since(estimate.at),
    first_strength_frame_ms: since(await estimate.frame),
  };
}

/** Imports one of the widget's builds and instantiates it, noting when each was done. */
async function instantiate(part) {
  const dir = dirOf(part);
  const m = await import(`${dir}hmis_onboard.js`);
  const loaded = performance.now();
  await m.default({ module_or_path: `${dir}hmis_onboard_bg.wasm` });
  return { m, loaded, ready: performance.now() };
}

/** Where the time went: script imported, set up (instantiated), first call; and a second call. */
function parts(loaded, ready, done, again) {
  const t = performance.now();
  again();
  return {
    first_call_ms: since(done),
    import_ms: since(loaded),
    setup_ms: ready - loaded,
    first_call_alone_ms: done - ready,
    second_call_ms: performance.now() - t,
  };
}

const contenders = {
  // The same page twice: as the reference server sends it (a Link header preloads the field
  // build's WebAssembly) and with the script tag alone; run.mjs sets the header.
  widget,
  "widget-script-only": widget,
  // The widget's estimator alone on this thread: import, instantiate, first estimate.
  async "widget-estimator"() {
    const { m, loaded, ready } = await instantiate("strength");
    m.estimateStrength(PASSWORD, context);
    return parts(loaded, ready, performance.now(), () => m.estimateStrength(PASSWORD, context));
  },
  // The field build on its own: import, instantiate, first attach() to the form (up to the
  // checklist's first verdict; the strength request is left unanswered); a second attach() after
  // destroying the first. Where the widget's own start-up time goes, network aside.
  async "widget-field"() {
    const { m, loaded, ready } = await instantiate("field");
    const form = document.getElementById("change-password");
    document.getElementById("new-password").value = PASSWORD;
    const never = () => new Promise(() => {});
    let widget = m.attach(form, undefined, never);
    if (!form.querySelector('[data-hmis-part="rule"][data-met]')) fail("attach() put no rule verdict on the page");
    return parts(loaded, ready, performance.now(), () => {
      widget.destroy();
      widget.free();
      widget = m.attach(form, undefined, never);
    });
  },
  async zxcvbn() {
    const { default: zxcvbn } = await import("/gen/zxcvbn.min.js");
    const loaded = performance.now();
    zxcvbn(PASSWORD, context);
    return parts(loaded, loaded, performance.now(), () => zxcvbn(PASSWORD, context));
  },
  async "zxcvbn-ts"() {
    const ts = await import("/gen/zxcvbn-ts.min.js");
    const loaded = performance.now();
    const z = new ts.ZxcvbnFactory({
      dictionary: { ...ts.common.dictionary, ...ts.en.dictionary },
      graphs: ts.common.adjacencyGraphs,
      translations: ts.en.translations,
    });
    const ready = performance.now();
    z.check(PASSWORD, context);
    return parts(loaded, ready, performance.now(), () => z.check(PASSWORD, context));
  },
  async "widget-qr"() {
    // The journeys build holds the QR code (the entry script's qrSvg() loads it).
    const { m, loaded, ready } = await instantiate("journey");
    const svg = m.qrSvg(OTPAUTH_URI);
    if (!svg?.startsWith("<svg")) fail("qrSvg drew no SVG");
    return parts(loaded, ready, performance.now(), () => m.qrSvg(OTPAUTH_URI));
  },
  async qrcode() {
    const { toString } = await import("/gen/qrcode.min.js");
    const loaded = performance.now();
    const svg = await toString(OTPAUTH_URI, { type: "svg" });
    if (!svg?.startsWith("<svg")) fail("qrcode drew no SVG");
    return parts(loaded, loaded, performance.now(), () => toString(OTPAUTH_URI, { type: "svg" }));
  },
};

(async () => {
  if (!contenders[contender]) throw new Error(`unknown contender ${contender}`);
  const result = await contenders[contender]();
  result.t0_since_navigation_ms = t0;
  result.marks = performance.getEntriesByType("mark").map((m) => ({ name: m.name, at_ms: since(m.startTime) }));
  result.resources = performance
    .getEntriesByType("resource")
    .filter((r) => !r.name.includes("/cold.js") && !r.name.includes("/corpus.js") && !r.name.endsWith(".css"))
    .map((r) => ({ name: new URL(r.name).pathname, start_ms: since(r.startTime), first_byte_ms: since(r.responseStart), ms: r.duration, transfer: r.transferSize }));
  state.result = result;
  state.status = state.errors.length ? "error" : "done";
})().catch((e) => {
  fail(e?.stack ?? e);
  state.status = "error";
});
