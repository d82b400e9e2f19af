/* Offline roll call: keeps the roll-call pages and their static files so a facilitator can
   open and fill the page without network. Pages: network first, the kept copy when offline. */
"use strict";
var CACHE = "attendance-v1";

self.addEventListener("install", function (event) { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  var page = /\/sesi\/\d+\/presensi\/$/.test(url.pathname);
  var asset = url.pathname.indexOf("/static/") !== -1;
  if (!page && !asset) { return; }
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreSearch: page }).then(function (hit) {
        return hit || Response.error();
      });
    })
  );
});
