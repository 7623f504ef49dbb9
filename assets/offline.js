// Loaded by every page. Offline, spending pauses: a banner says so, and a tap on anything
// marked data-spend is swallowed here, before React sees it, so no spend is queued to be
// replayed when the connection returns. Back online, the page reloads to show fresh figures.
(function () {
  var root = document.documentElement;

  function mark() {
    if (navigator.onLine) {
      root.removeAttribute("data-offline");
    } else {
      root.setAttribute("data-offline", "true");
    }
  }

  function swallowOfflineSpend(event) {
    if (navigator.onLine || !event.target || !event.target.closest) return;
    if (event.target.closest("[data-spend]")) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }

  ["click", "pointerdown", "keydown", "submit"].forEach(function (type) {
    document.addEventListener(type, swallowOfflineSpend, true);
  });
  window.addEventListener("offline", mark);
  window.addEventListener("online", function () {
    mark();
    window.location.reload();
  });
  mark();
})();
