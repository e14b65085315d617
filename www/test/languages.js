// The languages test page (languages.html): keeps what the page logs for the test to read (the
// harness's own record starts only once the navigation returns), then loads the widget, which
// attaches the marked roots, and attaches the Arabic form and the two journeys itself.
window.pageConsole = [];
for (const level of ["warn", "error"]) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    window.pageConsole.push(`${level}: ${args.map(String).join(" ")}`);
    original(...args);
  };
}

if (new URL(location.href).searchParams.get("wasm") === "blocked") {
  const policy = document.createElement("meta");
  policy.httpEquiv = "Content-Security-Policy";
  policy.content = "script-src 'self'";
  document.head.append(policy);
}

const { attach } = await import("../pkg/hmis-onboard.js");
const { mockBackend } = await import("../pkg/hmis-onboard-mock.js");
const ar = await (await fetch("ar-test.json")).json();
await Promise.all([
  attach(document.getElementById("ar"), { locales: { ar } }),
  attach(document.getElementById("journey-ar"), { journey: "firstLogin", backend: mockBackend({ delayMs: 0 }), locales: { ar } }),
  attach(document.getElementById("journey-es"), { journey: "firstLogin", backend: mockBackend({ delayMs: 0 }) }),
]).catch((error) => console.error(`languages.js: ${error.message}`));
