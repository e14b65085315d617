// expect: TS2551 'newPassword'
// A backend function's payload narrows with the action: a sign-in carries no new password.
import type { BackendFunction } from "@hmis-onboard/widget";

export const backend: BackendFunction = async (action, payload) => {
  if (action === "signIn") console.log(payload.newPassword);
  return { status: 200, body: {} };
};
