// expect: TS2322 '"changePassword"'
// The journeys are firstLogin, securitySettings and forgotPassword.
import { attach } from "@hmis-onboard/widget";

const root = document.getElementById("journey")!;
await attach(root, { journey: "changePassword", backend: { baseUrl: "/api" } });
