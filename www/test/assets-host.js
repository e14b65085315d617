// Loads the widget from the assets host named in the page's address (?assets=…/pkg/).
const assets = new URL(location.href).searchParams.get("assets");
if (assets) import(new URL("hmis-onboard.js", assets).href);
