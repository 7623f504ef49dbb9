// Loaded by every page: installs the service worker (assets/sw.js).
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {
    // Without a service worker the app still works online; nothing to tell the member.
  });
}
