// Shorter import names for a wasm-bindgen build, in its WebAssembly and its JS glue alike.
//
// wasm-bindgen names each import `__wbg_<method>_<16 hex digits>` (`__wbg_setAttribute_f75317b2b5cabfb4`).
// A field build has about a hundred; their hex digits do not compress, and they sit in both
// files: about 2 KB of what a page downloads before the checklist works. The digits only keep
// names from different crates apart, so here each name loses them (`__wbg_setAttribute`, with a
// counter where two would meet) in the WebAssembly's import section and in the glue, together.
// Nothing else in either file changes.

const HASHED = /^(__wbg(?:indgen)?_[A-Za-z0-9_]*?)_[0-9a-f]{16}$/;

/** An unsigned LEB128 number at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function encodeLeb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

const name = (bytes, at) => {
  const [length, start] = leb(bytes, at);
  return [bytes.subarray(start, start + length).toString("utf8"), start + length];
};
const encodeName = (text) => {
  const bytes = Buffer.from(text, "utf8");
  return Buffer.concat([encodeLeb(bytes.length), bytes]);
};

/** Skips an import's description (function, table, memory, global or tag) at `at`. */
function skipImportDescription(bytes, at) {
  const kind = bytes[at++];
  const limits = (p) => {
    const flags = bytes[p++];
    [, p] = leb(bytes, p);
    if (flags & 1) [, p] = leb(bytes, p);
    return p;
  };
  switch (kind) {
    case 0: // function: its type index
      return leb(bytes, at)[1];
    case 1: // table: reference type, limits
      return limits(at + 1);
    case 2: // memory: limits
      return limits(at);
    case 3: // global: value type, mutability
      return at + 2;
    case 4: // tag: attribute, type index
      return leb(bytes, at + 1)[1];
    default:
      throw new Error(`an import of unknown kind ${kind}`);
  }
}

/** `{ js, wasm }` with every hashed import name shortened in both; Buffers in, Buffers out. */
export function shortenImports(js, wasm) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error("not a WebAssembly module");
  const renamed = new Map();
  const taken = new Set();
  const sections = [wasm.subarray(0, 8)];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = leb(wasm, at + 1);
    const end = start + size;
    if (id !== 2) {
      sections.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    const [count, first] = leb(wasm, start);
    const imports = [];
    let p = first;
    for (let i = 0; i < count; i++) {
      const [module, afterModule] = name(wasm, p);
      const [field, afterField] = name(wasm, afterModule);
      const afterDescription = skipImportDescription(wasm, afterField);
      imports.push({ module, field, description: wasm.subarray(afterField, afterDescription) });
      p = afterDescription;
    }
    for (const { field } of imports) if (!HASHED.test(field)) taken.add(field);
    const entries = [encodeLeb(count)];
    for (const { module, field, description } of imports) {
      const match = HASHED.exec(field);
      let short = match ? renamed.get(field) : field;
      if (!short) {
        short = match[1];
        for (let n = 2; taken.has(short); n++) short = `${match[1]}_${n}`;
        taken.add(short);
        renamed.set(field, short);
      }
      entries.push(encodeName(module), encodeName(short), description);
    }
    if (p !== end) throw new Error("the import section did not parse to its end");
    const payload = Buffer.concat(entries);
    sections.push(Buffer.from([2]), encodeLeb(payload.length), payload);
    at = end;
  }
  let text = js.toString("utf8");
  text = text.replace(/__wbg(?:indgen)?_[A-Za-z0-9_]*/g, (token) => renamed.get(token) ?? token);
  for (const old of renamed.keys()) {
    if (text.includes(old)) throw new Error(`${old} is still in the glue`);
  }
  return { js: Buffer.from(text), wasm: Buffer.concat(sections) };
}
