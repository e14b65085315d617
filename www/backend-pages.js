// The pages for auth backends this project did not write (www/allauth/, www/drf/): each folder's
// widget-config.json is the whole configuration, the page only says which journey it is.
// Served by the backend itself (same origin, as its CSRF and cookies want): see backends/.
import { attach } from "./pkg/hmis-onboard.js";

const root = document.getElementById("journey");
const response = await fetch(new URL("widget-config.json", document.baseURI));
const config = await response.json();
await attach(root, { ...config, journey: root.dataset.journey });
