// Assembles pkg/ from the three wasm-pack builds in target/pkg-stage/ and the scripts in js/.
//
//   pkg/hmis-onboard.js                  the entry script: the one stable name (no-cache)
//   pkg/hmis-onboard.<hash>.css          the stylesheet (the password field)
//   pkg/hmis-onboard-journey.<hash>.css  the journeys' stylesheet, beside the first for a journey root
//   pkg/field-<hash>/                    the field build: checklist, meter (imported by the entry)
//   pkg/journey-<hash>/                  the journeys build (loaded for a journey root, qrSvg)
//   pkg/strength-<hash>/                 the strength worker script and zxcvbn's build
//   pkg/locales-<hash>/<tag>.json        the built-in catalogs besides English (fetched per language)
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
import { shortenImports } from "./wasm-imports.mjs";

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
  const { js, wasm } = shortenImports(fs.readFileSync(path.join(dir, "hmis_onboard.js")), fs.readFileSync(path.join(dir, "hmis_onboard_bg.wasm")));
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.(js|wasm)$/.test(f))
    .map((f) => [f, f === "hmis_onboard.js" ? js : f === "hmis_onboard_bg.wasm" ? wasm : fs.readFileSync(path.join(dir, f))])
    .concat(extra)
    .map(([f, bytes]) => [f, minify(f, bytes)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out = `${name}-${hash(files)}`;
  return { name, dir: out, files };
}

const read = (f) => fs.readFileSync(path.join(JS, f));
// The built-in catalogs besides English (src/messages/<tag>.json), compacted: the entry script
// fetches the one a root's language needs.
const MESSAGES = path.join(ROOT, "src", "messages");
const catalogs = fs
  .readdirSync(MESSAGES)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => [f, Buffer.from(JSON.stringify(JSON.parse(fs.readFileSync(path.join(MESSAGES, f), "utf8"))))]);
const locales = { name: "locales", dir: `locales-${hash(catalogs)}`, files: catalogs };
const parts = [
  part("field"),
  part("journey"),
  part("strength", [["hmis-onboard-strength.js", read("hmis-onboard-strength.js")]]),
];
// The field's stylesheet and the journeys', each under a content-hashed name.
const stylesheets = ["hmis-onboard", "hmis-onboard-journey"].map((base) => {
  const bytes = minify(`${base}.css`, read(`${base}.css`));
  return { source: `${base}.css`, name: `${base}.${hash([[`${base}.css`, bytes]])}.css`, bytes };
});

let entry = read("hmis-onboard.js").toString("utf8");
for (const { name, dir } of [...parts, locales]) {
  const from = `"./${name}/`;
  if (!entry.includes(from)) throw new Error(`js/hmis-onboard.js never refers to ${from}…": cannot point it at ${dir}/`);
  entry = entry.replaceAll(from, `"./${dir}/`);
}
for (const { source, name } of stylesheets) {
  if (!entry.includes(`"./${source}"`)) throw new Error(`js/hmis-onboard.js never refers to "./${source}"`);
  entry = entry.replaceAll(`"./${source}"`, `"./${name}"`);
}

fs.rmSync(PKG, { recursive: true, force: true });
fs.mkdirSync(PKG);
for (const { dir, files } of [...parts, locales]) {
  fs.mkdirSync(path.join(PKG, dir));
  for (const [name, bytes] of files) fs.writeFileSync(path.join(PKG, dir, name), bytes);
}
for (const { name, bytes } of stylesheets) fs.writeFileSync(path.join(PKG, name), bytes);
fs.writeFileSync(path.join(PKG, "hmis-onboard.js"), minify("hmis-onboard.js", Buffer.from(entry)));
// The mock backend, for trying journey pages before a backend exists (never loaded by the widget).
fs.writeFileSync(path.join(PKG, "hmis-onboard-mock.js"), minify("hmis-onboard-mock.js", fs.readFileSync(path.join(ROOT, "js", "hmis-onboard-mock.js"))));

for (const [i, name] of ["field", "journey"].entries()) {
  if (parts[i].name !== name || !parts[i].files.some(([f]) => f === "hmis_onboard_bg.wasm")) throw new Error(`the ${name} build has no hmis_onboard_bg.wasm`);
}
const manifest = {
  entry: "hmis-onboard.js",
  stylesheet: stylesheets[0].name,
  // The journeys' stylesheet, loaded beside the first for a journey root.
  journeyStylesheet: stylesheets[1].name,
  mock: "hmis-onboard-mock.js",
  // The built-in catalogs besides English, by language tag (fetched for a root in that language).
  locales: Object.fromEntries(catalogs.map(([f]) => [f.replace(/\.json$/, ""), `${locales.dir}/${f}`])),
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
console.log(`pkg/: hmis-onboard.js, ${stylesheets.map((c) => c.name).join(", ")}, ${parts.map((p) => `${p.dir}/`).join(", ")}, manifest.json`);

// The same folder as an npm package: package.json, its README, the licences, the declarations.
await import("./npm-package.mjs");
