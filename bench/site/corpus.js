// The benchmark's password corpus, generated deterministically from a seed: the same seed gives
// the same passwords in the browser and in node, run after run. Nothing here is downloaded; the
// short word lists below are written for this file.
//
//   import { makeCorpus } from "./corpus.js";
//   const { classes, typing, pastes, context } = makeCorpus({ seed: 4, quick: false });

/** A small, fast 32-bit PRNG (xorshift with a multiply on output). Deterministic per seed. */
export function rng(seed) {
  let s = (seed >>> 0) || 0x9e3779b9;
  const next = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return Math.imul(s, 0x2545f491) >>> 0;
  };
  const r = {
    /** A float in [0, 1). */
    float: () => next() / 4294967296,
    /** An integer in [lo, hi]. */
    int: (lo, hi) => lo + Math.floor(r.float() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(r.float() * list.length)],
  };
  for (let i = 0; i < 8; i++) next();
  return r;
}

// Passwords everyone knows are weak; the sort of thing breach top lists start with.
const COMMON = [
  "123456", "password", "qwerty", "111111", "letmein", "abc123", "iloveyou", "admin", "welcome",
  "monkey", "dragon", "sunshine", "princess", "football", "baseball", "master", "shadow",
  "trustno1", "hello", "freedom", "whatever", "qazwsx", "654321", "superman", "1q2w3e", "passw0rd",
  "starwars", "michael", "jessica", "charlie", "batman", "login", "hmis", "secret", "summer",
  "zaq1zaq1", "asdfgh", "666666", "12345678", "Password",
];

const WORDS = [
  "summer", "winter", "spring", "autumn", "monday", "friday", "shelter", "housing", "river", "garden",
  "coffee", "pizza", "tiger", "eagle", "falcon", "rocket", "orange", "purple", "silver", "golden",
  "sunday", "family", "blessed", "happy", "lucky", "dragon", "soccer", "hockey", "guitar", "piano",
  "mountain", "ocean", "forest", "thunder", "castle", "planet", "kitten", "puppy", "butterfly", "cookie",
  "chicago", "boston", "denver", "texas", "jersey", "welcome", "hope", "street", "bridge", "cedar",
];
const NAMES = [
  "james", "mary", "john", "linda", "robert", "maria", "david", "sarah", "daniel", "emily",
  "carlos", "keisha", "jamal", "anna", "tyler", "ashley", "jsmith", "smith", "jordan", "taylor",
];
const SYMBOLS = ["!", "@", "#", "$", "%", "&", "*", "?", ".", "-", "_", "!!"];
const LEET = { a: "@", e: "3", i: "1", o: "0", s: "$", t: "7" };
const PRINTABLE = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join("") + " ";
const EMOJI = ["😀", "🔥", "🐶", "🐱", "🌈", "⭐", "🍕", "🎉", "💙", "👍🏽", "👩‍💻", "🏳️‍🌈", "🇺🇸", "🔑", "❤️", "🚀"];
const HEBREW = ["שלום", "סיסמה", "בית", "אהבה", "ירושלים", "משפחה", "חבר", "שמש"];
const ARABIC = ["مرحبا", "كلمة", "السر", "بيت", "حب", "عائلة", "صديق", "شمس"];

const cap = (w) => w[0].toUpperCase() + w.slice(1);
const leet = (w) => [...w].map((c) => LEET[c] ?? c).join("");

function typical(r) {
  const word = () => r.pick(WORDS);
  const year = () => String(r.int(1960, 2026));
  const digits = (n) => Array.from({ length: n }, () => r.int(0, 9)).join("");
  const patterns = [
    () => cap(word()) + year() + r.pick(SYMBOLS),
    () => cap(word()) + digits(r.int(1, 3)) + r.pick(SYMBOLS),
    () => cap(r.pick(NAMES)) + year().slice(2) + r.pick(SYMBOLS),
    () => cap(word()) + r.pick(SYMBOLS) + cap(word()) + digits(2),
    () => cap(leet(word())) + digits(r.int(1, 4)),
    () => r.pick(SYMBOLS) + cap(word()) + digits(3),
    () => cap(word()) + "123" + r.pick(SYMBOLS),
    () => "Hmis" + year() + r.pick(SYMBOLS),
    () => cap(r.pick(NAMES)) + "." + cap(word()) + digits(1),
    () => r.pick(["Qwerty", "Asdf", "Zxcvbn", "Qazwsx"]) + digits(r.int(2, 4)) + r.pick(SYMBOLS),
    () => cap(word()) + cap(word()) + r.pick(SYMBOLS) + digits(1),
    () => word() + r.pick(SYMBOLS) + word().toUpperCase().slice(0, 3) + digits(2),
  ];
  return r.pick(patterns)();
}

