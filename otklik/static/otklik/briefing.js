// «Печать» on the Mayor's briefing: the browser's own print dialog (the page's print styles
// leave out the menu and the buttons).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
