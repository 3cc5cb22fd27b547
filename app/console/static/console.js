// Solidarity Hotline console: only what HTML cannot do by itself.
// 1. Live regions: an element with data-live="<SSE url>" is replaced by each
//    fragment the server streams (event name in data-live-event).
// 2. Durations: every [data-since] counts up each second from the server's clock.
// 3. Forms with data-confirm ask before they are sent.
(function () {
  "use strict";
  var offset = 0; // server epoch seconds minus this browser's

  function readOffset(root) {
    var stamp = root.querySelector("[data-taken-at]");
    if (stamp) offset = parseFloat(stamp.getAttribute("data-taken-at")) - Date.now() / 1000;
  }

  function format(seconds) {
    seconds = Math.max(0, Math.round(seconds));
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    if (h) return h + " h " + pad(m) + " min";
    if (m) return m + " min " + pad(s) + " s";
    return s + " s";
  }

  function tick() {
    var now = Date.now() / 1000 + offset;
    document.querySelectorAll("[data-since]").forEach(function (el) {
      var since = parseFloat(el.getAttribute("data-since"));
      if (!isNaN(since)) el.textContent = format(now - since);
    });
  }

  function live(el) {
    if (!window.EventSource) return;
    var source = new EventSource(el.getAttribute("data-live"));
    source.addEventListener(el.getAttribute("data-live-event") || "message", function (event) {
      el.innerHTML = event.data;
      readOffset(el);
      tick();
      el.dispatchEvent(new CustomEvent("live:updated", { bubbles: true }));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    readOffset(document);
    document.querySelectorAll("[data-live]").forEach(live);
    setInterval(tick, 1000);
    document.addEventListener("submit", function (event) {
      var message = event.target.getAttribute("data-confirm");
      if (message && !window.confirm(message)) event.preventDefault();
    });
  });
})();
