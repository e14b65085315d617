// A journey page against the mock backend (pkg/hmis-onboard-mock.js), as a team would build one
// before its backend exists: the journey from the root's data-journey, every request answered in
// this page's memory.
import { attach } from "./pkg/hmis-onboard.js";
import { mockBackend } from "./pkg/hmis-onboard-mock.js";

const root = document.getElementById("journey");
await attach(root, { journey: root.dataset.journey, backend: mockBackend({ delayMs: 150 }), continueUrl: "home.html" });
