// hmis-onboard: the one script a page includes.
//
//   <script type="module" src="/hmis-onboard/hmis-onboard.js"></script>
//
// It loads the WebAssembly widget and attaches it to every element marked `data-hmis-onboard`.
// If the WebAssembly cannot load (an old browser, a blocked file, a Content Security Policy
// without 'wasm-unsafe-eval'), the page keeps working exactly as before and a short notice says
// that live checks are unavailable. No error escapes to the page.

import init, { attach as attachWasm } from "./hmis_onboard.js";

// The one string that cannot come from the widget's catalog, because it is shown when the
// widget could not load. Hosts override it with `messages.unavailable`, like any other.
const UNAVAILABLE = "Live password checks are unavailable in this browser. The password rules still apply.";

let loading;

function load() {
  loading ??= init({ module_or_path: new URL("./hmis_onboard_bg.wasm", import.meta.url) });
  return loading;
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
  return attachWasm(root, options);
}

// Every element marked in the HTML is attached once the module runs (module scripts run after
// the document is parsed). Configuration mistakes are reported, never thrown at the page.
for (const root of document.querySelectorAll("[data-hmis-onboard]")) {
  attach(root).catch((error) => console.error(`hmis-onboard: ${error.message}`));
}
