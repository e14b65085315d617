// hmis-onboard's mock backend: the reference contract (docs/api.md) in the page's memory, so a
// team can build and try its journey pages before its backend exists. Never for production:
// it keeps passwords in memory, in the page, and forgets everything on reload.
//
//   import { attach } from "/assets/hmis-onboard/hmis-onboard.js";
//   import { mockBackend } from "/assets/hmis-onboard/hmis-onboard-mock.js";
//   attach(root, { journey: "firstLogin", backend: mockBackend() });
//
// Options (all optional):
//   users:    { username: { password, mustChangePassword, question, answer, totpSecret } };
//             default: "demo" with the temporary password "Temp-Pass-2024!", to be changed
//   terms:    { text, version } sent with a sign-in that must accept them
//   delayMs:  how long each answer takes (default 300), to see the busy states
//   fail:     { action: status } answers that action with that status once (e.g. { verifyTotp: 500 })
// Every call is logged to the console as "mock backend: action → status" (never a value).

const TERMS = { text: "Use HMIS data only for your work. Keep your password to yourself.", version: "mock-1" };
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function mockBackend(options = {}) {
  const users = new Map(
    Object.entries(options.users ?? { demo: { password: "Temp-Pass-2024!", mustChangePassword: true } }).map(([name, u]) => [
      name,
      { mustChangePassword: false, termsAccepted: !u.mustChangePassword, ...u },
    ]),
  );
  const terms = options.terms ?? TERMS;
  const delayMs = options.delayMs ?? 300;
  const fail = { ...(options.fail ?? {}) };
  let session = null; // the signed-in username
  let pending = null; // a TOTP secret being paired
  const resets = new Map(); // token → username

  const ok = (body = {}) => ({ status: 200, body: { message: "Done.", ...body } });
  const refuse = (status, code, message) => ({ status, body: { code, message } });
  const invalid = (field, message) => ({ status: 422, body: { errors: { [field]: [message] }, message: "Please correct the highlighted field." } });
  const whoami = () => (session && users.get(session)) || null;
  const stand = (u) => ({ twoStepEnabled: Boolean(u.totpSecret), recoverySet: Boolean(u.question), ...(u.question ? { recoveryQuestion: u.question } : {}) });

  const actions = {
    async signIn({ username = "", password = "", code }) {
      const u = users.get(username.trim());
      if (!u || u.password !== password) return refuse(401, "wrongCredentials", "The username or password is not right.");
      if (u.totpSecret && !(await totpMatches(u.totpSecret, code))) {
        return { status: 401, body: { code: code ? "wrongCode" : "codeRequired", totpRequired: true, message: "Enter the code from your app." } };
      }
      session = username.trim();
      const owed = u.mustChangePassword || !u.termsAccepted;
      return ok({ username: session, mustChangePassword: owed, recoverySet: Boolean(u.question), ...(owed ? { termsText: terms.text, termsVersion: terms.version } : {}) });
    },
    async acceptTerms({ termsVersion }) {
      const u = whoami();
      if (!u) return refuse(401, "sessionEnded", "Your session has ended.");
      if (termsVersion !== terms.version) return invalid("termsVersion", "These are not the current terms.");
      u.termsAccepted = true;
      return ok();
    },
    async changePassword({ currentPassword = "", newPassword = "" }) {
      const u = whoami();
      if (!u) return refuse(401, "sessionEnded", "Your session has ended.");
      if (u.password !== currentPassword) return invalid("currentPassword", "That is not your current password.");
      if (newPassword === currentPassword) return invalid("newPassword", "Choose a password you have not used here.");
      u.password = newPassword;
      u.mustChangePassword = false;
      return ok();
    },
    async setRecovery({ question = "", answer = "" }) {
      const u = whoami();
      if (!u) return refuse(401, "sessionEnded", "Your session has ended.");
      if (question.trim().length < 10) return invalid("question", "Write a question of at least 10 characters.");
      u.question = question.trim();
      u.answer = answer;
      return ok({ recoveryQuestion: u.question });
    },
    async startTotp() {
      if (!whoami()) return refuse(401, "sessionEnded", "Your session has ended.");
      pending = randomBase32(32);
      return ok({ totpSecret: pending, totpUri: `otpauth://totp/Mock%20HMIS:${encodeURIComponent(session)}?secret=${pending}&issuer=Mock%20HMIS` });
    },
    async verifyTotp({ code }) {
      const u = whoami();
      if (!u) return refuse(401, "sessionEnded", "Your session has ended.");
      if (!pending || !(await totpMatches(pending, code))) return invalid("code", "That code is not right. Enter the newest code from your app.");
      u.totpSecret = pending;
      pending = null;
      return ok();
    },
    async disableTotp() {
      const u = whoami();
      if (!u) return refuse(401, "sessionEnded", "Your session has ended.");
      u.totpSecret = undefined;
      return ok();
    },
    async reauthenticate({ password = "" }) {
      const u = whoami();
      if (!u) return refuse(401, "sessionEnded", "Your session has ended.");
      if (u.password !== password) return refuse(401, "wrongCredentials", "That password is not right.");
      return ok({ username: session, ...stand(u) });
    },
    async forgotStart({ username = "" }) {
      const u = users.get(username.trim());
      // Alike whether the account exists or not, as a real backend must be.
      return ok({ question: u?.question ?? "What was the name of the street you grew up on?" });
    },
    async forgotAnswer({ username = "", answer = "" }) {
      const u = users.get(username.trim());
      if (!u || !u.answer || u.answer !== answer) return refuse(401, "wrongCredentials", "That answer does not match.");
      const token = randomBase32(16);
      resets.set(token, username.trim());
      return ok({ resetToken: token });
    },
    async forgotReset({ resetToken = "", newPassword = "" }) {
      const name = resets.get(resetToken);
      if (!name) return refuse(401, "resetExpired", "This reset has expired. Start again.");
      resets.delete(resetToken);
      users.get(name).password = newPassword;
      return ok();
    },
    async signOut() {
      session = null;
      return ok({ message: "You are signed out." });
    },
  };

  return async function backend(action, payload) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    let answer;
    if (fail[action]) {
      answer = { status: fail[action], body: { message: "The mock backend was told to fail here." } };
      delete fail[action];
    } else if (actions[action]) {
      answer = await actions[action](payload ?? {});
    } else {
      answer = { status: 404, body: { message: `The mock backend has no ${action}.` } };
    }
    console.info(`mock backend: ${action} → ${answer.status}`);
    return answer;
  };
}

function randomBase32(length) {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => BASE32[b % 32]).join("");
}

function base32Decode(text) {
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/=+$/, "").toUpperCase()) {
    const index = BASE32.indexOf(c);
    if (index < 0) return null;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

// RFC 6238 (HMAC-SHA1, 6 digits, 30 s), one step either side, with the browser's WebCrypto.
async function totpMatches(secret, code) {
  const digits = String(code ?? "").replace(/\s/g, "");
  const key = base32Decode(secret);
  if (!/^\d{6}$/.test(digits) || !key) return false;
  const hmacKey = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
  const step = Math.floor(Date.now() / 30000);
  for (const counter of [step - 1, step, step + 1]) {
    const message = new DataView(new ArrayBuffer(8));
    message.setUint32(4, counter);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", hmacKey, message));
    const offset = mac[19] & 15;
    const number = ((mac[offset] & 127) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
    if (String(number % 1e6).padStart(6, "0") === digits) return true;
  }
  return false;
}
