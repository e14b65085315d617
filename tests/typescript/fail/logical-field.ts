// expect: TS2561 'newPasword'
// `fields` keys are the action's logical fields: a typo would silently send the default name.
import type { BackendConfig } from "@hmis-onboard/widget";

export const backend: BackendConfig = { endpoints: { changePassword: { fields: { newPasword: "new_password" } } } };
