// expect: TS2561 'signin'
// Actions are camelCase: `signin` names none.
import { attach } from "@hmis-onboard/widget";

const root = document.getElementById("journey")!;
await attach(root, { journey: "firstLogin", backend: { endpoints: { signin: "/api/login" } } });
