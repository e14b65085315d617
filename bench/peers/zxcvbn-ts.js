// @zxcvbn-ts/core 4.x with the common and English language packages, as its README sets them up
// (the page builds `new ZxcvbnFactory(options)` from these exports).
export { ZxcvbnFactory } from "@zxcvbn-ts/core";
export * as common from "@zxcvbn-ts/language-common";
export * as en from "@zxcvbn-ts/language-en";
