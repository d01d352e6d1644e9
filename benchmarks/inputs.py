"""Worst inputs within the loader's limits (issue 14 items 5-7): CPU time and peak memory of
`gapcheck validate` on each, every case in a fresh process (a script, not a test).

Target: every input the limits admit loads (or is refused) in a few seconds of CPU and a few
hundred MB. Cases, each one organisation folder (the tiny test catalog) whose measures.yaml is:

- valid-max: valid measures up to the file limit (MAX_FILE_BYTES);
- invalid-max: the same, every row with a wrong status (one problem per row; 50 are printed);
- tiny-nodes: one flow list of 1s up to the file limit (stopped by MAX_ITEMS);
- long-values: values of MAX_TEXT_CHARS characters up to the file limit;
- over-long-value: one value over MAX_TEXT_CHARS up to the file limit (refused);
- deep: nesting one level over MAX_DEPTH;
- alias-bomb: nine levels of nine aliases (billion laughs);
- sexagesimal: a YAML 1.1 base-60 integer 1:1:1:… of 824 KB (was 49 s of CPU; now over the
  value limit);
- sexagesimal-30k: such integers of 30 KB each up to the file limit (now text, so cheap);
- digits: a 5,000-digit integer (was a traceback);
- over-limit: a file just over MAX_FILE_BYTES (refused unread).

    .venv/bin/python benchmarks/inputs.py
"""

from __future__ import annotations

import argparse
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from gapcheck.catalog.yamlio import MAX_DEPTH, MAX_FILE_BYTES, MAX_TEXT_CHARS

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"

_ROW = (
    "  - id: M-{i:06}\n"
    "    title: Atgard nummer {i} for informationssakerhet\n"
    "    owner: Informationssakerhetssamordnare\n"
    "    status: {status}\n"
    "    plan_year: 2026\n"
    "    evidence: [Dokument {i}]\n"
    "    controls:\n"
    "      - {{control: iso27001:A.5.1, extent: full}}\n"
)


def _rows(status: str, limit: int = MAX_FILE_BYTES - 1024) -> str:
    parts, size, i = ["measures:\n"], 10, 0
    while True:
        i += 1
        row = _ROW.format(i=i, status=status)
        if size + len(row) > limit:
            return "".join(parts)
        parts.append(row)
        size += len(row)


def _filled(unit: str, head: str = "measures: [", tail: str = "]\n") -> str:
    count = (MAX_FILE_BYTES - 1024 - len(head) - len(tail)) // len(unit)
    return head + unit * count + tail


def _long_values() -> str:
    value = "x" * MAX_TEXT_CHARS
    row = f"  - id: M-{{i:05}}\n    title: T\n    description: {value}\n    status: planned\n"
    parts, size, i = ["measures:\n"], 10, 0
    while size + len(row) + 10 < MAX_FILE_BYTES - 1024:
        i += 1
        parts.append(row.format(i=i) + "    controls: [{control: iso27001:A.5.1}]\n")
        size += len(parts[-1])
    return "".join(parts)


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    return "\n".join(lines) + "\nmeasures: []\n"


_SEXAGESIMAL_30K = ":".join(["1"] * 15_000)

CASES: dict[str, Callable[[], str]] = {
    "valid-max": lambda: _rows("planned"),
    "invalid-max": lambda: _rows("klar"),
    "tiny-nodes": lambda: _filled("1,"),
    "long-values": _long_values,
    "over-long-value": lambda: "measures:\n  - title: " + "x" * (MAX_FILE_BYTES - 1024) + "\n",
    "deep": lambda: "measures: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
    "alias-bomb": _alias_bomb,
    "sexagesimal": lambda: "measures: []\nx: " + ":".join(["1"] * 412_000) + "\n",
    "sexagesimal-30k": lambda: _filled(
        ":".join(["1"] * 15_000) + ", ", "x: [", "]\nmeasures: []\n"
    ),
    "digits": lambda: "measures: []\nx: " + "9" * 5000 + "\n",
    "over-limit": lambda: "measures: []\n# " + "x" * MAX_FILE_BYTES + "\n",
}


def measure(name: str, text: str, workdir: Path) -> tuple[float, float, float, int, str]:
    """(size MB, CPU s, wall s, peak RSS MB, first line of the outcome) of one validate run."""
    org = workdir / name
    shutil.copytree(DATA / "org_tiny", org)
    (org / "risks.yaml").write_text("risks: []\n", encoding="utf-8")
    (org / "measures.yaml").write_text(text, encoding="utf-8")
    probe = (
        "import resource, sys, time\n"
        "from gapcheck.cli import app\n"
        "start = time.process_time()\n"
        "code = 0\n"
        "try:\n"
        "    app(['validate', sys.argv[1], '--catalog', sys.argv[2], '--lang', 'en'])\n"
        "except SystemExit as exc:\n"
        "    code = exc.code or 0\n"
        "cpu = time.process_time() - start\n"
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(f'@@ {cpu} {rss}', file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", probe, str(org), str(DATA / "catalog_tiny")],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    stats = next(line for line in done.stderr.splitlines() if line.startswith("@@ "))
    cpu, rss = stats.split()[1:]
    lines = [x.strip() for x in done.stderr.splitlines() if x and not x.startswith("@@")]
    outcome = " ".join(lines[:2])[:100] if done.returncode else "valid"
    if "Traceback" in done.stderr:
        outcome = "TRACEBACK " + outcome
    size = (org / "measures.yaml").stat().st_size / 1e6
    return size, float(cpu), wall, int(rss) // 1024, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", default=list(CASES), help="cases to run")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, CPython {platform.python_version()}, {platform.system()}"
    )
    print(f"{'case':<16} {'MB':>6} {'CPU s':>6} {'wall s':>7} {'RSS MB':>7}  outcome")
    with tempfile.TemporaryDirectory(prefix="gapcheck-inputs-") as tmp:
        for name in args.cases:
            size, cpu, wall, rss, outcome = measure(name, CASES[name](), Path(tmp))
            print(f"{name:<16} {size:6.2f} {cpu:6.2f} {wall:7.2f} {rss:7d}  {outcome}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(f"largest peak RSS of a case: {peak} MB")


if __name__ == "__main__":
    main()
