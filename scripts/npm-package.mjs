// Makes pkg/ (as scripts/pkg.mjs assembled it) a publishable npm package as well, so the folder
// a page includes by script tag and the package a bundler imports are the same files:
//
//   pkg/package.json      @hmis-onboard/widget, the version from Cargo.toml, an exports map
//   pkg/README.md         the package's own short README (from js/README.package.md)
//   pkg/LICENSE-MIT, pkg/LICENSE-APACHE, pkg/LICENSE-zxcvbn   the licences (zxcvbn is in the
//                         strength build, under its own MIT licence)
//   pkg/*.d.ts            the declarations in js/, when there are any
//
// `npm pack pkg` turns it into a tarball (scripts/bundlers.sh does, for the bundler tests).
// Run by scripts/pkg.mjs after it assembled pkg/; `node scripts/npm-package.mjs` alone rewrites
// these files in an existing pkg/. Same pkg/ and sources, same bytes: nothing here depends on
// the time, the machine or the order a directory lists in, and a second run changes nothing.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PKG = path.join(ROOT, "pkg");
const JS = path.join(ROOT, "js");

const manifest = JSON.parse(fs.readFileSync(path.join(PKG, "manifest.json"), "utf8"));

/** The widget crate's `version` and `repository`: the first of each in Cargo.toml's [package]. */
function cargoPackage() {
  const toml = fs.readFileSync(path.join(ROOT, "Cargo.toml"), "utf8");
  const section = toml.split(/^\[package\]$/m)[1]?.split(/^\[/m)[0];
  const field = (name) => section?.match(new RegExp(`^${name} = "([^"]+)"$`, "m"))?.[1];
  const version = field("version");
  if (!version) throw new Error("Cargo.toml: no version in [package]");
  return { version, repository: field("repository") };
}
const { version, repository } = cargoPackage();

const copy = (from, to) => fs.writeFileSync(path.join(PKG, to), fs.readFileSync(from));

// The declarations (js/hmis-onboard.d.ts, js/hmis-onboard-mock.d.ts): copied when present, and
// named in the exports map only then, so the package never points at a file it lacks.
const declarations = fs.readdirSync(JS).filter((f) => f.endsWith(".d.ts")).sort();
for (const f of fs.readdirSync(PKG)) if (f.endsWith(".d.ts")) fs.rmSync(path.join(PKG, f)); // one removed from js/
for (const f of declarations) copy(path.join(JS, f), f);
const typed = (types, file) => (declarations.includes(types) ? { types: `./${types}`, default: `./${file}` } : `./${file}`);

const LICENCES = [
  ["LICENSE-MIT", path.join(ROOT, "LICENSE-MIT")],
  ["LICENSE-APACHE", path.join(ROOT, "LICENSE-APACHE")],
  ["LICENSE-zxcvbn", path.join(ROOT, "vendor", "zxcvbn", "LICENSE")],
];
for (const [name, from] of LICENCES) copy(from, name);
// The README's one link, to the full README, follows Cargo.toml's repository.
const readme = fs.readFileSync(path.join(JS, "README.package.md"), "utf8").replaceAll("{repository}", repository ?? "the hmis-onboard repository");
fs.writeFileSync(path.join(PKG, "README.md"), readme);

const parts = Object.values(manifest.parts).map((files) => `${files[0].split("/")[0]}/`);
const pkg = {
  name: "@hmis-onboard/widget",
  version,
  description: "Live password rules, strength and guided onboarding journeys for HMIS login pages: a drop-in WebAssembly widget.",
  license: "MIT OR Apache-2.0",
  ...(repository ? { repository: { type: "git", url: repository } } : {}),
  keywords: ["password", "password-strength", "password-policy", "zxcvbn", "checklist", "onboarding", "totp", "2fa", "hmis", "webassembly", "wasm"],
  type: "module",
  // Only what these entries name can be imported: the files they load themselves (the builds'
  // directories) are reached by URL from the entry script, never by a host's import.
  exports: {
    ".": typed("hmis-onboard.d.ts", manifest.entry),
    "./mock": typed("hmis-onboard-mock.d.ts", manifest.mock),
    "./style.css": `./${manifest.stylesheet}`,
    "./journey.css": `./${manifest.journeyStylesheet}`,
    "./manifest.json": "./manifest.json",
    "./package.json": "./package.json",
  },
  ...(declarations.includes("hmis-onboard.d.ts") ? { types: "./hmis-onboard.d.ts" } : {}),
  // Importing the entry attaches every [data-hmis-onboard] root and adds the stylesheet, and a
  // host may import the stylesheet for its own sake: neither may be dropped as unused.
  sideEffects: [`./${manifest.entry}`, "./*.css"],
  files: [
    manifest.entry,
    manifest.stylesheet,
    manifest.journeyStylesheet,
    manifest.mock,
    "manifest.json",
    ...parts,
    ...new Set(Object.values(manifest.locales).map((f) => `${f.split("/")[0]}/`)),
    ...declarations,
    ...LICENCES.map(([name]) => name),
  ],
};
fs.writeFileSync(path.join(PKG, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
console.log(`pkg/: package.json (${pkg.name} ${version}), README.md, ${LICENCES.map(([n]) => n).join(", ")}${declarations.length ? `, ${declarations.join(", ")}` : ""}`);
