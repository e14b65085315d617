// expect: TS2561 'delay'
// The mock's delay option is `delayMs`.
import { mockBackend } from "@hmis-onboard/widget/mock";

export const backend = mockBackend({ delay: 0 });
