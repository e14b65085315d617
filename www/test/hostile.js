// The hostile host page's script (hostile.html): it stands in for the WebForms server, and loads
// the widget from the assets origin in the page's address, as a page including
// `<script type="module" src="https://assets.example/hmis-onboard/hmis-onboard.js">` would. What
// the page logs is kept for the tests (record-console.js).
import "./record-console.js";
import "./stricter-policy.js";

const params = new URL(location.href).searchParams;

// Every submit of the page's form that reaches the document is listed with the button that sent
// it and whether a listener refused it; the page stays where it is, so a test can read the list.
const form = document.getElementById("form1");
document.addEventListener("submit", (event) => {
  if (event.target !== form) return;
  const item = document.createElement("li");
  item.setAttribute("data-submitter", event.submitter ? event.submitter.name : "");
  item.setAttribute("data-refused", String(event.defaultPrevented));
  item.textContent = `${event.submitter ? event.submitter.value : "(no button)"}${event.defaultPrevented ? ": refused" : ""}`;
  document.getElementById("postbacks").append(item);
  event.preventDefault();
});

const assets = params.get("assets");
if (assets) {
  const { attach } = await import(new URL("hmis-onboard.js", assets).href);
  const { mockBackend } = await import(new URL("hmis-onboard-mock.js", assets).href);
  // For the tests' own calls: a WebDriver script's import() may be another realm (Firefox), a
  // second instance of the module, not the page's.
  window.hostileAttach = attach;
  const journey = document.getElementById("journey");
  await attach(journey, { journey: "firstLogin", backend: mockBackend({ delayMs: 0 }) });
}
