"""Self-check questions (book/_ext/quiz.py): the directive, the page, the chapters.

A small Sphinx project in a temporary folder holds one question of each kind; it is
built with the extension and driven in Chromium at 412 px (answer wrong, then right,
feedback shown and announced, keyboard only, state kept over a reload, reset, no
request off 127.0.0.1). Malformed questions must stop the build with the file and line.
The book itself: every chapter has at least five questions, two of them asking for a
prediction before a slider is moved and one numeric.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import BOOK, ROOT

EXT = BOOK / "_ext"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run"]

CONF = f"""
import sys
sys.path.insert(0, {str(EXT)!r})
extensions = ["myst_parser", "sphinx_exercise", "quiz"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
language = "hi"
html_theme = "alabaster"
"""

SINGLE = """
```{exercise}
:label: t-q1
:class: mm-quiz mm-quiz-predict
:nonumber:

लैक्टिक अम्ल के बारे में कौन-सा कथन सही है?

- लैक्टिक अम्ल स्वयं थकान का कारण है
- लैक्टेट एक ईंधन है
```

```{solution} t-q1
:class: dropdown

- गलत। थकान में H⁺ और Pi की भूमिका अधिक है।
- सही। हृदय और पेशी लैक्टेट जलाते हैं।
```
"""

MULTIPLE = """
```{exercise}
:label: t-q2
:class: mm-quiz mm-quiz-multiple
:nonumber:

इनमें से कौन-से ईंधन हैं?

- ग्लाइकोजन
- फॉस्फोक्रिएटिन
- क्रिएटिनिन
```

```{solution} t-q2
:class: dropdown

- सही। ग्लाइकोजन ग्लाइकोलिसिस का ईंधन है।
- सही। फॉस्फोक्रिएटिन ATP लौटाता है।
- गलत। क्रिएटिनिन अपशिष्ट पदार्थ है।
```
"""

NUMERIC = """
```{exercise}
:label: t-q3
:class: mm-quiz mm-quiz-numeric
:nonumber:

30 s बाद PCr विश्राम का कितना प्रतिशत बचता है?
```

```{solution} t-q3
:class: dropdown

- उत्तर: 20
- सहनसीमा: 3
- इकाई: %
- क्यों: PCr पहले कुछ सेकंड में सबसे तेजी से टूटता है।
```
"""


def build(tmp_path: Path, body: str) -> subprocess.CompletedProcess:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "conf.py").write_text(CONF, encoding="utf8")
    (src / "index.md").write_text("# परीक्षण\n\nकुछ पाठ।\n" + textwrap.dedent(body), encoding="utf8")
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(src), str(tmp_path / "html")],
        capture_output=True, text=True,
    )


# --------------------------------------------------------------------------- the directive


def test_three_kinds_become_interactive_questions(tmp_path):
    result = build(tmp_path, SINGLE + MULTIPLE + NUMERIC)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "html" / "index.html").read_text(encoding="utf8")
    kinds = re.findall(r'<div class="mm-quiz" id="[^"]+" data-quiz-id="[^"]+" data-kind="(\w+)"', page)
    assert kinds == ["single", "multiple", "numeric"]
    assert page.count('type="radio"') == 2 and page.count('type="checkbox"') == 3
    assert re.findall(r'data-correct="(\d)"', page) == ["0", "1", "1", "1", "0"]
    assert 'data-answer="20"' in page and 'data-tolerance="3"' in page and 'data-unit="%"' in page
    assert 'data-predict="1"' in page
    assert page.count('aria-live="polite"') == 4  # one per question, one for the score
    assert "quiz.js" in page and "quiz.css" in page
    # the written solutions stay for print, hidden on screen; no sphinx-exercise box is left
    assert page.count("mm-quiz-print-answer") == 3
    assert 'class="exercise' not in page and 'class="solution' not in page


def test_page_without_questions_loads_no_quiz_script(tmp_path):
    result = build(tmp_path, "\nबस पाठ, कोई प्रश्न नहीं।\n")
    assert result.returncode == 0, result.stderr
    assert "quiz.js" not in (tmp_path / "html" / "index.html").read_text(encoding="utf8")


@pytest.mark.parametrize(
    "body, message",
    [
        (SINGLE.replace("- सही। हृदय", "- गलत। हृदय"), "no choice is marked 'सही'"),
        (SINGLE.replace("- गलत। थकान", "- सही। थकान"), "add the class mm-quiz-multiple"),
        (SINGLE.replace("- गलत। थकान में H⁺ और Pi की भूमिका अधिक है।\n", ""), "2 choices but 1 feedback"),
        (NUMERIC.replace("- सहनसीमा: 3\n", ""), "needs '- सहनसीमा: …'"),
        (NUMERIC.replace("- इकाई: %\n", ""), "needs '- इकाई: …'"),
        (NUMERIC.replace("- उत्तर: 20", "- उत्तर: लगभग"), "'उत्तर' must be a number"),
        (SINGLE.replace("- गलत। थकान", "- शायद। थकान"), "must start with 'सही' or 'गलत'"),
    ],
    ids=["no-correct-choice", "two-correct-in-single", "feedback-count", "numeric-no-tolerance",
         "numeric-no-unit", "numeric-answer-not-a-number", "feedback-without-verdict"],
)
def test_malformed_question_stops_the_build_naming_file_and_line(tmp_path, body, message):
    result = build(tmp_path, body)
    assert result.returncode != 0
    # the exercise directive opens on line 5 of index.md (3 lines of heading and text, 1 blank)
    assert re.search(r"index\.md:5: ", result.stderr), result.stderr[-2000:]
    assert message in result.stderr, result.stderr[-2000:]


# --------------------------------------------------------------------------- in the browser


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def quiz_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("quiz")
    result = build(tmp, SINGLE + MULTIPLE + NUMERIC)
    assert result.returncode == 0, result.stderr
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(tmp / "html")))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def phone_page(quiz_site):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI")
        pytest.skip("needs /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 412, "height": 915})
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(quiz_site)
        page.wait_for_load_state("load")
        yield page, context, requests
        browser.close()


def _status(page, qid):
    return page.locator(f"#{qid} .mm-quiz-status").inner_text()


@pytest.mark.browser
def test_wrong_then_right_answer_gives_feedback_that_is_announced(phone_page):
    page, _, _ = phone_page
    page.check("#t-q1-c0")
    page.click("#t-q1 .mm-quiz-check")
    status = _status(page, "t-q1")
    assert status.startswith("अभी नहीं") and "H⁺" in status
    assert page.locator('#t-q1 .mm-quiz-feedback[data-choice="0"]').is_visible()
    assert page.locator("#t-q1 .mm-quiz-status").get_attribute("aria-live") == "polite"
    page.check("#t-q1-c1")
    page.click("#t-q1 .mm-quiz-check")
    assert _status(page, "t-q1").startswith("सही") and "लैक्टेट जलाते" in _status(page, "t-q1")
    assert not page.locator('#t-q1 .mm-quiz-feedback[data-choice="0"]').is_visible()


@pytest.mark.browser
def test_multiple_and_numeric_questions_are_checked(phone_page):
    page, _, _ = phone_page
    page.check("#t-q2-c0")
    page.click("#t-q2 .mm-quiz-check")
    assert _status(page, "t-q2").startswith("अभी नहीं")
    page.check("#t-q2-c1")
    page.click("#t-q2 .mm-quiz-check")
    assert _status(page, "t-q2").startswith("सही")
    page.fill("#t-q3-in", "30")
    page.click("#t-q3 .mm-quiz-check")
    assert "अधिक" in _status(page, "t-q3")
    page.fill("#t-q3-in", "२१")  # Devanagari digits are numbers too
    page.click("#t-q3 .mm-quiz-check")
    assert _status(page, "t-q3").startswith("सही") and "20 %" in _status(page, "t-q3")


@pytest.mark.browser
def test_keyboard_only(phone_page):
    page, _, _ = phone_page
    page.reload()  # a fresh page: the browser remembers no radio button as focused
    page.wait_for_load_state("load")
    page.click(".mm-quiz-reset")
    # Tab from the score's reset button reaches the first radio button of question 1
    page.focus(".mm-quiz-reset")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "t-q1-c0"
    page.keyboard.press("ArrowDown")  # arrows move within the radio group and select
    assert page.is_checked("#t-q1-c1")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "mm-quiz-check"
    page.keyboard.press("Enter")
    assert _status(page, "t-q1").startswith("सही")


@pytest.mark.browser
def test_state_survives_reload_and_reset_clears_it(phone_page):
    page, _, _ = phone_page
    page.check("#t-q1-c1")
    page.click("#t-q1 .mm-quiz-check")
    page.reload()
    page.wait_for_load_state("load")
    assert page.is_checked("#t-q1-c1")
    assert _status(page, "t-q1").startswith("सही")
    assert "सही" in page.locator(".mm-quiz-score-text").inner_text()
    page.click(".mm-quiz-reset")
    assert not page.is_checked("#t-q1-c1") and _status(page, "t-q1") == ""
    page.reload()
    page.wait_for_load_state("load")
    assert not page.is_checked("#t-q1-c1")


@pytest.mark.browser
def test_works_offline_and_asks_no_other_host(phone_page):
    page, context, requests = phone_page
    assert requests and all(r.startswith("http://127.0.0.1:") for r in requests), requests
    context.set_offline(True)
    try:
        page.check("#t-q1-c0")
        page.click("#t-q1 .mm-quiz-check")
        assert _status(page, "t-q1").startswith("अभी नहीं")
    finally:
        context.set_offline(False)


# --------------------------------------------------------------------------- the chapters


def _chapter_questions(html: str) -> list[str]:
    return re.findall(r'<div class="mm-quiz" id="[^"]+" data-quiz-id="[^"]+" data-kind="\w+"[^>]*>', html)


CHAPTERS = sorted(p.stem for p in BOOK.glob("ch0*_*.md"))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_its_self_check(chapter, built_html):
    html = (built_html / "book" / f"{chapter}.html").read_text(encoding="utf8")
    questions = _chapter_questions(html)
    assert len(questions) >= 5, f"{chapter}: {len(questions)} questions (need at least 5)"
    assert sum('data-predict="1"' in q for q in questions) >= 2, f"{chapter}: fewer than 2 prediction questions"
    assert sum('data-kind="numeric"' in q for q in questions) >= 1, f"{chapter}: no numeric question"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_numeric_answers_come_from_the_model(chapter):
    """A numeric answer is glued from a code cell, never typed into the text."""
    text = (BOOK / f"{chapter}.md").read_text(encoding="utf8")
    answers = re.findall(r"^- उत्तर:\s*(.+)$", text, re.M)
    assert answers, f"{chapter}: no numeric question"
    for answer in answers:
        assert answer.strip().startswith("{glue:text}`"), f"{chapter}: typed answer {answer!r}"
