// expect: TS2820 '"NIST"'
// Presets are lowercase: "NIST" is not one.
import { attach } from "@hmis-onboard/widget";

const form = document.querySelector("form")!;
await attach(form, { preset: "NIST" });
