// expect: TS2322 'false'
// The sign-in's answer is read (mustChangePassword, termsText…): it cannot be bodiless.
import type { BackendConfig } from "@hmis-onboard/widget";

export const backend: BackendConfig = { endpoints: { signIn: { expectsBody: false } } };
