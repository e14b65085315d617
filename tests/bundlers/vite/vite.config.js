// Only what any two-page app says: its pages. Nothing for the widget (its WebAssembly, worker,
// stylesheet and journeys build work with Vite's defaults).
export default {
  build: { rollupOptions: { input: ["index.html", "journey.html"] } },
};
