// hmis-onboard's strength worker. zxcvbn and its word lists (most of the widget's bytes) load
// and run here, off the page's main thread, so the rule checklist never waits for them and a
// long paste never freezes the page. The page sends {id, password, context}; the worker answers
// {id, estimate} with the warning and suggestions as message keys, or {id, error}.

// It sits in the strength build's own directory (pkg/strength-<hash>/), beside the module. (A
// bundler, Vite or webpack, makes the two one script of its own.)
import init, { estimateStrength } from "./hmis_onboard.js";

const ready = init({ module_or_path: new URL("./hmis_onboard_bg.wasm", import.meta.url) });

self.onmessage = async ({ data }) => {
  try {
    await ready;
    self.postMessage({ id: data.id, estimate: estimateStrength(data.password, data.context) });
  } catch (error) {
    self.postMessage({ id: data.id, error: String(error?.message ?? error) });
  }
};
