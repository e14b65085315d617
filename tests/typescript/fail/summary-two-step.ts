// expect: TS2367 '"enabled"'
// The summary's twoStep is "unchanged", "on", "skipped" or "off".
const root = document.getElementById("journey")!;
root.addEventListener("hmis-onboard:complete", (e) => {
  if (e.detail.summary.twoStep === "enabled") console.log("on");
});
export {};
