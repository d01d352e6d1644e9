"""Loading `mappings/facts/`: transfer mechanisms, authorities, recipients and reporting events.

Every problem is reported like the other catalog files: file, line, entry and a hint. References
into the catalogs (requirement ids, deadline recipient and event codes) are checked against the
loaded source versions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from gapcheck.catalog._common import (
    duplicates,
    load_file,
    unexpected_files,
    yaml_files,
)
from gapcheck.catalog.yamlio import YamlDoc
from gapcheck.errors import Msg, Problem, ProblemCode
from gapcheck.model import LoadedVersion
from gapcheck.model.facts import AuthoritiesFacts, Facts, TransferMechanismsFacts

__all__ = ["FACT_FILES", "load_facts"]

# File name -> model. Other YAML files in the folder are reported.
FACT_FILES: dict[str, type[Any]] = {
    "transfer-mechanisms.yaml": TransferMechanismsFacts,
    "authorities.yaml": AuthoritiesFacts,
}

C = ProblemCode
_Loc = tuple[str | int, ...]


def load_facts(
    folder: Path,
    versions: Sequence[LoadedVersion],
    problems: list[Problem],
    root: Path | None = None,
) -> tuple[Facts, list[str]]:
    """The facts in `folder` (empty when it does not exist) and the files read; no file is
    read through a link leading out of `root`."""
    parsed: dict[str, Any] = {}
    docs: dict[str, YamlDoc] = {}
    problems.extend(unexpected_files(folder, FACT_FILES, "facts"))
    for path in yaml_files(folder):
        model = FACT_FILES.get(path.name)
        if model is None:
            continue
        value, doc, found = load_file(path, model, root)
        problems.extend(found)
        if value is not None and doc is not None:
            parsed[path.name], docs[path.name] = value, doc
    transfers = parsed.get("transfer-mechanisms.yaml")
    authorities = parsed.get("authorities.yaml")
    req_ids = {r.id for v in versions for r in v.requirements}
    if transfers is not None:
        problems.extend(_check_transfers(transfers, docs["transfer-mechanisms.yaml"], req_ids))
    if authorities is not None:
        doc = docs["authorities.yaml"]
        problems.extend(_check_authorities(authorities, doc, req_ids))
        problems.extend(_check_deadline_codes(authorities, doc, versions))
    facts = Facts(transfers=transfers, authorities=authorities)
    return facts, sorted(d.path for d in docs.values())


def _unknown_requirements(
    doc: YamlDoc, ids: Iterable[tuple[_Loc, str, str]], req_ids: set[str]
) -> list[Problem]:
    """(location, entry, requirement id) triples whose id is not in the catalogs."""
    return [
        Problem.of(
            C.UNKNOWN_REQUIREMENT,
            doc.path,
            doc.line_of(loc),
            entry,
            "fix.facts_requirement",
            ident=ident,
        )
        for loc, entry, ident in ids
        if ident not in req_ids
    ]


def _check_transfers(
    facts: TransferMechanismsFacts, doc: YamlDoc, req_ids: set[str]
) -> list[Problem]:
    problems = duplicates(
        ((m.id, doc.path, doc.line_of(("mechanisms", i))) for i, m in enumerate(facts.mechanisms)),
        "mechanism",
    )
    refs: list[tuple[_Loc, str, str]] = [
        (("no_mechanism_requirements", j), "no_mechanism_requirements", r)
        for j, r in enumerate(facts.no_mechanism_requirements)
    ]
    for i, m in enumerate(facts.mechanisms):
        refs += [
            (("mechanisms", i, "requirements", j), m.id, r) for j, r in enumerate(m.requirements)
        ]
        for j, (a, b) in enumerate(zip(m.periods, m.periods[1:], strict=False)):
            if a.valid_until is None:
                problems.append(
                    Problem.of(
                        C.PERIOD_AFTER_OPEN,
                        doc.path,
                        doc.line_of(("mechanisms", i, "periods", j + 1)),
                        m.id,
                    )
                )
            elif b.valid_from <= a.valid_until:
                problems.append(
                    Problem.of(
                        C.PERIODS_OVERLAP,
                        doc.path,
                        doc.line_of(("mechanisms", i, "periods", j + 1)),
                        m.id,
                    )
                )
    return problems + _unknown_requirements(doc, refs, req_ids)


def _check_authorities(facts: AuthoritiesFacts, doc: YamlDoc, req_ids: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    for key, what in (
        ("authorities", "authority"),
        ("rules", "rule"),
        ("recipients", "recipient"),
        ("events", "event"),
    ):
        items: list[Any] = getattr(facts, key)
        ids = [getattr(item, "id", None) or item.code for item in items]
        problems += duplicates(
            ((ident, doc.path, doc.line_of((key, i))) for i, ident in enumerate(ids)),
            what,
            "fix.duplicate_once",
        )
    known = sorted(a.id for a in facts.authorities)
    refs: list[tuple[_Loc, str, str]] = []
    for i, rule in enumerate(facts.rules):
        if rule.authority not in known:
            problems.append(
                Problem.of(
                    C.UNKNOWN_AUTHORITY,
                    doc.path,
                    doc.line_of(("rules", i, "authority")),
                    rule.id,
                    ident=rule.authority,
                    known=", ".join(known),
                )
            )
        refs += [
            (("rules", i, "requirements", j), rule.id, r) for j, r in enumerate(rule.requirements)
        ]
    for i, event in enumerate(facts.events):
        refs += [
            (("events", i, "produced_by", j), event.code, r)
            for j, r in enumerate(event.produced_by)
        ]
    return problems + _unknown_requirements(doc, refs, req_ids)


def _check_deadline_codes(
    facts: AuthoritiesFacts, doc: YamlDoc, versions: Sequence[LoadedVersion]
) -> list[Problem]:
    """Every `deadline.recipient` and `deadline.after` in the catalogs must be explained here,
    so that `gapcheck deadlines` never meets a code it cannot resolve."""
    recipients = {r.code for r in facts.recipients}
    events = {e.code for e in facts.events}
    missing: dict[tuple[str, str], list[str]] = {}
    for loaded in versions:
        for req in loaded.requirements:
            if req.deadline is None:
                continue
            if req.deadline.recipient is not None and req.deadline.recipient not in recipients:
                missing.setdefault(("recipients", req.deadline.recipient), []).append(req.id)
            if req.deadline.after not in events:
                missing.setdefault(("events", req.deadline.after), []).append(req.id)
    return [
        Problem.of(
            C.UNDEFINED_CODE,
            doc.path,
            doc.line_of((key,)),
            code,
            what=Msg.of("code.recipient" if key == "recipients" else "code.event"),
            ident=code,
            users=", ".join(sorted(set(reqs))),
            section=key,
        )
        for (key, code), reqs in sorted(missing.items())
    ]
