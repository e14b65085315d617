// hmis-onboard: the one script a page includes.
//
//   <script type="module" src="/hmis-onboard/hmis-onboard.js"></script>
//
// It loads the WebAssembly widget and attaches it to every element marked `data-hmis-onboard`.
// If the WebAssembly cannot load (an old browser, a blocked file, a Content Security Policy
// without 'wasm-unsafe-eval'), the page keeps working exactly as before and a short notice says
// that live checks are unavailable. No error escapes to the page.

import init, { attach as attachWasm, qrSvg as qrSvgWasm } from "./hmis_onboard.js";

// The one string that cannot come from the widget's catalog, because it is shown when the
// widget could not load. Hosts override it with `messages.unavailable`, like any other.
const UNAVAILABLE = "Live password checks are unavailable in this browser. The password rules still apply.";

let loading;
// Every attached widget stays reachable here until its destroy(): the page need not keep the
// handle (wasm-bindgen frees an unreachable handle, which would silently remove the widget).
const live = new Set();
let worker;
let nextRequest = 0;
const waiting = new Map();

function load() {
  loading ??= init({ module_or_path: new URL("./hmis_onboard_bg.wasm", import.meta.url) });
  return loading;
}

// Strength estimates come from one worker per page, started on the first keystroke that needs
// one. If it cannot start or load, every request is refused and the widget shows strength as
// unavailable; the checklist is unaffected.
function estimateStrength(password, context) {
  if (worker === null) return Promise.reject(new Error("the strength worker is unavailable"));
  if (!worker) {
    try {
      worker = new Worker(new URL("./hmis-onboard-strength.js", import.meta.url), { type: "module" });
    } catch (error) {
      worker = null;
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

function addStylesheet(root) {
  if (root.getAttribute("data-hmis-styles") === "none") return;
  if (document.querySelector("link[data-hmis-styles]")) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("./hmis-onboard.css", import.meta.url).href;
  link.setAttribute("data-hmis-styles", "");
  document.head.append(link);
}

function showUnavailable(root, options) {
  if (root.querySelector('[data-hmis-part="unavailable"]')) return;
  const note = document.createElement("p");
  note.setAttribute("data-hmis-part", "unavailable");
  note.setAttribute("role", "note");
  note.textContent = options?.messages?.unavailable ?? UNAVAILABLE;
  root.prepend(note);
}

function handle(widget) {
  live.add(widget);
  return Object.freeze({
    /** The current verdict, as in the last hmis-onboard:verdict event (null without a new-password field). */
    verdict: () => (live.has(widget) ? widget.verdict() : null),
    /** Re-reads the fields after the page set a value from script. */
    refresh: () => live.has(widget) && widget.refresh(),
    /** Removes every listener, element and attribute change the widget made. */
    destroy() {
      if (!live.delete(widget)) return;
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
 */
export async function attach(root, options) {
  addStylesheet(root);
  try {
    await load();
  } catch (error) {
    console.warn("hmis-onboard: the WebAssembly module could not load; live checks are off.", error);
    showUnavailable(root, options);
    return null;
  }
  return handle(attachWasm(root, options, estimateStrength));
}

/** The QR code for `text` as SVG markup, drawn locally; null if the text is too long. */
export async function qrSvg(text) {
  await load();
  return qrSvgWasm(text) ?? null;
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
