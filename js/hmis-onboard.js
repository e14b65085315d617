// hmis-onboard: the one script a page includes.
//
//   <script type="module" src="/hmis-onboard/hmis-onboard.js"></script>
//
// It loads the WebAssembly widget and attaches it to every element marked `data-hmis-onboard`.
// If the WebAssembly cannot load (an old browser, a blocked file, a Content Security Policy
// without 'wasm-unsafe-eval'), the page keeps working exactly as before and a short notice says
// that live checks are unavailable. No error escapes to the page.
//
// Three builds of the widget, each in its own directory whose name carries a hash of its
// content (`make build` writes `./field-3f9a1c2e/` where this source says `./field/`, and so
// on), so every file but this one can be cached for good:
// - field: the checklist, strength meter, Caps Lock and Show password on a password field.
//   Imported with this script: all a change-password page downloads before the checklist works.
// - journey: the guided journeys (backend requests, TOTP, the QR code), the field widget
//   included. Loaded only for a root configured for a journey, or by qrSvg().
// - strength: zxcvbn, in a worker started on the first keystroke that needs an estimate.

import initField, { attach as attachField } from "./field/hmis_onboard.js";

// The strings that cannot come from the widget's catalog, because they are shown when the widget
// could not load or start. Hosts override them with `messages.unavailable` and
// `messages["journey.notStarted"]`, like any other. The cause (an old browser, the site's CSP,
// a missing file) is for the console: the person is told what it means for them.
const UNAVAILABLE = "Live password checks could not start. The password rules still apply.";
const NOT_STARTED = "This page could not start. Reload it; if that does not help, contact the Helpdesk.";

let loadingField;
let loadingJourney;
// Every attached widget stays reachable here until its destroy(): the page need not keep the
// handle (wasm-bindgen frees an unreachable handle, which would silently remove the widget).
const live = new Set();
// One root, one widget: the handle (or the attaching still under way) of each root with a live
// widget. A second attach() of the root answers with it; destroy() forgets it.
const roots = new WeakMap();
let worker;
let nextRequest = 0;
const waiting = new Map();

// Two copies of this module on one page (`hmis-onboard.js?v=2` beside the plain one) would each
// attach their own widgets: said once, in the console.
const LOADED = Symbol.for("hmis-onboard");
// (The same URL twice is two realms, such as a test driver's, not two scripts on the page.)
if (globalThis[LOADED] && globalThis[LOADED] !== import.meta.url) {
  console.warn(`hmis-onboard: a second copy of the module loaded (${import.meta.url}; the first: ${globalThis[LOADED]}). Include one script, under one URL.`);
} else if (!globalThis[LOADED]) {
  globalThis[LOADED] = import.meta.url;
}

// The field build's WebAssembly. Its URL also says where the widget's files are served from:
// a bundler (Vite, webpack) rewrites it to where it put the file, while import.meta.url may not
// say (webpack makes it the module's path on the build machine).
const FIELD_WASM = new URL("./field/hmis_onboard_bg.wasm", import.meta.url);

function loadField() {
  loadingField ??= initField({ module_or_path: FIELD_WASM });
  return loadingField;
}

function loadJourney() {
  loadingJourney ??= import("./journey/hmis_onboard.js").then(async (journey) => {
    await journey.default({ module_or_path: new URL("./journey/hmis_onboard_bg.wasm", import.meta.url) });
    return journey;
  });
  return loadingJourney;
}

// The strength worker's script, beside the strength build it imports, where this folder has it
// (a bundler's copy has another name). Not written `new URL("…", import.meta.url)`: a bundler
// would copy the script on its own, and the copy could not find what it imports.
const WORKER_URL = new URL("./strength/hmis-onboard-strength.js", new URL("..", FIELD_WASM));

