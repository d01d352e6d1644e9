"""Re-run the figures of the hostile-input and fault review (issue 14, "Done when") in bulk.

Five figures must be 0: tracebacks (an unhandled exception in the CLI, a 5xx from the API),
unloadable files written (an import that exits 0 and leaves an organisation gapcheck refuses),
lost updates (two imports at once, both "done", one change missing), ETag collisions (one ETag
served with two different bodies) and silent wrong results (a hostile input accepted as if it
were fine, an answer paired with the wrong ETag, a formula imported without a word, an unedited
workbook that re-imports with changes). Checks, each on copies of the tiny test data:

- yaml: every hostile YAML case (tests/hostile/yaml/ and the generated ones below) and every
  hostile file-system layout at measures.yaml, through `validate` and `analyze` (CLI, in this
  process) and GET /orgs and /analysis (API, fastapi.testclient);
- workbooks: hostile workbooks made from a real export (broken XML, bad cells, formulas, huge
  cells, blank rows, not a zip …) through `import-measures`;
- concurrent imports: two `import-measures` processes at once, each with its own edit;
- live edits: measures.yaml saved over and over while readers ask the API (check_interval=0);
- SIGKILLs: `import-measures` and `report -o` killed at random moments; what is left must load
  (or open as a workbook) and be the old or the new content.

    .venv/bin/python scripts/hostile_review.py            # about two minutes on 2 cores
    .venv/bin/python scripts/hostile_review.py --quick    # fewer rounds, for a smoke run
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the tests' helpers: tests.support.*

from typer.testing import CliRunner  # noqa: E402

from gapcheck.api.app import create_app  # noqa: E402
from gapcheck.api.config import Settings  # noqa: E402
from gapcheck.catalog.yamlio import MAX_DEPTH, MAX_FILE_BYTES, MAX_TEXT_CHARS  # noqa: E402
from gapcheck.cli import app  # noqa: E402
from tests.support.api_support import AS_OF, READ, TOKENS, TestClient, bearer  # noqa: E402
from tests.support.report_helpers import rewrite_part, sheet_part  # noqa: E402

DATA = REPO / "tests" / "data"
R = bearer(READ)
CATALOG = DATA / "catalog_tiny"
CASES = REPO / "tests" / "hostile" / "yaml"
FIGURES = ("tracebacks", "unloadable", "lost", "collisions", "silent")
HEADERS = {
    "tracebacks": "tracebacks",
    "unloadable": "unloadable written",
    "lost": "lost updates",
    "collisions": "ETag collisions",
    "silent": "silent wrong",
}


@dataclass
class Row:
    """One line of the figures table: what ran, how often, and what went wrong."""

    check: str
    runs: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def bad(self, figure: str, note: str) -> None:
        self.counts[figure] += 1
        if len(self.notes) < 5 or VERBOSE:
            self.notes.append(f"{figure}: {note}"[:300])


VERBOSE = "-v" in sys.argv or "--verbose" in sys.argv
RUNNER = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200"})


def _cli(*args: str | Path, catalog: bool = True) -> tuple[int | None, str, bool]:
    """(exit code, output, crashed) of one in-process CLI run."""
    extra = ["--catalog", str(CATALOG)] if catalog else []
    result = RUNNER.invoke(app, [*map(str, args), *extra])
    crashed = not (result.exception is None or isinstance(result.exception, SystemExit))
    return result.exit_code, result.output, crashed or "Traceback" in result.output


def _fresh_org(root: Path, name: str) -> Path:
    dest = root / name
    shutil.copytree(DATA / "org_tiny", dest)
    return dest


# --- hostile YAML and file-system layouts ------------------------------------------------------


def _generated() -> dict[str, bytes]:
    """Hostile measures.yaml files beyond tests/hostile/yaml/, each one the loader must refuse."""
    head = "measures:\n  - id: M-01\n    title: Policy\n    status: planned\n"
    link = "    controls: [{control: iso27001:A.5.1}]\n"
    cases = {
        "digits-5000": head + "    plan_year: " + "9" * 5000 + "\n" + link,
        "sexagesimal-824k": head + "    owner: " + ":".join(["1"] * 412_000) + "\n" + link,
        "sexagesimal-plan-year": head + "    plan_year: 1:1:1:1\n" + link,
        "over-text-limit": head + "    description: " + "x" * (MAX_TEXT_CHARS + 1) + "\n" + link,
        "deep": "measures: " + "[" * (MAX_DEPTH * 4) + "]" * (MAX_DEPTH * 4) + "\n",
        "over-file-limit": "# " + "x" * MAX_FILE_BYTES + "\nmeasures: []\n",
        "duplicate-key": head + "    status: implemented\n" + link,
        "tag-python-apply": "measures: !!python/object/apply:os.system [echo pwned]\n",
        "tag-omap": "measures: !!omap [{a: 1}]\n",
        "tag-null-abc": head + "    owner: !!null abc\n" + link,
        "tag-verbatim": head + "    plan_year: !<tag:yaml.org,2002:int> abc\n" + link,
        "yaml-directive": "%YAML 1.1\n%TAG ! tag:evil.example,2000:\n---\nmeasures: !x []\n",
        "syntax": "measures: [\n",
        "not-a-mapping": "- a\n- b\n",
        "measures-a-string": "measures: yes\n",
        "unknown-key": head + "    db_password: AKIAIOSFODNN7EXAMPLE\n" + link,
        "wrong-date": head + "    due: 2026-02-30\n" + link,
        "nan-plan-year": head + "    plan_year: .nan\n" + link,
        "inf-plan-year": head + "    plan_year: -.inf\n" + link,
        "empty-id": "measures:\n  - id: ''\n    title: x\n    status: planned\n" + link,
        "bidi-id": 'measures:\n  - id: "M-\\u202e10"\n    title: x\n    status: planned\n' + link,
        "many-aliases": "a: &a [x]\nmeasures: [" + ", ".join(["*a"] * 2000) + "]\n",
        "merge-into-entry": "d: &d {status: planned}\nmeasures:\n  - <<: *d\n    id: M-1\n",
        "tab-indent": "measures:\n\t- id: M-1\n",
    }
    out = {name: text.encode("utf-8") for name, text in cases.items()}
    out["latin-1"] = (head.replace("Policy", "Säkerhet") + link).encode("latin-1")
    out["nul-byte"] = (head + "    owner: a\x00b\n" + link).encode("utf-8")
    out["utf-16"] = (head + link).encode("utf-16")
    out["binary"] = bytes(range(256)) * 8
    out["empty"] = b""
    return out


def _layouts(outside: Path) -> dict[str, Callable[[Path], None]]:
    """What else can be at measures.yaml: each must be a problem, never "no measures"."""

    def replace(make: Callable[[Path], None]) -> Callable[[Path], None]:
        def apply(org: Path) -> None:
            (org / "measures.yaml").unlink()
            make(org / "measures.yaml")

        return apply

    return {
        "dangling-link": replace(lambda p: p.symlink_to(p.parent / "gone.yaml")),
        "link-loop": replace(lambda p: p.symlink_to(p.name)),
        "folder": replace(lambda p: p.mkdir()),
        "fifo": replace(lambda p: os.mkfifo(p)),
        "link-outside": replace(lambda p: p.symlink_to(outside)),
        "socket": replace(lambda p: socket.socket(socket.AF_UNIX).bind(str(p))),
        "dev-zero-link": replace(lambda p: p.symlink_to("/dev/zero")),
    }


def check_yaml(work: Path, rows: list[Row]) -> None:
    orgs = work / "yaml-orgs"
    outside = work / "credentials.yaml"
    outside.write_text("db_password: AKIAIOSFODNN7EXAMPLE\nmeasures: []\n", encoding="utf-8")
    made: list[str] = []
    for case in sorted(CASES.glob("*.yaml")):
        name = "file-" + case.stem
        shutil.copy(case, _fresh_org(orgs, name) / "measures.yaml")
        made.append(name)
    for stem, data in _generated().items():
        name = "gen-" + stem
        (_fresh_org(orgs, name) / "measures.yaml").write_bytes(data)
        made.append(name)
    for stem, make in _layouts(outside).items():
        name = "fs-" + stem
        make(_fresh_org(orgs, name))
        made.append(name)
    cli, api = (
        Row("hostile YAML and layouts: validate + analyze (CLI)"),
        Row("hostile YAML and layouts: /orgs + /analysis (API)"),
    )
    _fresh_org(orgs, "control-valid")  # the harness must tell a valid folder from the rest
    long_name = orgs / ("x" * 300)
    for name in ["control-valid", *made, long_name.name]:
        folder = orgs / name
        for command in ("validate", "analyze"):
            cli.runs += 1
            code, output, crashed = _cli(command, folder, "--lang", "en")
            if crashed:
                cli.bad("tracebacks", f"{command} {name[:40]}")
            elif (code == 0) != (name == "control-valid"):
                cli.bad("silent", f"{command} {name[:40]} exited {code}")
            for leak in ("AKIA", "db_password"):
                if leak in output and name != "gen-unknown-key":
                    cli.bad("silent", f"{command} {name[:40]} shows {leak}")
    settings = Settings(
        catalog_dir=CATALOG, orgs_dirs=[orgs], tokens=TOKENS, check_interval=0, audit_log="off"
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        api.runs += 1
        listed = client.get("/api/v1/orgs", headers=R)
        if listed.status_code >= 500:
            api.bad("tracebacks", f"/orgs {listed.status_code}")
        valid = {o["id"]: o["valid"] for o in listed.json()} if listed.status_code == 200 else {}
        control = client.get(f"/api/v1/orgs/control-valid/analysis?as_of={AS_OF}", headers=R)
        if not valid.get("control-valid") or control.status_code != 200:
            api.bad("silent", f"the valid control answers {control.status_code}")
        for name in made:
            api.runs += 1
            if valid.get(name, False):
                api.bad("silent", f"/orgs lists {name} as valid")
            r = client.get(f"/api/v1/orgs/{name}/analysis?as_of={AS_OF}", headers=R)
            if r.status_code >= 500:
                api.bad("tracebacks", f"{name}: {r.status_code}")
            elif r.status_code != 422:
                api.bad("silent", f"{name}: {r.status_code}")
            elif str(work) in r.text or "AKIA" in r.text:
                api.bad("silent", f"{name}: the 422 body shows a server path or a secret")
    rows += [cli, api]


# --- hostile workbooks -------------------------------------------------------------------------

PLAN = "Åtgärdsplan"


def _cell(ref: str, new: bytes) -> Callable[[bytes], bytes]:
    def change(xml: bytes) -> bytes:
        pattern = rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)'
        return re.sub(pattern, new, xml, count=1, flags=re.S)

    return change


def _owner(text: bytes) -> Callable[[bytes], bytes]:
    """Row 2's Ansvarig (owner) cell as an inline string holding `text`."""
    return _cell("E2", b'<c r="E2" t="inlineStr"><is><t>' + text + b"</t></is></c>")


