"""Benchmark of the book: build times, test-suite time, page weight, model run times.

A script, not a test (pytest does not collect it: no ``test_`` prefix). Run from the
repository root:

    python tests/benchmark.py                 # clean build, rebuild, page weights, models
    python tests/benchmark.py --tests         # also time the whole test suite
    python tests/benchmark.py --html _build/html --no-build   # weights of an existing build
    python tests/benchmark.py --no-build --html _build/html --lighthouse   # + Lighthouse, every page
    python tests/benchmark.py --no-build --html _build/html --lighthouse --runs 3   # median of 3

Clean build: a fresh output directory (new jupyter-cache, so every notebook runs).
Rebuild: the same directory after touching one chapter (its mtime only).
Page weight: gzip (level 6) of everything a page loads on a first visit read to the
end: the HTML, its scripts, stylesheets, preloads and images, the files the
stylesheets pull in with ``url(...)`` (fonts), and what ``figures.js`` fetches as the
figures come near (plotly.js and each figure's ``_figures/*.json``). tests/test_browser.py measures the same in Chromium and
enforces the budget (150 KB text page, 600 KB model chapter).

Lighthouse (``--lighthouse``): Lighthouse 12.2.3, mobile preset (simulated slow 4G,
4× CPU slowdown), on every page of the book served with gzip from 127.0.0.1 (a
plain ``http.server`` does not compress and makes pages look three times slower);
prints performance, FCP, LCP, TBT, CLS and the accessibility, best-practices and
SEO scores per page, against the goals of issue 18 (performance ≥ 90, LCP ≤ 2.5 s,
TBT ≤ 200 ms, CLS ≤ 0.02, the other three 100). Needs ``/usr/bin/chromium`` and
Node ≥ 18; installs Lighthouse into ``$LIGHTHOUSE_DIR`` (default ``/tmp/lh``) once.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import os
import shutil
import threading
import re
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "book"))

from conftest import toc_files  # noqa: E402

sys.path.insert(0, str(ROOT / "book" / "_ext"))
from book_offline import CSS_URL, AssetRefs  # noqa: E402

BUDGET_TEXT_KB = 150
BUDGET_MODEL_KB = 600
BUDGET_SEARCH_KB = 200  # the one page that loads the whole book's search index


# ----------------------------------------------------------------------------- build


def _jupyter_book() -> str:
    return str(Path(sys.executable).with_name("jupyter-book"))


def _build(output_dir: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [_jupyter_book(), "build", str(ROOT), "--path-output", str(output_dir)],
        cwd=ROOT, capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], sep="\n")
        raise SystemExit("build failed")
    return elapsed


def time_builds(output_dir: Path) -> Path:
    clean = _build(output_dir)
    print(f"clean build:                 {clean:7.1f} s   (fresh output dir: every notebook executes)")
    chapter = ROOT / f"{toc_files()[1]}.md"
    os.utime(chapter)  # touch: new mtime, same content
    rebuild = _build(output_dir)
    print(f"rebuild after touching one:  {rebuild:7.1f} s   ({chapter.relative_to(ROOT)})")
    return output_dir / "_build" / "html"


def time_tests() -> None:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=ROOT,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    summary = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
    print(f"test suite:                  {elapsed:7.1f} s   ({summary})")


# ----------------------------------------------------------------------------- page weight


# the same asset list the offline precache uses (book/_ext/book_offline.py)
_Assets, _CSS_URL = AssetRefs, CSS_URL


def _local_file(html_root: Path, base_url: str, ref: str) -> tuple[str, Path | None]:
    url = urljoin(base_url, ref)
    parsed = urlparse(url)
    if parsed.scheme not in ("", "file") or parsed.netloc:
        return url, None  # external: the browser test forbids these
    return url, html_root / unquote(parsed.path).lstrip("/")


def page_files(html_root: Path, page: str) -> list[Path]:
    """Every local file a first visit to ``page`` loads (static analysis)."""
    base = "/" + page
    parser = _Assets()
    parser.feed((html_root / page).read_text(encoding="utf8"))
    seen: dict[Path, None] = {html_root / page: None}
    queue = [(base, ref) for ref in parser.urls]
    while queue:
        origin, ref = queue.pop()
        if ref.startswith("data:"):
            continue
        url, path = _local_file(html_root, origin, ref)
        if path is None or path in seen or not path.is_file():
            continue
        seen[path] = None
        if path.suffix == ".css":
            css = path.read_text(encoding="utf8", errors="replace")
            for m in _CSS_URL.finditer(css):
                found = m.group(1) or m.group(2)
                # a font is fetched only if used; the book's CSS no longer uses the icon fonts
                if "fontawesome" in found:
                    continue
                queue.append((urlparse(url).path, found))
    return list(seen)


def gzip_kb(paths: list[Path]) -> float:
    return sum(len(gzip.compress(p.read_bytes(), compresslevel=6)) for p in paths) / 1024


def page_weights(html_root: Path) -> None:
    pages = [f"{name}.html" for name in toc_files()] + ["search.html", "genindex.html"]
    print(f"\npage weight, gzip, first visit (budget: text {BUDGET_TEXT_KB} KB, model chapter {BUDGET_MODEL_KB} KB, "
          f"search page {BUDGET_SEARCH_KB} KB)")
    print(f"{'page':42s} {'total KB':>9s} {'html KB':>8s} {'figures':>8s}  status")
    for page in pages:
        path = html_root / page
        if not path.is_file():
            print(f"{page:42s} {'missing':>9s}")
            continue
        html = path.read_text(encoding="utf8")
        figures = html.count('class="plotly-graph-div')
        total = gzip_kb(page_files(html_root, page))
        budget = BUDGET_MODEL_KB if figures else BUDGET_TEXT_KB
        if page == "search.html":
            budget = BUDGET_SEARCH_KB
        status = "ok" if total <= budget else f"OVER {budget} KB"
        print(f"{page:42s} {total:9.1f} {gzip_kb([path]):8.1f} {figures:8d}  {status}")


# ----------------------------------------------------------------------------- Lighthouse

LIGHTHOUSE_VERSION = "12.2.3"
GOALS = {"performance": 90, "lcp_s": 2.5, "tbt_ms": 200, "cls": 0.02, "accessibility": 100,
         "best-practices": 100, "seo": 100}


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip for text types, as a web host serves them."""

    TEXT = ("text", "javascript", "json", "svg", "xml")

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        if (not os.path.isfile(path) or not any(t in ctype for t in self.TEXT)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        with open(path, "rb") as fin:
            body = gzip.compress(fin.read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


def _lighthouse_cli() -> str:
    home = Path(os.environ.get("LIGHTHOUSE_DIR", "/tmp/lh"))
    cli = home / "node_modules" / ".bin" / "lighthouse"
    if not cli.exists():
        home.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "i", "-E", f"lighthouse@{LIGHTHOUSE_VERSION}"], cwd=home, check=True,
                       capture_output=True)
    return str(cli)


