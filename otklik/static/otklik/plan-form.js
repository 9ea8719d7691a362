// The post form: a live character counter under the post's text and under each channel's
// variant, against the platform's limit (Telegram: 1024 for a caption when an image is set).
// A blank variant counts the post's text, as that is what goes out. Characters are counted as
// the server counts them (code points, "\n" for a line end). The server checks again on save.
(function () {
  "use strict";
  var form = document.getElementById("plan-form");
  if (!form) return;
  var text = form.querySelector("textarea[name=text]");
  var image = form.querySelector("input[name=image]");
  var textCounter = document.getElementById("text-counter");
  var rows = Array.prototype.slice.call(form.querySelectorAll(".plan-variant"));

  function length(value) {
    return Array.from(value.replace(/\r\n/g, "\n")).length;
  }
  function limitOf(row) {
    var caption = row.dataset.captionLimit;
    var withImage = image && image.value.trim() !== "";
    return Number(caption && withImage ? caption : row.dataset.limit);
  }
  function show(counter, used, limit, note) {
    counter.textContent = used + " из " + limit + " знаков" + (note || "");
    counter.classList.toggle("over", used > limit);
  }
  function update() {
    var strictest = null;
    rows.forEach(function (row) {
      var box = row.querySelector("input[type=checkbox]");
      var variant = row.querySelector("textarea");
      var counter = row.querySelector(".counter");
      var own = variant.value.trim() !== "";
      var limit = limitOf(row);
      row.classList.toggle("off", !box.checked);
      if (box.checked && !own && (strictest === null || limit < strictest)) strictest = limit;
      show(counter, length(own ? variant.value.trim() : text.value), limit,
        own ? "" : " (текст поста)");
    });
    if (!textCounter) return;
    if (strictest === null) {
      textCounter.textContent = length(text.value) + " знаков";
      textCounter.classList.remove("over");
    } else {
      show(textCounter, length(text.value), strictest, " — по самому строгому из отмеченных каналов");
    }
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
