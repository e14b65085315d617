// Only what any two-page app says: its pages and their HTML. Nothing for the widget (its
// WebAssembly, worker, stylesheet and journeys build work with webpack's defaults).
const HtmlWebpackPlugin = require("html-webpack-plugin");

module.exports = {
  mode: "production",
  entry: { main: "./src/main.js", journey: "./src/journey.js" },
  output: { clean: true },
  plugins: [
    new HtmlWebpackPlugin({ template: "./src/index.html", filename: "index.html", chunks: ["main"] }),
    new HtmlWebpackPlugin({ template: "./src/journey.html", filename: "journey.html", chunks: ["journey"] }),
  ],
};
