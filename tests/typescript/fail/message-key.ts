// expect: TS2353 '"rule.minLenght"'
// A misspelt message key: attach() rejects it at run time.
import { attach } from "@hmis-onboard/widget";

const form = document.querySelector("form")!;
await attach(form, { messages: { "rule.minLenght": "Use {min} characters or more" } });
