// Type declarations for hmis-onboard's mock backend (`hmis-onboard-mock.js`): the reference
// contract in the page's memory, to build journey pages before the backend exists. Never for
// production: it keeps passwords in the page and forgets everything on reload.

import type { BackendAction, BackendFunction } from "./hmis-onboard.js";

/**
 * A backend function playing the reference contract in memory, for `attach(root, { journey,
 * backend: mockBackend() })`. Signs in `demo` / `Temp-Pass-2024!` (to be changed) unless `users`
 * says otherwise; logs each call as `mock backend: action → status`, never a value.
 */
export declare function mockBackend(options?: MockBackendOptions): BackendFunction;

/** `mockBackend()`'s options (all optional). */
export interface MockBackendOptions {
  /** The accounts, by username (default: `demo` with the temporary password `Temp-Pass-2024!`, to be changed). */
  users?: Record<string, MockUser>;
  /** The terms sent with a sign-in that must accept them (default: the mock's own, version `"mock-1"`). */
  terms?: MockTerms;
  /** How long each answer takes, in ms (default 300), to see the busy states. */
  delayMs?: number;
  /** Answers an action with this HTTP status once (`{ verifyTotp: 500 }`), to see the error states. */
  fail?: { [A in Exclude<BackendAction, "signInCode">]?: number };
}

/** One account of the mock. */
export interface MockUser {
  /** The password (a temporary one when `mustChangePassword`). */
  password: string;
  /** Whether the first login must change the password and accept the terms (default false). */
  mustChangePassword?: boolean;
  /** The recovery question, if set. */
  question?: string;
  /** The recovery question's answer, normalised as the widget sends it (lowercase, single spaces). */
  answer?: string;
  /** A base32 TOTP secret: 2-step verification is on with it. */
  totpSecret?: string;
}

/** The mock's Terms of Agreement. */
export interface MockTerms {
  /** The text shown. */
  text: string;
  /** The version the acceptance must name. */
  version: string;
}