def lighthouse_row(cli: str, url: str, out: Path) -> dict:
    """One Lighthouse run (mobile preset) of ``url``: the table's numbers."""
    result = subprocess.run(
        [cli, url, "--chrome-flags=--headless=new --no-sandbox", "--output=json", f"--output-path={out}",
         "--quiet", "--only-categories=performance,accessibility,best-practices,seo"],
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0 or not out.is_file():
        return {"error": (result.stderr or result.stdout).strip().splitlines()[-1:] or ["failed"]}
    report = json.loads(out.read_text(encoding="utf8"))
    audits = report["audits"]
    scores = {k: round(v["score"] * 100) for k, v in report["categories"].items() if v["score"] is not None}
    failing = sorted(
        audit_id for cat in ("accessibility", "best-practices", "seo")
        for ref in report["categories"][cat]["auditRefs"]
        if ref["weight"] and (audit_id := ref["id"]) and audits[audit_id].get("score") not in (None, 1)
    )
    return {
        **scores,
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kb": audits["total-byte-weight"]["numericValue"] / 1024,
        "failing": failing,
    }


def _meets(row: dict) -> bool:
    return (row.get("performance", 0) >= GOALS["performance"] and row["lcp_s"] <= GOALS["lcp_s"]
            and row["tbt_ms"] <= GOALS["tbt_ms"] and row["cls"] <= GOALS["cls"]
            and all(row.get(k, 0) >= GOALS[k] for k in ("accessibility", "best-practices", "seo")))


def median_run(runs: list[dict]) -> dict:
    """The run with the median performance score (Lighthouse's advice for variable runs), with the
    range of total blocking time over all runs added as ``tbt_range_ms``."""
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return runs[0]
    ranked = sorted(ok, key=lambda r: (r.get("performance", 0), -r["tbt_ms"]))
    row = dict(ranked[(len(ranked) - 1) // 2])
    row["tbt_range_ms"] = (min(r["tbt_ms"] for r in ok), max(r["tbt_ms"] for r in ok))
    return row


def lighthouse_table(html_root: Path, pages: list[str] | None = None, runs: int = 1) -> list[dict]:
    """Lighthouse on every page (or ``pages``), served with gzip; prints the table.

    With ``runs`` > 1 each page is measured that many times and the median run is printed, with
    the range of TBT over the runs (on a 2-core machine one page's TBT varies by ~100-200 ms).
    """
    if not Path("/usr/bin/chromium").exists() or not shutil.which("node"):
        print("\nLighthouse: needs /usr/bin/chromium and Node")
        return []
    cli = _lighthouse_cli()
    pages = pages or [f"{name}.html" for name in toc_files()] + ["search.html", "genindex.html"]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_GzipHandler, directory=str(html_root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"\nLighthouse {LIGHTHOUSE_VERSION}, mobile preset (slow 4G, 4x CPU), gzip; goals: performance >= 90, "
          "LCP <= 2.5 s, TBT <= 200 ms, CLS <= 0.02, a11y/BP/SEO 100"
          + (f"; median of {runs} runs per page, TBT range in brackets" if runs > 1 else ""))
    header = (f"{'page':36s} {'perf':>4s} {'FCP':>6s} {'LCP':>6s} {'TBT':>7s} {'CLS':>6s} "
              f"{'a11y':>4s} {'BP':>4s} {'SEO':>4s} {'KB':>6s}  status")
    print(header)
    rows = []
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        try:
            for page in pages:
                if not (html_root / page).is_file():
                    print(f"{page:36s} missing")
                    continue
                out = Path(tmp) / (page.replace("/", "_") + ".json")
                row = median_run([lighthouse_row(cli, base + page, out) for _ in range(max(1, runs))])
                row["page"] = page
                rows.append(row)
                if "error" in row:
                    print(f"{page:36s} Lighthouse failed: {row['error']}")
                    continue
                status = "ok" if _meets(row) else "BELOW GOAL " + " ".join(row["failing"])
                print(f"{page:36s} {row.get('performance', 0):4d} {row['fcp_s']:5.1f}s {row['lcp_s']:5.1f}s "
                      f"{row['tbt_ms']:5.0f}ms {row['cls']:6.3f} {row.get('accessibility', 0):4d} "
                      f"{row.get('best-practices', 0):4d} {row.get('seo', 0):4d} {row['kb']:6.0f}  {status}"
                      + (" [TBT %.0f-%.0f ms]" % row["tbt_range_ms"] if runs > 1 else ""),
                      flush=True)
        finally:
            server.shutdown()
            server.server_close()
    return rows


# ----------------------------------------------------------------------------- models


def _energy():
    from muscle_models import energy

    return energy.simulate(energy.all_out_demand(30.0), 60.0)


def _calcium():
    from muscle_models import calcium

    return calcium.simulate(frequency_hz=100, n_pulses=100, t_end_s=1.0)


def _nmj():
    from muscle_models import nmj

    return nmj.repetitive_stimulation(3, 10, seed=0)


def _fatigue3c():
    from muscle_models import fatigue3c

    return fatigue3c.simulate(0.3, 600)


def _motor_units():
    from muscle_models import motor_units

    return motor_units.MotorUnitPool().simulate(0.5, 1.0)


def _training():
    from muscle_models import training

    return training.simulate(8)


def _critical_power():
    from muscle_models import critical_power

    power = critical_power.interval_power_w(400.0, 30, 100.0, 30, 10)  # 10 × (30 s at 400 W, 30 s at 100 W)
    return critical_power.w_balance_j(power, 1.0, 250.0, 20000.0)


MODELS = {
    "energy.simulate(all_out_demand(30 s), 60 s)": _energy,
    "calcium.simulate(100 Hz, 100 pulses, 1 s)": _calcium,
    "nmj.repetitive_stimulation(3, 10, seed=0)": _nmj,
    "fatigue3c.simulate(0.3, 600)": _fatigue3c,
    "motor_units.MotorUnitPool().simulate(0.5, 1.0)": _motor_units,
    "training.simulate(8)": _training,
    "critical_power.w_balance_j(10 intervals)": _critical_power,
}


def time_models() -> None:
    print("\nmodel run time (one run each, after import)")
    for label, run in MODELS.items():
        module = label.split(".")[0]
        try:
            __import__(f"muscle_models.{module}")
        except ImportError:
            print(f"  {label:50s} not available")
            continue
        try:
            start = time.perf_counter()
            run()
            print(f"  {label:50s} {1000 * (time.perf_counter() - start):9.1f} ms")
        except (AttributeError, TypeError) as exc:  # API not (yet) as in the issue
            print(f"  {label:50s} not available ({type(exc).__name__}: {exc})")
        except Exception as exc:  # report, do not hide, a model that fails
            print(f"  {label:50s} FAILED ({type(exc).__name__}: {exc})")


# ----------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-build", action="store_true", help="skip the build timings")
    parser.add_argument("--html", type=Path, help="measure this built book (default: the benchmark's build)")
    parser.add_argument("--tests", action="store_true", help="also time the whole test suite (slow)")
    parser.add_argument("--lighthouse", action="store_true",
                        help="Lighthouse (mobile) on every page: performance, FCP, LCP, TBT, CLS, a11y, BP, SEO")
    parser.add_argument("--pages", nargs="*", help="with --lighthouse: only these pages (e.g. book/ch08_energy.html)")
    parser.add_argument("--runs", type=int, default=1,
                        help="with --lighthouse: runs per page; prints the median run and the TBT range")
    args = parser.parse_args(argv)

    html_root = args.html
    with tempfile.TemporaryDirectory(prefix="jb-benchmark-") as tmp:
        if not args.no_build:
            built = time_builds(Path(tmp))
            html_root = html_root or built
        if args.tests:
            time_tests()
        if html_root is None:
            html_root = ROOT / "_build" / "html"
        page_weights(html_root)
        if args.lighthouse:
            lighthouse_table(html_root, args.pages, runs=args.runs)
    time_models()


if __name__ == "__main__":
    main()
