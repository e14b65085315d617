// expect: TS2339 'outcome'
// hmis-onboard:loadstart goes out before the answer: its detail has no outcome yet.
const root = document.getElementById("journey")!;
root.addEventListener("hmis-onboard:loadstart", (e) => console.log(e.detail.outcome));
export {};
