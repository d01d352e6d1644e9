"""`gapcheck import-law`: a law's text (plain text or PDF) → a new source version file.

read the file → parse (gapcheck.lawtext) → documented repairs → continue the previous version
(diff matcher: decisions carried over, ids never reused for another provision) → YAML →
validate → write atomically into the catalog (the shipped one, or a user catalog folder that is
seeded with a copy of the shipped one) → diff summary and mappings to review.

The import is here; the catalog side (choosing and seeding the catalog folder, reading the
rendered file back, the mappings to review, the atomic write) is in
`gapcheck.service._lawcatalog`, whose `prepare_catalog` this module re-exports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from gapcheck.catalog import default_catalog_root, load_catalog
from gapcheck.catalog.fsread import Probe, probe
from gapcheck.errors import LawTextError, Msg, OutputError, Problem
from gapcheck.errors import ProblemCode as Code
from gapcheck.lawtext import (
    REPAIRS_FILE,
    ParsedLaw,
    Repair,
    TextFormat,
    apply_repairs,
    continue_versions,
    load_repairs,
    parse_law,
    pdf_text,
    render_version,
    requirements_of,
)
from gapcheck.model import (
    LoadedVersion,
    LocalizedText,
    Source,
    SourceKind,
    SourceVersion,
    VersionStatus,
)
from gapcheck.service._lawcatalog import (
    is_catalog,
    prepare_catalog,
    read_back,
    review_against,
    write_version,
)
from gapcheck.versions import ReviewReport, VersionDiff

__all__ = ["LawImport", "import_law", "prepare_catalog"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
_EU_KINDS = (SourceKind.EU_DIRECTIVE, SourceKind.EU_REGULATION, SourceKind.EU_IMPLEMENTING_ACT)
_MAX_BYTES = 50 * 1024 * 1024
_AUTHORITY = re.compile(r"^(?!SFS )[A-ZÅÄÖ]+FS ")  # MCFFS 2026:11, not SFS 2025:1506


@dataclass(frozen=True)
class LawImport:
    """What `import_law` did (or, with dry_run, would do)."""

    path: Path
    written: bool
    loaded: LoadedVersion
    law: ParsedLaw
    new_source: bool
    previous: str | None
    diff: VersionDiff | None
    review: ReviewReport | None
    untitled: tuple[tuple[str, str], ...]  # (id, ref) of provisions with text and no title
    renamed: tuple[tuple[str, str], ...]
    carried: int
    check: tuple[str, ...]
    repairs: tuple[Repair, ...]
    stale_repairs: tuple[Repair, ...]
    seeded: Path | None  # the user catalog folder that was created from the shipped one
    catalog: Path | None  # the user catalog folder (--catalog), None for the shipped one


def _read(file: Path) -> tuple[str, bool]:
    """The file's text and whether it was a PDF."""
    display = str(file)
    what, problem = probe(file, display)  # a FIFO would block the read, /dev/zero never end
    if problem is None and what is Probe.FOLDER:
        problem = Problem.of(Code.NOT_A_FILE, display, None, None, kind=Msg.of("kind.folder"))
    if problem is not None and problem.code is Code.NOT_A_FILE and problem.text is not None:
        params = dict(problem.text.params)  # the loader's fix speaks of YAML files
        problem = Problem.make(problem.code, display, None, None, "fix.law_file", params)
    if problem is not None:
        raise LawTextError([problem])
    try:
        size = file.stat().st_size
        if size > _MAX_BYTES:
            raise LawTextError(
                [Problem.of(Code.TOO_LARGE, display, None, None, size=size, limit=_MAX_BYTES)]
            )
        data = file.read_bytes()
    except OSError as exc:
        raise LawTextError(
            [Problem.of(Code.UNREADABLE, display, None, None, reason=str(exc.strerror))]
        ) from exc
    if data.startswith(b"%PDF"):
        return pdf_text(data, display), True
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError as exc:
        raise LawTextError(
            [Problem.of(Code.NOT_UTF8, display, None, None, reason=exc.reason)]
        ) from exc


def _new_source(source_id: str, law: ParsedLaw) -> Source:
    """Metadata for a source the catalog does not have yet, from what the text says."""
    title = law.header.title or source_id
    lowered = title.casefold()
    if law.format == "eu":
        kind = (
            SourceKind.EU_IMPLEMENTING_ACT
            if "implementing" in lowered or "genomförande" in lowered
            else SourceKind.EU_DIRECTIVE
            if "directive" in lowered or "direktiv" in lowered
            else SourceKind.EU_REGULATION
        )
    elif _AUTHORITY.match(law.header.designation or "") or "föreskrift" in lowered:
        kind = SourceKind.AUTHORITY_REGULATION
    elif "förordning" in lowered:
        kind = SourceKind.NATIONAL_ORDINANCE
    else:
        kind = SourceKind.NATIONAL_LAW
    return Source(
        id=source_id,
        title=LocalizedText(**{law.lang: title}),
        short=law.header.designation or source_id.upper(),
        kind=kind,
        jurisdiction="EU" if law.format == "eu" else "SE",
    )


