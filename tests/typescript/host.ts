// A sample host page's script, written as a web team would write it against the package's
// declarations. It must type-check under `strict` (`node scripts/typecheck.mjs`); it is never run.

import {
  attach,
  qrSvg,
  type AttachOptions,
  type BackendConfig,
  type BackendFunction,
  type HmisOnboardHandle,
  type MessageCatalog,
  type MessageKey,
  type RuleVerdict,
  type VerdictDetail,
} from "@hmis-onboard/widget";
import { mockBackend } from "@hmis-onboard/widget/mock";

// --- The change-password page: the field widget on the site's own form ---------------------

const form = document.querySelector<HTMLFormElement>("#change-password");
const save = document.querySelector<HTMLButtonElement>("#save");

if (form) {
  const widget = await attach(form, {
    preset: "nist",
    policy: {
      minLength: 12,
      minStrength: 3,
      blocklist: ["Password123!", "Welcome2024!"],
      contextWords: ["hmis", "Hope Street Shelter"],
      uppercase: false,
      notCurrent: true,
    },
    fields: { current: "#old-password", username: null },
    strength: true,
    submitGuard: false,
    locale: "es",
    messages: {
      "rule.minLength": "Use {min} characters or more",
      "capsLock.on": "Caps Lock is on.",
    },
  });

  // The verdict event, on the form it bubbles to: `e` is a CustomEvent<VerdictDetail>.
  form.addEventListener("hmis-onboard:verdict", (e) => {
    if (save) save.disabled = !e.detail.valid;
    const unmet = e.detail.rules.filter((rule) => !rule.met).map((rule) => rule.id);
    const score = e.detail.strength?.score ?? null;
    const match: boolean | null = e.detail.confirmMatches;
    console.log(unmet, score, match, e.detail.strength?.suggestions.join(" "));
  });

  // The same on the document, and with a handler declared apart.
  const onVerdict = (event: CustomEvent<VerdictDetail>): void => {
    const first: RuleVerdict | undefined = event.detail.rules.find((r) => !r.met);
    if (first?.id === "minStrength") console.log(first.message);
  };
  document.addEventListener("hmis-onboard:verdict", onVerdict);
  window.addEventListener("hmis-onboard:verdict", (e) => e.detail.valid);

  if (widget) {
    const now = widget.verdict();
    if (now && !now.valid) console.log(now.rules.length);
    const input = form.querySelector<HTMLInputElement>('input[autocomplete="new-password"]');
    if (input) {
      input.value = "set by script";
      widget.refresh();
    }
    form.addEventListener("reset", () => widget.destroy());
  }
}

// --- The first-login journey against the team's backend ----------------------------------

const backend: BackendConfig = {
  baseUrl: "/classic/Account",
  csrf: { from: "input", name: "__RequestVerificationToken", header: null, field: "__RequestVerificationToken" },
  credentials: "same-origin",
  timeoutMs: 20_000,
  errorsPath: "ModelState",
  headers: { "X-Requested-With": "XMLHttpRequest" },
  response: { message: "Message", sessionEnded: "Status=SessionEnded" },
  outcomes: [{ status: "5xx", when: "Status=Maintenance", means: "busy" }],
  endpoints: {
    signIn: {
      url: "/classic/Account/Login",
      encoding: "form",
      fields: { username: "UserName", password: "Password", code: "Code" },
      response: { mustChangePassword: "Status=PasswordExpired", totpRequired: "Status=RequiresTwoFactor" },
      outcomes: [{ status: [400, 401], when: "errors.*.code=bad_login", means: "wrongCredentials" }],
    },
    changePassword: {
      url: "/classic/Account/ChangePassword",
      method: "PUT",
      fields: { currentPassword: "OldPassword", newPassword: ["NewPassword", "NewPassword2"], confirmPassword: null },
    },
    startTotp: { url: "/classic/Account/Authenticator", method: "GET", response: { totpUri: "Result.Uri" } },
    disableTotp: { url: "/classic/Account/Authenticator", method: "DELETE", expectsBody: false },
    forgotReset: { constants: { uid: "{page.uid}", remember: false, attempt: 1 } },
    signOut: "/classic/Account/Logout",
    // One action answered by the page itself, beside the mapped ones.
    acceptTerms: async (action, payload) => {
      console.log(action, payload.termsVersion.length);
      return { status: 204 };
    },
  },
};

