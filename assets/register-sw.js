// Loaded by every page: installs the service worker (assets/sw.js).
// Once the page is idle (or 3 s after it loaded at the latest): installing downloads the
// offline page and what it needs, which must not compete with the first load of the page
// itself (issue #13 finding 11).
function registerServiceWorker() {
  navigator.serviceWorker.register("/sw.js").catch(() => {
    // Without a service worker the app still works online; nothing to tell the member.
  });
}
function whenIdle() {
  if (window.requestIdleCallback) requestIdleCallback(registerServiceWorker, { timeout: 3000 });
  else setTimeout(registerServiceWorker, 1000);
}
if ("serviceWorker" in navigator) {
  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle, { once: true });
}