def _previous(existing: list[LoadedVersion], published: dt.date) -> LoadedVersion | None:
    """The newest version published on or before `published` (the one superseded)."""
    before = [v for v in existing if (v.version.published or dt.date.min) <= published]
    return before[-1] if before else None


def _notes(file: Path, data_hash: str, law: ParsedLaw, pdf: bool) -> str:
    kind = "PDF" if pdf else "plain text"
    parts = [
        f"Imported with gapcheck import-law (on the date `retrieved`) from {file.name} ({kind}, "
        f"sha256 {data_hash[:16]}…): {len(law.provisions)} provisions as the text has them.",
        "Check the text against the official publication, then set verified: true.",
    ]
    if law.repealed:
        parts.append("Repealed in the text: " + ", ".join(law.repealed) + ".")
    return " ".join(parts)


def import_law(
    source: str,
    file: Path,
    version: str,
    status: VersionStatus | str,
    published: dt.date,
    in_force: dt.date | None = None,
    citation: str | None = None,
    url: str | None = None,
    dry_run: bool = False,
    catalog_root: Path | None = None,
    today: dt.date | None = None,
) -> LawImport:
    """Import `file` as version `version` of `source` (see the module docstring)."""
    status = VersionStatus(status)
    for what, value in (("SOURCE", source), ("--version", version)):
        if not _ID.match(value):
            raise LawTextError(
                [Problem.of(Code.LAW_BAD_ID, str(file), None, value, value=value, option=what)]
            )
    root: Path
    seeded: Path | None = None
    if dry_run:
        # Nothing is written, not even a new catalog folder: read the shipped one instead.
        root = catalog_root if catalog_root and is_catalog(catalog_root) else default_catalog_root()
    else:
        root, seeded = prepare_catalog(catalog_root)
    text, pdf = _read(file)
    data_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    catalog = load_catalog(root)
    existing = catalog.versions_of(source)
    target = (catalog_root or root) / "mappings" / "sources" / source / f"{version}.yaml"
    if any(v.version.id == version for v in existing) or target.exists():
        raise OutputError(
            Msg.of("lawimport.error.exists", version=version, source=source, path=str(target))
        )
    fmt: TextFormat | None = None
    if existing:
        fmt = "eu" if existing[0].source.kind in _EU_KINDS else "sfs"
    law = parse_law(text, str(file), fmt, in_force or published)
    src = existing[0].source if existing else _new_source(source, law)
    provisions, applied, stale = apply_repairs(
        list(law.provisions),
        load_repairs(
            root / "mappings" / "sources" / source / REPAIRS_FILE, str(target.parent / REPAIRS_FILE)
        ),
        f"{source}:",
    )
    previous = _previous(existing, published)
    base = previous or (existing[-1] if existing else None)
    ver = SourceVersion(
        id=version,
        status=status,
        published=published,
        in_force=in_force
        or (law.header.in_force if status is not VersionStatus.PROPOSAL else None),
        supersedes=previous.version.id if previous else None,
        citation=citation or law.header.designation or law.header.title or str(file.name),
        url=url,
        retrieved=today or dt.date.today(),
        verified=False,
        notes=_notes(file, data_hash, law, pdf),
    )
    continued = continue_versions(
        requirements_of(provisions, f"{source}:", law.lang), src, ver, base, existing
    )
    comment = (
        f"{src.title.get('sv')}: version {version} ({status.value}), imported with "
        f"gapcheck import-law from {file.name}.\nIds follow the structure of the text "
        "(docs/formats.md); titles, assessable, applies_if and deadlines were carried over "
        "from the\nprevious version where the provision continues it. Review before relying "
        "on it."
    )
    rendered = render_version(src, ver, continued.requirements, comment)
    loaded = read_back(rendered, target)
    review = review_against(catalog, loaded, source)
    written = False
    if not dry_run:
        write_version(root, target, rendered)
        written = True
    untitled = tuple(
        (r.id, r.ref) for r in continued.requirements if r.text is not None and r.title is None
    )
    return LawImport(
        path=target,
        written=written,
        loaded=loaded,
        law=law,
        new_source=not existing,
        previous=base.version.id if base else None,
        diff=continued.diff,
        review=review,
        untitled=untitled,
        renamed=continued.renamed,
        carried=len(continued.carried),
        check=continued.check,
        repairs=tuple(applied),
        stale_repairs=tuple(stale),
        seeded=seeded,
        catalog=catalog_root,
    )
