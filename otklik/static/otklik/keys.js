// The keyboard and inline work (htmx) on the staff pages.
// - CSRF: every htmx request carries the token from <meta name="csrf-token">.
// - Errors: a 422 (the form's errors) or a 403 answer is swapped in too; the server retargets it
//   into #inline-status, where it is read out (role="status").
// - Keys: j/k move through the rows of a list (tr[data-row]), o or Enter opens the row,
//   d / c / a press the row's or the page's button with that data-key, / goes to the search,
//   ? opens the help (<dialog id="keys-help">, Esc closes it). Never while typing in a field
//   or with Ctrl, Alt or Meta held.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector("meta[name=csrf-token]");
    return meta ? meta.getAttribute("content") : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 422 || status === 403) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  var current = null; // the id of the row in focus

  // The rows of a list: those marked data-row (the inbox), else the rows of table.list with a link
  // (the incidents), each given an id so that the focus survives a swap.
  function rows() {
    var marked = document.querySelectorAll("tr[data-row]");
    var found = marked.length ? marked : document.querySelectorAll("table.list tbody tr");
    return Array.prototype.filter.call(found, function (row, index) {
      if (!row.querySelector("a[href]")) return false;
      if (!row.id) row.id = "row-" + index;
      return true;
    });
  }

  function focusRow(row) {
    rows().forEach(function (r) {
      if (r !== row) r.removeAttribute("aria-current");
    });
    if (!row) return;
    row.setAttribute("aria-current", "true");
    row.setAttribute("tabindex", "-1");
    row.focus();
    current = row.id || null;
  }

  function currentRow() {
    var row = current ? document.getElementById(current) : null;
    return row && rows().indexOf(row) >= 0 ? row : null;
  }

  function move(step) {
    var all = rows();
    if (!all.length) return;
    var index = all.indexOf(currentRow());
    var next = index < 0 ? (step > 0 ? 0 : all.length - 1) : index + step;
    focusRow(all[Math.max(0, Math.min(all.length - 1, next))]);
  }

  function open() {
    var row = currentRow();
    if (!row) return false;
    var href = row.getAttribute("data-href");
    var link = row.querySelector("a[href]");
    if (href) window.location.assign(href);
    else if (link) link.click();
    else return false;
    return true;
  }

  function press(key) {
    var row = currentRow();
    var button = (row && row.querySelector("[data-key='" + key + "']:not([disabled])")) ||
      (!row || !rows().length ? document.querySelector("[data-key='" + key + "']:not([disabled])") : null);
    if (!button) return false;
    button.click();
    return true;
  }

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function help() {
    var dialog = document.getElementById("keys-help");
    if (!dialog || dialog.open) return false;
    dialog.showModal();
    return true;
  }

  function search() {
    var field = document.querySelector("input[name=q]");
    if (!field) return false;
    field.focus();
    field.select();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) return;
    if (typing(event.target)) return;
    var dialog = document.getElementById("keys-help");
    if (dialog && dialog.open) return; // Esc closes it (the browser does that)
    var done = false;
    switch (event.key) {
      case "j": move(1); done = true; break;
      case "k": move(-1); done = true; break;
      case "o": done = open(); break;
      case "Enter": done = event.target === currentRow() && open(); break;
      case "d": case "c": case "a": done = press(event.key); break;
      case "/": done = search(); break;
      case "?": done = help(); break;
    }
    if (done) event.preventDefault();
  });

  // After a row was replaced in place, keep the focus on the row with the same id.
  document.addEventListener("htmx:afterSettle", function () {
    var row = currentRow();
    if (row && !row.hasAttribute("aria-current")) focusRow(row);
    else if (!row && document.activeElement === document.body) {
      var status = document.getElementById("inline-status");
      if (status) status.focus();
    }
  });
})();