// On the page's origin (this folder on the site, or a bundler's output), a module worker from
// the script itself, written out whole as Vite and webpack recognise it: they bundle the worker
// with its imports and the WebAssembly. A module worker must come from the page's origin, so
// with the files on another one (a CDN, an assets host), a same-origin blob: module imports the
// worker script from there. A module worker's imports are checked against worker-src, so the
// page's CSP needs `worker-src blob:` and the assets origin there, and the files served with
// CORS. (A bundler's output on another origin is not such a folder: the import fails, and
// strength shows as unavailable, as below.)
function startWorker() {
  if (FIELD_WASM.origin === location.origin) {
    return new Worker(new URL("./strength/hmis-onboard-strength.js", import.meta.url), { type: "module" });
  }
  const source = `import ${JSON.stringify(WORKER_URL.href)};`;
  return new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })), { type: "module" });
}

// Said once: why strength is unavailable, and that a minStrength rule now rests with the server.
let workerWarned = false;
function workerFailed(cause) {
  if (workerWarned) return;
  workerWarned = true;
  console.warn(
    `hmis-onboard: the strength worker (${WORKER_URL}) could not start (${cause}): check that it is served and that the ` +
      "Content-Security-Policy allows it (worker-src, 'wasm-unsafe-eval'; the README's embedding recipe). " +
      "Strength shows as unavailable, and a minStrength rule is left to the server.",
  );
}

// Strength estimates come from one worker per page, started on the first keystroke that needs
// one. If it cannot start or load, every request is refused and the widget shows strength as
// unavailable; the checklist is unaffected.
function estimateStrength(password, context) {
  if (worker === null) return Promise.reject(new Error("the strength worker is unavailable"));
  if (!worker) {
    try {
      worker = startWorker();
    } catch (error) {
      worker = null;
      workerFailed(error);
      return Promise.reject(error);
    }
    worker.onmessage = ({ data }) => {
      const request = waiting.get(data.id);
      if (!request) return;
      waiting.delete(data.id);
      if (data.error) request.reject(new Error(data.error));
      else request.resolve(data.estimate);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      workerFailed(event.message || "it did not load");
      worker.terminate();
      worker = null;
      for (const request of waiting.values()) request.reject(new Error("the strength worker failed to load"));
      waiting.clear();
    };
  }
  const id = ++nextRequest;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, password, context });
  });
}

// The field's stylesheet, and the journeys' beside it for a journey root: once each per page.
// Each URL is written `new URL("…", import.meta.url)` where it is used, so bundlers copy the file.
function addStylesheet(root, url) {
  if (root.getAttribute("data-hmis-styles") === "none") return;
  const href = url.href;
  if (document.querySelector(`link[data-hmis-styles="${href}"]`)) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  link.setAttribute("data-hmis-styles", href);
  link.addEventListener("error", () =>
    console.warn(`hmis-onboard: the stylesheet ${href} did not load (a 404, or the Content-Security-Policy's style-src): the widget is unstyled.`),
  );
  document.head.append(link);
}

// A notice the widget shows without the WebAssembly: once per root, in the root's language.
function notice(root, part, role, options, key, english) {
  if (root.querySelector(`[data-hmis-part="${part}"]`)) return null;
  const note = document.createElement("p");
  note.setAttribute("data-hmis-part", part);
  note.setAttribute("role", role);
  note.textContent = text(options, key) ?? english;
  return note;
}

// Beside the password it is about (on a whole-page form, not above the site's header), else at
// the top of the root.
function showUnavailable(root, options) {
  const note = notice(root, "unavailable", "note", options, "unavailable", UNAVAILABLE);
  if (!note) return;
  const field = root.querySelector('input[autocomplete~="new-password"]') ?? root.querySelector('input[type="password"]');
  const label = field?.id && root.querySelector(`label[for="${CSS.escape(field.id)}"]`);
  const before = label && label.compareDocumentPosition(field) & Node.DOCUMENT_POSITION_FOLLOWING ? label : field;
  if (before) before.before(note);
  else root.prepend(note);
}

