/*
 * Loyalty Lab: wide tables that scroll sideways can be scrolled with the keyboard.
 *
 * The book's stylesheet lets a table wider than the page scroll within its own
 * box (loyalty.css), so that a phone never scrolls the whole page sideways. A
 * scrolling box must be reachable with the keyboard (WCAG 2.1.1; axe's
 * "scrollable-region-focusable"): each table that overflows gets tabindex="0"
 * and a label, so Tab reaches it and the arrow keys scroll it. Checked again
 * when the window is resized (a table that fits on a laptop may scroll on a
 * phone).
 */
(function () {
  "use strict";

  var SELECTOR = ".bd-article table, .bd-article .table-wrapper, " +
    ".bd-article .pst-scrollable-table-container";

  function mark() {
    document.querySelectorAll(SELECTOR).forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.llScrollRegion = "1";
        if (box.tagName !== "TABLE" && !box.hasAttribute("role")) {
          box.setAttribute("role", "region");  // a named, focusable box needs a role
        }
        if (!box.getAttribute("aria-label") && !box.getAttribute("aria-labelledby")) {
          var caption = box.querySelector("caption");
          box.setAttribute("aria-label", caption ? caption.textContent.trim()
            : "Table (scrolls sideways)");
        }
      } else if (!scrolls && box.dataset.llScrollRegion === "1") {
        box.removeAttribute("tabindex");
        delete box.dataset.llScrollRegion;
      }
    });
  }

  var pending = null;
  function later() {
    if (pending) window.clearTimeout(pending);
    pending = window.setTimeout(mark, 150);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
  window.addEventListener("load", mark);
  window.addEventListener("resize", later);
})();
