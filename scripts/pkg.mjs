// Assembles pkg/ from the three wasm-pack builds in target/pkg-stage/ and the scripts in js/.
//
//   pkg/hmis-onboard.js                  the entry script: the one stable name (no-cache)
//   pkg/hmis-onboard.<hash>.css          the stylesheet
//   pkg/field-<hash>/                    the field build: checklist, meter (imported by the entry)
//   pkg/journey-<hash>/                  the journeys build (loaded for a journey root, qrSvg)
//   pkg/strength-<hash>/                 the strength worker script and zxcvbn's build
//   pkg/manifest.json                    which file belongs to which part (for hosts and the bench)
//   pkg/package.json, README.md, LICENSE-*   the same folder as the npm package
//                                        @hmis-onboard/widget (scripts/npm-package.mjs)
//
// <hash> is the first 10 hex digits of a SHA-256 over the part's file names and contents, so a
// name changes exactly when its content does: everything but the entry script can be served
// `Cache-Control: public, max-age=31536000, immutable` (docs/caching.md). The entry script is
// js/hmis-onboard.js with "./field/", "./journey/", "./strength/" and "./hmis-onboard.css"
// rewritten to those names. Every script and the stylesheet are minified by esbuild (from
// tools/, installed by scripts/setup.sh): a third off what a page downloads as JS, brotli'd;
// js/ keeps the readable sources. Same inputs, same pkg/: `make build` stays deterministic.

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const STAGE = path.join(ROOT, "target", "pkg-stage");
const PKG = path.join(ROOT, "pkg");
const JS = path.join(ROOT, "js");
const esbuild = createRequire(path.join(ROOT, "tools", "package.json"))("esbuild");

/** Minified JS (an ES module: imports, exports and import.meta kept as they are) or CSS. */
const minify = (name, bytes) => {
  const loader = name.endsWith(".css") ? "css" : name.endsWith(".js") ? "js" : null;
  if (!loader) return bytes;
  const { code } = esbuild.transformSync(bytes.toString("utf8"), { loader, minify: true, format: loader === "js" ? "esm" : undefined, logLevel: "error" });
  return Buffer.from(code);
};

const hash = (files) => {
  const h = crypto.createHash("sha256");
  for (const [name, bytes] of files) h.update(`${name}\0${bytes.length}\0`).update(bytes);
  return h.digest("hex").slice(0, 10);
};

/** The shipped files (.js, .wasm) of one wasm-pack build, plus `extra` [name, bytes] pairs. */
function part(name, extra = []) {
  const dir = path.join(STAGE, name);
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.(js|wasm)$/.test(f))
    .map((f) => [f, fs.readFileSync(path.join(dir, f))])
    .concat(extra)
    .map(([f, bytes]) => [f, minify(f, bytes)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out = `${name}-${hash(files)}`;
  return { name, dir: out, files };
}

const read = (f) => fs.readFileSync(path.join(JS, f));
const parts = [
  part("field"),
  part("journey"),
  part("strength", [["hmis-onboard-strength.js", read("hmis-onboard-strength.js")]]),
];
const css = minify("hmis-onboard.css", read("hmis-onboard.css"));
const cssName = `hmis-onboard.${hash([["hmis-onboard.css", css]])}.css`;

let entry = read("hmis-onboard.js").toString("utf8");
for (const { name, dir } of parts) {
  const from = `"./${name}/`;
  if (!entry.includes(from)) throw new Error(`js/hmis-onboard.js never refers to ${from}…": cannot point it at ${dir}/`);
  entry = entry.replaceAll(from, `"./${dir}/`);
}
if (!entry.includes('"./hmis-onboard.css"')) throw new Error('js/hmis-onboard.js never refers to "./hmis-onboard.css"');
entry = entry.replaceAll('"./hmis-onboard.css"', `"./${cssName}"`);

fs.rmSync(PKG, { recursive: true, force: true });
fs.mkdirSync(PKG);
for (const { dir, files } of parts) {
  fs.mkdirSync(path.join(PKG, dir));
  for (const [name, bytes] of files) fs.writeFileSync(path.join(PKG, dir, name), bytes);
}
fs.writeFileSync(path.join(PKG, cssName), css);
fs.writeFileSync(path.join(PKG, "hmis-onboard.js"), minify("hmis-onboard.js", Buffer.from(entry)));
// The mock backend, for trying journey pages before a backend exists (never loaded by the widget).
fs.writeFileSync(path.join(PKG, "hmis-onboard-mock.js"), minify("hmis-onboard-mock.js", fs.readFileSync(path.join(ROOT, "js", "hmis-onboard-mock.js"))));

for (const [i, name] of ["field", "journey"].entries()) {
  if (parts[i].name !== name || !parts[i].files.some(([f]) => f === "hmis_onboard_bg.wasm")) throw new Error(`the ${name} build has no hmis_onboard_bg.wasm`);
}
const manifest = {
  entry: "hmis-onboard.js",
  stylesheet: cssName,
  mock: "hmis-onboard-mock.js",
  parts: Object.fromEntries(parts.map(({ name, dir, files }) => [name, files.map(([f]) => `${dir}/${f}`)])),
  // What a page with a widget root should preload (a `<link rel="preload" as="fetch"
  // crossorigin>` or the same `Link` header, as the reference server sends), by the build its
  // root loads: the WebAssembly, which the entry script would otherwise only ask for once it
  // runs (docs/caching.md).
  preload: {
    field: `${parts[0].dir}/hmis_onboard_bg.wasm`,
    journey: `${parts[1].dir}/hmis_onboard_bg.wasm`,
  },
  loads: {
    field: "with the entry script (a static import): the checklist on a password field",
    journey: "instead of the field build for a root configured for a journey, or on the first qrSvg()",
    strength: "in a worker, on the first keystroke that needs a strength estimate",
  },
};
fs.writeFileSync(path.join(PKG, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`pkg/: hmis-onboard.js, ${cssName}, ${parts.map((p) => `${p.dir}/`).join(", ")}, manifest.json`);

// The same folder as an npm package: package.json, its README, the licences, the declarations.
await import("./npm-package.mjs");
