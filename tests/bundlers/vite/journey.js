// A journey page against the mock backend (as www/mock.js, through the package's exports): the
// journeys build and, on the new password, the strength worker load from the bundled files.
import { attach } from "@hmis-onboard/widget";
import { mockBackend } from "@hmis-onboard/widget/mock";

const root = document.getElementById("journey");
attach(root, { journey: root.dataset.journey, backend: mockBackend({ delayMs: 150 }) }).catch((error) => console.error(`journey page: ${error.message}`));
