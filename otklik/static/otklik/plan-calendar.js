// The content plan's calendar: drag a post onto another day (the month keeps its time of day)
// or another hour (the week keeps its minutes); the server moves it through
// plan.actions.schedule.reschedule and answers in JSON. On success the chip stays where it was
// dropped and a notice says «Перенесено …»; on a refusal the chip goes back and the server's
// words are shown. Each chip is also a link to the post's card, for the keyboard.
(function () {
  "use strict";
  var root = document.querySelector("[data-calendar]");
  if (!root) return;
  var HEX = /^#[0-9a-fA-F]{3,8}$/;
  var OVERLOAD = parseInt(root.dataset.overload, 10) || 4;
  var notice = root.querySelector(".plan-notice");
  var dragged = null;
  var timer = null;

  // Campaign colours: set here, not in a style attribute, which the page's policy forbids.
  root.querySelectorAll(".chip[data-colour]").forEach(function (chip) {
    if (HEX.test(chip.dataset.colour)) chip.style.setProperty("--campaign", chip.dataset.colour);
  });

  function csrfToken() {
    var input = root.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function say(text, isError) {
    if (!notice) return;
    notice.textContent = text;
    notice.classList.toggle("error", !!isError);
    notice.hidden = false;
    clearTimeout(timer);
    timer = setTimeout(function () { notice.hidden = true; }, isError ? 8000 : 4000);
  }

  function chipsOf(cell) {
    return cell.querySelector(".cal-chips") || cell;
  }

  // Keep a cell's chips in order of time.
  function place(chip, cell) {
    var list = chipsOf(cell);
    var after = Array.prototype.find.call(list.querySelectorAll(".chip"), function (other) {
      return other !== chip && other.dataset.time > chip.dataset.time;
    });
    list.insertBefore(chip, after || null);
  }

  // Counts, «пусто» and «перегрузка» of each day after a move.
  function recount() {
    root.querySelectorAll("[data-day]").forEach(function (day) {
      var date = day.dataset.day;
      var count = root.querySelectorAll('.chip[data-date="' + date + '"]').length;
      var gap = count === 0 && day.dataset.working === "1" && day.dataset.inRange === "1";
      var overload = count > OVERLOAD;
      day.classList.toggle("gap", gap);
      day.classList.toggle("overload", overload);
      var counter = day.querySelector("[data-count]");
      if (counter) counter.textContent = count ? String(count) : "";
      var flag = day.querySelector("[data-flag]");
      if (flag) flag.textContent = overload ? "перегрузка" : gap ? "пусто" : "";
    });
  }

  function target(cell, chip) {
    var time = chip.dataset.time;
    if (cell.dataset.dropHour !== undefined) {
      var hour = ("0" + cell.dataset.dropHour).slice(-2);
      time = hour + ":" + time.slice(3, 5);
    }
    return { date: cell.dataset.dropDate, time: time };
  }

  function move(chip, cell) {
    var home = chip.parentNode;
    var next = chip.nextSibling;
    var before = { date: chip.dataset.date, time: chip.dataset.time };
    var to = target(cell, chip);
    if (to.date === before.date && to.time === before.time) return;
    chip.dataset.date = to.date;
    chip.dataset.time = to.time;
    place(chip, cell);
    chip.classList.add("moving");
    recount();
    var body = new FormData();
    body.append("post", chip.dataset.post);
    body.append("date", to.date);
    body.append("time", to.time);
    fetch(root.dataset.moveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() }
    })
      .then(function (response) {
        return response.json().catch(function () {
          return { ok: false, error: "Сервер не ответил (код " + response.status + ")" };
        });
      })
      .then(function (answer) {
        if (!answer.ok) throw new Error(answer.error || "Перенести не удалось");
        chip.dataset.date = answer.date;
        chip.dataset.time = answer.time;
        var shown = chip.querySelector(".chip-time");
        if (shown) shown.textContent = answer.time;
        say(answer.message, false);
      })
      .catch(function (error) {
        chip.dataset.date = before.date;
        chip.dataset.time = before.time;
        home.insertBefore(chip, next && next.parentNode === home ? next : null);
        say(error.message || "Перенести не удалось: нет связи с сервером", true);
      })
      .then(function () {
        chip.classList.remove("moving");
        recount();
      });
  }

  root.addEventListener("dragstart", function (event) {
    var chip = event.target.closest && event.target.closest(".chip[draggable=true]");
    if (!chip) return;
    dragged = chip;
    chip.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", chip.dataset.post);
  });
  root.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    root.querySelectorAll(".drop-over").forEach(function (c) { c.classList.remove("drop-over"); });
  });
  root.addEventListener("dragover", function (event) {
    var cell = event.target.closest && event.target.closest("[data-drop-date]");
    if (!cell || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    root.querySelectorAll(".drop-over").forEach(function (c) {
      if (c !== cell) c.classList.remove("drop-over");
    });
    cell.classList.add("drop-over");
  });
  root.addEventListener("drop", function (event) {
    var cell = event.target.closest && event.target.closest("[data-drop-date]");
    if (!cell || !dragged) return;
    event.preventDefault();
    cell.classList.remove("drop-over");
    var chip = dragged;
    dragged = null;
    chip.classList.remove("dragging");
    move(chip, cell);
  });
})();
