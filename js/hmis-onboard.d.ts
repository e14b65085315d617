// Type declarations for hmis-onboard's entry module (`hmis-onboard.js`, the package's main
// module). The contract is the README: "Configuration reference", "Guided journeys and any
// backend", "The verdict event" and the events under "Any backend". Checked against a sample
// host and cases that must fail by `node scripts/typecheck.mjs`.

// ---------------------------------------------------------------------------------------------
// attach() and its handle
// ---------------------------------------------------------------------------------------------

/**
 * Attaches the widget to `root` (a form, or any element holding the fields), reading the
 * configuration from its JSON block (`data-hmis-config`), its `data-hmis-*` attributes and
 * `options`, in rising precedence.
 *
 * Resolves to the widget's handle, or to `null` when the WebAssembly could not load (a notice
 * is shown and the page works as before). Rejects with an `Error` naming the key when the
 * configuration is wrong (`config.policy.minLength: expected …`), or when `root`'s inputs
 * belong to another root's widget. For a root that has a widget already, resolves to that
 * widget's handle, unchanged (the options are ignored, with a console warning).
 */
export declare function attach(root: Element, options?: AttachOptions | null): Promise<HmisOnboardHandle | null>;

/**
 * The QR code for `text` as standalone SVG markup, drawn locally (loads the journeys build);
 * `null` when the text is too long for a QR code. Rejects when the WebAssembly cannot load.
 */
export declare function qrSvg(text: string): Promise<string | null>;

/** An attached widget, as `attach()` resolves it (frozen; the page need not keep it). */
export interface HmisOnboardHandle {
  /** The current verdict, as in the last `hmis-onboard:verdict` event; `null` without a new-password field, or once destroyed. */
  readonly verdict: () => VerdictDetail | null;
  /** Re-reads the fields, after the page set a value from script (which fires no event). */
  readonly refresh: () => void;
  /** Removes every listener, element and attribute change the widget made; later calls do nothing. */
  readonly destroy: () => void;
}

// ---------------------------------------------------------------------------------------------
// Options: the field widget
// ---------------------------------------------------------------------------------------------

/**
 * The options passed to `attach()`: the configuration reference's keys. Every key is optional
 * (the JSON block and the attributes may give it), and unknown keys are errors, here as at run
 * time. The journeys' keys (`journey`, `backend`, `terms`, …) need a journey, named here, by
 * `data-hmis-journey` or in the JSON block.
 */
export interface AttachOptions {
  /** The rules to start from (default `"hmis"`): `"hmis"`, the HMIS guide's; `"nist"`, NIST SP 800-63B's. `policy` refines it. */
  preset?: Preset;
  /** Password rules, applied over the preset's. */
  policy?: PolicyOptions;
  /** CSS selectors (searched in the whole document) for fields not found by their `autocomplete` tokens. */
  fields?: FieldSelectors;
  /** Show the strength meter and feedback (default true); `policy.minStrength` works either way. */
  strength?: boolean;
  /** Refuse a submit while the new password is unmet (default true); `false` lets submits out, the verdict still reports. */
  submitGuard?: boolean;
  /** The language of the messages, a BCP 47 tag (default `"en"`): a built-in catalog, or a key of `locales`. */
  locale?: BuiltInLocale | (string & {});
  /** Host-supplied languages: BCP 47 tag → messages by key, for `locale` to select. */
  locales?: Record<string, MessageCatalog>;
  /** Overrides of the built-in messages, by key; each may use only its own message's placeholders. */
  messages?: MessageCatalog;

  /** The guided journey to run in the root (an empty element); without one the widget enhances the root's form. */
  journey?: JourneyOption | null;
  /** The backend the journey posts to: its mapping, or one function for every action. */
  backend?: BackendConfig | BackendFunction;
  /** Terms of Agreement shown when the sign-in answer carries none (`termsText`, `termsVersion`). */
  terms?: TermsOptions;
  /** 2-step verification (TOTP). */
  twoStep?: TwoStepOptions;
  /** How a forgotten password is recovered, and the recovery question's rules. */
  recovery?: RecoveryOptions;
  /** The first-login journey. */
  firstLogin?: FirstLoginOptions;
  /** The Security Settings journey. */
  securitySettings?: SecuritySettingsOptions;
  /** Where "Continue" goes when the journey is done: an `http:`/`https:` URL or a path. */
  continueUrl?: string;
  /** Where "Back to sign in" goes: an `http:`/`https:` URL or a path. */
  signInUrl?: string;
}

/** The two rule presets. */
export type Preset = "hmis" | "nist";

/** The languages with a built-in catalog. */
export type BuiltInLocale = "en" | "es";

/** `policy`: the password rules (each refines the preset's). */
export interface PolicyOptions {
  /** Fewest characters (Unicode code points), 1 … `maxLength` (default 8). */
  minLength?: number;
  /** Most characters, 64 … 100000 (default 128); shown only once exceeded. */
  maxLength?: number;
  /** Require a capital letter (default true). */
  uppercase?: boolean;
  /** Require a lowercase letter (default false). */
  lowercase?: boolean;
  /** Require a number (default true). */
  digit?: boolean;
  /** Require a character that is neither a letter nor a number (default true). */
  symbol?: boolean;
  /** The password must not contain the username (default true). */
  notUsername?: boolean;
  /** The password must differ from the current (temporary) password (default true). */
  notCurrent?: boolean;
  /** Passwords refused outright, compared trimmed and case-insensitively (default none). */
  blocklist?: readonly string[];
  /** zxcvbn score the password must reach, or `null` for none (default `null`). */
  minStrength?: StrengthScore | null;
  /** Words that make a password weaker (default `["hmis", "clienttrack"]`); the username and current password are always added. */
  contextWords?: readonly string[];
}

/** `fields`: CSS selectors for the fields, where their `autocomplete` tokens do not say. */
export interface FieldSelectors {
  /** The new password. */
  newPassword?: string | null;
  /** The new password's confirmation. */
  confirm?: string | null;
  /** The current (temporary) password. */
  current?: string | null;
  /** The username. */
  username?: string | null;
}

/** A zxcvbn score: 0 (very weak) … 4 (very strong). */
export type StrengthScore = 0 | 1 | 2 | 3 | 4;

// ---------------------------------------------------------------------------------------------
// Options: the guided journeys
// ---------------------------------------------------------------------------------------------

/** The three guided journeys, as events name them. */
export type JourneyName = "firstLogin" | "securitySettings" | "forgotPassword";

/** A journey as configuration names it (the kebab-case spellings are accepted too). */
export type JourneyOption = JourneyName | "first-login" | "security-settings" | "forgot-password";

/** `terms`: the Terms of Agreement, when the sign-in answer carries none. */
export interface TermsOptions {
  /** The terms' text (shown as text). */
  text?: string;
  /** Its version, sent back with the acceptance. */
  version?: string;
}