const random = (r, n) => Array.from({ length: n }, () => PRINTABLE[r.int(0, PRINTABLE.length - 1)]).join("");

/** Words joined by separators, a number and a capital here and there, cut to exactly n chars. */
function passphrase(r, n) {
  let out = "";
  while (out.length < n) {
    const w = r.pick(WORDS);
    out += (r.float() < 0.3 ? cap(w) : w) + r.pick(["-", " ", ".", "_", String(r.int(0, 9))]);
  }
  return out.slice(0, n);
}

const repeat = (unit, n) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

/**
 * Classes in a fixed order; within each long class the first item is the cheap kind (repetitive
 * or passphrase), so the quick mode's one-per-class sample stays fast.
 */
export function makeCorpus({ seed = 4, quick = false } = {}) {
  const r = rng(seed);
  const classes = {};
  classes.short_common = COMMON.slice();
  classes.typical = Array.from({ length: 80 }, () => typical(r));
  classes.random_12_16 = Array.from({ length: 40 }, () => random(r, r.int(12, 16)));
  classes.chars_50 = Array.from({ length: 12 }, (_, i) => (i % 2 ? random(r, 50) : passphrase(r, 50)));
  classes.chars_100 = Array.from({ length: 10 }, (_, i) => (i % 2 ? random(r, 100) : passphrase(r, 100)));
  classes.chars_1000 = [repeat("Password1!", 1000), passphrase(r, 1000), repeat("ab", 1000), passphrase(r, 1000), random(r, 1000), random(r, 1000)];
  classes.chars_10000 = [repeat("a", 10000), passphrase(r, 10000), random(r, 10000), random(r, 10000)];
  classes.emoji = Array.from({ length: 12 }, (_, i) => {
    const e = () => r.pick(EMOJI);
    switch (i % 4) {
      case 0: return e() + cap(r.pick(WORDS)) + r.int(10, 99) + e();
      case 1: return e() + e() + e() + e();
      case 2: return cap(r.pick(WORDS)) + e() + r.pick(SYMBOLS) + r.int(100, 999);
      default: return Array.from({ length: 6 }, e).join("") + r.pick(SYMBOLS) + r.int(0, 9);
    }
  });
  classes.rtl = Array.from({ length: 12 }, (_, i) => {
    const words = i % 2 ? ARABIC : HEBREW;
    switch (i % 3) {
      case 0: return r.pick(words) + r.int(1000, 9999) + r.pick(SYMBOLS);
      case 1: return r.pick(words) + r.pick(words) + r.pick(SYMBOLS) + r.int(10, 99);
      default: return cap(r.pick(WORDS)) + r.pick(words) + r.int(1, 99) + r.pick(SYMBOLS);
    }
  });

  // 30-keystroke typing sequences: what a person types for a new passphrase-like password.
  const typing = Array.from({ length: 10 }, () => {
    let s = "";
    while (s.length < 30) s += cap(r.pick(WORDS)) + r.pick(SYMBOLS) + r.int(0, 99);
    return s.slice(0, 30);
  });

  // What a person pastes: random printable and repetitive, 100 / 1,000 / 10,000 characters.
  const pastes = [];
  for (const n of [100, 1000, 10000]) {
    pastes.push({ name: `random_${n}`, text: random(r, n) });
    pastes.push({ name: `repetitive_${n}`, text: repeat("Aa1!", n) });
  }

  if (quick) {
    for (const name of Object.keys(classes)) classes[name] = classes[name].slice(0, 1);
    typing.length = 1;
  }
  return {
    classes,
    typing,
    pastes,
    // The demo page's words: username, temporary password, and its data-hmis-context-words.
    context: ["jsmith", "Welcome2024!", "hmis", "clienttrack", "demo"],
  };
}

/** The QR benchmark's otpauth URI: 132 characters, the shape the 2-step journey draws. */
export const OTPAUTH_URI =
  "otpauth://totp/Demo%20HMIS:jsmith-admin?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Demo%20HMIS&algorithm=SHA1&digits=6&period=30";
