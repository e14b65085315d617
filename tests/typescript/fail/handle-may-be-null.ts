// expect: TS18047 'widget'
// attach() resolves to null when the WebAssembly could not load.
import { attach } from "@hmis-onboard/widget";

const form = document.querySelector("form")!;
const widget = await attach(form);
widget.destroy();