def _blank_rows(n: int) -> Callable[[bytes], bytes]:
    rows = b"".join(b'<row r="%d"><c r="A%d" s="1"/></row>' % (i, i) for i in range(50, 50 + n))
    return lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>")


XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'

# name -> (part to change: "plan", a part name or "" for the whole file; the change; expected
# outcome: "refused", "imported", "formula" (imported with a notice) or "unchanged")
WORKBOOKS: dict[str, tuple[str, Callable[[bytes], bytes], str]] = {
    "unedited": ("", lambda b: b, "unchanged"),
    "truncated-sheet": ("plan", lambda x: x[: len(x) // 2], "refused"),
    "shared-string-out-of-range": (
        "plan",
        _cell("C2", b'<c r="C2" t="s"><v>99999</v></c>'),
        "refused",
    ),
    "date-cell-9999-99-99": (
        "plan",
        _cell("F2", b'<c r="F2" t="d"><v>9999-99-99</v></c>'),
        "refused",
    ),
    "nan-plan-year": ("plan", _cell("A2", b'<c r="A2"><v>NaN</v></c>'), "refused"),
    "formula-owner": (
        "plan",
        _cell("E2", b'<c r="E2" t="str"><f>"IT-"&amp;"chef"</f><v>IT-chef</v></c>'),
        "formula",
    ),
    "cell-30MB": (
        "plan",
        _owner(b"x" * 30_000_000),
        "refused",
    ),
    "cell-over-text-limit": (
        "plan",
        _cell(
            "E2",
            b'<c r="E2" t="inlineStr"><is><t>' + b"y" * (MAX_TEXT_CHARS + 1) + b"</t></is></c>",
        ),
        "refused",
    ),
    "blank-rows-300k": ("plan", _blank_rows(300_000), "unchanged"),
    "damaged-styles": ("xl/styles.xml", lambda x: x[: len(x) // 3], "refused"),
    "xxe-in-sheet": (
        "plan",
        lambda x: XXE + re.sub(rb"^<\?xml[^>]*\?>", b"", _owner(b"&e;")(x)),
        "refused",
    ),
    "no-workbook-part": ("xl/workbook.xml", lambda x: b"", "refused"),
    "not-a-zip": ("", lambda b: b"PK\x03\x04 this is not a workbook", "refused"),
    "empty-file": ("", lambda b: b"", "refused"),
    "text-file": ("", lambda b: b"ID;Rubrik\nM-01;x\n", "refused"),
    "zip-truncated": ("", lambda b: b[: len(b) // 2], "refused"),
    "escape-in-owner": (
        "plan",
        _owner(b"IT\x1b]0;pwned\x07"),
        "refused-or-imported",
    ),
}


def _make_book(base: Path, dest: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    if not part:
        dest.write_bytes(change(base.read_bytes()))
        return dest
    shutil.copy(base, dest)
    return rewrite_part(dest, sheet_part(dest, PLAN) if part == "plan" else part, change)


def _loads(org: Path) -> bool:
    code, _, crashed = _cli("validate", org, "--lang", "en")
    return code == 0 and not crashed


def check_workbooks(work: Path, rows: list[Row]) -> None:
    row = Row("hostile workbooks: import-measures (CLI)")
    base_org = _fresh_org(work / "wb", "base")
    base = work / "wb" / "base.xlsx"
    code, output, crashed = _cli("report", base_org, "-o", base, "--lang", "sv")
    assert code == 0, output
    assert not crashed, output
    for name, (part, change, expect) in WORKBOOKS.items():
        org = _fresh_org(work / "wb", name)
        book = _make_book(base, work / "wb" / f"{name}.xlsx", part, change)
        before = (org / "measures.yaml").read_bytes()
        row.runs += 1
        started = time.monotonic()
        code, output, crashed = _cli("import-measures", book, org, "--lang", "en")
        took = time.monotonic() - started
        after = (org / "measures.yaml").read_bytes()
        if crashed or "Please see the exception" in output:
            row.bad("tracebacks", f"{name}: {output[-200:]}")
            continue
        if took > 20 or VERBOSE:
            last = output.strip().splitlines()[-1:] or [""]
            row.notes.append(f"{name}: exit {code} in {took:.1f} s: {last[0][:110]}")
        if code == 0 and after != before and not _loads(org):
            row.bad("unloadable", name)
        if code != 0 and after != before:
            row.bad("silent", f"{name}: refused but measures.yaml changed")
        wrong = {
            "refused": code != 1,
            "imported": code != 0,
            "refused-or-imported": False,
            "unchanged": code != 0 or after != before or "No changes" not in output,
            "formula": code != 0 or "formula" not in output,
        }[expect]
        if wrong:
            row.bad("silent", f"{name}: expected {expect}, exit {code}: {output[-160:]!r}")
    rows.append(row)


# --- two imports at once -----------------------------------------------------------------------

GAPCHECK = [sys.executable, "-c", "from gapcheck.cli import main; main()"]


def _edited_book(org: Path, book: Path, ident: str, owner: str) -> Path:
    import openpyxl

    code, output, _ = _cli("report", org, "-o", book, "--lang", "sv")
    assert code == 0, output
    wb = openpyxl.load_workbook(book)
    ws = wb[PLAN]
    cols = {c.value: c.column for c in ws[1]}
    target = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, cols["ID"]).value == ident)
    ws.cell(target, cols["Ansvarig"]).value = owner
    wb.save(book)
    return book


def _owners(org: Path) -> dict[str, str | None]:
    from gapcheck.catalog import load_catalog, load_org

    return {m.id: m.owner for m in load_org(org, load_catalog(CATALOG)).measures}


def check_concurrent_imports(work: Path, rows: list[Row], rounds: int) -> None:
    row = Row("two imports at once (processes)")
    edits = {"a": ("M-01", "CISO"), "b": ("M-02", "IT-chef")}
    for n in range(rounds):
        org = _fresh_org(work / "conc", f"round-{n}")
        books = {
            k: _edited_book(org, work / "conc" / f"{n}-{k}.xlsx", *v) for k, v in edits.items()
        }
        procs = {
            k: subprocess.Popen(
                [
                    *GAPCHECK,
                    "import-measures",
                    str(b),
                    str(org),
                    "--catalog",
                    str(CATALOG),
                    "--lang",
                    "en",
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for k, b in books.items()
        }
        done = {k: (p.wait(timeout=300), p.communicate()[0]) for k, p in procs.items()}
        row.runs += 1
        if any("Traceback" in out for _, out in done.values()):
            row.bad("tracebacks", f"round {n}")
        try:
            owners = _owners(org)
        except Exception as exc:  # the figure counts exactly this
            row.bad("unloadable", f"round {n}: {exc}")
            continue
        for k, (code, out) in done.items():
            ident, owner = edits[k]
            if code == 0 and owners.get(ident) != owner:
                row.bad(
                    "lost", f"round {n}: import {k} said done, {ident} owner is {owners.get(ident)}"
                )
            elif code != 0 and "changed since this workbook was exported" not in out:
                row.bad("silent", f"round {n}: import {k} refused without saying why: {out[-150:]}")
    rows.append(row)


# --- edits under a live server -----------------------------------------------------------------


def check_live_edits(work: Path, rows: list[Row], seconds: float) -> None:
    row = Row(f"edits under a live server ({seconds:.0f} s, check_interval=0)")
    orgs = work / "live"
    measures = _fresh_org(orgs, "tiny") / "measures.yaml"
    a = measures.read_text(encoding="utf-8")
    b = a.replace("status: in_progress", "status: implemented", 1)

    def save(text: str) -> None:
        tmp = measures.with_name(".measures.yaml.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, measures)

    url = f"/api/v1/orgs/tiny/analysis?as_of={AS_OF}"

    def make() -> TestClient:
        settings = Settings(
            catalog_dir=CATALOG, orgs_dirs=[orgs], tokens=TOKENS, check_interval=0, audit_log="off"
        )
        return TestClient(create_app(settings), raise_server_exceptions=False)

    refs = set()
    for text in (a, b):  # the (ETag, body) a fresh server gives for each version
        save(text)
        with make() as client:
            r = client.get(url, headers=R)
            refs.add((r.headers["etag"], r.text))
    assert len(refs) == 2
    stop = threading.Event()
    answers: list[tuple[int, str, str]] = []

    def writer() -> None:
        i = 0
        while not stop.is_set():
            save((a, b)[i % 2])
            i += 1
            time.sleep(0.002)

    with make() as client:

        def reader() -> None:
            while not stop.is_set():
                r = client.get(url, headers=R)
                answers.append((r.status_code, r.headers.get("etag", ""), r.text))

        threads = [threading.Thread(target=writer)] + [
            threading.Thread(target=reader) for _ in range(3)
        ]
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join()
    bodies: dict[str, set[str]] = {}
    for status, etag, body in answers:
        row.runs += 1
        if status >= 500:
            row.bad("tracebacks", f"{status}")
        elif status == 200:
            bodies.setdefault(etag, set()).add(body)
            if (etag, body) not in refs:
                row.bad("silent", f"ETag {etag} with another version's body")
    for etag, seen in bodies.items():
        if len(seen) > 1:
            row.bad("collisions", f"ETag {etag} served with {len(seen)} bodies")
    row.notes.append(
        f"{sum(1 for s, _, _ in answers if s == 200)} answers 200, {len(bodies)} ETags"
    )
    rows.append(row)


# --- SIGKILL during writes ---------------------------------------------------------------------


def _timed(cmd: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.monotonic() - started


def check_kills(work: Path, rows: list[Row], kills: int) -> None:
    """Each command is timed once unkilled; the kills then land uniformly in the last 60 % of
    that time or just after it (before it, the process is still importing Python modules)."""
    row = Row("SIGKILL during import-measures and report -o")
    rng = random.Random(14)
    org = _fresh_org(work / "kill", "tiny")
    old = (org / "measures.yaml").read_bytes()
    old_owner = _owners(org).get("M-01")
    out = work / "kill" / "report.xlsx"
    report = [*GAPCHECK, "report", str(org), "-o", str(out), "--catalog", str(CATALOG)]

    def importing(n: int) -> list[str]:
        (org / "measures.yaml").write_bytes(old)
        book = _edited_book(org, work / "kill" / f"{n}.xlsx", "M-01", f"Ägare {n}")
        return [*GAPCHECK, "import-measures", str(book), str(org), "--catalog", str(CATALOG)]

    durations = {"import": _timed(importing(-1)), "report": _timed(report)}
    outcomes: Counter[str] = Counter()
    for n in range(kills):
        kind = ("import", "report")[n % 2]
        cmd = importing(n) if kind == "import" else report
        backups = len(list((org / "backups").glob("*")))
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(durations[kind] * rng.uniform(0.4, 1.1))
        proc.send_signal(signal.SIGKILL)
        finished = proc.wait() == 0
        row.runs += 1
        if kind == "import":
            try:
                owner = _owners(org).get("M-01")
            except Exception as exc:  # the figure counts exactly this
                row.bad("unloadable", f"kill {n}: {exc}")
                continue
            state = {f"Ägare {n}": "new", old_owner: "old"}.get(owner, "other")
            if state == "other" or (finished and state != "new"):
                row.bad("silent", f"kill {n}: M-01 owner {owner!r}")
            if not finished and len(list((org / "backups").glob("*"))) > backups:
                state += " (killed after the backup was made)"
            outcomes[f"import {'finished' if finished else 'killed'}, file {state}"] += 1
            continue
        try:
            with zipfile.ZipFile(out) as z:
                if z.testzip() is not None:
                    row.bad("unloadable", f"kill {n}: report.xlsx corrupt")
        except (zipfile.BadZipFile, FileNotFoundError) as exc:
            row.bad("unloadable", f"kill {n}: report.xlsx: {exc}")
        outcomes[f"report {'finished' if finished else 'killed'}"] += 1
        stray = [p.name for p in out.parent.iterdir() if p.name.startswith(".report.xlsx")]
        if stray:
            outcomes["temporary files left by a kill"] += len(stray)
            for p in stray:
                (out.parent / p).unlink()
    row.notes.append(", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())))
    rows.append(row)


# --- the table ---------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    head = ["check", "runs", *(HEADERS[f] for f in FIGURES)]
    body = [[r.check, str(r.runs), *(str(r.counts[f]) for f in FIGURES)] for r in rows]
    total = ["total", str(sum(r.runs for r in rows))]
    total += [str(sum(r.counts[f] for r in rows)) for f in FIGURES]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cells) + " |" for cells in [*body, total]]
    return "\n".join(lines)


def main() -> int:
    logging.getLogger("gapcheck.api").setLevel(logging.ERROR)  # "organisation x has problems"
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run)")
    parser.add_argument("-v", "--verbose", action="store_true", help="each case's outcome")
    args = parser.parse_args()
    rounds, seconds, kills = (2, 3.0, 6) if args.quick else (8, 20.0, 24)
    rows: list[Row] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="gapcheck-review-") as tmp:
        work = Path(tmp)
        steps: list[tuple[str, Callable[[], None]]] = [
            ("yaml", lambda: check_yaml(work, rows)),
            ("workbooks", lambda: check_workbooks(work, rows)),
            ("concurrent imports", lambda: check_concurrent_imports(work, rows, rounds)),
            ("live edits", lambda: check_live_edits(work, rows, seconds)),
            ("kills", lambda: check_kills(work, rows, kills)),
        ]
        for label, run in steps:
            t0 = time.monotonic()
            run()
            print(f"{label}: {time.monotonic() - t0:.0f} s", file=sys.stderr)
    print(table(rows))
    for r in rows:
        for note in r.notes:
            print(f"  {r.check}: {note}")
    print(f"({time.monotonic() - started:.0f} s)")
    return 1 if any(sum(r.counts.values()) for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
