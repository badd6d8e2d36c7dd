/*
 * Loyalty Lab: in-page practice questions on the exercises pages.
 *
 * Each form.ll-practice (written by sim/exercises/practice.py) stores the
 * correct answer only as a salted hash. Checking an answer hashes what the
 * student chose in the same way and compares: right or not yet, at once, with
 * no kernel and no network. fingerprint() and numberKey() mirror the Python
 * functions of the same names (a test runs both on the same inputs).
 */
(function () {
  "use strict";

  function fingerprint(qid, text) {
    var bytes = new TextEncoder().encode("loyalty-lab|" + qid + "|" + text);
    var value = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i += 1) {
      value ^= bytes[i];
      value = Math.imul(value, 0x01000193) >>> 0;
    }
    return ("00000000" + value.toString(16)).slice(-8);
  }

  // Three significant digits, written without an exponent (like Python's number_key).
  function numberKey(value) {
    if (value === 0 || !Number.isFinite(value)) return "0";
    var decimals = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
    var rounded = Number(value.toPrecision(3));
    var text = rounded.toFixed(decimals);
    return Number(text) === 0 ? "0" : text;
  }

  function fold(text) {
    return String(text).trim().toLowerCase();
  }

  // "1,234.5", "12 %" or "0.5" -> a number; NaN if it is not one.
  function parseNumber(raw) {
    var text = String(raw).trim().replace(/,/g, "").replace(/\s+/g, "");
    var percent = /%$/.test(text);
    if (percent) text = text.slice(0, -1);
    if (!/^[-+−]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return NaN;
    var value = Number(text.replace("−", "-"));
    return percent ? value / 100 : value;
  }

  function say(form, text, state) {
    var out = form.querySelector(".ll-practice-feedback");
    out.textContent = text;
    form.dataset.result = state;
  }

  function checkFields(form, qid) {
    var fields = Array.prototype.slice.call(form.querySelectorAll("[data-key]"));
    var right = 0;
    var missing = 0;
    fields.forEach(function (field) {
      var key = field.dataset.key;
      var given = field.value;
      field.removeAttribute("aria-invalid");
      if (!String(given).trim()) {
        missing += 1;
        return;
      }
      var text;
      if (field.tagName === "SELECT") {
        text = key + "=" + fold(given);
      } else {
        var value = parseNumber(given);
        if (Number.isNaN(value)) {
          field.setAttribute("aria-invalid", "true");
          return;
        }
        text = key + "=" + numberKey(value);
      }
      if (fingerprint(qid, text) === form.getAttribute("data-check-" + key)) right += 1;
      else field.setAttribute("aria-invalid", "true");
    });
    if (missing === fields.length) return say(form, "Give an answer first.", "empty");
    if (right === fields.length) return say(form, "Right!", "right");
    var hint = fields.length > 1 ? right + " of " + fields.length + " right; " : "";
    say(form, "Not yet: " + hint + "the ones marked in red are not right. Try again.", "wrong");
  }

  function checkWhole(form, qid, mode) {
    var text;
    if (mode === "choice") {
      var chosen = form.querySelector("input[type=radio]:checked");
      if (!chosen) return say(form, "Choose an option first.", "empty");
      text = fold(chosen.value);
    } else if (mode === "selection") {
      var ticked = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]:checked"));
      if (!ticked.length) return say(form, "Tick at least one option first.", "empty");
      text = ticked.map(function (box) { return fold(box.value); }).sort().join("|");
    } else {
      var picks = Array.prototype.slice.call(form.querySelectorAll("select"));
      if (picks.some(function (s) { return !s.value; })) {
        return say(form, "Place every item first.", "empty");
      }
      text = picks.map(function (s) { return fold(s.value); }).join("|");
    }
    if (fingerprint(qid, text) === form.getAttribute("data-check-all")) say(form, "Right!", "right");
    else say(form, "Not yet. Read the question again and try another answer.", "wrong");
  }

  function wordCount(form) {
    var box = form.querySelector("textarea");
    var words = box.value.trim() ? box.value.trim().split(/\s+/).length : 0;
    say(form, words + (words === 1 ? " word" : " words"), words ? "draft" : "empty");
  }

  function setUp(form) {
    var qid = form.dataset.qid;
    var mode = form.dataset.mode;
    if (mode === "text") {
      form.querySelector("textarea").addEventListener("input", function () { wordCount(form); });
      return;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (mode === "fields") checkFields(form, qid);
      else checkWhole(form, qid, mode);
    });
    var clear = form.querySelector(".ll-practice-clear");
    if (clear) {
      clear.addEventListener("click", function () {
        form.reset();
        form.querySelectorAll("[aria-invalid]").forEach(function (f) { f.removeAttribute("aria-invalid"); });
        say(form, "", "");
      });
    }
  }

  window.loyaltyPractice = { fingerprint: fingerprint, numberKey: numberKey };

  function start() {
    document.querySelectorAll("form.ll-practice").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
