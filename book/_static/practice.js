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

  // The forms are written in English; on a page of the Chinese edition
  // (<html lang="zh-CN">) their own words and the feedback are shown in Chinese.
  // The options stay as written: they are the values the graded notebook expects.
  var ZH = {
    "Check my answer": "检查答案",
    "Clear": "清除",
    "Choose one": "选择一项",
    "Tick every option that applies": "勾选所有适用的选项",
    "Your answer": "你的答案",
    "choose…": "请选择…",
    "Written answers are marked by your instructor against a rubric. Draft here, then copy your answer into the notebook.":
      "书面回答由教师按评分细则评分。可以先在这里起草，再把答案复制到笔记本中。",
    "Give an answer first.": "请先作答。",
    "Right!": "答对了！",
    "Choose an option first.": "请先选择一个选项。",
    "Tick at least one option first.": "请至少勾选一个选项。",
    "Place every item first.": "请先为每一项排好位置。",
    "Not yet. Read the question again and try another answer.": "还不对。请再读一遍题目，换个答案试试。",
    "the ones marked in red are not right. Try again.": "标红的还不对。请再试一次。",
  };
  var ORDINALS_ZH = ["第 1 位", "第 2 位", "第 3 位"];
  var chinese = /^zh/i.test(document.documentElement.lang || "");

  function t(text) {
    return chinese && Object.prototype.hasOwnProperty.call(ZH, text) ? ZH[text] : text;
  }

  function localise(form) {
    if (!chinese) return;
    form.querySelectorAll("button, legend, .ll-practice-row > span, .ll-practice-note, option")
      .forEach(function (el) {
        var text = el.textContent.trim();
        var place = /^(\d+)(st|nd|rd|th)$/.exec(text);
        if (place) el.textContent = ORDINALS_ZH[place[1] - 1] || "第 " + place[1] + " 位";
        else if (Object.prototype.hasOwnProperty.call(ZH, text)) el.textContent = ZH[text];
      });
    form.setAttribute("aria-label", "练习：第 " + form.dataset.qid + " 题");
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
    if (missing === fields.length) return say(form, t("Give an answer first."), "empty");
    if (right === fields.length) return say(form, t("Right!"), "right");
    var hint;
    if (chinese) {
      hint = fields.length > 1 ? fields.length + " 项中答对 " + right + " 项；" : "";
      say(form, "还不对：" + hint + t("the ones marked in red are not right. Try again."), "wrong");
      return;
    }
    hint = fields.length > 1 ? right + " of " + fields.length + " right; " : "";
    say(form, "Not yet: " + hint + "the ones marked in red are not right. Try again.", "wrong");
  }

  function checkWhole(form, qid, mode) {
    var text;
    if (mode === "choice") {
      var chosen = form.querySelector("input[type=radio]:checked");
      if (!chosen) return say(form, t("Choose an option first."), "empty");
      text = fold(chosen.value);
    } else if (mode === "selection") {
      var ticked = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]:checked"));
      if (!ticked.length) return say(form, t("Tick at least one option first."), "empty");
      text = ticked.map(function (box) { return fold(box.value); }).sort().join("|");
    } else {
      var picks = Array.prototype.slice.call(form.querySelectorAll("select"));
      if (picks.some(function (s) { return !s.value; })) {
        return say(form, t("Place every item first."), "empty");
      }
      text = picks.map(function (s) { return fold(s.value); }).join("|");
    }
    if (fingerprint(qid, text) === form.getAttribute("data-check-all")) say(form, t("Right!"), "right");
    else say(form, t("Not yet. Read the question again and try another answer."), "wrong");
  }

  function wordCount(form) {
    var box = form.querySelector("textarea");
    if (chinese) {  // Chinese has no spaces between words: count characters
      var chars = box.value.replace(/\s+/g, "").length;
      return say(form, chars + " 字", chars ? "draft" : "empty");
    }
    var words = box.value.trim() ? box.value.trim().split(/\s+/).length : 0;
    say(form, words + (words === 1 ? " word" : " words"), words ? "draft" : "empty");
  }

  function setUp(form) {
    var qid = form.dataset.qid;
    var mode = form.dataset.mode;
    localise(form);
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
