"""Importing the Action plan sheet into `measures.yaml` without ever losing a plan.

The officer edits gapcheck's own workbook (statuses, owners, dates, links, new rows) and imports
it. The import:

1. reads and validates the sheet (`xlsxread`), refusing a workbook exported from another
   organisation or not written by gapcheck at all (`meta`);
2. locks the organisation folder (`filelock`), so two imports never interleave, and reads
   `measures.yaml` once, under the lock;
3. merges three ways (`merge`): the measures as exported, the file now, the sheet. When the
   file changed since the export it says so and shows the difference; it goes on only when
   the file's changes are already in the sheet (a second import of the same workbook) or when
   asked to merge (`merge=True`), and never when both sides changed the same field;
4. keeps measures whose rows were removed unless `allow_delete`;
5. renders the new file keeping its comments (`yamlout`), checks those exact bytes with the
   loader — every limit it enforces, so no import can write a file gapcheck then refuses —
   keeps the previous file as a timestamped backup, and writes atomically (`atomic`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from gapcheck.atomic import check_writable, write_bytes_atomic
from gapcheck.errors import Msg, OrganisationError, Problem
from gapcheck.model import Catalog, Lang, OrgData
from gapcheck.model.org import Measure
from gapcheck.report.import_words import change_lines, stale_problems
from gapcheck.report.merge import FieldChange, MeasureChange, diff_measures, merge_three_way
from gapcheck.report.meta import fingerprint
from gapcheck.report.planrows import problem
from gapcheck.report.xlsxread import MAX_UPLOAD_BYTES, PlanRead, read_plan, read_workbook
from gapcheck.report.yamlout import read_back

__all__ = [
    "BACKUP_DIR",
    "LOCK_NAME",
    "LOCK_TIMEOUT",
    "MAX_UPLOAD_BYTES",
    "FieldChange",
    "ImportResult",
    "MeasureChange",
    "change_lines",
    "check_references",
    "diff_measures",
    "import_measures",
    "read_plan",
]

LOCK_NAME = ".gapcheck.lock"
"""The lock file in the organisation folder (held only while an import writes)."""
LOCK_TIMEOUT = 30.0
"""Seconds an import waits for another one to finish before it gives up."""
BACKUP_DIR = "backups"
"""Folder in the organisation folder where each import keeps the previous measures.yaml."""


def check_references(
    measures: Sequence[Measure], catalog: Catalog, org: OrgData, file: str
) -> list[Problem]:
    """Links to unknown controls or requirements, and risks that would lose their measure."""
    controls = sorted({c.id for c in catalog.controls})
    requirements = sorted({r.id for v in catalog.versions for r in v.requirements})
    known_controls, known_requirements = set(controls), set(requirements)
    problems = []
    for m in measures:
        for c in m.controls:
            if c.control not in known_controls:
                problems.append(_unknown(file, m.id, "control", c.control, controls))
        for r in m.requirements:
            if r.requirement not in known_requirements:
                problems.append(_unknown(file, m.id, "requirement", r.requirement, requirements))
    removed = {m.id for m in org.measures} - {m.id for m in measures}
    for risk in org.risks:
        for ident in sorted(removed & set(risk.concerns)):
            message = Msg.of("import.risk_names_removed", id=ident, risk=risk.id)
            hint = Msg.of("import.risk_names_removed.fix")
            problems.append(problem(file, ident, None, message, hint))
    return problems


def _unknown(file: str, entry: str, kind: str, ident: str, known: Sequence[str]) -> Problem:
    """An unknown control or requirement id, with the nearest known one when one is close."""
    near = difflib.get_close_matches(ident[:80], known, n=1, cutoff=0.8)
    hint = (
        Msg.of("import.did_you_mean", value=near[0])
        if near
        else Msg.of(f"import.unknown_{kind}.fix")
    )
    return problem(file, entry, None, Msg.of(f"import.unknown_{kind}", id=ident), hint)


@dataclass(frozen=True)
class ImportResult:
    """The outcome of an import: the new measure list, the changes, whether it was written,
    the rows removed from the sheet that were kept, the backup of the previous file, and
    warnings (formula cells, the file having changed since the export)."""

    measures: tuple[Measure, ...]
    changes: tuple[MeasureChange, ...]
    target: Path
    written: bool
    kept: tuple[str, ...] = ()
    backup: Path | None = None
    warnings: tuple[Problem, ...] = ()


@contextmanager
def _locked(folder: Path, file: str) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(str(folder / LOCK_NAME), timeout=LOCK_TIMEOUT)
    try:
        lock.acquire()
    except Timeout:
        message = Msg.of("import.locked", seconds=f"{LOCK_TIMEOUT:.0f}")
        raise OrganisationError(
            [problem(file, None, None, message, Msg.of("import.locked.fix"))]
        ) from None
    try:
        yield
    finally:
        lock.release()


def _read_current(target: Path, display: str) -> tuple[str, list[Measure]]:
    """measures.yaml as it is now, read once: its text and its measures."""
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return "", []
    except OSError as exc:
        raise OrganisationError(
            [Problem(display, None, None, f"cannot read: {exc.strerror}")]
        ) from None
    if not stat.S_ISREG(st.st_mode):
        message = "not a regular file (a folder, a pipe or a device)"
        raise OrganisationError([Problem(display, None, None, message, "replace it with the file")])
    data = target.read_bytes()
    measures, problems = read_back(data, display)
    if measures is None:
        raise OrganisationError(problems)
    return data.decode("utf-8"), measures


def _backup(folder: Path, text: str, now: dt.datetime) -> Path:
    """Keep the previous measures.yaml as backups/measures-<time>.yaml (never overwritten)."""
    stamp = now.strftime("%Y-%m-%dT%H%M%S")
    backups = folder / BACKUP_DIR
    path = backups / f"measures-{stamp}.yaml"
    n = 1
    while path.exists():
        n += 1
        path = backups / f"measures-{stamp}-{n}.yaml"
    write_bytes_atomic(path, text.encode("utf-8"))
    return path


def _refuse_foreign(read: PlanRead, org: OrgData, file: str) -> None:
    if read.meta is None:
        hint = Msg.of("import.no_meta.fix")
        raise OrganisationError([problem(file, None, None, read.meta_problem, hint)])
    if read.meta.organisation != org.organisation.id:
        message = Msg.of("import.foreign", theirs=read.meta.organisation, ours=org.organisation.id)
        hint = Msg.of("import.foreign.fix")
        raise OrganisationError([problem(file, None, None, message, hint)])


@contextmanager
def _speaking(lang: Lang | None) -> Iterator[None]:
    """Problems raised inside are shown in `lang` (the import's language) unless --lang says
    otherwise: the organisation's language, not the CLI's Swedish default."""
    try:
        yield
    except OrganisationError as exc:
        if exc.lang is None:
            exc.lang = lang
        raise


def import_measures(
    xlsx: Path,
    org_dir: Path,
    catalog: Catalog,
    org: OrgData,
    *,
    dry_run: bool = False,
    allow_delete: bool = False,
    merge: bool = False,
    lang: Lang | None = None,
    file: str | None = None,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Read the Action plan sheet of `xlsx` and merge it into `org_dir/measures.yaml` (see the
    module docstring); nothing is written on `dry_run` or when nothing changed.

    Raises OrganisationError with every problem found; nothing is written then.
    """
    with _speaking(lang):
        from gapcheck.report.yamledit import update_measures_yaml  # loads ruamel.yaml

        file = file or str(xlsx)
        read = read_workbook(xlsx, file)
        if read.problems:
            raise OrganisationError(read.problems)
        _refuse_foreign(read, org, file)
        assert read.meta is not None
        target = org_dir / "measures.yaml"
        display = str(target)
        if not dry_run:
            check_writable(target)
        with _locked(org_dir, file) if not dry_run else contextlib.nullcontext():
            text, current = _read_current(target, display)
            merged = merge_three_way(
                read.meta.base, current, read.measures, allow_delete=allow_delete
            )
            stale = fingerprint(current) != read.meta.fingerprint
            if merged.conflicts or (stale and merged.foreign and not merge):
                words = lang or read.lang
                raise OrganisationError(stale_problems(merged, read, current, file, display, words))
            problems = check_references(merged.measures, catalog, org, file)
            if problems:
                raise OrganisationError(problems)
            changes = diff_measures(current, merged.measures)
            warnings = [*read.warnings]
            if stale:
                key = "import.stale.merged" if merged.foreign else "import.stale.same"
                warnings.append(problem(file, None, None, Msg.of(key, path=display)))
            result = ImportResult(
                merged.measures, tuple(changes), target, False, merged.kept, None, tuple(warnings)
            )
            if not changes or dry_run:
                return result
            data, notes = update_measures_yaml(text, current, merged.measures)
            checked, problems = read_back(data, display)
            if checked is None or checked != list(merged.measures):
                raise OrganisationError(problems or [_unreadable(display)])
            backup = _backup(org_dir, text, now or dt.datetime.now()) if text else None
            write_bytes_atomic(target, data)
        return ImportResult(
            merged.measures,
            tuple(changes),
            target,
            True,
            merged.kept,
            backup,
            (*result.warnings, *(problem(display, None, None, n) for n in notes)),
        )


def _unreadable(display: str) -> Problem:
    return Problem(
        display,
        None,
        None,
        "the new file would not read back to the imported measures; nothing was written",
        "report this as a bug in gapcheck, with the workbook",
    )
