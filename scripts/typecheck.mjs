#!/usr/bin/env node
// Type-checks the package's TypeScript declarations (js/hmis-onboard.d.ts, js/hmis-onboard-mock.d.ts)
// the way a host's project would use them, with the TypeScript in tools/node_modules:
//
// - tests/typescript/host.ts, a sample host, must compile under tests/typescript/tsconfig.json
//   (strict), and so must the project's own configurations: the JSON blocks of the README and the
//   demo pages, and www/*/widget-config.json, each read as `satisfies AttachOptions`;
// - each tests/typescript/fail/*.ts makes one mistake and must fail with the diagnostic its first
//   line names (`// expect: TS2353 'fragment'`: the code, then text its message must contain),
//   and with no other;
// - the declarations' unions and keys must match what the Rust sources accept (message keys,
//   actions, outcomes, rule ids, every configuration object's keys), so neither drifts alone.
//
// One line per case; exits non-zero on any surprise. Usage: node scripts/typecheck.mjs

import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIR = path.join(ROOT, "tests", "typescript");
const rel = (file) => path.relative(ROOT, file).split(path.sep).join("/");

let ts;
try {
  ts = createRequire(path.join(ROOT, "tools", "package.json"))("typescript");
} catch {
  console.error("typecheck: TypeScript is not installed in tools/node_modules: run `make setup` (scripts/setup.sh).");
  process.exit(2);
}

let surprises = 0;
let checks = 0;
const report = (ok, name, text) => {
  checks++;
  if (!ok) surprises++;
  console.log(`${ok ? "ok  " : "FAIL"}  ${name}${text ? `: ${text}` : ""}`);
};
const describe = (d) => {
  const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
  if (!d.file || d.start === undefined) return `TS${d.code} ${message}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${rel(d.file.fileName)}:${line + 1}:${character + 1} TS${d.code} ${message}`;
};
const short = (text, n = 160) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

// --- The compiler options and a host that shares parsed files between programs ---------------

const parsed = ts.getParsedCommandLineOfConfigFile(path.join(DIR, "tsconfig.json"), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    console.error(`typecheck: ${describe(d)}`);
    process.exit(2);
  },
});
if (parsed.errors.length) {
  for (const d of parsed.errors) console.error(`typecheck: ${describe(d)}`);
  process.exit(2);
}
const options = parsed.options;

// In-memory sources (the project's configurations as TypeScript), beside the files on disk.
const virtual = new Map();
const base = ts.createCompilerHost(options, true);
const cache = new Map();
const host = {
  ...base,
  fileExists: (f) => virtual.has(path.resolve(f)) || base.fileExists(f),
  readFile: (f) => virtual.get(path.resolve(f)) ?? base.readFile(f),
  getSourceFile(fileName, languageVersion, onError) {
    const key = path.resolve(fileName);
    if (virtual.has(key)) return ts.createSourceFile(fileName, virtual.get(key), languageVersion, true);
    if (!cache.has(key)) cache.set(key, base.getSourceFile(fileName, languageVersion, onError));
    return cache.get(key);
  },
};

/** The diagnostics of `files` (and the program's global ones); library files are not checked. */
function diagnosticsOf(program, files) {
  const out = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) {
      out.push({ code: 0, messageText: `${rel(file)} is not in the program`, category: ts.DiagnosticCategory.Error });
      continue;
    }
    out.push(...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf));
  }
  return out.filter((d) => d.category === ts.DiagnosticCategory.Error);
}

// --- 1. What must compile: the sample host and the project's own configurations -------------

const HOST = path.join(DIR, "host.ts");
const DECLARATIONS = [path.join(ROOT, "js", "hmis-onboard.d.ts"), path.join(ROOT, "js", "hmis-onboard-mock.d.ts")];

/** The configurations the project ships or documents, as [where, JSON text]. */
function configurations() {
  const found = [];
  const blocks = (file) => {
    const text = fs.readFileSync(file, "utf8");
    const re = /<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/g;
    for (let m, i = 1; (m = re.exec(text)); i++) found.push([`${rel(file)} (JSON block ${i})`, m[1]]);
  };
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(".html")) blocks(file);
      else if (entry.name === "widget-config.json") found.push([rel(file), fs.readFileSync(file, "utf8")]);
    }
  };
  blocks(path.join(ROOT, "README.md"));
  walk(path.join(ROOT, "www"));
  return found;
}

const examples = [];
for (const [where, text] of configurations()) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    report(false, where, `not JSON (${error.message})`);
    continue;
  }
  // A file holding only the backend's mapping (www/classic/) is the `backend` option.
  const type = value && typeof value === "object" && "endpoints" in value && !("backend" in value) ? "BackendConfig" : "AttachOptions";
  const file = path.join(DIR, `__example_${examples.length}__.ts`);
  const source = `import type { ${type} } from "@hmis-onboard/widget";\nexport const config = (\n${text.trim()}\n) satisfies ${type};\n`;
  virtual.set(path.resolve(file), source);
  examples.push({ where, type, file });
}

