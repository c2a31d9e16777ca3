"""Self-check questions with instant feedback, offline and in Hindi.

A question is written as an ordinary sphinx-exercise pair marked with the class
``mm-quiz``, so that it also reads well where this extension does not run
(JupyterLab with jupyterlab-myst renders ``exercise``/``solution``; the solution
stays folded)::

    ```{exercise}
    :label: ch08-q1
    :class: mm-quiz
    :nonumber:

    The question …

    - first choice
    - second choice
    ```

    ```{solution} ch08-q1
    :class: dropdown

    - गलत। why the first choice is wrong (the misconception it stands for)
    - सही। why the second choice is right
    ```

The solution lists one feedback item per choice, in the same order, each
starting with ``सही`` (correct) or ``गलत`` (wrong). More than one ``सही`` needs
the class ``mm-quiz-multiple`` (a "choose every right answer" question).

A numeric question has the class ``mm-quiz-numeric`` and no choices; its
solution gives the answer, the tolerance and the unit, then the explanation::

    - उत्तर: {glue:text}`ch08_q3_pcr_end_percent:.0f`
    - सहनसीमा: 3
    - इकाई: %
    - क्यों: …

The answer comes from a code cell (``glue``), never typed, so a model change
cannot leave it stale. A question that asks the reader to predict what a slider
figure will show before moving it also carries the class ``mm-quiz-predict``.

In the HTML the pair becomes one interactive question (``quiz.js``: radio
buttons, check boxes or a number field, a check button, feedback in an
``aria-live`` region, answers kept in ``localStorage``, a score and a reset per
page); the solution is kept, hidden on screen, for print. A malformed question
is a build error naming the file and line.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

QUIZ_CLASS = "mm-quiz"
ASSETS = Path(__file__).resolve().parent / "quiz_assets"
JS_FILE = "quiz.js"
CSS_FILE = "quiz.css"

CORRECT_WORD = "सही"
WRONG_WORD = "गलत"
NUMERIC_KEYS = {"उत्तर": "answer", "सहनसीमा": "tolerance", "इकाई": "unit", "क्यों": "why"}
_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


class QuizError(ExtensionError):
    """A malformed question: the message names the file and line."""


def _where(node) -> str:
    source = node.get("source") or getattr(node, "source", None) or "?"
    line = node.get("line") or getattr(node, "line", None)
    if line is None:
        for child in node.traverse():
            if getattr(child, "line", None):
                line = child.line
                break
    return f"{source}:{line if line is not None else '?'}"


def _is_exercise(node) -> bool:
    return type(node).__name__ in ("exercise_node", "exercise_enumerable_node")


def _is_solution(node) -> bool:
    return type(node).__name__ == "solution_node"


def _content(node) -> nodes.Element:
    for child in node.children:
        if isinstance(child, nodes.section):
            return child
    raise QuizError(f"{_where(node)}: exercise/solution without content")


def _raw(text: str) -> nodes.raw:
    return nodes.raw("", text, format="html")


def _list_items(section: nodes.Element) -> tuple[list[nodes.list_item], list[nodes.Node]]:
    """The items of the last bullet/enumerated list, and every other child."""
    lists = [c for c in section.children if isinstance(c, (nodes.bullet_list, nodes.enumerated_list))]
    if not lists:
        return [], list(section.children)
    last = lists[-1]
    others = [c for c in section.children if c is not last]
    return [i for i in last.children if isinstance(i, nodes.list_item)], others


def _inline_children(item: nodes.list_item) -> list[nodes.Node]:
    """A list item's content as inline nodes (a choice sits inside a <label>)."""
    out: list[nodes.Node] = []
    for child in item.children:
        if isinstance(child, nodes.paragraph):
            if out:
                out.append(nodes.Text(" "))
            out.extend(c.deepcopy() for c in child.children)
        else:
            out.append(child.deepcopy())
    return out


def _strip_verdict(item: nodes.list_item, where: str) -> tuple[bool, nodes.list_item]:
    """Split the leading सही/गलत word off a feedback item."""
    text = item.astext().strip()
    match = re.match(rf"^({CORRECT_WORD}|{WRONG_WORD})\s*[।.:—–-]?\s*", text)
    if not match:
        raise QuizError(
            f"{where}: each feedback item must start with '{CORRECT_WORD}' or '{WRONG_WORD}', got {text[:40]!r}")
    correct = match.group(1) == CORRECT_WORD
    item = item.deepcopy()
    # remove the verdict word from the first text node
    for textnode in item.traverse(nodes.Text):
        stripped = re.sub(rf"^\s*({CORRECT_WORD}|{WRONG_WORD})\s*[।.:—–-]?\s*", "", textnode.astext(), count=1)
        textnode.parent.replace(textnode, nodes.Text(stripped))
        break
    return correct, item


