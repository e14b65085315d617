// expect: TS2322 'undefined'
// A CSRF preset takes nothing beside it but `fetch`.
import type { BackendConfig } from "@hmis-onboard/widget";

export const backend: BackendConfig = { csrf: { preset: "django", header: "X-CSRF" } };
