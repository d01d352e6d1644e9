"""Where `gapcheck import-law` puts a new version: the catalog it is checked and written into.

`prepare_catalog` picks the catalog folder (seeding an empty one with a copy of the shipped
catalog); `read_back` reads the rendered file as the catalog loader would; `review_against`
lists the mappings to review against it; `write_version` writes it atomically and takes it out
again when the catalog no longer loads. The import itself (read the text, parse, repair,
continue the previous version, render) is `gapcheck.service._lawimport`, which re-exports
`prepare_catalog`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

from gapcheck.atomic import write_text_atomic
from gapcheck.catalog import collect_catalog, default_catalog_root
from gapcheck.catalog.files import SourceVersionFile
from gapcheck.errors import CatalogError, LawTextError, Msg, OutputError, Problem
from gapcheck.errors import ProblemCode as Code
from gapcheck.model import Catalog, LoadedVersion
from gapcheck.versions import ReviewReport, review_items

__all__ = ["is_catalog", "prepare_catalog", "read_back", "review_against", "write_version"]


def is_catalog(folder: Path) -> bool:
    """Whether `folder` holds a catalog (controls/ and mappings/)."""
    return (folder / "controls").is_dir() and (folder / "mappings").is_dir()


def prepare_catalog(folder: Path | None) -> tuple[Path, Path | None]:
    """The catalog root to write into; a missing or empty folder is seeded with a copy of the
    shipped catalog (so that `--catalog FOLDER` works for every later command)."""
    if folder is None:
        return default_catalog_root(), None
    if is_catalog(folder):
        return folder, None
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise OutputError(Msg.of("lawimport.error.not_catalog", folder=str(folder)))
    shipped = default_catalog_root()
    try:
        for part in ("controls", "mappings"):
            shutil.copytree(shipped / part, folder / part)
    except OSError as exc:
        raise OutputError(
            Msg.of("lawimport.error.seed", folder=str(folder), reason=str(exc))
        ) from exc
    return folder, folder


def read_back(rendered: str, target: Path) -> LoadedVersion:
    """The rendered file read back exactly as the catalog loader would read it."""
    # libyaml's loader when PyYAML has it: the pure-Python one takes most of a second here.
    data = yaml.load(rendered, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    parsed = SourceVersionFile.model_validate(data)
    ids = {r.id for r in parsed.requirements}
    problems = [
        Problem.of(Code.LAW_UNKNOWN_PARENT, str(target), None, r.id, parent=r.parent)
        for r in parsed.requirements
        if r.parent and r.parent not in ids
    ]
    if len(ids) != len(parsed.requirements):
        problems.append(Problem.of(Code.LAW_DUPLICATE_IDS, str(target), None, None))
    if problems:
        raise LawTextError(problems)
    return LoadedVersion(
        source=parsed.source,
        version=parsed.version,
        requirements=tuple(parsed.requirements),
        path=str(target),
    )


def review_against(catalog: Catalog, loaded: LoadedVersion, source: str) -> ReviewReport:
    """Edges, reviewed against an earlier version, that need review against the new one."""
    widened = catalog.model_copy(update={"versions": (*catalog.versions, loaded)})
    items, unreviewed = review_items(widened, {source: loaded}, None, [source])
    return ReviewReport(
        source=source,
        selected_version=loaded.version.id,
        items=items,
        unreviewed=unreviewed.get(source, 0),
    )


def write_version(root: Path, target: Path, rendered: str) -> None:
    """Write `rendered` to `target`; take it out again if the catalog at `root` then has
    problems (raised as a CatalogError)."""
    folder = target.parent
    probe = folder if folder.is_dir() else folder.parent
    if not os.access(probe, os.W_OK):
        raise OutputError(Msg.of("lawimport.error.read_only", path=str(target)))
    write_text_atomic(target, rendered)
    _, problems = collect_catalog(root)
    if problems:
        # Leave the catalog as it was: the new file goes, the problems are reported.
        target.unlink(missing_ok=True)
        raise CatalogError(problems)
