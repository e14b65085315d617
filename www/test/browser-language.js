// Stands in for the browser's preferred languages (navigator.languages) with the page address's
// ?languages=…, before the widget loads (browser-language.html).
const wanted = new URL(location.href).searchParams.get("languages");
if (wanted) Object.defineProperty(Navigator.prototype, "languages", { get: () => wanted.split(","), configurable: true });
await import("../pkg/hmis-onboard.js");