/** `twoStep`: 2-step verification. */
export interface TwoStepOptions {
  /** `false`: the backend has no 2-step verification; no step or menu item offers it (default true). */
  enabled?: boolean;
  /** 2-step verification cannot be skipped, nor turned off (default false). */
  required?: boolean;
  /** Who makes the TOTP secret (default `"backend"`); `"browser"`: 160 random bits, sent with the code. */
  secret?: "backend" | "browser";
  /** The name authenticator apps show, for secrets made in the browser (default `"HMIS"`). */
  issuer?: string;
}

/** `recovery`: how a forgotten password is recovered, and the question's rules. */
export interface RecoveryOptions {
  /** `"question"` (default), `"emailLink"` (a reset link by e-mail) or `"none"` (the Helpdesk resets). */
  method?: "question" | "emailLink" | "none";
  /** Fewest characters in the question, 1 … `questionMaxLength` (default 10). */
  questionMinLength?: number;
  /** Most characters in the question, 20 … 1000 (default 200). */
  questionMaxLength?: number;
  /** Fewest characters in the answer, 1 … 100 (default 4). */
  answerMinLength?: number;
}

/** `firstLogin`: the first-login journey. */
export interface FirstLoginOptions {
  /** `"always"`: every first login changes the password, for backends whose sign-in cannot say `mustChangePassword` (default `"whenAsked"`). */
  changePassword?: "always" | "whenAsked";
}

/** `securitySettings`: the Security Settings journey. */
export interface SecuritySettingsOptions {
  /** `"signIn"`: begin with a whole sign-in, for backends that keep no session (default `"password"`: the password again). */
  reauthenticate?: "password" | "signIn";
}

// ---------------------------------------------------------------------------------------------
// The backend mapping
// ---------------------------------------------------------------------------------------------

/** Every action a journey can ask of the backend: the keys of `backend.endpoints`. */
export type BackendAction =
  | "signIn"
  | "signInCode"
  | "acceptTerms"
  | "changePassword"
  | "setRecovery"
  | "startTotp"
  | "verifyTotp"
  | "recoveryCodes"
  | "disableTotp"
  | "reauthenticate"
  | "forgotStart"
  | "forgotAnswer"
  | "forgotReset"
  | "signOut";

/** The actions that send a password, an answer, a code or a token: never with `GET`. */
export type SecretAction = Exclude<
  BackendAction,
  "acceptTerms" | "startTotp" | "disableTotp" | "recoveryCodes" | "forgotStart" | "signOut"
>;

/** The actions that read what the backend answers: their `expectsBody` cannot be `false`. */
export type AnswerReadingAction = "signIn" | "signInCode" | "startTotp" | "recoveryCodes" | "forgotStart" | "forgotAnswer";

/** `backend`: the backend's shape; the defaults are the reference contract (docs/api.md) under `baseUrl`. */
export interface BackendConfig {
  /** Where the reference contract's paths start (default `"/api"`). */
  baseUrl?: string;
  /** Per action: a URL, the request's shape, or a function that answers instead of the network. */
  endpoints?: BackendEndpoints;
  /** Where the CSRF token lives and travels: a framework preset or its parts (default `"reference"`). */
  csrf?: CsrfPreset | CsrfOptions;
  /** `fetch()` credentials (default `"same-origin"`). */
  credentials?: "same-origin" | "include" | "omit";
  /** How long a request may take, 1000 … 120000 ms (default 15000). */
  timeoutMs?: number;
  /** Whether credentials may go to another origin than the page's (default false). */
  allowCrossOrigin?: boolean;
  /** Where the messages per field are in a 400/422 body, a dotted path (default `"errors"`; `""`: the whole body). */
  errorsPath?: string;
  /** Extra headers for every request (templates `{saved.name}`, `{page.name}` allowed). */
  headers?: Record<string, string>;
  /** Where every answer's logical fields are (an endpoint's own `response` comes first). */
  response?: ResponseMap;
  /** Whether the backend honours `Idempotency-Key` (default true); `false`: the header is not sent. */
  idempotencyKeys?: boolean;
  /** What answers mean, for every endpoint, after each endpoint's own rules. */
  outcomes?: readonly OutcomeRule[];
}

/** `backend.endpoints`: each action's URL, request shape, or function. */
export type BackendEndpoints = {
  [A in BackendAction]?: string | EndpointConfig<A> | ActionFunction<A>;
};

/** An HTTP method an endpoint may use (either case). */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "get" | "post" | "put" | "patch" | "delete";

/** One action's request and how to read its answer. */
export interface EndpointConfig<A extends BackendAction = BackendAction> {
  /** Where to send it (default: `baseUrl` + the reference path); templates allowed. */
  url?: string;
  /** The method (default `"POST"`); `GET` sends the fields as the query, so never for an action that sends a secret. */
  method?: A extends SecretAction ? Exclude<HttpMethod, "GET" | "get"> : HttpMethod;
  /** The body's encoding (default `"json"`). */
  encoding?: "json" | "form";
  /** Logical field → the backend's name, a list of names, or `null` (not sent). */
  fields?: EndpointFields<A>;
  /** Fields sent as they are (templates allowed in text). */
  constants?: Record<string, string | number | boolean>;
  /** Values a 2xx answer hands to later requests as `{saved.name}`: name (letters, digits, `_`) → dotted path. */
  capture?: Record<string, string>;
  /** Where this answer's logical fields are: a dotted path, or `path=value` for a flag. */
  response?: ResponseMap;
  /** What this endpoint's answers mean where they differ from the common reading; first match first. */
  outcomes?: readonly OutcomeRule[];
  /** Extra headers (templates allowed); added to `backend.headers`. */
  headers?: Record<string, string>;
  /** `false` where a 2xx carries no JSON object (a `204`); not for actions whose answer is read. */
  expectsBody?: A extends AnswerReadingAction ? true : boolean;
}

/** The logical fields each action sends (the payload a backend function receives). */
export interface BackendPayloads {
  /** Sign-in; `code` when it also serves `signInCode` (no endpoint of its own). */
  signIn: { username: string; password: string; code?: string };
  /** The 2-step code at sign-in, with the sign-in's username and password. */
  signInCode: { username: string; password: string; code: string };
  /** The accepted terms' version. */
  acceptTerms: { termsVersion: string };
  /** A password change; `confirmPassword` goes over the network only where `fields` names it. */
  changePassword: { currentPassword: string; newPassword: string; confirmPassword: string };
  /** The recovery question and its answer (normalised: case, extra spaces). */
  setRecovery: { question: string; answer: string };
  /** Ask for a new TOTP secret. */
  startTotp: EmptyPayload;
  /** The code from the app; `secret` when `twoStep.secret` is `"browser"`. */
  verifyTotp: { code: string; secret?: string };
  /** Ask for the recovery codes. */
  recoveryCodes: EmptyPayload;
  /** Turn 2-step verification off. */
  disableTotp: EmptyPayload;
  /** The password again. */
  reauthenticate: { password: string };
  /** The username (`recovery.method: "question"`) or the e-mail address (`"emailLink"`). */
  forgotStart: { username: string } | { email: string };
  /** The answer to the recovery question (normalised). */
  forgotAnswer: { username: string; answer: string };
  /** The new password; `resetToken` from the answer's step (a reset link's values are page values). */
  forgotReset: { resetToken?: string; newPassword: string; confirmPassword: string };
  /** Sign out. */
  signOut: EmptyPayload;
}

