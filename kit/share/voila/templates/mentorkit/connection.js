// Watches the kernel's websocket, which JupyterLab's services open and re-open by themselves, and
// tells the person what is happening. It wraps WebSocket before any of Voila's scripts run, so it
// sees every kernel connection the page makes; other sockets are left alone.
(function () {
  "use strict";
  var Native = window.WebSocket;
  if (!Native || Native.__mentorkit) { return; }
  var CHANNELS = /\/api\/kernels\/([0-9a-f-]{36})\/channels/;
  var state = { kernelId: null, socket: null, wasOpen: false, offline: false, gone: false, timer: null };

  function banner() {
    var box = document.getElementById("mk-connection");
    if (!box && document.body) {
      box = document.createElement("div");
      box.id = "mk-connection";
      box.setAttribute("role", "alert");
      box.hidden = true;
      document.body.insertBefore(box, document.body.firstChild);
    }
    return box;
  }

  function say(text, gone) {
    var box = banner();
    if (!box) { return; }
    box.textContent = "";
    var words = document.createElement("span");
    words.className = "mk-connection-text";
    words.textContent = text;
    box.appendChild(words);
    if (gone) {
      var again = document.createElement("button");
      again.type = "button";
      again.textContent = "Tap to reconnect";
      again.addEventListener("click", function () { window.location.reload(); });
      box.appendChild(again);
    }
    box.classList.toggle("mk-gone", !!gone);
    box.hidden = false;
    document.body.classList.add("mk-offline");
  }

  function connected() {
    if (state.gone) { return; }  // a new socket to a restarted kernel brings none of the page back
    state.offline = false;
    clearTimeout(state.timer);
    var box = banner();
    if (box) { box.hidden = true; }
    if (document.body) { document.body.classList.remove("mk-offline"); }
  }

  function base() {
    try {
      return JSON.parse(document.getElementById("jupyter-config-data").textContent).baseUrl || "/";
    } catch (e) { return "/"; }
  }

  // Is the kernel still there? Gone (culled, died, or the server restarted): only a reload brings
  // the person back (same participant, current exercise, drafts from the store). No answer: the
  // server or the network is down, so keep trying.
  function probe() {
    if (!state.kernelId || state.gone) { return; }
    fetch(base() + "api/kernels/" + state.kernelId, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        // 404: no such kernel. 403: a restarted server no longer knows this page's login (the
        // facilitator's), so its kernel is gone too.
        if (response.status === 404 || response.status === 403) { gone(); return; }
        // The kernel is there. A socket the browser kept open through a short outage carries on by
        // itself; otherwise wait for services to open a new one (its "open" event clears the banner).
        if (response.ok && state.socket && state.socket.readyState === Native.OPEN) { connected(); return; }
        if (state.offline) { state.timer = setTimeout(probe, 5000); }
      })
      .catch(function () { if (state.offline) { state.timer = setTimeout(probe, 5000); } });
  }

  function gone() {
    state.gone = true;
    say("Connection lost: this page's session on the server has ended. Your answers and what you typed are kept.", true);
  }

  function lost() {
    if (state.gone) { return; }
    if (!state.offline) {
      state.offline = true;
      say("Connection lost — reconnecting…", false);
    }
    clearTimeout(state.timer);
    state.timer = setTimeout(probe, 1500);
  }

  // The server restarts a kernel that died, under the same id and with the same socket, but the new
  // process has none of the page's widgets: the page would look alive and do nothing. The server
  // announces it with a small status message ("restarting", or "dead"), which is all this looks for.
  var decoder = window.TextDecoder ? new TextDecoder() : null;
  var RESTART = /"execution_state"\s*:\s*"(restarting|autorestarting|dead)"/;
  function restarted(data) {
    var text = "";
    if (typeof data === "string") { text = data.length < 4096 ? data : ""; }
    else if (decoder && data instanceof ArrayBuffer && data.byteLength < 4096) { text = decoder.decode(data); }
    return text.indexOf("execution_state") >= 0 && RESTART.test(text);
  }

  function Watched(url, protocols) {
    var socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    var match = CHANNELS.exec(String(url));
    if (match) {
      state.kernelId = match[1];
      state.socket = socket;
      socket.addEventListener("open", function () {
        // A socket that opens again after a loss means the kernel survived: services re-sync the
        // widgets. A page that never lost its connection has nothing to hide.
        state.wasOpen = true;
        connected();
      });
      socket.addEventListener("close", function () { if (state.wasOpen) { lost(); } });
      socket.addEventListener("message", function (event) { if (restarted(event.data)) { gone(); } });
    }
    return socket;
  }
  Watched.prototype = Native.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) { Watched[name] = Native[name]; });
  Watched.__mentorkit = true;
  window.WebSocket = Watched;

  window.addEventListener("offline", function () { if (state.wasOpen) { lost(); } });
  window.addEventListener("online", function () { if (state.offline) { probe(); } });
  // A phone whose screen was locked may come back with a socket the system closed meanwhile.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && state.offline) { probe(); }
  });
  // A reload or a closed tab: Voila's own "beforeunload" (added after this one) shuts the kernel down
  // and closes its connection. The widgets send one change of a box at a time and hold the next until
  // the kernel is idle, so the last letters typed can still be in the page: send them now, ahead of
  // the shutdown, so the kernel saves them as the draft (kit/ui/draft.py saves pending drafts on exit).
  // Private parts of ipywidgets 8 (the manager's models by id, a model's held change): checked first.
  window.addEventListener("beforeunload", function () {
    var app = window.jupyterapp;
    var manager = app && app.widgetManager;
    var models = manager && manager._modelsSync;
    if (!models || typeof models.forEach !== "function") { return; }
    models.forEach(function (model) {
      if (model && model._msg_buffer && model.comm && typeof model.send_sync_message === "function") {
        try {
          model.send_sync_message(model._msg_buffer, model._msg_buffer_callbacks);
          model._msg_buffer = null;
          model._msg_buffer_callbacks = null;
        } catch (e) { /* the page is going away: nothing more to do */ }
      }
    });
  });
  window.mentorkitConnection = state;
})();
