// Ranking rows (kit/kinds/ranking/form.py): the kernel draws the rows as one HTML list and keeps the
// chosen order in a hidden text control; this script makes the rows work. A press of a row's Up or
// Down button (click, tap, or Enter and Space on the focused button) or a drop after dragging a row
// by its grip moves the row on the screen at once and writes the new order into the hidden control,
// which the kernel checks and answers by drawing the rows again.
// Listeners sit on the document, so rankings the room builds or swaps in later need no setup.
(function () {
  "use strict";
  var drag = null;
  // Per ranking (its outer box, which outlives the kernel's redraws): the order written and not yet
  // drawn back by the kernel, and the button to keep focused across a redraw.
  var pending = new WeakMap();
  var focusWanted = null;

  function rowsOf(box) {
    return Array.prototype.slice.call(box.querySelectorAll(".mk-rank-row"));
  }

  function orderOf(box) {
    return rowsOf(box).map(function (row) { return row.getAttribute("data-value"); });
  }

  function locked(box) {
    // The kernel disables every button while the form saves or after a final submit.
    return !box.querySelector(".mk-rank-list button:not(:disabled)");
  }

  function button(box, value, direction) {
    var found = null;
    rowsOf(box).forEach(function (row) {
      if (row.getAttribute("data-value") === value) { found = row.querySelector(".mk-rank-" + direction); }
    });
    return found;
  }

  function refocus(box) {
    // Keep the keyboard where it was: the same option's button, or its other one at the top or bottom.
    if (!focusWanted || focusWanted.box !== box) { return; }
    var active = document.activeElement;
    if (active && active !== document.body && box.contains(active)) { return; }
    if (active && active !== document.body && active.isConnected) { return; }  // focus went elsewhere
    var target = button(box, focusWanted.value, focusWanted.direction);
    if (target && target.disabled) {
      target = button(box, focusWanted.value, focusWanted.direction === "up" ? "down" : "up");
    }
    if (target && !target.disabled) { target.focus(); }
  }

  function show(box, order) {
    // Put the rows in ``order`` with their places and end buttons, as the kernel will draw them.
    var rows = rowsOf(box);
    if (!rows.length) { return; }
    var list = rows[0].parentNode, byValue = {};
    rows.forEach(function (row) { byValue[row.getAttribute("data-value")] = row; });
    order.forEach(function (value, index) {
      var row = byValue[value];
      if (!row) { return; }
      list.appendChild(row);
      var place = row.querySelector(".mk-rank-place");
      if (place) { place.textContent = (index + 1) + "."; }
      row.querySelector(".mk-rank-up").disabled = index === 0;
      row.querySelector(".mk-rank-down").disabled = index === order.length - 1;
    });
    refocus(box);
  }

  function move(box, value, step) {
    if (locked(box)) { return; }
    var order = (pending.get(box) || orderOf(box)).slice();
    var from = order.indexOf(value), to = from + step;
    if (from < 0 || to < 0 || to >= order.length || to === from) { return; }
    order.splice(to, 0, order.splice(from, 1)[0]);
    pending.set(box, order);
    show(box, order);
    var input = box.querySelector(".mk-rank-state input");
    if (input) {
      input.value = JSON.stringify(order);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  document.addEventListener("click", function (event) {
    var pressed = event.target.closest && event.target.closest(".mk-rank-list button[data-step]");
    var box = pressed && pressed.closest(".mk-ranking");
    if (!box || pressed.disabled) { return; }
    var value = pressed.closest(".mk-rank-row").getAttribute("data-value");
    focusWanted = { box: box, value: value, direction: pressed.classList.contains("mk-rank-up") ? "up" : "down" };
    move(box, value, Number(pressed.getAttribute("data-step")));
  });

  document.addEventListener("focusin", function (event) {
    var target = event.target;
    var row = target.closest && target.closest(".mk-rank-row");
    if (row && target.matches(".mk-rank-up, .mk-rank-down")) {
      focusWanted = { box: row.closest(".mk-ranking"), value: row.getAttribute("data-value"),
                      direction: target.classList.contains("mk-rank-up") ? "up" : "down" };
    } else {
      focusWanted = null;
    }
  });

  // The kernel drew the rows again: an order still on its way is shown over an older drawing (two
  // quick presses), the drawing of the order written ends the wait, and the focus stays put. A
  // locked drawing ends the wait too: the form locked before the order arrived, and the kernel,
  // which refused it, has the last word.
  function redrawn(box) {
    var waiting = pending.get(box);
    if (waiting) {
      if (locked(box) || orderOf(box).join("\n") === waiting.join("\n")) {
        pending.delete(box);
      } else {
        show(box, waiting);
        return;
      }
    }
    refocus(box);
  }

  function start() {
    new MutationObserver(function (changes) {
      var boxes = [];
      changes.forEach(function (change) {
        // A new list is the kernel's drawing; rows moved inside a list are this script's own.
        Array.prototype.forEach.call(change.addedNodes, function (node) {
          if (node.nodeType !== 1) { return; }
          var list = node.matches(".mk-rank-list") ? node : node.querySelector(".mk-rank-list");
          var box = list && list.closest(".mk-ranking");
          if (box && boxes.indexOf(box) < 0) { boxes.push(box); }
        });
      });
      boxes.forEach(redrawn);
    }).observe(document.body, { subtree: true, childList: true });
  }
  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }

  // -- dragging by the grip, with a finger or a mouse ----------------------------------------------
  function target(event, state) {
    // The dragged row's new place: how many other rows have their middle above its middle now.
    var middle = event.clientY - state.offset + state.height / 2;
    var place = 0;
    state.rows.forEach(function (row, index) {
      if (index === state.index) { return; }
      var box = row.getBoundingClientRect();
      if (box.top + box.height / 2 < middle) { place += 1; }
    });
    return place;
  }

  function mark(state, place) {
    // A line above the row it will go before, or below the row it will go after.
    state.rows.forEach(function (row, index) {
      row.classList.toggle("mk-drop-above", place < state.index && index === place);
      row.classList.toggle("mk-drop-below", place > state.index && index === place);
    });
  }

  function finish(event, cancelled) {
    if (!drag) { return; }
    var current = drag;
    drag = null;
    current.row.classList.remove("mk-dragging");
    current.row.style.transform = "";
    current.rows.forEach(function (row) { row.classList.remove("mk-drop-above", "mk-drop-below"); });
    if (cancelled || !current.moved) { return; }
    move(current.box, current.value, target(event, current) - current.index);
  }

  document.addEventListener("pointerdown", function (event) {
    if (drag || (event.pointerType === "mouse" && event.button !== 0)) { return; }
    var grip = event.target.closest && event.target.closest(".mk-rank-grip");
    var row = grip && grip.closest(".mk-rank-row");
    var box = row && row.closest(".mk-ranking");
    if (!box || locked(box)) { return; }
    var rows = rowsOf(box);
    var rect = row.getBoundingClientRect();
    drag = { box: box, row: row, rows: rows, index: rows.indexOf(row), value: row.getAttribute("data-value"),
             startY: event.clientY, offset: event.clientY - rect.top, height: rect.height, moved: false };
    row.classList.add("mk-dragging");
    if (grip.setPointerCapture) { grip.setPointerCapture(event.pointerId); }
    event.preventDefault();
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var dy = event.clientY - drag.startY;
    if (Math.abs(dy) > 4) { drag.moved = true; }
    drag.row.style.transform = "translateY(" + dy + "px)";
    mark(drag, target(event, drag));
    event.preventDefault();
  });

  document.addEventListener("pointerup", function (event) { finish(event, false); });
  document.addEventListener("pointercancel", function (event) { finish(event, true); });
})();
