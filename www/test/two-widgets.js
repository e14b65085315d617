// The host script of two-widgets.html: attaches the second area, then attaches again every way a
// page's scripts can by accident, and writes what came back into #report as JSON (as text).
import { attach } from "../pkg/hmis-onboard.js";

const mine = document.getElementById("mine");
const theirs = document.getElementById("theirs");
const options = { policy: { minLength: 12, minStrength: 3 } };
const message = (promise) => promise.then(() => null, (error) => error.message);

// The entry script attached #mine already: asking again gives its widget, twice the same.
const mineFirst = await attach(mine);
const mineAgain = await attach(mine);
// Two calls at once, before either has finished loading.
const [theirsFirst, theirsAgain] = await Promise.all([attach(theirs, options), attach(theirs)]);
// Another root around inputs that have a widget already.
const overlapping = await message(attach(document.getElementById("mine-new")));
const report = {
  mineSame: mineFirst !== null && mineFirst === mineAgain,
  theirsSame: theirsFirst !== null && theirsFirst === theirsAgain,
  overlapping,
};
// Destroyed, a root can be attached again, and gets a new widget.
theirsFirst.destroy();
const theirsNew = await attach(theirs, options);
report.theirsNew = theirsNew !== null && theirsNew !== theirsFirst;
report.theirsValid = theirsNew.verdict().valid;
document.getElementById("report").textContent = JSON.stringify(report);