def _parse_number(text: str, where: str, key: str) -> float:
    cleaned = text.translate(_DEVANAGARI_DIGITS).replace("−", "-").replace(",", ".").strip()
    match = re.search(r"-?\d+(?:\.\d+)?", cleaned)
    if not match:
        raise QuizError(f"{where}: numeric question: '{key}' must be a number, got {text!r}")
    return float(match.group(0))


def _numeric_fields(items: list[nodes.list_item], where: str) -> dict:
    fields: dict = {}
    for item in items:
        text = item.astext().strip()
        match = re.match(r"^(\S+?)\s*:\s*(.*)$", text, re.S)
        if not match or match.group(1) not in NUMERIC_KEYS:
            continue
        key = NUMERIC_KEYS[match.group(1)]
        if key == "why":
            fields["why"] = item
        else:
            fields[key] = match.group(2).strip()
    for key_hi, key in NUMERIC_KEYS.items():
        if key not in fields or (key != "why" and not fields[key]):
            raise QuizError(f"{where}: numeric question needs '- {key_hi}: …' in its solution")
    fields["answer"] = _parse_number(fields["answer"], where, "उत्तर")
    fields["tolerance"] = _parse_number(fields["tolerance"], where, "सहनसीमा")
    if fields["tolerance"] <= 0:
        raise QuizError(f"{where}: numeric question: 'सहनसीमा' must be > 0")
    return fields


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def build_quiz(exercise, solution, number: int, docname: str) -> list[nodes.Node]:
    """The nodes of one interactive question (raw HTML tags around parsed content)."""
    where = _where(exercise)
    classes = exercise["classes"]
    qid = exercise.get("label") or f"{docname}-q{number}"
    safe_id = re.sub(r"[^A-Za-z0-9_-]", "-", qid)
    question = _content(exercise)
    answer = _content(solution)
    choice_items, question_nodes = _list_items(question)
    kind = "numeric" if "mm-quiz-numeric" in classes else (
        "multiple" if "mm-quiz-multiple" in classes else "single")
    predict = "mm-quiz-predict" in classes

    out: list[nodes.Node] = []
    attrs = f'class="mm-quiz" id="{safe_id}" data-quiz-id="{html.escape(qid)}" data-kind="{kind}"'
    if predict:
        attrs += ' data-predict="1"'
    out.append(_raw(f'<div {attrs} role="group" aria-labelledby="{safe_id}-q">'))
    label = "पहले अनुमान लगाइए" if predict else "प्रश्न"
    out.append(_raw(f'<p class="mm-quiz-label">{label} {number}</p><div class="mm-quiz-question" id="{safe_id}-q">'))
    out.extend(n.deepcopy() for n in question_nodes)
    out.append(_raw("</div>"))

    if kind == "numeric":
        if choice_items:
            raise QuizError(f"{where}: a numeric question (mm-quiz-numeric) has no list of choices")
        feedback_items, _ = _list_items(answer)
        fields = _numeric_fields(feedback_items, where)
        unit = html.escape(fields["unit"])
        out.append(_raw(
            f'<div class="mm-quiz-numeric" data-answer="{_fmt(fields["answer"])}" '
            f'data-tolerance="{_fmt(fields["tolerance"])}" data-unit="{unit}">'
            f'<label for="{safe_id}-in">आपका उत्तर</label> '
            f'<input id="{safe_id}-in" type="text" inputmode="decimal" autocomplete="off" size="8"> '
            f'<span class="mm-quiz-unit">{unit}</span></div>'
            f'<div class="mm-quiz-feedback" data-for="correct" hidden>'))
        why = fields["why"].deepcopy()
        for textnode in why.traverse(nodes.Text):
            textnode.parent.replace(textnode, nodes.Text(re.sub(r"^\s*क्यों\s*:\s*", "", textnode.astext(), count=1)))
            break
        out.append(_raw(f'<p class="mm-quiz-answer">सही उत्तर: {_fmt(fields["answer"])} {unit} '
                        f'(± {_fmt(fields["tolerance"])})।</p>'))
        out.extend(c.deepcopy() for c in why.children)
        out.append(_raw("</div>"))
    else:
        feedback_items, _ = _list_items(answer)
        if len(choice_items) < 2:
            raise QuizError(f"{where}: a choice question needs a list of at least two choices")
        if len(feedback_items) != len(choice_items):
            raise QuizError(
                f"{where}: {len(choice_items)} choices but {len(feedback_items)} feedback items in the solution "
                "(one per choice, same order)")
        verdicts = [_strip_verdict(item, where) for item in feedback_items]
        n_correct = sum(v for v, _ in verdicts)
        if n_correct == 0:
            raise QuizError(f"{where}: no choice is marked '{CORRECT_WORD}'")
        if kind == "single" and n_correct > 1:
            raise QuizError(
                f"{where}: {n_correct} choices are marked '{CORRECT_WORD}'; add the class mm-quiz-multiple")
        input_type = "radio" if kind == "single" else "checkbox"
        hint = "एक उत्तर चुनिए" if kind == "single" else "हर सही उत्तर चुनिए (एक से अधिक हो सकते हैं)"
        out.append(_raw(f'<p class="mm-quiz-hint">{hint}</p><ul class="mm-quiz-choices">'))
        for i, (choice, (correct, feedback)) in enumerate(zip(choice_items, verdicts)):
            cid = f"{safe_id}-c{i}"
            out.append(_raw(
                f'<li><input type="{input_type}" id="{cid}" name="{safe_id}" value="{i}" '
                f'data-correct="{1 if correct else 0}"> <label for="{cid}">'))
            out.extend(_inline_children(choice))
            out.append(_raw(f'</label><div class="mm-quiz-feedback" data-choice="{i}" hidden>'))
            verdict = "सही" if correct else "गलत"
            out.append(_raw(f'<strong class="mm-quiz-verdict">{verdict}:</strong> '))
            out.extend(_inline_children(feedback))
            out.append(_raw("</div></li>"))
        out.append(_raw("</ul>"))

    out.append(_raw(
        '<div class="mm-quiz-actions"><button type="button" class="mm-quiz-check">जाँचें</button> '
        '<button type="button" class="mm-quiz-reveal" hidden>उत्तर दिखाएँ</button></div>'
        '<p class="mm-quiz-status" role="status" aria-live="polite"></p>'))
    out.append(_raw("</div>"))
    # the written solution stays for print (answers gathered at the chapter's end)
    printed = nodes.container(classes=["mm-quiz-print-answer"])
    printed += nodes.paragraph("", f"प्रश्न {number} का उत्तर")
    printed += [c.deepcopy() for c in answer.children]
    out.append(printed)
    return out


