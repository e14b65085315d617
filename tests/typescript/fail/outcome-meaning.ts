// expect: TS2322 '"mfaRequired"'
// `means` is one of the widget's meanings: a 2-step code is "codeRequired".
import type { BackendConfig } from "@hmis-onboard/widget";

export const backend: BackendConfig = {
  endpoints: { signIn: { outcomes: [{ status: 401, when: "data.flows.*.id=mfa", means: "mfaRequired" }] } },
};
