// expect: TS2561 'presett'
// A misspelt option key: at run time attach() rejects it; here it must not compile.
import { attach } from "@hmis-onboard/widget";

const form = document.querySelector("form")!;
await attach(form, { presett: "nist" });
