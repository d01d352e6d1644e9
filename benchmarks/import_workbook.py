"""How long `import-measures` takes on large and hostile workbooks (a script, not a test).

Issue 14 item 7 measured 47 s before an error for an xlsx with 1.3 million blank rows, and a
200,000-line error for 200,000 invalid rows. Each case here is built from the example
organisation's own workbook (examples/aldreforvaltningen) by editing its XML, then read with
`gapcheck.report.read_workbook`, timed (wall and CPU) with the peak Python memory:

1. as exported (39 measures);
2. 1.3 million formatted blank rows below the plan (57 MB of sheet XML);
3. 200,000 rows with an unknown status (over `xlsxread.MAX_PLAN_ROWS`), and 9,000 (under it:
   each row validated, the problems listed capped at `xlsxread.MAX_PROBLEMS`);
4. one cell of 30 MB (over Excel's 32,767-character limit);

and the write path: `update_measures_yaml` on a measures.yaml of N measures with one changed
(default 1,000: the comment-keeping round trip; above `yamledit.ROUND_TRIP_MAX` measures the
file is rewritten in gapcheck's layout instead).

    .venv/bin/python benchmarks/import_workbook.py [--measures 1000] [--blank 1300000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gapcheck.catalog import default_catalog_root, load_catalog, load_org
from gapcheck.engine import analyze
from gapcheck.report import build_workbook, read_workbook
from gapcheck.report.yamledit import update_measures_yaml
from gapcheck.report.yamlout import measures_yaml

EXAMPLE = Path(__file__).parents[1] / "examples" / "aldreforvaltningen"


def measure(func: Callable[[], Any]) -> tuple[Any, float, float, float]:
    """(value, wall s, CPU s, peak MB of Python allocations); the peak in a second run, since
    tracemalloc slows the code it watches."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = func()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return value, wall, cpu, peak


def plan_part(xlsx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        workbook = book.read("xl/workbook.xml").decode()
        rels = book.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(r'<sheet [^>]*name="Åtgärdsplan"[^>]*r:id="([^"]+)"', workbook)
    assert rid is not None
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels
    )
    assert target is not None
    return "xl/" + target.group(1).removeprefix("/xl/")


def edited(xlsx: bytes, change: Callable[[bytes], bytes]) -> bytes:
    part = plan_part(xlsx)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", 8) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, change(data) if info.filename == part else data)
    return out.getvalue()


def cases(xlsx: bytes, blank: int) -> dict[str, bytes]:
    def blank_rows(xml: bytes) -> bytes:
        rows = b"".join(b'<row r="%d"><c r="A%d" s="1"/></row>' % (i, i) for i in range(50, blank))
        return xml.replace(b"</sheetData>", rows + b"</sheetData>")

    def invalid_rows(xml: bytes, n: int) -> bytes:
        rows = b"".join(
            b'<row r="%d"><c r="B%d" t="inlineStr"><is><t>X-%d</t></is></c>'
            b'<c r="C%d" t="inlineStr"><is><t>x</t></is></c>'
            b'<c r="D%d" t="inlineStr"><is><t>okand</t></is></c></row>' % (i, i, i, i, i)
            for i in range(50, 50 + n)
        )
        return xml.replace(b"</sheetData>", rows + b"</sheetData>")

    def huge_cell(xml: bytes) -> bytes:
        return xml.replace(b">Kompetensh", b">" + b"x" * 30_000_000 + b"Kompetensh", 1)

    return {
        "as exported": xlsx,
        f"{blank:,} blank rows": edited(xlsx, blank_rows),
        "200,000 invalid rows": edited(xlsx, lambda xml: invalid_rows(xml, 200_000)),
        "9,000 invalid rows": edited(xlsx, lambda xml: invalid_rows(xml, 9_000)),
        "a 30 MB cell": edited(xlsx, huge_cell),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--measures", type=int, default=1000)
    parser.add_argument("--blank", type=int, default=1_300_000)
    args = parser.parse_args()
    catalog = load_catalog(default_catalog_root())
    org = load_org(EXAMPLE, catalog)
    result = analyze(catalog, org, dt.date(2026, 11, 28), dict(org.organisation.source_versions))
    buffer = io.BytesIO()
    build_workbook(result, catalog, org, "sv", impacts={}).save(buffer)
    print(f"{'case':<26} {'xlsx MB':>8} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in cases(buffer.getvalue(), args.blank).items():
            path = Path(tmp) / "plan.xlsx"
            path.write_bytes(data)
            read, wall, cpu, peak = measure(lambda p=path: read_workbook(p))
            outcome = (
                f"{len(read.measures)} measures"
                if not read.problems
                else f"{len(read.problems)} problems: {str(read.problems[0])[:70]}"
            )
            size = len(data) / 1e6
            print(f"{name:<26} {size:>8.1f} {wall:>7.2f} {cpu:>7.2f} {peak:>8.0f}  {outcome}")
    base = org.measures[0]
    many = [
        base.model_copy(update={"id": f"M-{i:05d}", "due": None, "plan_year": None})
        for i in range(args.measures)
    ]
    text = "# Åtgärder\n" + measures_yaml(many)
    changed = [*many[:-1], many[-1].model_copy(update={"owner": "CISO"})]
    (data, notes), wall, cpu, peak = measure(lambda: update_measures_yaml(text, many, changed))
    kept = "comments kept" if not notes else "rewritten"
    print(
        f"{f'write {args.measures:,} measures':<26} {len(text) / 1e6:>8.1f} {wall:>7.2f} "
        f"{cpu:>7.2f} {peak:>8.0f}  {kept}, {len(data) / 1e6:.1f} MB written"
    )


if __name__ == "__main__":
    main()
