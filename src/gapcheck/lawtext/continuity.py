"""From parsed provisions to the requirements of a new version, continuing the previous one.

Ids follow the structure of the new text. When the source already has versions, the new one is
diffed against the previous version with the diff matcher (`gapcheck.versions`, the rules of
docs/versions.md), and:

- a provision paired with one of the previous version (same id, or renumbered) keeps what a
  person decided about it there: its titles, `assessable`, `applies_if` and `deadline`;
- a new provision gets the title the text gives (else none: it is reported), is assessable
  unless it is a heading, a definition, a transitional provision or allmänna råd, and inherits
  `applies_if` from its parent;
- an id that an earlier version uses for a *different* provision (the matcher paired it with
  another one) is not reused: the new provision's id gets the version prefix
  (`csl:sfs-2027-12.2.3`), so that an id never names two different provisions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gapcheck.lang import Lang
from gapcheck.lawtext.model import Provision
from gapcheck.model import LoadedVersion, LocalizedText, Requirement, Source, SourceVersion
from gapcheck.versions import ChangeLevel, VersionDiff, diff_versions

__all__ = ["Continued", "continue_versions", "requirements_of"]

_NOT_DUTIES = ("chapter", "transitional", "advice", "article", "annex")


def requirements_of(provisions: Sequence[Provision], prefix: str, lang: Lang) -> list[Requirement]:
    """Provisions as requirements: full ids, text in `lang`, the text's own titles only."""
    out: list[Requirement] = []
    for p in provisions:
        definition = p.kind == "point" and p.title is not None
        out.append(
            Requirement(
                id=f"{prefix}{p.id}",
                ref=p.ref,
                parent=f"{prefix}{p.parent}" if p.parent else None,
                assessable=bool(p.text) and p.kind not in _NOT_DUTIES and not definition,
                title=LocalizedText(**{lang: p.title}) if p.title else None,
                text=LocalizedText(**{lang: p.text}) if p.text else None,
                in_force=p.in_force,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Continued:
    """The new version's requirements and how they continue the earlier versions."""

    requirements: tuple[Requirement, ...]
    diff: VersionDiff | None  # previous → new, after any renaming
    carried: tuple[str, ...]  # new ids that took over decisions from the previous version
    # (structural id, id used) for ids an earlier version uses for another provision.
    renamed: tuple[tuple[str, str], ...]
    # New ids whose deadline or applies_if was carried over onto a changed text: check them.
    check: tuple[str, ...]


def _loaded(source: Source, version: SourceVersion, reqs: Sequence[Requirement]) -> LoadedVersion:
    return LoadedVersion(source=source, version=version, requirements=tuple(reqs), path="")


def _rename(reqs: list[Requirement], renames: dict[str, str]) -> list[Requirement]:
    if not renames:
        return reqs
    return [
        r.model_copy(
            update={
                "id": renames.get(r.id, r.id),
                "parent": renames.get(r.parent, r.parent) if r.parent else None,
            }
        )
        for r in reqs
    ]


def _collisions(
    reqs: list[Requirement],
    source: Source,
    version: SourceVersion,
    earlier: Sequence[LoadedVersion],
) -> dict[str, str]:
    """New ids that an earlier version uses for a provision the matcher pairs elsewhere."""
    prefix = f"{source.id}:"
    new = _loaded(source, version, reqs)
    renames: dict[str, str] = {}
    for old in earlier:
        old_ids = {r.id for r in old.requirements}
        by_old = diff_versions(old, new).by_old()
        for rid in sorted(old_ids & {r.id for r in reqs}):
            change = by_old.get(rid)
            if change is not None and change.new_id is not None and change.new_id != rid:
                renames[rid] = f"{prefix}{version.id}.{rid.removeprefix(prefix)}"
    return renames


def _inherit(reqs: list[Requirement], fresh: set[str]) -> list[Requirement]:
    """New provisions take `applies_if` from their nearest parent that has one."""
    by_id = {r.id: r for r in reqs}
    out: list[Requirement] = []
    for r in reqs:
        if r.id in fresh and r.applies_if is None and r.parent in by_id:
            parent = by_id[r.parent]
            if parent.applies_if is not None:
                r = r.model_copy(update={"applies_if": parent.applies_if})
                by_id[r.id] = r
        out.append(r)
    return out


def continue_versions(
    reqs: list[Requirement],
    source: Source,
    version: SourceVersion,
    previous: LoadedVersion | None,
    earlier: Sequence[LoadedVersion] = (),
) -> Continued:
    """Carry decisions over from `previous`; keep ids unique across `earlier` versions."""
    renames = _collisions(reqs, source, version, earlier)
    reqs = _rename(reqs, renames)
    if previous is None:
        return Continued(tuple(_inherit(reqs, {r.id for r in reqs})), None, (), (), ())
    diff = diff_versions(previous, _loaded(source, version, reqs))
    old = {r.id: r for r in previous.requirements}
    by_new = {c.new_id: c for c in diff.changes if c.new_id is not None}
    carried: list[str] = []
    check: list[str] = []
    out: list[Requirement] = []
    for r in reqs:
        change = by_new.get(r.id)
        if change is None or change.old_id is None:
            out.append(r)
            continue
        before = old[change.old_id]
        out.append(
            r.model_copy(
                update={
                    "title": before.title or r.title,
                    "assessable": before.assessable,
                    "applies_if": before.applies_if,
                    "deadline": before.deadline,
                }
            )
        )
        carried.append(r.id)
    fresh = {r.id for r in out} - set(carried)
    out = _inherit(out, fresh)
    final = diff_versions(previous, _loaded(source, version, out))
    # A deadline or condition carried onto a text that changed in substance may no longer hold.
    for change in final.changes:
        was = old.get(change.old_id or "")
        if (
            change.new_id is not None
            and was is not None
            and change.level is ChangeLevel.SUBSTANTIVE
            and "text" in change.reasons
            and (was.deadline is not None or was.applies_if is not None)
        ):
            check.append(change.new_id)
    return Continued(
        tuple(out), final, tuple(carried), tuple(sorted(renames.items())), tuple(check)
    )
