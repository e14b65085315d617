// Stricter sites, for the test pages that import this first, by a second policy added before the
// widget loads (a meta policy applies from its insertion on): ?wasm=blocked leaves out
// 'wasm-unsafe-eval', so the WebAssembly cannot start; ?policy=strict allows styles from the
// page's own origin only and no workers, so the widget's stylesheet and strength worker cannot
// load. Scripts stay allowed from this machine's servers (the widget's files may be on another).
const params = new URL(location.href).searchParams;
const stricter = {
  wasm: "script-src 'self' http://127.0.0.1:*",
  policy: "style-src 'self'; worker-src 'none'",
};
for (const [param, content] of Object.entries(stricter)) {
  if (!params.has(param)) continue;
  const policy = document.createElement("meta");
  policy.httpEquiv = "Content-Security-Policy";
  policy.content = content;
  document.head.append(policy);
}
