// expect: TS2322 Type 'Response' is not assignable to type 'BackendAnswer'
// A backend function answers {status, body, retryAfter} with plain data, not a fetch() Response.
import { attach } from "@hmis-onboard/widget";

const root = document.getElementById("journey")!;
await attach(root, {
  journey: "firstLogin",
  backend: (action, payload) => fetch(`/api/${action}`, { method: "POST", body: JSON.stringify(payload) }),
});