/** The payload of an action that sends nothing. */
export type EmptyPayload = Record<string, never>;

/** The logical field names of `A`'s payload (`fields` keys). */
export type BackendField<A extends BackendAction> = BackendPayloads[A] extends infer P ? (P extends unknown ? keyof P & string : never) : never;

/** `fields`: logical name → the backend's name, a list of names, or `null` (not sent). */
export type EndpointFields<A extends BackendAction> = [BackendField<A>] extends [never]
  ? Record<string, never>
  : { [F in BackendField<A>]?: string | readonly string[] | null };

/** A logical field of an answer, for `response`. */
export type ResponseField =
  | "mustChangePassword"
  | "recoverySet"
  | "termsText"
  | "termsVersion"
  | "username"
  | "question"
  | "resetToken"
  | "totpUri"
  | "totpSecret"
  | "recoveryCodes"
  | "message"
  | "twoStepEnabled"
  | "recoveryQuestion"
  | "totpRequired"
  | "sessionEnded"
  | "resetExpired"
  | "reauthenticationRequired"
  | "wrongCredentials";

/** `response`: logical field → where it is in the body (`data.user.username`, `data.flows.*.id`), or `path=value` for a flag. */
export type ResponseMap = { [F in ResponseField]?: string };

/** An HTTP status (400), or a class of them (`"4xx"`). */
export type OutcomeStatus = number | "1xx" | "2xx" | "3xx" | "4xx" | "5xx";

/** What an answer means, as an `outcomes` rule says. */
export type OutcomeMeaning =
  | "success"
  | "fieldErrors"
  | "wrongCredentials"
  | "codeRequired"
  | "sessionEnded"
  | "resetExpired"
  | "reauthenticationRequired"
  | "refused"
  | "locked"
  | "rateLimited"
  | "busy"
  | "retry"
  | "unexpected";

/** One `outcomes` rule: answers with `status` (and, with `when`, a body where it holds) mean `means`. */
export interface OutcomeRule {
  /** A status, a class, or a non-empty list of them. */
  status: OutcomeStatus | readonly [OutcomeStatus, ...OutcomeStatus[]];
  /** A path that holds a value, or `path=value` (`*` for any element: `errors.*.code=…`). */
  when?: string | null;
  /** What such an answer means. */
  means: OutcomeMeaning;
}

/** The frameworks' CSRF conventions, by name. */
export type CsrfPreset = "reference" | "django" | "rails" | "aspnet";

/** `backend.csrf` as an object: a preset with a token URL, or where the token is and travels. */
export type CsrfOptions = CsrfFromPreset | CsrfFromPage | CsrfNone;

/** A preset, with a URL that hands out the token on its first answer. */
export interface CsrfFromPreset {
  /** The framework's convention. */
  preset: CsrfPreset;
  /** A URL to `GET` when the token is not there yet (a cookie the backend sets). */
  fetch?: string | null;
  /** Not beside a preset (the preset says it). */
  from?: never;
  /** Not beside a preset (the preset says it). */
  name?: never;
  /** Not beside a preset (the preset says it). */
  header?: never;
  /** Not beside a preset (the preset says it). */
  field?: never;
}

/** A token read from the page. */
export interface CsrfFromPage {
  /** Where the token is: a `<meta>`, a cookie, or a hidden `<input>`. */
  from: "meta" | "cookie" | "input";
  /** The meta tag's, cookie's or input's name. */
  name: string;
  /** The header that carries it (default `"X-CSRF-Token"`); `null`: in the body as `field`. */
  header?: string | null;
  /** The body field that carries it when `header` is `null` (default `"csrfToken"`). */
  field?: string;
  /** A URL to `GET` when the token is not there yet. */
  fetch?: string | null;
  /** Not beside `from`: a preset stands alone. */
  preset?: never;
}

/** No CSRF token. */
export interface CsrfNone {
  /** No token is sent. */
  from?: "none" | null;
  /** Unused without a source. */
  name?: string;
  /** Unused without a source. */
  header?: string | null;
  /** Unused without a source. */
  field?: string;
  /** Unused without a source. */
  fetch?: string | null;
  /** Not beside `from`: a preset stands alone. */
  preset?: never;
}

// ---------------------------------------------------------------------------------------------
// Backend functions
// ---------------------------------------------------------------------------------------------

/** Plain data, as a backend function's `body` must be (anything else reads as "not JSON"). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

/** What a backend function resolves to: the answer as the network would give it. */
export interface BackendAnswer {
  /** The HTTP status, 100 … 599. */
  status: number;
  /** The answer's body, plain data (a JSON object for a 2xx); absent: an empty object. */
  body?: JsonValue;
  /** Seconds to wait, as a `Retry-After` header would say (423, 429, 503). */
  retryAfter?: number | null;
}

/** One call of a backend function: the action and its payload (the code at sign-in arrives as `signIn`). */
export type BackendCall = {
  [A in Exclude<BackendAction, "signInCode">]: [action: A, payload: BackendPayloads[A]];
}[Exclude<BackendAction, "signInCode">];

/** A function standing in for the whole backend: `backend: (action, payload) => …`. */
export type BackendFunction = (...call: BackendCall) => BackendAnswer | PromiseLike<BackendAnswer>;

/** A function standing in for one action: `backend.endpoints.<action>: (action, payload) => …`. */
export type ActionFunction<A extends BackendAction> = (action: A, payload: BackendPayloads[A]) => BackendAnswer | PromiseLike<BackendAnswer>;

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/** A rule's id in the verdict: stable, one per active rule of the policy. */
export type RuleId =
  | "minLength"
  | "maxLength"
  | "uppercase"
  | "lowercase"
  | "digit"
  | "symbol"
  | "notUsername"
  | "notCurrent"
  | "notBlocklisted"
  | "minStrength";

/** One rule of the verdict (frozen; kept across events while unchanged, so `===` tells what changed). */
export interface RuleVerdict {
  /** The rule. */
  readonly id: RuleId;
  /** Whether the password meets it. */
  readonly met: boolean;
  /** Its message, as shown. */
  readonly message: string;
}

/** The strength estimate in the verdict (frozen). */
export interface StrengthVerdict {
  /** zxcvbn's score. */
  readonly score: StrengthScore;
  /** The score's label ("Fair"). */
  readonly label: string;
  /** zxcvbn's warning as a sentence, or `null`. */
  readonly warning: string | null;
  /** zxcvbn's suggestions as sentences. */
  readonly suggestions: readonly string[];
  /** Whether only the first 100 characters were judged. */
  readonly truncated: boolean;
}

/** `hmis-onboard:verdict`'s `detail`, and what `verdict()` returns. */
export interface VerdictDetail {
  /** Every rule met and, with a confirmation field, the two passwords equal. */
  valid: boolean;
  /** The policy's active rules, in order. */
  rules: RuleVerdict[];
  /** The estimate, or `null` while it is being made for the current value. */
  strength: StrengthVerdict | null;
  /** Whether the confirmation equals the password; `null` without a confirmation field. */
  confirmMatches: boolean | null;
}

