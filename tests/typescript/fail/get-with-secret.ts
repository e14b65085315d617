// expect: TS2322 '"GET"'
// A password change sends passwords: never in a URL, so never with GET.
import type { BackendConfig } from "@hmis-onboard/widget";

export const backend: BackendConfig = { endpoints: { changePassword: { url: "/api/password", method: "GET" } } };
