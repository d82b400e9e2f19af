/* Roll call: "mark all present" in place, and marks kept on the device while there is no
   network (sent, with ids made here, when the connection returns). The page works without it. */
(function () {
  "use strict";
  var form = document.getElementById("roll");
  if (!form) { return; }
  var session = form.dataset.session;
  var key = "attendance-queue-" + session;
  var statusBox = document.querySelector("[data-offline-status]");

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }
  function queue() {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(items) { localStorage.setItem(key, JSON.stringify(items)); }
  function show(text) {
    if (!statusBox) { return; }
    statusBox.textContent = text;
    statusBox.hidden = !text;
  }
  function describe() {
    var n = queue().length;
    show(n ? n + " tanda tersimpan di perangkat ini; dikirim otomatis saat tersambung." : "");
  }

  var allPresent = document.querySelector('a[href="?semua=hadir#roll"]');
  if (allPresent) {
    allPresent.addEventListener("click", function (event) {
      event.preventDefault();
      form.querySelectorAll(".roll-row").forEach(function (row) {
        if (!row.querySelector("input[type=radio]:checked")) {
          var present = row.querySelector('input[value="present"]');
          if (present) { present.checked = true; }
        }
      });
    });
  }

  function changedMarks() {
    var marks = [];
    form.querySelectorAll(".roll-row").forEach(function (row) {
      var id = row.dataset.enrolment;
      var checked = row.querySelector("input[type=radio]:checked");
      if (!checked) { return; }
      var note = form.elements["n-" + id].value;
      var seenStatus = form.elements["ss-" + id].value;
      var seenNote = form.elements["sn-" + id].value;
      if (checked.value === seenStatus && note === seenNote) { return; }
      marks.push({
        id: newId(), enrolment: id, status: checked.value, note: note,
        version: parseInt(row.dataset.version || "0", 10), at: new Date().toISOString()
      });
    });
    return marks;
  }

  function send() {
    var items = queue();
    if (!items.length || !navigator.onLine) { describe(); return; }
    var token = form.elements.csrfmiddlewaretoken.value;
    fetch(form.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ marks: items })
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      var sent = Object.keys(data.outcomes || {});
      save(queue().filter(function (m) { return sent.indexOf(m.id) === -1; }));
      window.location.reload();
    }).catch(function () { describe(); });
  }

  form.addEventListener("submit", function (event) {
    if (navigator.onLine) { return; }
    event.preventDefault();
    save(queue().concat(changedMarks()));
    describe();
  });
  window.addEventListener("online", send);
  window.addEventListener("offline", describe);

  if ("serviceWorker" in navigator && form.dataset.sw) {
    navigator.serviceWorker.register(form.dataset.sw).catch(function () {});
  }
  send();
})();
