"""Apply the book's style sheet (book/STYLE.md) to its pages.

Reads the table of rivals between ``<!-- rivals:start -->`` and ``<!-- rivals:end -->`` in
book/STYLE.md and the two spelling rules of its section 1 (no nukta on क ख ग ज फ; no
chandrabindu on a vowel sign above the top line), finds every use in the pages and, with
``--write``, replaces it by the canonical form. Dry run by default: it prints each change as
``file:line: rival -> canonical`` and a count.

    .venv/bin/python book/_ext/tools/fix_style.py              # dry run, all book/*.md
    .venv/bin/python book/_ext/tools/fix_style.py --write      # apply
    .venv/bin/python book/_ext/tools/fix_style.py book/glossary.md --write

tests/test_style.py uses the same functions, so what the test flags is what this fixes.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

BOOK = Path(__file__).resolve().parents[2]
STYLE = BOOK / "STYLE.md"

# A Devanagari "word character": letters, vowel signs, virama, nukta, and the joiners.
WORD_CHARS = "\u0900-\u0963\u0971-\u097F\u200C\u200D"
NUKTA = "\u093C"
# Consonants that take no nukta in this book (क ख ग ज फ); ड ढ keep theirs (ड़ ढ़ are letters).
NUKTA_BASES = "कखगजफ"
# Precomposed nukta letters: क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़ (U+0958..U+095F); ड़ ढ़ (U+095C, U+095D) stay.
PRECOMPOSED = {chr(c): unicodedata.normalize("NFD", chr(c)) for c in range(0x0958, 0x0960)}
PRECOMPOSED_KEEP = {"\u095C": "\u0921\u093C", "\u095D": "\u0922\u093C"}
CHANDRABINDU = "\u0901"
ANUSVARA = "\u0902"
ABOVE_SIGNS = "\u093F\u0940\u0947\u0948\u094B\u094C"  # ि ी े ै ो ौ


@dataclass(frozen=True)
class Rule:
    canonical: str
    rival: str
    stem: bool  # rival ended in '*': matches any ending, which is kept

    def pattern(self) -> re.Pattern[str]:
        body = re.escape(self.rival)
        tail = f"(?P<tail>[{WORD_CHARS}]*)" if self.stem else f"(?![{WORD_CHARS}])"
        return re.compile(f"(?<![{WORD_CHARS}]){body}{tail}")


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    found: str
    canonical: str
    kind: str  # "rival", "nukta", "chandrabindu"

    def __str__(self) -> str:
        try:
            rel = self.path.relative_to(BOOK.parent)
        except ValueError:
            rel = self.path
        return f"{rel}:{self.line}: {self.kind} {self.found!r} -> {self.canonical!r}"


def parse_rules(style_text: str) -> list[Rule]:
    """The rival table of STYLE.md (between the rivals:start/end markers)."""
    m = re.search(r"<!-- rivals:start -->(.*?)<!-- rivals:end -->", style_text, flags=re.S)
    if m is None:
        raise ValueError("STYLE.md has no <!-- rivals:start --> … <!-- rivals:end --> section")
    rules: list[Rule] = []
    for row in m.group(1).strip().splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) < 2 or cells[0] in ("canonical", "") or set(cells[0]) <= set("-: "):
            continue
        canonical, rivals = cells[0], cells[1]
        if rivals in ("—", "-", ""):
            continue
        c_stem = canonical.endswith("*")
        for rival in (r.strip() for r in rivals.split(",")):
            if not rival:
                continue
            stem = rival.endswith("*")
            if stem != c_stem:
                raise ValueError(f"row {canonical!r}: '*' must mark both columns or neither ({rival!r})")
            rules.append(Rule(canonical.rstrip("*"), rival.rstrip("*"), stem))
    # longer rivals first, so "मूल लेख" is handled before a shorter rival inside it
    rules.sort(key=lambda r: -len(r.rival))
    return rules


def load_rules(style: Path = STYLE) -> list[Rule]:
    return parse_rules(style.read_text(encoding="utf8"))


def _nukta_fix(text: str) -> str:
    for pre, nfd in PRECOMPOSED.items():
        text = text.replace(pre, PRECOMPOSED_KEEP.get(pre, nfd))
    return re.sub(f"([{NUKTA_BASES}]){NUKTA}", r"\1", text)


def _chandrabindu_fix(text: str) -> str:
    return re.sub(f"([{ABOVE_SIGNS}]){CHANDRABINDU}", rf"\1{ANUSVARA}", text)


def _word_at(text: str, start: int, end: int) -> str:
    s, e = start, end
    while s > 0 and re.match(f"[{WORD_CHARS}]", text[s - 1]):
        s -= 1
    while e < len(text) and re.match(f"[{WORD_CHARS}]", text[e]):
        e += 1
    return text[s:e]


def check_text(text: str, rules: list[Rule], path: Path = Path("<text>")) -> list[Finding]:
    """Every style violation in ``text``, in line order."""
    found: list[Finding] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        for rule in rules:
            for m in rule.pattern().finditer(line):
                tail = m.groupdict().get("tail") or ""
                found.append(Finding(path, lineno, m.group(0), rule.canonical + tail, "rival"))
        for m in re.finditer(f"[{NUKTA_BASES}]{NUKTA}|[\u0958-\u095B\u095E]", line):
            word = _word_at(line, m.start(), m.end())
            found.append(Finding(path, lineno, word, _nukta_fix(word), "nukta"))
        for m in re.finditer(f"[{ABOVE_SIGNS}]{CHANDRABINDU}", line):
            word = _word_at(line, m.start(), m.end())
            found.append(Finding(path, lineno, word, _chandrabindu_fix(word), "chandrabindu"))
    return found


def fix_text(text: str, rules: list[Rule]) -> str:
    """``text`` with every rival replaced and the spelling rules applied."""
    text = _chandrabindu_fix(_nukta_fix(text))
    for rule in rules:
        # the rule's own rival may have carried a nukta: match on the spelling-fixed form too
        for rival in {rule.rival, _chandrabindu_fix(_nukta_fix(rule.rival))}:
            r = Rule(rule.canonical, rival, rule.stem)
            text = r.pattern().sub(lambda m: rule.canonical + (m.groupdict().get("tail") or ""), text)
    return text


def pages(book: Path = BOOK) -> list[Path]:
    """The pages the style sheet governs: book/*.md except the style sheet itself."""
    return sorted(p for p in book.glob("*.md") if p.name != STYLE.name)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, help="pages (default: every book/*.md)")
    ap.add_argument("--write", action="store_true", help="change the files (default: dry run)")
    args = ap.parse_args(argv)
    rules = load_rules()
    paths = [p.resolve() for p in args.paths] or pages()
    total = changed = 0
    for path in paths:
        text = path.read_text(encoding="utf8")
        findings = check_text(text, rules, path)
        for f in findings:
            print(f)
        total += len(findings)
        new = fix_text(text, rules)
        if new != text:
            changed += 1
            if args.write:
                path.write_text(new, encoding="utf8")
    verb = "changed" if args.write else "would change"
    print(f"{total} findings; {verb} {changed} of {len(paths)} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
