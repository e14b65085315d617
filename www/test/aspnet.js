// Stands in for the server of the WebForms test page (aspnet.html). A real page posts the whole
// form back to itself; here every submit that reaches the document (after every listener on
// the form, the widget's included) is listed with the button that sent it and whether a
// listener refused it, and the page stays where it is, so a test can read the list.
const list = document.getElementById("postbacks");

document.addEventListener("submit", (event) => {
  const item = document.createElement("li");
  item.setAttribute("data-submitter", event.submitter ? event.submitter.name : "");
  item.setAttribute("data-refused", String(event.defaultPrevented));
  item.textContent = `${event.submitter ? event.submitter.value : "(no button)"}${event.defaultPrevented ? ": refused" : ""}`;
  list.append(item);
  event.preventDefault();
});
