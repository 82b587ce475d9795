// renda meetings: live state for the big screen, the staff console and the deputy's device.
// Server-sent events first; if the stream fails, poll the cached JSON state once a second.
(function () {
  "use strict";
  var root = document.querySelector("[data-live]");
  if (!root) { return; }
  var stateUrl = root.getAttribute("data-state-url");
  var eventsUrl = root.getAttribute("data-events-url");
  var reloadKey = root.getAttribute("data-reload-on-item-change");
  // The device reloads when an item opens or closes; the big screen also when the console changes what it shows.
  var reloadField = root.getAttribute("data-reload-field") || "items_key";
  var polling = null;
  var firstState = true;
  var pendingReload = null;
  // Longer than the feed's 0.3 s and than the 1 s poll of the fallback: a newer state can arrive.
  var FIRST_STATE_GRACE_MS = 1300;
  var lastMessage = 0;
  // The chair's console: when another operator acts (state.console_key changes), its parts are
  // fetched again and replaced, except a part holding a form someone has begun to fill in.
  var consoleKey = root.getAttribute("data-console-key");
  var refreshing = false;
  var refreshAgain = false;

  function isDirty(part) {
    var dirty = false;
    part.querySelectorAll("input, textarea, select").forEach(function (field) {
      if (field.type === "hidden" || field.type === "submit" || field.type === "button") { return; }
      if (field.tagName === "SELECT") {
        Array.prototype.forEach.call(field.options, function (option) {
          if (option.selected !== option.defaultSelected) { dirty = true; }
        });
      } else if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked !== field.defaultChecked) { dirty = true; }
      } else if (field.value !== field.defaultValue || field === document.activeElement) {
        dirty = true;
      }
    });
    return dirty;
  }

  function refreshParts() {
    if (refreshing) { refreshAgain = true; return; }
    refreshing = true;
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        root.querySelectorAll("[data-console-part]").forEach(function (part) {
          if (isDirty(part)) { return; }
          var name = part.getAttribute("data-console-part");
          var replacement = fresh.querySelector('[data-console-part="' + name + '"]');
          if (!replacement) { part.remove(); return; }
          var node = document.importNode(replacement, true);
          part.replaceWith(node);
          if (window.rendaConfirm) { window.rendaConfirm.prepare(node); }
        });
        // A part that appears only now (e.g. the form to create votes once the meeting opened).
        var last = null;
        fresh.querySelectorAll("[data-console-part]").forEach(function (replacement) {
          var name = replacement.getAttribute("data-console-part");
          var here = root.querySelector('[data-console-part="' + name + '"]');
          if (here) { last = here; return; }
          var node = document.importNode(replacement, true);
          if (last) { last.after(node); } else { root.appendChild(node); }
          if (window.rendaConfirm) { window.rendaConfirm.prepare(node); }
          last = node;
        });
      })
      .catch(function () { /* the next change tries again */ })
      .then(function () {
        refreshing = false;
        if (refreshAgain) { refreshAgain = false; refreshParts(); }
      });
  }

  function get(obj, path) {
    return path.split(".").reduce(function (o, k) { return o == null ? undefined : o[k]; }, obj);
  }

  function renderRows(tbody, rows) {
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    (rows || []).forEach(function (row) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      var td = document.createElement("td");
      th.textContent = row[0];
      td.textContent = row[1];
      tr.appendChild(th);
      tr.appendChild(td);
      tbody.appendChild(tr);
    });
  }

  function render(state) {
    if (!state) { return; }
    lastMessage = Date.now();
    var item = state.item;
    if (consoleKey !== null && state.console_key !== undefined && state.console_key !== consoleKey) {
      consoleKey = state.console_key;
      refreshParts();
    }
    if (reloadKey !== null) {
      // The device page is rendered by the server: reload it when another item opens or closes.
      var key = state[reloadField] || "";
      var first = firstState;
      firstState = false;
      if (key === reloadKey) {
        if (pendingReload !== null) { clearTimeout(pendingReload); pendingReload = null; }
      } else if (first) {
        // The first state of a new stream may have been read just before this page was rendered
        // (the feed reads every 0.3 s, the fallback polls every 1 s): the page keeps what it shows
        // unless no newer state agrees.
        if (pendingReload === null) {
          pendingReload = setTimeout(function () { window.location.reload(); }, FIRST_STATE_GRACE_MS);
        }
        return;
      } else { reloadKey = key; window.location.reload(); return; }
    }
    root.querySelectorAll("[data-field]").forEach(function (el) {
      var value = get(state, el.getAttribute("data-field"));
      el.textContent = value == null ? "" : String(value);
    });
    var quorum = root.querySelector("[data-quorum]");
    if (quorum) {
      quorum.textContent = state.quorum_needed ? (state.quorum_met ? "出席人数符合法定人数" : "出席人数不足法定人数") : "";
    }
    var section = root.querySelector("[data-item]");
    if (section) { section.hidden = !item; }
    root.querySelectorAll("[data-when-status]").forEach(function (el) {
      el.hidden = !item || item.status !== el.getAttribute("data-when-status");
    });
    var tbody = root.querySelector("[data-result-rows]");
    if (tbody && item) { renderRows(tbody, item.result_rows); }
    var others = root.querySelector("[data-other-items]");
    if (others) { renderOthers(others, (state.items || []).slice(1)); }
  }

  // Several items at once (e.g. two offices' rounds open together): one line each.
  function renderOthers(container, items) {
    while (container.firstChild) { container.removeChild(container.firstChild); }
    items.forEach(function (other) {
      var section = document.createElement("section");
      section.className = "screen-other";
      var title = document.createElement("h2");
      title.className = "screen-other-title";
      title.textContent = other.title;
      var line = document.createElement("p");
      if (other.status === "open") {
        line.className = "screen-other-voting";
        line.textContent = other.voted_label + " ";
        var strong = document.createElement("strong");
        strong.textContent = String(other.voted);
        line.appendChild(strong);
        line.appendChild(document.createTextNode(" / " + other.eligible));
      } else {
        line.className = "screen-other-outcome";
        line.textContent = other.outcome;
      }
      section.appendChild(title);
      section.appendChild(line);
      container.appendChild(section);
    });
  }

  function poll() {
    fetch(stateUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(render)
      .catch(function () { /* the next poll tries again */ });
  }

  function startPolling() {
    if (polling === null) { poll(); polling = window.setInterval(poll, 1000); }
  }

  if (window.EventSource && eventsUrl) {
    var source = new EventSource(eventsUrl);
    source.addEventListener("state", function (event) {
      try { render(JSON.parse(event.data)); } catch (e) { /* ignore a malformed event */ }
    });
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) { startPolling(); }
    };
    // A proxy that buffers the stream delivers nothing: fall back to polling.
    window.setInterval(function () {
      if (Date.now() - lastMessage > 20000) { startPolling(); }
    }, 5000);
    lastMessage = Date.now();
  } else {
    startPolling();
  }

  var full = document.querySelector("[data-fullscreen]");
  if (full && document.documentElement.requestFullscreen) {
    full.addEventListener("click", function () {
      document.documentElement.requestFullscreen().catch(function () {});
    });
  }
})();
