// The languages test page (languages.html): loads the widget, which attaches the marked roots,
// and attaches the Arabic form and the two journeys itself. What the page logs is kept for the
// tests (record-console.js).
import "./record-console.js";
import "./stricter-policy.js";

const { attach } = await import("../pkg/hmis-onboard.js");
const { mockBackend } = await import("../pkg/hmis-onboard-mock.js");
const ar = await (await fetch("ar-test.json")).json();
await Promise.all([
  attach(document.getElementById("ar"), { locales: { ar } }),
  attach(document.getElementById("journey-ar"), { journey: "firstLogin", backend: mockBackend({ delayMs: 0 }), locales: { ar } }),
  attach(document.getElementById("journey-es"), { journey: "firstLogin", backend: mockBackend({ delayMs: 0 }) }),
]).catch((error) => console.error(`languages.js: ${error.message}`));