/** Another name for the verdict. */
export type Verdict = VerdictDetail;

/** How a request ended, as the request events name it. */
export type RequestOutcome =
  | "success"
  | "fieldErrors"
  | "wrongCredentials"
  | "codeRequired"
  | "sessionEnded"
  | "resetExpired"
  | "reauthenticationRequired"
  | "locked"
  | "rateLimited"
  | "refused"
  | "serverError"
  | "timeout"
  | "networkError"
  | "unexpected";

/** The outcomes `hmis-onboard:error` reports: the request failed. */
export type FailedRequestOutcome = "refused" | "serverError" | "timeout" | "networkError" | "unexpected";

/** `hmis-onboard:loadstart`'s `detail`: a request is about to go out. */
export interface RequestStartDetail {
  /** The action requested. */
  action: BackendAction;
}

/** `hmis-onboard:load`, `:error` and `:loadend`'s `detail`: a request came back. */
export interface RequestDetail<O extends RequestOutcome = RequestOutcome> {
  /** The action requested. */
  action: BackendAction;
  /** What the answer meant. */
  outcome: O;
}

/** How a journey left 2-step verification. */
export type TwoStepSummary = "unchanged" | "on" | "skipped" | "off";

/** What a completed journey did. */
export interface JourneySummary {
  /** The Terms of Agreement were accepted. */
  termsAccepted: boolean;
  /** The version accepted, or `null`. */
  termsVersion: string | null;
  /** The password was changed (or reset). */
  passwordChanged: boolean;
  /** A recovery question was set. */
  recoverySet: boolean;
  /** What became of 2-step verification. */
  twoStep: TwoStepSummary;
}

/** `hmis-onboard:complete`'s `detail`. */
export interface CompleteDetail {
  /** The journey completed. */
  journey: JourneyName;
  /** What it did (no secret). */
  summary: JourneySummary;
}

/** `hmis-onboard:signout` and `hmis-onboard:cancel`'s `detail`. */
export interface JourneyEndDetail {
  /** The journey that ended. */
  journey: JourneyName;
}

/** Every event the widget dispatches (bubbling, composed) and its type. */
export interface HmisOnboardEventMap {
  /** On every change, from the new-password input: where the password stands. */
  "hmis-onboard:verdict": CustomEvent<VerdictDetail>;
  /** From a journey's root: a request is about to go out. */
  "hmis-onboard:loadstart": CustomEvent<RequestStartDetail>;
  /** From a journey's root: a request came back with an answer the journey can use. */
  "hmis-onboard:load": CustomEvent<RequestDetail<Exclude<RequestOutcome, FailedRequestOutcome>>>;
  /** From a journey's root: a request failed (no answer, a server error, a refusal, an unexpected answer). */
  "hmis-onboard:error": CustomEvent<RequestDetail<FailedRequestOutcome>>;
  /** From a journey's root: a request ended, after `load` or `error`. */
  "hmis-onboard:loadend": CustomEvent<RequestDetail>;
  /** From a journey's root: the journey is done. */
  "hmis-onboard:complete": CustomEvent<CompleteDetail>;
  /** From a journey's root: signed out (terms declined, or the session ended in Security Settings). */
  "hmis-onboard:signout": CustomEvent<JourneyEndDetail>;
  /** From a journey's root: the person cancelled. */
  "hmis-onboard:cancel": CustomEvent<JourneyEndDetail>;
}

