// What apps that are not ours make of our otpauth URIs and QR codes: the npm packages `otpauth`
// (its URI parser and its own HOTP/TOTP), `jsqr` (a QR decoder) and `pngjs`, installed in tools/
// by scripts/setup.sh. The Rust tests (tests/totp.rs, the e2e otpauth scenario) send requests
// and compare the answers with what the widget meant: none of the project's code runs here.
//
// Reads a JSON array of requests on stdin, writes a JSON array of answers, one per request:
//   { "uri": "otpauth://…", "times": [59, …] }
//       -> { "issuer", "label", "secret" (base32), "algorithm", "digits", "period",
//            "codes": [the code at each unix time] }          or { "error": "…" }
//   { "png": "path/to/picture.png" }          -> { "text": the QR code's text, or null }
//   { "modules": ["#..#", …] }                -> { "text" }   ('#' dark; drawn 4 px a module)

import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const tools = createRequire(path.join(ROOT, "tools", "package.json"));
let OTPAuth, jsQR, PNG;
try {
  OTPAuth = tools("otpauth");
  jsQR = tools("jsqr");
  PNG = tools("pngjs").PNG;
} catch (e) {
  console.error(`tests/independent/otpauth.mjs: ${e.message}\n(run scripts/setup.sh: it installs tools/node_modules)`);
  process.exit(2);
}

function parse({ uri, times = [] }) {
  try {
    const otp = OTPAuth.URI.parse(uri);
    if (!(otp instanceof OTPAuth.TOTP)) return { error: "not a TOTP URI" };
    return {
      issuer: otp.issuer,
      label: otp.label,
      secret: otp.secret.base32,
      algorithm: otp.algorithm,
      digits: otp.digits,
      period: otp.period,
      codes: times.map((t) => otp.generate({ timestamp: t * 1000 })),
    };
  } catch (e) {
    return { error: String(e) };
  }
}

function scan(rgba, width, height) {
  const found = jsQR(new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.length), width, height);
  return { text: found ? found.data : null };
}

function scanPng({ png }) {
  const picture = PNG.sync.read(fs.readFileSync(png));
  return scan(picture.data, picture.width, picture.height);
}

function scanModules({ modules }) {
  const scale = 4;
  const size = modules.length * scale;
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const value = modules[Math.floor(y / scale)][Math.floor(x / scale)] === "#" ? 0 : 255;
      rgba.set([value, value, value, 255], (y * size + x) * 4);
    }
  }
  return scan(rgba, size, size);
}

const requests = JSON.parse(fs.readFileSync(0, "utf8"));
const answers = requests.map((r) => ("uri" in r ? parse(r) : "png" in r ? scanPng(r) : scanModules(r)));
process.stdout.write(JSON.stringify(answers));