const passing = ts.createProgram({ rootNames: [HOST, ...examples.map((e) => e.file)], options, host });
{
  const errors = diagnosticsOf(passing, [...DECLARATIONS, HOST]);
  report(errors.length === 0, rel(HOST), errors.length ? `${errors.length} error(s)` : "compiles (strict)");
  for (const d of errors) console.log(`        ${describe(d)}`);
  for (const { where, type, file } of examples) {
    const errs = diagnosticsOf(passing, [file]).filter((d) => d.file);
    report(errs.length === 0, where, errs.length ? `not a valid ${type}` : `a valid ${type}`);
    for (const d of errs) console.log(`        ${short(describe(d).replace(rel(file), "here"), 400)}`);
  }
}

// --- 2. What must fail: one mistake per file, with the expected diagnostic ------------------

const FAIL = path.join(DIR, "fail");
const cases = fs
  .readdirSync(FAIL)
  .filter((f) => f.endsWith(".ts"))
  .sort()
  .map((f) => path.join(FAIL, f));
if (cases.length === 0) report(false, rel(FAIL), "no cases");
const failing = ts.createProgram({ rootNames: cases, options, host, oldProgram: passing });
for (const file of cases) {
  const name = rel(file);
  const first = fs.readFileSync(file, "utf8").split("\n", 1)[0];
  const m = first.match(/^\/\/ expect: ((?:TS\d+\s*)+)(.*)$/);
  if (!m) {
    report(false, name, "first line must be `// expect: TS<code> [text the message contains]`");
    continue;
  }
  const codes = m[1].trim().split(/\s+/).map((c) => Number(c.slice(2)));
  const fragment = m[2].trim();
  const errors = diagnosticsOf(failing, [file]);
  const messages = errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
  const others = errors.filter((d) => !codes.includes(d.code));
  const hit = errors.some((d, i) => codes.includes(d.code) && (!fragment || messages[i].includes(fragment)));
  if (errors.length === 0) report(false, name, "compiles, but must not");
  else if (others.length) report(false, name, `fails for another reason too: ${short(describe(others[0]))}`);
  else if (!hit) report(false, name, `fails, but no diagnostic contains ${fragment}: ${short(describe(errors[0]))}`);
  else report(true, name, `fails as expected (${short(describe(errors[0]).replace(`${name}:`, "line "), 130)})`);
}

// --- 3. The declarations against the Rust sources ------------------------------------------

const checker = passing.getTypeChecker();
const declared = new Map();
for (const file of DECLARATIONS) {
  const sf = passing.getSourceFile(file);
  const module = sf && checker.getSymbolAtLocation(sf);
  for (const symbol of module ? checker.getExportsOfModule(module) : []) declared.set(symbol.name, symbol);
}
/** The string literals of a declared union type. */
const literals = (name) => {
  const symbol = declared.get(name);
  if (!symbol) return null;
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  return (type.isUnion() ? type.types : [type]).filter((t) => t.isStringLiteral()).map((t) => t.value);
};
/** The property names of a declared object type (every member's, for a union). */
const keys = (name) => {
  const symbol = declared.get(name);
  if (!symbol) return null;
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  const names = new Set();
  for (const t of type.isUnion() ? type.types : [type]) for (const p of checker.getPropertiesOfType(t)) names.add(p.name);
  return [...names];
};

