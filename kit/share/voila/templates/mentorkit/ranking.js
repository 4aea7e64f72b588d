// Drag to reorder a ranking, by touch or mouse. The rows' Up and Down buttons stay the way by
// keyboard; a drop is turned into the same button presses a person could make (row i's Up, then row
// i-1's, ...), so the kernel keeps its one way of moving a row and nothing here decides an order.
// Listeners sit on the document, so rows the room builds or swaps in later need no setup.
(function () {
  "use strict";
  var drag = null;

  function rowsOf(list) {
    return Array.prototype.slice.call(list.querySelectorAll(".mk-rank-row"));
  }

  function locked(row) {
    // The form disables every button while it saves or after a final submit: no drag then either.
    return !row.querySelector(".mk-rank-up:not(:disabled), .mk-rank-down:not(:disabled)");
  }

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
    var place = target(event, current);
    var from = current.index, i;
    if (place < from) {
      for (i = from; i > place; i -= 1) { current.rows[i].querySelector(".mk-rank-up").click(); }
    } else {
      for (i = from; i < place; i += 1) { current.rows[i].querySelector(".mk-rank-down").click(); }
    }
  }

  document.addEventListener("pointerdown", function (event) {
    if (drag || (event.pointerType === "mouse" && event.button !== 0)) { return; }
    var grip = event.target.closest && event.target.closest(".mk-rank-grip");
    var row = grip && grip.closest(".mk-rank-row");
    var list = row && row.closest(".mk-ranking");
    if (!list || locked(row)) { return; }
    var rows = rowsOf(list);
    var box = row.getBoundingClientRect();
    drag = { row: row, rows: rows, index: rows.indexOf(row), startY: event.clientY,
             offset: event.clientY - box.top, height: box.height, moved: false };
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

  // Every row's buttons are labelled "Up" and "Down"; their tooltips say which option they move
  // ("Move up: Listening"). A screen reader names a button by its label, so each gets its tooltip as
  // its accessible name, kept in step as rows move (the kernel rewrites the tooltips).
  var BUTTONS = ".mk-rank-up, .mk-rank-down";
  function name(el) {
    var title = el.getAttribute("title");
    if (title && el.getAttribute("aria-label") !== title) { el.setAttribute("aria-label", title); }
  }
  function start() {
    document.querySelectorAll(BUTTONS).forEach(name);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        if (change.type === "attributes") {
          if (change.target.matches && change.target.matches(BUTTONS)) { name(change.target); }
          return;
        }
        change.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1) { return; }
          if (node.matches(BUTTONS)) { name(node); }
          node.querySelectorAll(BUTTONS).forEach(name);
        });
      });
    }).observe(document.body, { subtree: true, childList: true, attributes: true,
                                attributeFilter: ["title", "class"] });
  }
  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
