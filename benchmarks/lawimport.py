"""How long `gapcheck import-law` takes on SFS 2025:1506 (a script, not a test): `make bench`.

1. parse: the official plain text → 177 provisions with ids (the parser alone);
2. import: parse, documented repairs, requirements, the diff against the shipped version with
   decisions carried over, and the YAML file rendered — everything but file I/O;
3. command: `service.import_law(..., dry_run=True)` as `gapcheck import-law --dry-run` runs it,
   which also loads and checks the whole shipped catalog (the larger share of its time);
4. PDF: the same text laid out as a 10-page PDF (generated), extracted and parsed.

Median of N runs after a warm-up. The target (issue 13): importing SFS 2025:1506 well under a
second. The text is read from ../shared/reference/ beside the repository.

    .venv/bin/python benchmarks/lawimport.py [--runs 15]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from gapcheck import service
from gapcheck.catalog import default_catalog_root, load_catalog
from gapcheck.lawtext import (
    apply_repairs,
    continue_versions,
    load_repairs,
    parse_law,
    pdf_text,
    render_version,
    requirements_of,
)

REPO = Path(__file__).resolve().parents[1]
TEXT = REPO.parent / "shared" / "reference" / "sfs-2025-1506.txt"
sys.path.insert(0, str(REPO))


def median_seconds(func: Callable[[], object], runs: int) -> float:
    func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _pdf(text: str) -> bytes:
    from tests.support.pdf_builder import make_pdf  # the tests' minimal PDF writer

    lines = [line.strip() for line in text.replace("\r", "").split("\n")[4:]]
    pages, page, y = [], [], 780.0
    for line in lines:
        if y < 80:
            pages.append(page)
            page, y = [], 780.0
        if line:
            page.append((72.0, y, 10.0, line))
        y -= 13.0 if line else 9.0  # a wider gap between paragraphs
    pages.append(page)
    return make_pdf(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not TEXT.is_file():
        sys.exit(f"{TEXT} is not there: the benchmark reads the official text beside the repo")
    text = TEXT.read_text(encoding="utf-8")
    root = default_catalog_root()
    catalog = load_catalog(root)
    shipped = next(v for v in catalog.versions_of("csl") if v.version.id == "sfs-2025-1506")
    repairs = load_repairs(root / "mappings" / "sources" / "csl" / "repairs.toml", "repairs")

    def parse() -> object:
        return parse_law(text, str(TEXT))

    def build() -> object:
        law = parse_law(text, str(TEXT))
        provisions, _, _ = apply_repairs(list(law.provisions), repairs, "csl:")
        version = shipped.version.model_copy(update={"id": "bench", "supersedes": None})
        reqs = requirements_of(provisions, "csl:", "sv")
        done = continue_versions(reqs, shipped.source, version, shipped, [shipped])
        return render_version(shipped.source, version, done.requirements, "benchmark")

    def command() -> object:
        return service.import_law(
            "csl", TEXT, "bench", "consolidated", dt.date(2026, 11, 28), dry_run=True
        )

    pdf = _pdf(text)

    def from_pdf() -> object:
        return parse_law(pdf_text(pdf, "sfs-2025-1506.pdf"), "sfs-2025-1506.pdf")

    n = len(parse_law(text, str(TEXT)).provisions)
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.system()}; runs: {args.runs}"
    )
    print(f"SFS 2025:1506: {len(text)} characters, {n} provisions")
    for name, func in (
        ("parse", parse),
        ("import (parse + continuity + YAML)", build),
        ("command (dry run, loads the catalog)", command),
        (f"PDF ({len(pdf) // 1024} KiB) extract + parse", from_pdf),
    ):
        print(f"{name:40s} {median_seconds(func, args.runs) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
