// Live updates: new messages, assignments and approval requests without a reload.
// Polls GET /live/ (every 15 s, or the page's data-live-interval in seconds), pauses while the
// tab is hidden, backs off on errors; sends the open card's heartbeat (POST /live/presence/);
// folds the menu on a phone. No inline code and no eval: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  var LIVE_URL = document.body.getAttribute("data-live-url") || "/live/";
  var MAX_DELAY = 300;
  var baseTitle = document.title;
  var cursors = null;
  var firstApprovals = null;
  var serverInterval = 15;
  var failures = 0;
  var timer = null;

  function interval() {
    var own = document.querySelector("[data-live-interval]");
    var value = own ? parseFloat(own.getAttribute("data-live-interval")) : NaN;
    return value > 0 ? value : serverInterval;
  }

  function navLink(path) {
    return document.querySelector('header nav a[href="' + path + '"]');
  }

  function badge(link, count, label) {
    if (!link) return;
    var span = link.querySelector(".count");
    if (!count) {
      if (span) span.hidden = true;
      return;
    }
    if (!span) {
      span = document.createElement("span");
      span.className = "count";
      link.appendChild(document.createTextNode(" "));
      link.appendChild(span);
    }
    span.hidden = false;
    span.setAttribute("aria-label", label);
    span.textContent = String(count);
  }

  function inboxBar(count) {
    var inbox = navLink("/inbox/");
    if (!inbox || location.pathname !== "/inbox/") return;
    var bar = document.getElementById("live-bar");
    if (!count) {
      if (bar) bar.hidden = true;
      return;
    }
    if (!bar) {
      bar = document.createElement("p");
      bar.id = "live-bar";
      bar.className = "live-bar";
      bar.setAttribute("role", "status");
      var main = document.querySelector("main");
      if (!main) return;
      var after = main.querySelector("nav.views") || main.querySelector("h1");
      if (after) after.insertAdjacentElement("afterend", bar);
      else main.insertBefore(bar, main.firstChild);
    }
    bar.hidden = false;
    bar.textContent = "Новых сообщений: " + count + " — ";
    var link = document.createElement("a");
    link.href = location.pathname + location.search;
    link.textContent = "показать";
    bar.appendChild(link);
  }

  function show(counts) {
    var approvals = counts.approvals;
    if (approvals !== null && firstApprovals === null) firstApprovals = approvals;
    var fresh = (counts.inbox || 0) + (counts.assigned || 0);
    if (approvals !== null) fresh += Math.max(0, approvals - firstApprovals);
    document.title = fresh ? "(" + fresh + ") " + baseTitle : baseTitle;
    badge(navLink("/inbox/"), counts.inbox, "новых сообщений");
    badge(navLink("/incidents/"), counts.assigned, "новых назначений мне");
    if (approvals !== null) badge(navLink("/answers/queue/"), approvals, "ответов ждут согласования");
    inboxBar(counts.inbox);
  }

  function csrf(from) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return (from && from.getAttribute("data-csrf")) || (meta && meta.content) || "";
  }

  function presenceForm(card, leave) {
    var form = new FormData();
    form.append("kind", card.getAttribute("data-presence-kind"));
    form.append("id", card.getAttribute("data-presence-id"));
    form.append("csrfmiddlewaretoken", csrf(card));
    if (leave) form.append("leave", "1");
    return form;
  }

  function heartbeat() {
    var card = document.querySelector("[data-presence-kind]");
    if (!card) return Promise.resolve();
    return fetch(card.getAttribute("data-presence-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(card), Accept: "application/json" },
      body: presenceForm(card, false),
    })
      .then(function (response) {
        if (!response.ok) throw new Error("heartbeat " + response.status);
        return response.json();
      })
      .then(function (data) {
        card.textContent = data.text || "";
        card.hidden = !data.text;
      });
  }

  function counters() {
    var query = cursors ? "?message=" + cursors.message + "&event=" + cursors.event : "";
    return fetch(LIVE_URL + query, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error("live " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (!cursors) cursors = data.cursors;
        if (data.interval > 0) serverInterval = data.interval;
        show(data.counts);
      });
  }

  function schedule() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (document.hidden) return;
    var delay = Math.min(MAX_DELAY, interval() * Math.pow(2, failures));
    timer = setTimeout(tick, delay * 1000);
  }

  function tick() {
    timer = null;
    Promise.all([counters(), heartbeat()])
      .then(function () {
        failures = 0;
      })
      .catch(function () {
        failures = Math.min(failures + 1, 6);
      })
      .then(schedule);
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    } else if (timer === null) {
      tick();
    }
  });

  window.addEventListener("pagehide", function () {
    var card = document.querySelector("[data-presence-kind]");
    if (card && navigator.sendBeacon) {
      navigator.sendBeacon(card.getAttribute("data-presence-url"), presenceForm(card, true));
    }
  });

  // The menu folds on a narrow screen: a button opens it (CSS: .topbar.foldable).
  function foldMenu() {
    var bar = document.querySelector("header.topbar");
    var nav = bar && bar.querySelector("nav");
    if (!nav || bar.querySelector(".menu-toggle")) return;
    nav.id = nav.id || "main-menu";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "menu-toggle";
    button.textContent = "Меню";
    button.setAttribute("aria-controls", nav.id);
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = bar.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    bar.insertBefore(button, nav);
    bar.classList.add("foldable");
  }

  foldMenu();
  tick();
})();
