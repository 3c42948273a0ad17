/* The village station's service worker: keeps the station pages and their assets on the phone, so
 * they open without a signal; records made meanwhile wait in the pages' queue (static/station/queue.js). */
const VERSION = {{ version|safe }};
const ASSETS = {{ assets|safe }};
const PAGES = {{ pages|safe }};
const OFFLINE = {{ offline|safe }};
const CACHE = "station-" + VERSION;

self.addEventListener("install", (event) => {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...ASSETS, ...PAGES])).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
    event.waitUntil(caches.keys()
        .then((names) => Promise.all(names.filter((name) => name.startsWith("station-") && name !== CACHE)
            .map((name) => caches.delete(name))))
        .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
    const request = event.request;
    if (request.method !== "GET") {
        return;  // records go to the network (the queue retries them)
    }
    const url = new URL(request.url);
    if (url.origin !== self.location.origin) {
        return;
    }
    if (ASSETS.includes(url.pathname)) {
        event.respondWith(caches.match(request).then((kept) => kept || fetch(request)));
        return;
    }
    if (request.mode === "navigate" && PAGES.includes(url.pathname)) {
        // The page as it is now when there is a signal (and kept for later), the kept one otherwise.
        event.respondWith(fetch(request).then((response) => {
            if (response.ok) {
                const copy = response.clone();
                caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
            }
            return response;
        }).catch(() => caches.match(url.pathname).then((kept) => kept || caches.match(OFFLINE))));
    }
});