const source = (file) => fs.readFileSync(path.join(ROOT, file), "utf8");
const strings = (text) => [...text.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
/** The text of `pattern`'s first group in `file`, or null. */
const grab = (file, pattern) => source(file).match(pattern)?.[1] ?? null;
/** The string list `check_keys(_, "<at>", &[…])` accepts in `file`. */
const checked = (file, at) => {
  const escaped = at.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const list = grab(file, new RegExp(`check_keys\\(\\s*\\w+,\\s*${escaped},\\s*&\\[([^\\]]*)\\]`));
  return list === null ? null : strings(list);
};

// Declared ahead of the Rust sources: the team is adding these now. Each is reported, never failed.
const AHEAD = { AttachOptions: ["locales"], BuiltInLocale: ["es"] };

function compare(what, got, wanted, where) {
  if (!got || !wanted || wanted.length === 0) {
    report(false, what, `could not read ${!got ? "the declaration" : where}`);
    return;
  }
  const ahead = AHEAD[what] ?? [];
  const missing = wanted.filter((k) => !got.includes(k));
  const extra = got.filter((k) => !wanted.includes(k) && !ahead.includes(k));
  const early = ahead.filter((k) => got.includes(k) && !wanted.includes(k));
  const note = early.length ? ` (declared ahead of the sources: ${early.join(", ")})` : "";
  if (missing.length || extra.length) {
    const parts = [missing.length && `missing ${missing.join(", ")}`, extra.length && `not in the sources: ${extra.join(", ")}`];
    report(false, what, `${parts.filter(Boolean).join("; ")} (${where})`);
  } else {
    report(true, what, `matches ${where}, ${wanted.length} entries${note}`);
  }
}

{
  const messages = [...source("src/messages/mod.rs").matchAll(/^\s+\w+ = "([^"]+)",$/gm)].map((m) => m[1]);
  compare("MessageKey", literals("MessageKey"), messages, "src/messages/mod.rs");
  compare("MessageCatalog", keys("MessageCatalog"), messages, "src/messages/mod.rs");
  compare("BuiltInLocale", literals("BuiltInLocale"), strings(grab("src/messages/mod.rs", /pub const LOCALES: [^=]*= &\[([^\]]*)\]/) ?? ""), "src/messages/mod.rs LOCALES");

  const keyFn = grab("src/backend/mod.rs", /pub fn key\(self\)[^{]*\{([\s\S]*?)\n    \}/);
  compare("BackendAction", literals("BackendAction"), keyFn && strings(keyFn), "src/backend/mod.rs Action::key");
  const meanings = grab("src/backend/config.rs", /const ALL: \[\(&'static str, Meaning\); \d+\] = \[([\s\S]*?)\];/);
  compare("OutcomeMeaning", literals("OutcomeMeaning"), meanings && strings(meanings), "src/backend/config.rs Meaning::ALL");
  const outcomeNames = grab("src/web/http.rs", /fn outcome_name[^{]*\{([\s\S]*?)\n\}/);
  compare("RequestOutcome", literals("RequestOutcome"), outcomeNames && strings(outcomeNames), "src/web/http.rs outcome_name");
  const ruleIds = grab("src/policy.rs", /RuleId::MinLength => ("minLength"[\s\S]*?)\n\s*\}/);
  compare("RuleId", literals("RuleId"), ruleIds && strings(ruleIds), "src/policy.rs RuleId");
  const csrf = grab("src/backend/config.rs", /CSRF_PRESETS: [^=]*= \[([\s\S]*?)\];/);
  compare("CsrfPreset", literals("CsrfPreset"), csrf && [...csrf.matchAll(/\(\s*"([^"]+)"/g)].map((m) => m[1]), "src/backend/config.rs CSRF_PRESETS");

  const config = "src/config.rs";
  const top = grab(config, /let mut known = vec!\[([^\]]*)\];\s*known\.extend\(JOURNEY_KEYS\)/);
  const journeyKeys = grab(config, /pub const JOURNEY_KEYS: [^=]*=\s*\[([^\]]*)\]/);
  compare("AttachOptions", keys("AttachOptions"), top && journeyKeys && [...strings(top), ...strings(journeyKeys)], `${config} top_level`);
  const policy = grab(config, /let mut known = vec!\[("minLength"[^\]]*)\]/);
  const flags = grab(config, /const FLAGS: [^=]*= \[([^\]]*)\]/);
  compare("PolicyOptions", keys("PolicyOptions"), policy && flags && [...strings(policy), ...strings(flags)], `${config} parse_policy`);
  for (const [type, at] of [
    ["FieldSelectors", "fields"],
    ["TermsOptions", "terms"],
    ["TwoStepOptions", "twoStep"],
    ["RecoveryOptions", "recovery"],
    ["FirstLoginOptions", "firstLogin"],
    ["SecuritySettingsOptions", "securitySettings"],
  ]) {
    compare(type, keys(type), checked(config, `"${at}"`), `${config} ${at}`);
  }
  const backend = "src/backend/config.rs";
  compare("BackendConfig", keys("BackendConfig"), checked(backend, `"backend"`), `${backend} parse`);
  compare("CsrfOptions", keys("CsrfOptions"), checked(backend, `"backend.csrf"`), `${backend} parse_csrf`);
  const endpoint = grab(backend, /check_keys\(map, path, &\[("url"[^\]]*)\]/);
  compare("EndpointConfig", keys("EndpointConfig"), endpoint && strings(endpoint), `${backend} parse_endpoint`);
  const rule = grab(backend, /check_keys\(map, path, &\[("status"[^\]]*)\]/);
  compare("OutcomeRule", keys("OutcomeRule"), rule && strings(rule), `${backend} outcome_rule`);
}

// The summary line scripts/test.sh counts.
console.log(`typecheck: ${checks - surprises} passed, ${surprises} failed`);
process.exit(surprises ? 1 : 0);
