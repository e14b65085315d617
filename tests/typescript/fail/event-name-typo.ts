// expect: TS2339 'detail'
// A misspelt event name falls to the plain `Event` overload, which has no `detail`.
const form = document.querySelector("form")!;
form.addEventListener("hmis-onboard:verdit", (e) => {
  console.log(e.detail.valid);
});
export {};