const journeyOptions = {
  journey: "firstLogin",
  backend,
  terms: { text: "Use HMIS data only for your work.", version: "2026-01" },
  twoStep: { enabled: true, required: false, secret: "browser", issuer: "Hope Street HMIS" },
  recovery: { method: "question", questionMinLength: 12, questionMaxLength: 200, answerMinLength: 4 },
  firstLogin: { changePassword: "whenAsked" },
  continueUrl: "/home",
  signInUrl: "/sign-in",
  locales: {
    "fr-CA": { "journey.continue": "Continuer", "journey.back": "Retour" },
  },
  locale: "fr-CA",
} satisfies AttachOptions;

const root = document.getElementById("journey");
let journey: HmisOnboardHandle | null = null;
if (root) {
  attach(root, journeyOptions)
    .then((handle) => {
      journey = handle;
    })
    .catch((error: unknown) => console.error(error instanceof Error ? error.message : error));

  root.addEventListener("hmis-onboard:loadstart", (e) => console.log("sending", e.detail.action));
  root.addEventListener("hmis-onboard:load", (e) => {
    if (e.detail.action === "signIn" && e.detail.outcome === "codeRequired") console.log("code needed");
  });
  root.addEventListener("hmis-onboard:error", (e) => {
    if (e.detail.outcome === "timeout" || e.detail.outcome === "networkError") console.warn(e.detail.action);
  });
  root.addEventListener("hmis-onboard:loadend", (e) => console.log(e.detail.action, e.detail.outcome));
  root.addEventListener("hmis-onboard:complete", (e) => {
    const { journey: which, summary } = e.detail;
    if (which === "firstLogin" && summary.passwordChanged && summary.twoStep !== "skipped") {
      location.assign(`/home?terms=${summary.termsVersion ?? ""}`);
    }
  });
  root.addEventListener("hmis-onboard:signout", (e) => console.log("signed out of", e.detail.journey));
  root.addEventListener("hmis-onboard:cancel", () => journey?.destroy());
}

// --- Security Settings against the mock, Forgot password against a backend function -------

const settings = document.querySelector("#settings");
if (settings) {
  await attach(settings, {
    journey: "securitySettings",
    securitySettings: { reauthenticate: "password" },
    backend: mockBackend({
      users: { demo: { password: "Temp-Pass-2024!", mustChangePassword: true }, ana: { password: "x", totpSecret: "JBSWY3DPEHPK3PXP" } },
      terms: { text: "Mock terms", version: "mock-2" },
      delayMs: 0,
      fail: { verifyTotp: 500, signIn: 503 },
    }),
  });
  settings.addEventListener("hmis-onboard:complete", (e) => console.log(e.detail.summary.recoverySet));
}

// Every action answered by the page: the payload narrows with the action.
const inPage: BackendFunction = async (action, payload) => {
  switch (action) {
    case "forgotStart":
      return "email" in payload ? { status: 200, body: {} } : { status: 200, body: { question: `Q for ${payload.username}` } };
    case "forgotAnswer":
      return payload.answer === "blue" ? { status: 200, body: { resetToken: "t" } } : { status: 401, body: { code: "wrongCredentials" } };
    case "forgotReset":
      return { status: 200, body: { ok: true, reset: payload.newPassword.length > 0, token: payload.resetToken ?? null } };
    case "signIn":
      return payload.code ? { status: 200, body: { mustChangePassword: false } } : { status: 423, retryAfter: 60 };
    default:
      return { status: 404, body: { message: `no ${action}` } };
  }
};
const forgot = document.getElementById("forgot");
if (forgot) void attach(forgot, { journey: "forgotPassword", backend: inPage, recovery: { method: "question" } });

// A backend function typed loosely, as a team's existing helper may be, is accepted too.
async function legacyCall(action: string, payload: Record<string, string>): Promise<{ status: number; body: { [key: string]: string } }> {
  return { status: 200, body: { action, ...payload } };
}
const legacy = document.getElementById("legacy");
if (legacy) void attach(legacy, { journey: "firstLogin", backend: legacyCall });

// --- Messages: a catalog built apart, keys checked ------------------------------------------

const spanish: MessageCatalog = { "rule.digit": "Al menos 1 número", "journey.continue": "Continuar" };
const key: MessageKey = "strength.score.4";
const withOverrides: AttachOptions = { locales: { "es-MX": spanish }, messages: { [key]: "¡Muy fuerte!" } };
void withOverrides;

// --- The QR code, drawn locally --------------------------------------------------------------

const svg: string | null = await qrSvg("otpauth://totp/HMIS:demo?secret=JBSWY3DPEHPK3PXP&issuer=HMIS");
const holder = document.getElementById("qr");
if (svg && holder) holder.innerHTML = svg;

// Options may be null (the page's attributes and JSON block say everything).
const marked = document.querySelector("[data-hmis-onboard]");
if (marked) await attach(marked, null);
export {};
