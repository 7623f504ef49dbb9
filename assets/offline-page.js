// The offline page's script (assets/offline.html), precached with it by assets/sw.js.
// The offline page also stands in when the app reloads itself while offline (React Router does so
// when it cannot fetch a page's code): back online, bring the member straight back.
document.getElementById("retry").addEventListener("click", function () { location.reload(); });
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
