// The offline page's script (assets/offline.html), precached with it by assets/sw.js.
// The offline page also stands in when the app reloads itself while offline (React Router does so
// when it cannot fetch a page's code): back online, bring the member straight back.

// The member's language, as the app chose it: the member_app_locale cookie the app writes
// (member_app/state/base.py, "zh" or "en"); before it was ever written, the browser's
// languages by the app's own rule (zh-* -> zh, en-* -> en, anything else -> zh).
var TITLES = { zh: "网络连接已断开", en: "You are offline" };

function chosenLocale() {
  var match = document.cookie.match(/(?:^|;\s*)member_app_locale=([^;]*)/);
  var stored = match ? decodeURIComponent(match[1]) : "";
  if (stored === "zh" || stored === "en") return stored;
  var languages = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < languages.length; i++) {
    var tag = String(languages[i]).toLowerCase();
    if (tag.indexOf("zh") === 0) return "zh";
    if (tag.indexOf("en") === 0) return "en";
  }
  return "zh";
}

function showLocale(locale) {
  var blocks = document.querySelectorAll("[data-locale]");
  for (var i = 0; i < blocks.length; i++) {
    blocks[i].hidden = blocks[i].getAttribute("data-locale") !== locale;
  }
  document.documentElement.lang = locale === "en" ? "en" : "zh-CN";
  document.title = TITLES[locale];
}

showLocale(chosenLocale());

var retries = document.querySelectorAll(".retry");
for (var i = 0; i < retries.length; i++) {
  retries[i].addEventListener("click", function () { location.reload(); });
}
// "online" can fire before requests get through (and the server may be what is down), so
// ask the server first and keep asking while this page shows; it never caches /ping.
function reloadWhenTheServerAnswers() {
  if (!navigator.onLine) return;  // the "online" event starts the asking again
  fetch("/ping", { cache: "no-store" }).then(function (response) {
    if (response.ok) location.reload(); else askAgainSoon();
  }, askAgainSoon);
}
function askAgainSoon() { setTimeout(reloadWhenTheServerAnswers, 2000); }
window.addEventListener("online", reloadWhenTheServerAnswers);
askAgainSoon();
