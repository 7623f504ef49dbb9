// Service worker: an offline page for navigations, and a cache for the hashed build files.
// Never caches the live channels (/_event, /_upload) or the JSON API (/api): members' points
// must always come from the server.
const VERSION = "member-app-v4";  // bump when a precached file changes
const OFFLINE_URL = "/offline.html";
// The offline page and what it loads (its script is a file: the CSP refuses inline scripts).
const PRECACHE = [OFFLINE_URL, "/offline-page.js", "/icons/icon-192.png", "/manifest.json"];
const NEVER_CACHE = ["/_event", "/_upload", "/api/", "/ping", "/_health"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(PRECACHE)));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) =>
      Promise.all(keys.filter((key) => key !== VERSION).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (NEVER_CACHE.some((prefix) => url.pathname.startsWith(prefix))) return;

  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL)));
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    // Fresh when online; offline, the copy installed with this worker (the offline page's
    // script and icon must load when nothing else does).
    event.respondWith(fetch(request).catch(() => caches.match(url.pathname)));
    return;
  }
  if (url.pathname.startsWith("/assets/")) {
    // Build files have content hashes in their names: once fetched they never change.
    event.respondWith(
      caches.match(request).then((hit) => hit || fetch(request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(VERSION).then((cache) => cache.put(request, copy));
        }
        return response;
      })));
  }
});
