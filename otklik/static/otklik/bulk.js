// «Новый инцидент из отмеченных»: as boxes are ticked, show what the suggestions of the ticked
// messages say (the most common topic, department and territory, the most urgent priority),
// unless the moderator has chosen a field by hand. The server fills empty fields the same way.
(function () {
  "use strict";
  var form = document.getElementById("bulk");
  if (!form) return;
  var URGENCY = ["low", "normal", "high", "critical"];
  var touched = {};
  ["category", "department", "territory", "priority"].forEach(function (name) {
    var select = form.querySelector("select[name=inc-" + name + "]");
    if (select) select.addEventListener("change", function () { touched[name] = true; });
  });
  function mostCommon(values) {
    var counts = {}, best = "", top = 0;
    values.forEach(function (v) {
      if (!v) return;
      counts[v] = (counts[v] || 0) + 1;
      if (counts[v] > top) { top = counts[v]; best = v; }
    });
    return best;
  }
  function fill() {
    var ticked = Array.prototype.slice.call(
      form.querySelectorAll("input[name=messages]:checked"));
    var pick = {
      category: mostCommon(ticked.map(function (b) { return b.dataset.category; })),
      department: mostCommon(ticked.map(function (b) { return b.dataset.department; })),
      territory: mostCommon(ticked.map(function (b) { return b.dataset.territory; })),
      priority: ticked.map(function (b) { return b.dataset.priority; })
        .filter(function (p) { return URGENCY.indexOf(p) >= 0; })
        .sort(function (a, b) { return URGENCY.indexOf(b) - URGENCY.indexOf(a); })[0] || ""
    };
    Object.keys(pick).forEach(function (name) {
      var select = form.querySelector("select[name=inc-" + name + "]");
      if (!select || touched[name]) return;
      var known = Array.prototype.some.call(select.options, function (o) {
        return o.value === pick[name];
      });
      select.value = known ? pick[name] : "";
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "messages") fill();
  });
})();
