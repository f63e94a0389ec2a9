// holi — the little the pages need beyond HTML forms: the idle logoff warning, and focus on error summaries.
(function () {
  "use strict";
  var body = document.body;

  function focusErrors(root) {
    var summary = (root || document).querySelector(".error-summary");
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
  }

  // Automatic logoff (HIPAA 164.312(a)(2)(iii)): the server ends an idle session; the page warns a minute before.
  var idle = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var warn = parseInt(body.getAttribute("data-warn-seconds") || "60", 10);
  var warning = document.getElementById("idle-warning");
  var warnTimer = null, endTimer = null;

  function schedule() {
    if (!idle || !warning) {
      return;
    }
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(function () {
      if (!warning.open) {
        warning.showModal();
      }
    }, Math.max(0, idle - warn) * 1000);
    endTimer = setTimeout(function () {
      window.location.assign("/login?expired");
    }, idle * 1000);
  }

  if (warning) {
    warning.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var token = body.getAttribute("data-csrf");
      fetch("/session/keepalive", {method: "POST", credentials: "same-origin", headers: {"X-CSRF-TOKEN": token}})
        .then(function (r) {
          if (r.ok) {
            warning.close();
            schedule();
          } else {
            window.location.assign("/login?expired");
          }
        });
    });
  }

  // The slot picker: choosing a free time fills the time field the form sends.
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t && t.name === "slot-time" && t.checked) {
      var time = t.form && t.form.querySelector("#time");
      if (time) {
        time.value = t.value;
      }
    }
  });

  document.addEventListener("htmx:afterRequest", schedule);
  document.addEventListener("htmx:afterSwap", function (e) { focusErrors(e.target); });
  schedule();
  focusErrors(document);
})();