// The events bubble (and are composed), so every node on their way knows them by name.
declare global {
  /** `Element`'s events (what `querySelector` returns), with hmis-onboard's. */
  interface ElementEventMap extends HmisOnboardEventMap {}
  /** `HTMLElement`'s events (`HTMLFormElement`, `HTMLInputElement`, …), with hmis-onboard's. */
  interface HTMLElementEventMap extends HmisOnboardEventMap {}
  /** `document`'s events, with hmis-onboard's (they bubble up to it). */
  interface DocumentEventMap extends HmisOnboardEventMap {}
  /** `window`'s events, with hmis-onboard's (they bubble up to it). */
  interface WindowEventMap extends HmisOnboardEventMap {}
  /** A shadow root's events, with hmis-onboard's (they are composed). */
  interface ShadowRootEventMap extends HmisOnboardEventMap {}
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

/** Messages by key: `messages` overrides, or one language of `locales`. */
export interface MessageCatalog {
  /** en: “At least {min} characters” · placeholders: {min} */
  "rule.minLength"?: string;
  /** en: “No more than {max} characters” · placeholders: {max} */
  "rule.maxLength"?: string;
  /** en: “At least 1 capital letter” · no placeholders */
  "rule.uppercase"?: string;
  /** en: “At least 1 lowercase letter” · no placeholders */
  "rule.lowercase"?: string;
  /** en: “At least 1 number” · no placeholders */
  "rule.digit"?: string;
  /** en: “At least 1 character that is not a letter or a number” · no placeholders */
  "rule.symbol"?: string;
  /** en: “Does not contain your username” · no placeholders */
  "rule.notUsername"?: string;
  /** en: “Differs from your current password” · no placeholders */
  "rule.notCurrent"?: string;
  /** en: “Is not a commonly used or blocked password” · no placeholders */
  "rule.notBlocklisted"?: string;
  /** en: “Strength at least “{label}”” · placeholders: {label} */
  "rule.minStrength"?: string;
  /** en: “Done:” · no placeholders */
  "rule.state.met"?: string;
  /** en: “Still needed:” · no placeholders */
  "rule.state.unmet"?: string;
  /** en: “Your new password needs” · no placeholders */
  "rules.heading"?: string;
  /** en: “Done: {rule}” · placeholders: {rule} */
  "rules.nowMet"?: string;
  /** en: “Still needed: {rule}” · placeholders: {rule} */
  "rules.nowUnmet"?: string;
  /** en: “Your password meets every rule.” · no placeholders */
  "rules.allMet"?: string;
  /** en: “Password strength” · no placeholders */
  "strength.label"?: string;
  /** en: “Checking strength…” · no placeholders */
  "strength.pending"?: string;
  /** en: “Very weak” · no placeholders */
  "strength.score.0"?: string;
  /** en: “Weak” · no placeholders */
  "strength.score.1"?: string;
  /** en: “Fair” · no placeholders */
  "strength.score.2"?: string;
  /** en: “Strong” · no placeholders */
  "strength.score.3"?: string;
  /** en: “Very strong” · no placeholders */
  "strength.score.4"?: string;
  /** en: “Strength is judged on the first {count} characters.” · placeholders: {count} */
  "strength.truncated"?: string;
  /** en: “Strength check unavailable” · no placeholders */
  "strength.unavailable"?: string;
  /** en: “Straight rows of keys are easy to guess.” · no placeholders */
  "strength.warning.straightRow"?: string;
  /** en: “Short keyboard patterns are easy to guess.” · no placeholders */
  "strength.warning.keyPattern"?: string;
  /** en: “Repeats like “aaa” are easy to guess.” · no placeholders */
  "strength.warning.repeatedChars"?: string;
  /** en: “Repeats like “abcabcabc” are only slightly harder to guess than “abc”.” · no placeholders */
  "strength.warning.repeatedGroups"?: string;
  /** en: “This is one of the 10 most common passwords.” · no placeholders */
  "strength.warning.top10"?: string;
  /** en: “This is one of the 100 most common passwords.” · no placeholders */
  "strength.warning.top100"?: string;
  /** en: “This is a very common password.” · no placeholders */
  "strength.warning.common"?: string;
  /** en: “This is similar to a commonly used password.” · no placeholders */
  "strength.warning.similarToCommon"?: string;
  /** en: “Sequences like “abc” or “6543” are easy to guess.” · no placeholders */
  "strength.warning.sequence"?: string;
  /** en: “Recent years are easy to guess.” · no placeholders */
  "strength.warning.recentYears"?: string;
  /** en: “A word by itself is easy to guess.” · no placeholders */
  "strength.warning.wordByItself"?: string;
  /** en: “Dates are often easy to guess.” · no placeholders */
  "strength.warning.dates"?: string;
  /** en: “Names and surnames by themselves are easy to guess.” · no placeholders */
  "strength.warning.namesByThemselves"?: string;
  /** en: “Common names and surnames are easy to guess.” · no placeholders */
  "strength.warning.commonNames"?: string;
  /** en: “Use a few words together, and avoid common phrases.” · no placeholders */
  "strength.suggestion.fewWords"?: string;
  /** en: “Length matters more than symbols, digits or capitals.” · no placeholders */
  "strength.suggestion.noNeedForSymbols"?: string;
  /** en: “Add another word or two; uncommon words are better.” · no placeholders */
  "strength.suggestion.addWord"?: string;
  /** en: “Capitalising the first letter does not help much.” · no placeholders */
  "strength.suggestion.capitalization"?: string;
  /** en: “All capitals is almost as easy to guess as all lowercase.” · no placeholders */
  "strength.suggestion.allUppercase"?: string;
  /** en: “Words spelled backwards are not much harder to guess.” · no placeholders */
  "strength.suggestion.reversedWords"?: string;
  /** en: “Swaps like “@” for “a” do not help much.” · no placeholders */
  "strength.suggestion.substitutions"?: string;
  /** en: “Use a longer keyboard pattern with more turns.” · no placeholders */
  "strength.suggestion.longerKeyPattern"?: string;
  /** en: “Avoid repeated words and characters.” · no placeholders */
  "strength.suggestion.avoidRepeats"?: string;
  /** en: “Avoid sequences like “abc” or “123”.” · no placeholders */
  "strength.suggestion.avoidSequences"?: string;
  /** en: “Avoid recent years.” · no placeholders */
  "strength.suggestion.avoidRecentYears"?: string;
  /** en: “Avoid years that are associated with you.” · no placeholders */
  "strength.suggestion.avoidPersonalYears"?: string;
  /** en: “Avoid dates and years that are associated with you.” · no placeholders */
  "strength.suggestion.avoidPersonalDates"?: string;
  /** en: “The passwords match.” · no placeholders */
  "confirm.matches"?: string;
  /** en: “The passwords do not match yet.” · no placeholders */
  "confirm.differs"?: string;
  /** en: “Type the new password again to confirm it.” · no placeholders */
  "confirm.empty"?: string;
  /** en: “Caps Lock is on. Passwords are case sensitive.” · no placeholders */
  "capsLock.on"?: string;
  /** en: “Show password” · no placeholders */
  "toggle.show"?: string;
  /** en: “Show answer” · no placeholders */
  "toggle.showAnswer"?: string;
  /** en: “The new password does not meet every rule yet.” · no placeholders */
  "validity.policy"?: string;
  /** en: “The two passwords do not match.” · no placeholders */
  "validity.confirm"?: string;
  /** en: “Live password checks could not start. The password rules still apply.” · no placeholders */
  "unavailable"?: string;
  /** en: “This page could not start. Reload it; if that does not help, contact the Helpdesk.” · no placeholders */
  "journey.notStarted"?: string;
  /** en: “Step {n} of {total}” · placeholders: {n}, {total} */
  "journey.progress"?: string;
  /** en: “Continue” · no placeholders */
  "journey.continue"?: string;
  /** en: “Back” · no placeholders */
  "journey.back"?: string;
  /** en: “Cancel” · no placeholders */
  "journey.cancel"?: string;
  /** en: “Skip for now” · no placeholders */
  "journey.skip"?: string;
  /** en: “Try again” · no placeholders */
  "journey.tryAgain"?: string;
  /** en: “Working…” · no placeholders */
  "journey.busy"?: string;
  /** en: “Sign in” · no placeholders */
  "step.signIn"?: string;
  /** en: “Terms of Agreement” · no placeholders */
  "step.terms"?: string;
  /** en: “Replace your temporary password” · no placeholders */
  "step.changePassword"?: string;
  /** en: “Choose a new password” · no placeholders */
  "step.newPassword"?: string;
  /** en: “Never let your browser remember your password” · no placeholders */
  "step.browserSaving"?: string;
  /** en: “Allow pop-ups for this site” · no placeholders */
  "step.popups"?: string;
  /** en: “Set your password recovery question” · no placeholders */
  "step.recovery"?: string;
  /** en: “Set up 2-step verification” · no placeholders */
  "step.twoStep"?: string;
  /** en: “You are all set” · no placeholders */
  "step.done"?: string;
  /** en: “Confirm it is you” · no placeholders */
  "step.reauthenticate"?: string;
  /** en: “Security settings” · no placeholders */
  "step.menu"?: string;
  /** en: “Turn off 2-step verification” · no placeholders */
  "step.turnOffTwoStep"?: string;
  /** en: “Forgot your password?” · no placeholders */
  "step.forgotUsername"?: string;
  /** en: “Answer your recovery question” · no placeholders */
  "step.forgotAnswer"?: string;
  /** en: “You have been signed out” · no placeholders */
  "step.signedOut"?: string;
  /** en: “Cancelled” · no placeholders */
  "step.cancelled"?: string;
  /** en: “Username” · no placeholders */
  "field.username"?: string;
  /** en: “Password (case sensitive)” · no placeholders */
  "field.password"?: string;
  /** en: “Temporary password” · no placeholders */
  "field.temporaryPassword"?: string;
  /** en: “Current password” · no placeholders */
  "field.currentPassword"?: string;
  /** en: “New password” · no placeholders */
  "field.newPassword"?: string;
  /** en: “Confirm new password” · no placeholders */
  "field.confirmPassword"?: string;
  /** en: “Your question” · no placeholders */
  "field.question"?: string;
  /** en: “Your answer” · no placeholders */
  "field.answer"?: string;
  /** en: “Confirm your answer” · no placeholders */
  "field.confirmAnswer"?: string;
  /** en: “6-digit code from the app” · no placeholders */
  "field.code"?: string;
  /** en: “I have read and accept the Terms of Agreement” · no placeholders */
  "terms.accept"?: string;
  /** en: “Accept and continue” · no placeholders */
  "terms.acceptButton"?: string;
  /** en: “Decline and sign out” · no placeholders */
  "terms.decline"?: string;
  /** en: “Your organisation's Terms of Agreement apply. Ask the Helpdesk for a copy.” · no placeholders */
  "terms.missing"?: string;
  /** en: “Your HMIS password protects the data of the people your organisation serves. A browser that remembers it lets anyone at this computer sign in as you. Sharing your password, even by letting a browser keep it, is never permitted.” · no placeholders */
  "saving.why"?: string;
  /** en: “Your browser filled in your password on the sign-in page: it has saved it. Remove it with these steps:” · no placeholders */
  "saving.autofilled"?: string;
  /** en: “If your browser offers to save this password, choose Never. To remove a password it already saved:” · no placeholders */
  "saving.howTo"?: string;
  /** en: “Chrome or Edge: open Settings, search for “passwords”, find this site and choose Remove.” · no placeholders */
  "saving.chrome"?: string;
  /** en: “Firefox: open Settings, then Privacy & Security, Saved Passwords; find this site and choose Remove.” · no placeholders */
  "saving.firefox"?: string;
  /** en: “Safari: open Settings, then Passwords; find this site and choose Delete Password.” · no placeholders */
  "saving.safari"?: string;
  /** en: “Open your browser's settings, find saved passwords, and remove the one for this site.” · no placeholders */
  "saving.other"?: string;
  /** en: “HMIS opens some screens, such as Security Settings, in a new window or tab. Check that this site may open them.” · no placeholders */
  "popups.why"?: string;
  /** en: “Check pop-ups” · no placeholders */
  "popups.check"?: string;
  /** en: “Check again” · no placeholders */
  "popups.checkAgain"?: string;
  /** en: “Pop-ups are allowed for this site.” · no placeholders */
  "popups.allowed"?: string;
  /** en: “Pop-ups are blocked for this site. Allow them with these steps, then check again:” · no placeholders */
  "popups.blocked"?: string;
  /** en: “Chrome or Edge: click the blocked pop-up icon at the right of the address bar, choose Always allow pop-ups from this site, then Done.” · no placeholders */
  "popups.chrome"?: string;
  /** en: “Firefox: click Options (or Preferences) in the yellow bar under the address bar, and choose Allow pop-ups for this site.” · no placeholders */
  "popups.firefox"?: string;
  /** en: “Safari: open Settings for This Website (in the Safari menu) and set Pop-up Windows to Allow.” · no placeholders */
  "popups.safari"?: string;
  /** en: “Open your browser's site settings for this site and allow pop-ups and redirects.” · no placeholders */
  "popups.other"?: string;
  /** en: “If you forget your password, you will answer this question to choose a new one. Without it you cannot reset your password yourself.” · no placeholders */
  "recovery.why"?: string;
  /** en: “Answers are compared ignoring upper and lower case and extra spaces.” · no placeholders */
  "recovery.compare"?: string;
  /** en: “Others could find or guess the answer to a question like this. Try one only you can answer, such as “What did my grandmother call her garden shed?” or “What was the name of my first team's mascot?”” · no placeholders */
  "recovery.guessable"?: string;
  /** en: “The question has {min} to {max} characters” · placeholders: {min}, {max} */
  "recovery.rule.questionLength"?: string;
  /** en: “The answer has at least {min} characters” · placeholders: {min} */
  "recovery.rule.answerLength"?: string;
  /** en: “The answer is not in the question” · no placeholders */
  "recovery.rule.answerNotInQuestion"?: string;
  /** en: “The answer is not your username” · no placeholders */
  "recovery.rule.answerNotUsername"?: string;
  /** en: “The answer is not your password” · no placeholders */
  "recovery.rule.answerNotPassword"?: string;
  /** en: “Both answers match” · no placeholders */
  "recovery.rule.confirmMatches"?: string;
  /** en: “The recovery question or answer does not meet every rule yet.” · no placeholders */
  "recovery.invalid"?: string;
  /** en: “Pair your account with an authenticator app on your phone, such as Google Authenticator or Microsoft Authenticator. When you sign in, the app gives you a code.” · no placeholders */
  "twoStep.why"?: string;
  /** en: “In the app, add an account and scan this QR code.” · no placeholders */
  "twoStep.scan"?: string;
  /** en: “QR code for your authenticator app” · no placeholders */
  "twoStep.qrAlt"?: string;
  /** en: “Or type this key in the app:” · no placeholders */
  "twoStep.key"?: string;
  /** en: “Copy key” · no placeholders */
  "twoStep.copy"?: string;
  /** en: “Key copied.” · no placeholders */
  "twoStep.copied"?: string;
  /** en: “Open in authenticator app (on this phone)” · no placeholders */
  "twoStep.openApp"?: string;
  /** en: “Preparing your key…” · no placeholders */
  "twoStep.preparing"?: string;
  /** en: “Then type the 6-digit code the app shows.” · no placeholders */
  "twoStep.enterCode"?: string;
  /** en: “Change your password” · no placeholders */
  "menu.changePassword"?: string;
  /** en: “Set up 2-step verification” · no placeholders */
  "menu.setUpTwoStep"?: string;
  /** en: “Turn off 2-step verification” · no placeholders */
  "menu.turnOffTwoStep"?: string;
  /** en: “Update your account recovery information” · no placeholders */
  "menu.recovery"?: string;
  /** en: “Your password was changed.” · no placeholders */
  "notice.passwordChanged"?: string;
  /** en: “2-step verification is on.” · no placeholders */
  "notice.twoStepOn"?: string;
  /** en: “2-step verification is off.” · no placeholders */
  "notice.twoStepOff"?: string;
  /** en: “Your recovery question was saved.” · no placeholders */
  "notice.recoverySaved"?: string;
  /** en: “Without 2-step verification, your password alone protects your account. Turn it off?” · no placeholders */
  "turnOff.confirm"?: string;
  /** en: “Turn off 2-step verification” · no placeholders */
  "turnOff.button"?: string;
  /** en: “Terms of Agreement accepted (version {version}).” · placeholders: {version} */
  "done.terms"?: string;
  /** en: “Your new password is set.” · no placeholders */
  "done.password"?: string;
  /** en: “Your recovery question is set.” · no placeholders */
  "done.recovery"?: string;
  /** en: “2-step verification is on.” · no placeholders */
  "done.twoStepOn"?: string;
  /** en: “2-step verification was skipped; you can set it up later in Security Settings.” · no placeholders */
  "done.twoStepSkipped"?: string;
  /** en: “2-step verification is off.” · no placeholders */
  "done.twoStepOff"?: string;
  /** en: “You are signed in.” · no placeholders */
  "done.signedIn"?: string;
  /** en: “Continue to HMIS” · no placeholders */
  "done.continue"?: string;
  /** en: “You declined the Terms of Agreement, so you have been signed out. You can sign in again at any time.” · no placeholders */
  "signedOut.text"?: string;
  /** en: “Nothing more was changed.” · no placeholders */
  "cancelled.text"?: string;
  /** en: “Back to sign in” · no placeholders */
  "signIn.again"?: string;
  /** en: “Your recovery question:” · no placeholders */
  "forgot.questionIntro"?: string;
  /** en: “The username or password is not right. Passwords are case sensitive.” · no placeholders */
  "error.wrongCredentials"?: string;
  /** en: “That answer does not match our records.” · no placeholders */
  "error.wrongAnswer"?: string;
  /** en: “That code did not work. Check the time on your phone and type the newest code.” · no placeholders */
  "error.wrongCode"?: string;
  /** en: “Too many attempts: this account is locked for now. Try again in {time}, or contact the Helpdesk.” · placeholders: {time} */
  "error.locked"?: string;
  /** en: “Too many attempts: this account is locked. Contact the Helpdesk.” · no placeholders */
  "error.lockedNoTime"?: string;
  /** en: “Too many requests. You can try again in {time}.” · placeholders: {time} */
  "error.rateLimited"?: string;
  /** en: “The server had a problem. Everything you typed is kept: try again.” · no placeholders */
  "error.server"?: string;
  /** en: “The server took too long to answer. Everything you typed is kept: try again.” · no placeholders */
  "error.timeout"?: string;
  /** en: “Could not reach the server. Check your connection; everything you typed is kept.” · no placeholders */
  "error.network"?: string;
  /** en: “Something went wrong on the server's side. Everything you typed is kept: try again, or contact the Helpdesk.” · no placeholders */
  "error.unexpected"?: string;
  /** en: “Please correct the marked fields.” · no placeholders */
  "error.fields"?: string;
  /** en: “Please fill in this field.” · no placeholders */
  "error.required"?: string;
  /** en: “Your session has ended. Sign in again to go on where you left off.” · no placeholders */
  "error.sessionEnded"?: string;
  /** en: “This password reset has expired. Start again with your username.” · no placeholders */
  "error.resetExpired"?: string;
  /** en: “For your security, enter your password again. Your change is saved right after.” · no placeholders */
  "error.reauthenticate"?: string;
  /** en: “We could not confirm that you are signed out. Try again, or close every browser window to end your session.” · no placeholders */
  "error.signOutFailed"?: string;
  /** en: “The server is busy or down for maintenance. Everything you typed is kept: you can try again in {time}.” · placeholders: {time} */
  "error.serverBusy"?: string;
  /** en: “The server refused this, and trying again will not help. Reload the page and start again; if it keeps happening, contact the Helpdesk.” · no placeholders */
  "error.refused"?: string;
  /** en: “2-step verification is on for this account: open your authenticator app and type the 6-digit code it shows for HMIS.” · no placeholders */
  "signIn.code"?: string;
  /** en: “Your new password is set” · no placeholders */
  "step.passwordReset"?: string;
  /** en: “You are not signed in yet: sign in now with your new password.” · no placeholders */
  "done.resetText"?: string;
  /** en: “Sign in” · no placeholders */
  "signIn.now"?: string;
  /** en: “Your session has ended” · no placeholders */
  "step.sessionEnded"?: string;
  /** en: “Nothing was saved since your session ended. Sign in again, then open Security Settings.” · no placeholders */
  "sessionEnded.text"?: string;
  /** en: “{n} s” · placeholders: {n} */
  "duration.seconds"?: string;
  /** en: “{m} min {s} s” · placeholders: {m}, {s} */
  "duration.minutes"?: string;
  /** en: “Strength is checked by the server when you save” · no placeholders */
  "rule.minStrengthByServer"?: string;
  /** en: “Save your recovery codes” · no placeholders */
  "step.recoveryCodes"?: string;
  /** en: “Your question and answer need” · no placeholders */
  "recovery.rulesHeading"?: string;
  /** en: “Password” · no placeholders */
  "setting.password"?: string;
  /** en: “2-step verification” · no placeholders */
  "setting.twoStep"?: string;
  /** en: “Recovery question” · no placeholders */
  "setting.recovery"?: string;
  /** en: “On: signing in asks for a code from your authenticator app.” · no placeholders */
  "setting.on"?: string;
  /** en: “Off: your password alone protects your account.” · no placeholders */
  "setting.off"?: string;
  /** en: “Set.” · no placeholders */
  "setting.set"?: string;
  /** en: “Not set: without it you cannot reset a forgotten password yourself.” · no placeholders */
  "setting.notSet"?: string;
  /** en: “Your question: {question}” · placeholders: {question} */
  "setting.question"?: string;
  /** en: “Pair a new phone” · no placeholders */
  "menu.pairNewPhone"?: string;
  /** en: “Set up 2-step verification, or pair a new phone” · no placeholders */
  "menu.setUpOrPairTwoStep"?: string;
  /** en: “Change your recovery question” · no placeholders */
  "menu.changeRecovery"?: string;
  /** en: “Set a recovery question” · no placeholders */
  "menu.setRecovery"?: string;
  /** en: “Done” · no placeholders */
  "menu.done"?: string;
  /** en: “If you lose your phone, each of these codes lets you sign in once instead of a code from the app. Keep them somewhere safe and apart from your password: they are shown only now.” · no placeholders */
  "recoveryCodes.why"?: string;
  /** en: “Copy codes” · no placeholders */
  "recoveryCodes.copy"?: string;
  /** en: “Codes copied.” · no placeholders */
  "recoveryCodes.copied"?: string;
  /** en: “I have saved these codes” · no placeholders */
  "recoveryCodes.saved"?: string;
  /** en: “Getting your recovery codes…” · no placeholders */
  "recoveryCodes.loading"?: string;
  /** en: “E-mail address” · no placeholders */
  "field.email"?: string;
  /** en: “Enter the e-mail address of your account. We will send you a link to choose a new password.” · no placeholders */
  "forgot.emailIntro"?: string;
  /** en: “To reset your password, contact the Helpdesk.” · no placeholders */
  "forgot.helpdesk"?: string;
  /** en: “Check your e-mail” · no placeholders */
  "step.forgotSent"?: string;
  /** en: “If an account has this e-mail address, a message with a link to choose a new password is on its way. The link works once, for a short time. Nothing arrived? Check your spam folder, or ask again.” · no placeholders */
  "forgot.sentText"?: string;
  /** en: “This reset link has expired or was used already. Ask for a new one below.” · no placeholders */
  "error.resetLinkExpired"?: string;
  /** en: “Your password may already be changed: the server's answer to your first try was lost, and now it refuses the current password. Your new password is probably in place; sign in with it to check.” · no placeholders */
  "error.maybePasswordChanged"?: string;
  /** en: “Your password may already be reset: the server's answer to your first try was lost, and now the reset is used up. Sign in with your new password to check; if it does not work, start again.” · no placeholders */
  "error.maybePasswordReset"?: string;
  /** en: “2-step verification may already be on: the server's answer to your first try was lost. Check it in Security Settings.” · no placeholders */
  "error.maybeTwoStepOn"?: string;
  /** en: “2-step verification may already be off: the server's answer to your first try was lost. Check it in Security Settings.” · no placeholders */
  "error.maybeTwoStepOff"?: string;
}

/** Every message key (src/messages/mod.rs), for `messages` and `locales`. */
export type MessageKey =
  | "rule.minLength"
  | "rule.maxLength"
  | "rule.uppercase"
  | "rule.lowercase"
  | "rule.digit"
  | "rule.symbol"
  | "rule.notUsername"
  | "rule.notCurrent"
  | "rule.notBlocklisted"
  | "rule.minStrength"
  | "rule.state.met"
  | "rule.state.unmet"
  | "rules.heading"
  | "rules.nowMet"
  | "rules.nowUnmet"
  | "rules.allMet"
  | "strength.label"
  | "strength.pending"
  | "strength.score.0"
  | "strength.score.1"
  | "strength.score.2"
  | "strength.score.3"
  | "strength.score.4"
  | "strength.truncated"
  | "strength.unavailable"
  | "strength.warning.straightRow"
  | "strength.warning.keyPattern"
  | "strength.warning.repeatedChars"
  | "strength.warning.repeatedGroups"
  | "strength.warning.top10"
  | "strength.warning.top100"
  | "strength.warning.common"
  | "strength.warning.similarToCommon"
  | "strength.warning.sequence"
  | "strength.warning.recentYears"
  | "strength.warning.wordByItself"
  | "strength.warning.dates"
  | "strength.warning.namesByThemselves"
  | "strength.warning.commonNames"
  | "strength.suggestion.fewWords"
  | "strength.suggestion.noNeedForSymbols"
  | "strength.suggestion.addWord"
  | "strength.suggestion.capitalization"
  | "strength.suggestion.allUppercase"
  | "strength.suggestion.reversedWords"
  | "strength.suggestion.substitutions"
  | "strength.suggestion.longerKeyPattern"
  | "strength.suggestion.avoidRepeats"
  | "strength.suggestion.avoidSequences"
  | "strength.suggestion.avoidRecentYears"
  | "strength.suggestion.avoidPersonalYears"
  | "strength.suggestion.avoidPersonalDates"
  | "confirm.matches"
  | "confirm.differs"
  | "confirm.empty"
  | "capsLock.on"
  | "toggle.show"
  | "toggle.showAnswer"
  | "validity.policy"
  | "validity.confirm"
  | "unavailable"
  | "journey.notStarted"
  | "journey.progress"
  | "journey.continue"
  | "journey.back"
  | "journey.cancel"
  | "journey.skip"
  | "journey.tryAgain"
  | "journey.busy"
  | "step.signIn"
  | "step.terms"
  | "step.changePassword"
  | "step.newPassword"
  | "step.browserSaving"
  | "step.popups"
  | "step.recovery"
  | "step.twoStep"
  | "step.done"
  | "step.reauthenticate"
  | "step.menu"
  | "step.turnOffTwoStep"
  | "step.forgotUsername"
  | "step.forgotAnswer"
  | "step.signedOut"
  | "step.cancelled"
  | "field.username"
  | "field.password"
  | "field.temporaryPassword"
  | "field.currentPassword"
  | "field.newPassword"
  | "field.confirmPassword"
  | "field.question"
  | "field.answer"
  | "field.confirmAnswer"
  | "field.code"
  | "terms.accept"
  | "terms.acceptButton"
  | "terms.decline"
  | "terms.missing"
  | "saving.why"
  | "saving.autofilled"
  | "saving.howTo"
  | "saving.chrome"
  | "saving.firefox"
  | "saving.safari"
  | "saving.other"
  | "popups.why"
  | "popups.check"
  | "popups.checkAgain"
  | "popups.allowed"
  | "popups.blocked"
  | "popups.chrome"
  | "popups.firefox"
  | "popups.safari"
  | "popups.other"
  | "recovery.why"
  | "recovery.compare"
  | "recovery.guessable"
  | "recovery.rule.questionLength"
  | "recovery.rule.answerLength"
  | "recovery.rule.answerNotInQuestion"
  | "recovery.rule.answerNotUsername"
  | "recovery.rule.answerNotPassword"
  | "recovery.rule.confirmMatches"
  | "recovery.invalid"
  | "twoStep.why"
  | "twoStep.scan"
  | "twoStep.qrAlt"
  | "twoStep.key"
  | "twoStep.copy"
  | "twoStep.copied"
  | "twoStep.openApp"
  | "twoStep.preparing"
  | "twoStep.enterCode"
  | "menu.changePassword"
  | "menu.setUpTwoStep"
  | "menu.turnOffTwoStep"
  | "menu.recovery"
  | "notice.passwordChanged"
  | "notice.twoStepOn"
  | "notice.twoStepOff"
  | "notice.recoverySaved"
  | "turnOff.confirm"
  | "turnOff.button"
  | "done.terms"
  | "done.password"
  | "done.recovery"
  | "done.twoStepOn"
  | "done.twoStepSkipped"
  | "done.twoStepOff"
  | "done.signedIn"
  | "done.continue"
  | "signedOut.text"
  | "cancelled.text"
  | "signIn.again"
  | "forgot.questionIntro"
  | "error.wrongCredentials"
  | "error.wrongAnswer"
  | "error.wrongCode"
  | "error.locked"
  | "error.lockedNoTime"
  | "error.rateLimited"
  | "error.server"
  | "error.timeout"
  | "error.network"
  | "error.unexpected"
  | "error.fields"
  | "error.required"
  | "error.sessionEnded"
  | "error.resetExpired"
  | "error.reauthenticate"
  | "error.signOutFailed"
  | "error.serverBusy"
  | "error.refused"
  | "signIn.code"
  | "step.passwordReset"
  | "done.resetText"
  | "signIn.now"
  | "step.sessionEnded"
  | "sessionEnded.text"
  | "duration.seconds"
  | "duration.minutes"
  | "rule.minStrengthByServer"
  | "step.recoveryCodes"
  | "recovery.rulesHeading"
  | "setting.password"
  | "setting.twoStep"
  | "setting.recovery"
  | "setting.on"
  | "setting.off"
  | "setting.set"
  | "setting.notSet"
  | "setting.question"
  | "menu.pairNewPhone"
  | "menu.setUpOrPairTwoStep"
  | "menu.changeRecovery"
  | "menu.setRecovery"
  | "menu.done"
  | "recoveryCodes.why"
  | "recoveryCodes.copy"
  | "recoveryCodes.copied"
  | "recoveryCodes.saved"
  | "recoveryCodes.loading"
  | "field.email"
  | "forgot.emailIntro"
  | "forgot.helpdesk"
  | "step.forgotSent"
  | "forgot.sentText"
  | "error.resetLinkExpired"
  | "error.maybePasswordChanged"
  | "error.maybePasswordReset"
  | "error.maybeTwoStepOn"
  | "error.maybeTwoStepOff";
