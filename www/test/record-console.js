// Keeps what a test page logs (console.warn and console.error) in window.pageConsole, from the
// moment this module runs, for the end-to-end tests to read: their own record starts only once
// the navigation returns, after the widget may have warned. Imported first by the pages' scripts.
window.pageConsole = [];
for (const level of ["warn", "error"]) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    window.pageConsole.push(`${level}: ${args.map(String).join(" ")}`);
    original(...args);
  };
}
