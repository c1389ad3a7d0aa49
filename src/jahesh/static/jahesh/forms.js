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

// File inputs speak the page's language: the browser's own button says "Choose File" in the browser's
// language, not the page's. The input stays in the form (visually hidden, still focusable and labelled); a
// button in the page's words opens it and a line lists the chosen files.
document.addEventListener("DOMContentLoaded", function () {
  var body = document.body;
  var choose = body.getAttribute("data-file-choose"), none = body.getAttribute("data-file-none");
  if (!choose) return;
  document.querySelectorAll('input[type="file"]').forEach(function (input) {
    var wrap = document.createElement("span");
    wrap.className = "file-pick";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = choose;
    var names = document.createElement("span");
    names.className = "file-names";
    names.textContent = none;
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(button);
    wrap.appendChild(names);
    input.classList.add("visually-hidden");
    button.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      var list = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
      names.textContent = list.length ? list.join("، ") : none;
    });
  });
});
