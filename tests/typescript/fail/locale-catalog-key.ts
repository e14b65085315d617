// expect: TS2353 '"journey.continu"'
// A host-supplied language uses the same message keys.
import type { AttachOptions } from "@hmis-onboard/widget";

export const options: AttachOptions = { locale: "fr", locales: { fr: { "journey.continu": "Continuer" } } };