// A journey root whose configuration is wrong would be an empty box for the person: a short
// notice there; the details are in the console, naming the key.
function showNotStarted(root, options) {
  const note = notice(root, "not-started", "alert", options, "journey.notStarted", NOT_STARTED);
  if (note) root.append(note);
}

function handle(widget, root) {
  live.add(widget);
  return Object.freeze({
    /** The current verdict, as in the last hmis-onboard:verdict event (null without a new-password field). */
    verdict: () => (live.has(widget) ? widget.verdict() : null),
    /** Re-reads the fields after the page set a value from script. */
    refresh: () => live.has(widget) && widget.refresh(),
    /** Removes every listener, element and attribute change the widget made. */
    destroy() {
      if (!live.delete(widget)) return;
      roots.delete(root);
      widget.destroy();
      widget.free();
    },
  });
}

/**
 * Attaches the widget to `root` (a form or any element holding the fields).
 * Resolves to a handle with `destroy()`, `verdict()` and `refresh()`, or to `null` when the
 * WebAssembly could not load (the notice is shown and the page works as before).
 * Rejects with an Error naming the key when the configuration is wrong.
 * One root, one widget: for a root that has one already (attached by this script for its
 * `data-hmis-onboard`, or by an earlier call, perhaps still loading), it resolves to that
 * widget's handle, unchanged; to attach with other options, destroy() that one first.
 */
export function attach(root, options) {
  const known = roots.get(root);
  if (known) {
    if (options !== undefined && options !== null) {
      console.warn("hmis-onboard: this element has a widget already; attach() returned it unchanged, without the new options (destroy() it first to attach with other options).");
    }
    return known;
  }
  const attaching = attachNew(root, options);
  roots.set(root, attaching);
  // Nothing attached (a wrong configuration, the WebAssembly missing): a later call tries again.
  const forget = () => roots.get(root) === attaching && roots.delete(root);
  attaching.then((widget) => widget || forget(), forget);
  return attaching;
}

async function attachNew(root, options) {
  // A root that names its journey goes straight to the journeys build; any other starts with
  // the field build, which answers undefined when the configuration asks for a journey or a
  // backend after all. The WebAssembly's request goes out before the stylesheet's: the
  // checklist waits for the one, not the other. A built-in catalog other than English is
  // fetched beside it and handed over as `locales.<tag>`.
  const block = configBlock(root);
  const named = root.hasAttribute("data-hmis-journey") || typeof (options?.journey ?? block?.journey) === "string";
  const loading = named ? loadJourney() : loadField();
  loading.catch(() => {});
  const locale = chooseLocale(root, options, block);
  const fetching = CATALOGS[locale] && !options?.locales?.[locale] && !block?.locales?.[locale] && fetchCatalog(locale);
  addStylesheet(root, new URL("./hmis-onboard.css", import.meta.url));
  if (named) addStylesheet(root, new URL("./hmis-onboard-journey.css", import.meta.url));
  const texts = fetching && (await fetching);
  options = { ...options, locale: texts === null ? "en" : locale };
  if (texts) options.locales = { ...options.locales, [locale]: texts };
  if (!named) {
    try {
      await loading;
    } catch (error) {
      return unavailable(root, options, error);
    }
    const widget = attachField(root, options, estimateStrength);
    if (widget) {
      warnWithoutNewPassword(root, options);
      return handle(widget, root);
    }
  }
  addStylesheet(root, new URL("./hmis-onboard-journey.css", import.meta.url));
  let journey;
  try {
    journey = await loadJourney();
  } catch (error) {
    return unavailable(root, options, error);
  }
  try {
    return handle(journey.attach(root, options, estimateStrength), root);
  } catch (error) {
    showNotStarted(root, options);
    throw error;
  }
}

/**
 * The root's JSON configuration block, for the journey's and the language's names. Only a
 * shortcut: the widget itself reads and checks the configuration, so a block that does not
 * parse here is left for it to report.
 */
function configBlock(root) {
  const id = root.getAttribute("data-hmis-config");
  try {
    return JSON.parse(document.getElementById(id).textContent);
  } catch {
    return null;
  }
}

