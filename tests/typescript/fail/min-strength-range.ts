// expect: TS2322 '5'
// zxcvbn scores go from 0 to 4.
import { attach } from "@hmis-onboard/widget";

const form = document.querySelector("form")!;
await attach(form, { policy: { minStrength: 5 } });
