/* The QR screen: a new code and the live count every few seconds, without reloading. Without
   JavaScript the page refreshes itself (<noscript> meta refresh). */
(function () {
  "use strict";
  var stage = document.querySelector(".qr-stage");
  if (!stage) { return; }
  var every = (parseInt(stage.dataset.step, 10) || 15) * 1000;
  function refresh() {
    fetch(stage.dataset.statusUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        var parsed = new DOMParser().parseFromString(data.svg, "image/svg+xml").documentElement;
        var holder = stage.querySelector("[data-qr]");
        holder.replaceChildren(document.importNode(parsed, true));
        stage.querySelector("[data-code]").textContent = data.code;
        stage.querySelector("[data-present]").textContent = data.present;
        stage.querySelector("[data-expected]").textContent = data.expected;
      })
      .catch(function () {});
  }
  setInterval(refresh, Math.min(every, 5000));
})();
