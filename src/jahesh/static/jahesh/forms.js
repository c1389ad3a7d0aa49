// A POST form's button is disabled for a few seconds once the form is sent, so a double click does not send
// it twice (the server also refuses a repeated "new" form: jahesh.cases.once). The button's own name and
// value are already in the data being sent when it is disabled (after the submit event), and it comes back
// after 8 s in case the answer was a download that left the page in place.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post" || form.hasAttribute("hx-post")) return;
  var button = event.submitter;
  if (!button || button.disabled) return;
  setTimeout(function () {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    setTimeout(function () { button.disabled = false; button.removeAttribute("aria-busy"); }, 8000);
  }, 0);
});
