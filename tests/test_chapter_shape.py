"""Every chapter has the same shape (book/STYLE.md, /work/helper_common.md).

A chapter ``book/chNN_*.md`` has, outside code cells:

1. one ``#`` title, then a short opening paragraph before the first ``##``;
2. ``## सीखने के उद्देश्य`` as its first ``##`` section, whose text is the sentence
   "इस अध्याय के बाद आप" (with or without a colon) followed by a numbered list (1., 2., …) of
   at least three goals, each with "सकेंगे";
3. at least two body sections (``##``);
4. ``## सारांश``;
5. optionally ``## स्वयं जाँचें`` (the quiz) — if present, directly after सारांश;
6. ``## अभ्यास`` as the last ``##`` section, directly after सारांश or the quiz.

The chapters are fixed by their owners; this test names the first rule each one breaks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import BOOK

CHAPTERS = sorted(BOOK.glob("ch[0-9][0-9]_*.md"))
GOALS = "सीखने के उद्देश्य"
SUMMARY = "सारांश"
QUIZ = "स्वयं जाँचें"
EXERCISES = "अभ्यास"
FENCE = re.compile(r"^(`{3,}|~{3,})")


def outline(text: str) -> tuple[list[tuple[int, str, int]], list[str]]:
    """(level, heading, line index) of every Markdown heading outside front matter and code
    fences, and the lines with fenced blocks blanked (so code comments are not headings)."""
    lines = text.splitlines()
    visible: list[str] = []
    i = 0
    if lines and lines[0].strip() == "---":  # YAML front matter
        end = next((k for k in range(1, len(lines)) if lines[k].strip() == "---"), 0)
        visible.extend([""] * (end + 1))
        i = end + 1
    fence: str | None = None
    for line in lines[i:]:
        m = FENCE.match(line.lstrip())
        if fence is None and m:
            fence = m.group(1)
            visible.append("")
        elif fence is not None:
            if line.lstrip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = None
            visible.append("")
        else:
            visible.append(line)
    heads = []
    for k, line in enumerate(visible):
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if m:
            heads.append((len(m.group(1)), m.group(2).strip(), k))
    return heads, visible


def shape_problems(text: str) -> list[str]:
    """What is wrong with the shape of one chapter (empty list: nothing)."""
    heads, lines = outline(text)
    h1 = [h for h in heads if h[0] == 1]
    h2 = [h for h in heads if h[0] == 2]
    problems: list[str] = []
    if len(h1) != 1:
        problems.append(f"expected one '#' title, found {len(h1)}")
    if not h2:
        return problems + ["no '##' sections"]
    titles = [t for _, t, _ in h2]
    if h1:
        between = [ln for ln in lines[h1[0][2] + 1:h2[0][2]] if ln.strip()]
        if not between:
            problems.append("no opening paragraph between the '#' title and the first '##'")
    if titles[0] != GOALS:
        problems.append(f"first '##' is {titles[0]!r}, not {GOALS!r}")
    else:
        end = h2[1][2] if len(h2) > 1 else len(lines)
        body = [ln.strip() for ln in lines[h2[0][2] + 1:end] if ln.strip()]
        if not body or not re.fullmatch(r"इस अध्याय के बाद आप:?", body[0]):
            problems.append(f"'{GOALS}' does not open with 'इस अध्याय के बाद आप' "
                            f"(found {body[0][:40] if body else 'nothing'!r})")
        items = [ln for ln in body[1:] if re.match(r"^\d+\.\s", ln)]
        bullets = [ln for ln in body[1:] if re.match(r"^[-*+]\s", ln)]
        if bullets or len(items) < 3:
            problems.append(f"'{GOALS}' needs a numbered list of at least 3 goals "
                            f"(found {len(items)} numbered, {len(bullets)} bulleted)")
        vague = [ln[:30] for ln in items if "सकेंगे" not in ln]
        if vague:
            problems.append(f"goals without 'सकेंगे': {vague}")
    for name in (SUMMARY, EXERCISES):
        if titles.count(name) != 1:
            problems.append(f"'## {name}' appears {titles.count(name)} times (need exactly once)")
    if titles.count(QUIZ) > 1:
        problems.append(f"'## {QUIZ}' appears more than once")
    if problems:
        return problems
    s, e = titles.index(SUMMARY), titles.index(EXERCISES)
    if e != len(titles) - 1:
        problems.append(f"'## {EXERCISES}' is not the last section (after it: {titles[e + 1:]})")
    tail = titles[s + 1:e]
    if tail not in ([], [QUIZ]):
        problems.append(f"between '{SUMMARY}' and '{EXERCISES}' only '{QUIZ}' may stand; found {tail}")
    if s < 3:  # goals + at least two body sections before the summary
        problems.append(f"fewer than two body sections before '{SUMMARY}' ({titles[1:s]})")
    if QUIZ in titles and titles.index(QUIZ) < s:
        problems.append(f"'{QUIZ}' stands before '{SUMMARY}'")
    return problems


def test_there_are_eight_chapters():
    assert len(CHAPTERS) == 8, [p.name for p in CHAPTERS]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.name for p in CHAPTERS])
def test_chapter_has_the_common_shape(chapter: Path):
    problems = shape_problems(chapter.read_text(encoding="utf8"))
    assert not problems, f"{chapter.name}:\n- " + "\n- ".join(problems)


# --- the checker itself ----------------------------------------------------------------------

GOOD = """---
kernelspec:
  name: python3
---

# शीर्षक

एक छोटा परिचय।

## सीखने के उद्देश्य

इस अध्याय के बाद आप:

1. क बता सकेंगे।
2. ख समझा सकेंगे।
3. ग कर सकेंगे।

## पहला भाग

```{code-cell} ipython3
# a comment, not a heading
## nor this
```

## दूसरा भाग

### उप-भाग

## सारांश

- सार।

## अभ्यास

1. प्रश्न।
"""


def test_good_chapter_passes_with_and_without_quiz():
    assert shape_problems(GOOD) == []
    with_quiz = GOOD.replace("## अभ्यास", "## स्वयं जाँचें\n\nप्रश्नोत्तरी।\n\n## अभ्यास")
    assert shape_problems(with_quiz) == []


@pytest.mark.parametrize("broken, expected", [
    (GOOD.replace("## सारांश\n\n- सार।\n\n", ""), "'## सारांश' appears 0 times"),
    (GOOD.replace("इस अध्याय के बाद आप:", "इस अध्याय में"), "does not open with"),
    (GOOD.replace("1. क", "- क").replace("2. ख", "- ख").replace("3. ग", "- ग"), "numbered list"),
    (GOOD.replace("## अभ्यास", "## स्वयं जाँचें\n\nप्र।\n\n## टिप्पणी\n\n## अभ्यास"), "only 'स्वयं जाँचें'"),
    (GOOD.replace("\nएक छोटा परिचय।\n", ""), "opening paragraph"),
    (GOOD + "\n## परिशिष्ट\n", "not the last section"),
    (GOOD.replace("## दूसरा भाग", "### दूसरा भाग"), "fewer than two body sections"),
])
def test_broken_chapters_fail(broken: str, expected: str):
    problems = shape_problems(broken)
    assert any(expected in p for p in problems), problems


def test_exercises_before_summary_fails():
    swapped = GOOD.replace("## सारांश\n\n- सार।\n\n## अभ्यास\n\n1. प्रश्न।\n",
                           "## अभ्यास\n\n1. प्रश्न।\n\n## सारांश\n\n- सार।\n")
    assert any("not the last section" in p for p in shape_problems(swapped))
