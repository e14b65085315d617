// expect: TS2551 'isValid'
// The verdict says `valid`, not `isValid`.
const form = document.querySelector("form")!;
form.addEventListener("hmis-onboard:verdict", (e) => {
  if (e.detail.isValid) form.requestSubmit();
});
export {};