def transform_quizzes(app, doctree, docname) -> None:
    """Replace every exercise/solution pair marked mm-quiz with an interactive question."""
    exercises = [n for n in doctree.traverse() if _is_exercise(n) and QUIZ_CLASS in n["classes"]]
    if not exercises:
        return
    solutions = {n.get("target_label"): n for n in doctree.traverse() if _is_solution(n)}
    for number, exercise in enumerate(exercises, start=1):
        label = exercise.get("label", "")
        solution = solutions.get(label)
        if solution is None:
            raise QuizError(f"{_where(exercise)}: question {label!r} has no {{solution}} {label}")
        replacement = build_quiz(exercise, solution, number, docname)
        solution.parent.remove(solution)
        # not replace_self: it would copy the exercise's classes and ids onto the first raw node
        exercise.parent.replace(exercise, replacement)
    score = _raw(
        '<div class="mm-quiz-score" hidden><p class="mm-quiz-score-text" role="status" aria-live="polite"></p>'
        '<button type="button" class="mm-quiz-reset">फिर से करें</button></div>')
    # the score box goes before the first question's section content
    first = doctree.traverse(lambda n: isinstance(n, nodes.raw) and 'class="mm-quiz"' in n.astext())[0]
    first.parent.insert(first.parent.index(first), score)
    app.env.metadata.setdefault(docname, {})["mm_quiz_count"] = len(exercises)


def add_assets(app, pagename, templatename, context, doctree) -> None:
    if doctree is None or not app.env.metadata.get(pagename, {}).get("mm_quiz_count"):
        return
    app.add_js_file(JS_FILE, loading_method="defer")
    app.add_css_file(CSS_FILE)


def add_static_path(app) -> None:
    if str(ASSETS) not in app.config.html_static_path:
        app.config.html_static_path.append(str(ASSETS))


def setup(app):
    app.connect("builder-inited", add_static_path)
    app.connect("doctree-read", lambda app, doctree: transform_quizzes(app, doctree, app.env.docname))
    app.connect("html-page-context", add_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