// The built-in catalogs besides English (src/messages/<tag>.json), fetched for the language a
// root chose: a page downloads only its own.
const CATALOGS = { es: () => new URL("./locales/es.json", import.meta.url) };
const fetched = {};

/**
 * The language of a root's messages: the `locale` option (or `data-hmis-locale`, or the JSON
 * block's), else the nearest `lang` attribute, else the browser's languages; the first with a
 * catalog, built in or the host's `locales`, matched whole or by its language alone (es-MX → es);
 * else English.
 */
function chooseLocale(root, options, block) {
  const offered = ["en", ...Object.keys(CATALOGS), ...Object.keys(block?.locales ?? {}), ...Object.keys(options?.locales ?? {})];
  const asked = options?.locale ?? root.getAttribute("data-hmis-locale") ?? block?.locale;
  const wanted = typeof asked === "string" ? [asked] : [root.closest('[lang]:not([lang=""])')?.lang, ...navigator.languages];
  for (const tag of wanted) {
    const lower = String(tag).toLowerCase();
    const found = offered.find((o) => o.toLowerCase() === lower) ?? offered.find((o) => o.toLowerCase() === lower.split("-")[0]);
    if (found) return found;
  }
  if (typeof asked === "string") console.warn(`hmis-onboard: no messages for the locale "${asked}": English is shown. Add them under locales.`);
  return "en";
}

/** A built-in catalog, once per page; null (English, said in the console) if it cannot load. */
function fetchCatalog(tag) {
  fetched[tag] ??= fetch(CATALOGS[tag]())
    .then((answer) => (answer.ok ? answer.json() : Promise.reject(new Error(`HTTP ${answer.status}`))))
    .catch((error) => {
      console.warn(`hmis-onboard: ${CATALOGS[tag]()} did not load (${error.message}): English is shown.`);
      return null;
    });
  return fetched[tag];
}

/** A message of the root's catalog, for the notices shown without the WebAssembly. */
function text(options, key) {
  return options?.messages?.[key] ?? options?.locales?.[options.locale]?.[key];
}

// Password inputs without the tokens that say which is which get Show password and Caps Lock
// but no checklist: right for a sign-in page (current-password), silent for a legacy form.
function warnWithoutNewPassword(root, options) {
  if (options?.fields || !root.querySelector('input[type="password"]')) return;
  if (root.querySelector('input[autocomplete~="new-password"], input[autocomplete~="current-password"], input[data-hmis-field]')) return;
  const name = root.id ? `#${root.id}` : root.tagName.toLowerCase();
  console.warn(
    `hmis-onboard: ${name} has password inputs but none marked as the new password, so no checklist is drawn. ` +
      'Give the new password and its confirmation autocomplete="new-password" (or data-hmis-field="new" and "confirm"), or set fields.newPassword.',
  );
}

function unavailable(root, options, error) {
  console.warn("hmis-onboard: the WebAssembly module could not load; live checks are off.", error);
  showUnavailable(root, options);
  return null;
}

/** The QR code for `text` as SVG markup, drawn locally; null if the text is too long. */
export async function qrSvg(text) {
  const journey = await loadJourney();
  return journey.qrSvg(text) ?? null;
}

// Links marked data-hmis-open="new-tab" (the guide's Security Settings) open in a new tab; if
// the browser blocks that, the same tab follows the link instead, so the user is never stuck.
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element && event.target.closest('a[data-hmis-open="new-tab"]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  const tab = window.open(link.href, "_blank");
  if (tab) tab.opener = null;
  else window.location.assign(link.href);
});

// Every element marked in the HTML is attached once the module runs (module scripts run after
// the document is parsed). Configuration mistakes are reported, never thrown at the page.
for (const root of document.querySelectorAll("[data-hmis-onboard]")) {
  attach(root).catch((error) => console.error(`hmis-onboard: ${error.message}`));
}
