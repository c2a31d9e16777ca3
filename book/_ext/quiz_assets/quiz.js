/* Self-check questions (book/_ext/quiz.py): instant feedback, offline, in Hindi.
   Answers live in localStorage per page; a score and a reset per page. */
(function () {
  "use strict";
  var KEY = "mm-quiz:" + location.pathname;
  var DIGITS = { "०": "0", "१": "1", "२": "2", "३": "3", "४": "4", "५": "5", "६": "6", "७": "7", "८": "8", "९": "9" };

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save(state) {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: no memory */ }
  }
  function parseNumber(text) {
    var t = String(text).replace(/[०-९]/g, function (d) { return DIGITS[d]; })
      .replace(/−/g, "-").replace(",", ".").trim();
    return /^-?\d+(\.\d+)?$/.test(t) ? parseFloat(t) : NaN;
  }

  var quizzes = Array.prototype.slice.call(document.querySelectorAll(".mm-quiz"));
  if (!quizzes.length) return;
  var state = load();
  var scoreBox = document.querySelector(".mm-quiz-score");

  function updateScore() {
    if (!scoreBox) return;
    var right = 0, tried = 0;
    quizzes.forEach(function (q) {
      var s = state[q.dataset.quizId];
      if (s && s.checked) { tried += 1; if (s.correct) right += 1; }
    });
    scoreBox.hidden = false;
    scoreBox.querySelector(".mm-quiz-score-text").textContent =
      "आपका स्कोर: " + quizzes.length + " में से " + right + " सही (" + tried + " प्रश्न जाँचे गए)।";
  }

  // A feedback box's text for the status line: without its verdict word (the status says it),
  // its paragraphs separated by a space.
  function feedbackText(f) {
    var parts = [];
    Array.prototype.forEach.call(f.childNodes, function (n) {
      if (n.nodeType === 1 && n.classList.contains("mm-quiz-verdict")) return;
      var t = (n.textContent || "").trim();
      if (t) parts.push(t);
    });
    return parts.join(" ");
  }

  function inputsOf(q) { return Array.prototype.slice.call(q.querySelectorAll(".mm-quiz-choices input")); }

  function evaluate(q) {
    var kind = q.dataset.kind;
    if (kind === "numeric") {
      var box = q.querySelector(".mm-quiz-numeric");
      var x = parseNumber(q.querySelector(".mm-quiz-numeric input").value);
      if (isNaN(x)) return { answered: false };
      var ans = parseFloat(box.dataset.answer), tol = parseFloat(box.dataset.tolerance);
      return { answered: true, correct: Math.abs(x - ans) <= tol + 1e-9, high: x > ans };
    }
    var inputs = inputsOf(q);
    var chosen = inputs.filter(function (i) { return i.checked; });
    if (!chosen.length) return { answered: false };
    var correct = inputs.every(function (i) { return i.checked === (i.dataset.correct === "1"); });
    return { answered: true, correct: correct };
  }

  function show(q, result, announce) {
    var status = q.querySelector(".mm-quiz-status");
    var reveal = q.querySelector(".mm-quiz-reveal");
    Array.prototype.forEach.call(q.querySelectorAll(".mm-quiz-feedback"), function (f) { f.hidden = true; });
    q.classList.remove("mm-quiz-right", "mm-quiz-wrong");
    if (!result) { status.textContent = ""; if (reveal) reveal.hidden = true; return; }
    if (!result.answered) {
      status.textContent = q.dataset.kind === "numeric" ? "कृपया एक संख्या लिखिए।" : "पहले कोई विकल्प चुनिए।";
      return;
    }
    q.classList.add(result.correct ? "mm-quiz-right" : "mm-quiz-wrong");
    var text;
    if (q.dataset.kind === "numeric") {
      if (result.correct) {
        q.querySelector('.mm-quiz-feedback[data-for="correct"]').hidden = false;
        text = "सही! " + feedbackText(q.querySelector('.mm-quiz-feedback[data-for="correct"]'));
      } else {
        text = "अभी नहीं: आपका उत्तर " + (result.high ? "अधिक" : "कम") + " है। फिर कोशिश कीजिए।";
        if (reveal) reveal.hidden = false;
      }
    } else {
      var shown = [];
      inputsOf(q).forEach(function (i) {
        var multiple = q.dataset.kind === "multiple";
        if (i.checked || (multiple && i.dataset.correct === "1")) {
          var f = q.querySelector('.mm-quiz-feedback[data-choice="' + i.value + '"]');
          f.hidden = false;
          if (i.checked) shown.push(feedbackText(f));
        }
      });
      text = (result.correct ? "सही! " : "अभी नहीं। ") + shown.join(" ");
    }
    status.textContent = announce ? text : status.textContent || text;
  }

  function restore(q) {
    var s = state[q.dataset.quizId];
    if (!s) return;
    if (q.dataset.kind === "numeric") {
      q.querySelector(".mm-quiz-numeric input").value = s.value || "";
    } else {
      inputsOf(q).forEach(function (i) { i.checked = (s.chosen || []).indexOf(i.value) >= 0; });
    }
    if (s.checked) show(q, evaluate(q), true);
  }

  quizzes.forEach(function (q) {
    var id = q.dataset.quizId;
    q.querySelector(".mm-quiz-check").addEventListener("click", function () {
      var result = evaluate(q);
      show(q, result, true);
      if (!result.answered) return;
      var s = { checked: true, correct: result.correct };
      if (q.dataset.kind === "numeric") s.value = q.querySelector(".mm-quiz-numeric input").value;
      else s.chosen = inputsOf(q).filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
      state[id] = s;
      save(state);
      updateScore();
    });
    var reveal = q.querySelector(".mm-quiz-reveal");
    if (reveal) reveal.addEventListener("click", function () {
      var f = q.querySelector('.mm-quiz-feedback[data-for="correct"]');
      f.hidden = false;
      q.querySelector(".mm-quiz-status").textContent = feedbackText(f);
    });
    var field = q.querySelector(".mm-quiz-numeric input");
    if (field) field.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); q.querySelector(".mm-quiz-check").click(); }
    });
    restore(q);
  });

  if (scoreBox) {
    scoreBox.querySelector(".mm-quiz-reset").addEventListener("click", function () {
      state = {};
      save(state);
      quizzes.forEach(function (q) {
        inputsOf(q).forEach(function (i) { i.checked = false; });
        var field = q.querySelector(".mm-quiz-numeric input");
        if (field) field.value = "";
        show(q, null, false);
      });
      updateScore();
      scoreBox.querySelector(".mm-quiz-score-text").textContent = "उत्तर मिटा दिए गए। फिर से शुरू कीजिए।";
    });
  }
  updateScore();
})();
