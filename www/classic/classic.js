// The classic demo: the same widget against a differently shaped backend (form posts,
// PascalCase field names, CSRF in a hidden input), configured through the JavaScript API with
// the mapping in widget-config.json.
import { attach } from "../pkg/hmis-onboard.js";

const root = document.getElementById("journey");
const response = await fetch(new URL("widget-config.json", import.meta.url));
const backend = await response.json();
await attach(root, {
  journey: root.dataset.journey,
  backend,
  twoStep: { issuer: "Demo HMIS (classic)" },
  continueUrl: "/home.html",
  signInUrl: "/classic/first-login.html",
});
