"""Loading and validating one organisation folder against the loaded catalogs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gapcheck.catalog._common import (
    display_path,
    duplicates,
    gc_paused,
    load_file,
    real_root,
    suggest,
    unexpected_files,
)
from gapcheck.catalog.files import (
    AssessmentsFile,
    MeasuresFile,
    OrganisationFile,
    RisksFile,
    SuppliersFile,
)
from gapcheck.catalog.fsread import Probe, probe
from gapcheck.catalog.validate import salvage_entries
from gapcheck.catalog.yamlio import YamlDoc, read_yaml
from gapcheck.errors import Msg, OrganisationError, Problem, ProblemCode
from gapcheck.lang import Lang
from gapcheck.model import Catalog, OrgData

__all__ = ["ORG_FILES", "collect_org", "load_org", "org_language"]

# File name -> (model, required). Other YAML files in the folder are reported, so a typo such
# as `measure.yaml` is not silently ignored.
ORG_FILES: dict[str, tuple[type[Any], bool]] = {
    "organisation.yaml": (OrganisationFile, True),
    "measures.yaml": (MeasuresFile, False),
    "risks.yaml": (RisksFile, False),
    "assessments.yaml": (AssessmentsFile, False),
    "suppliers.yaml": (SuppliersFile, False),
}


C = ProblemCode


def load_org(folder: Path, catalog: Catalog) -> OrgData:
    """Load the organisation in `folder`; raise one error listing every problem."""
    with gc_paused():
        org, problems, lang = _collect(folder, catalog)
    if problems or org is None:
        raise OrganisationError(problems, lang or org_language(folder))
    return org


def org_language(folder: Path) -> Lang | None:
    """The language organisation.yaml names, even when the folder has problems (so messages
    about it can be in its language); None when it cannot be read."""
    doc, _ = read_yaml(folder / "organisation.yaml", "", real_root(folder))
    profile = (
        doc.data.get("organisation") if doc is not None and isinstance(doc.data, dict) else None
    )
    lang = profile.get("language") if isinstance(profile, dict) else None
    return "en" if lang == "en" else "sv" if lang == "sv" else None


def collect_org(folder: Path, catalog: Catalog | None) -> tuple[OrgData | None, list[Problem]]:
    """Load an organisation folder; cross-check ids against `catalog` when given."""
    with gc_paused():
        org, problems, _ = _collect(folder, catalog)
    return org, problems


def _collect(
    folder: Path, catalog: Catalog | None
) -> tuple[OrgData | None, list[Problem], Lang | None]:
    """The organisation, every problem, and its language when organisation.yaml loaded."""
    where = display_path(folder)
    what, problem = probe(folder, where)
    if what is Probe.ABSENT:
        return None, [Problem.of(C.NOT_FOUND, where, None, None)], None
    if problem is not None or what is not Probe.FOLDER:
        return None, [problem or Problem.of(C.NOT_A_FOLDER, where, None, None)], None
    real = real_root(folder)  # no file is read through a link that leads out of the folder
    problems = unexpected_files(folder, ORG_FILES, "org")
    parsed: dict[str, Any] = {}
    docs: dict[str, YamlDoc] = {}
    complete: set[str] = set()
    present: set[str] = set()
    for name, (model, required) in ORG_FILES.items():
        path = folder / name
        if probe(path, "")[0] is Probe.ABSENT:
            if required:
                problems.append(Problem.of(C.FILE_MISSING, display_path(path), None, None))
            continue
        present.add(name)  # a folder, FIFO or broken link here is a problem, not "absent"
        value, doc, found = load_file(path, model, real)
        problems += found
        if value is not None and doc is not None:
            parsed[name], docs[name] = value, doc
            complete.add(name)
        elif doc is not None and (salvaged := salvage_entries(doc, model)) is not None:
            # The valid entries of a file with bad ones are still cross-checked, so one run
            # reports a typo in a status *and* an unknown control in another measure.
            parsed[name], docs[name] = salvaged
    problems += _check_ids(parsed, docs)
    if catalog is not None:
        # Checked even when organisation.yaml (or part of a file) did not load, so one run
        # reports schema and reference problems together. Risks may name measures: if
        # measures.yaml failed to load, those names would all look unknown, so risk references
        # are only checked against a complete measures file.
        measures_ok = "measures.yaml" in complete or "measures.yaml" not in present
        problems += _check_refs(parsed, docs, catalog, check_risks=measures_ok)
    if "organisation.yaml" not in parsed:
        return None, problems, None
    lang: Lang = parsed["organisation.yaml"].organisation.language
    org = OrgData(
        organisation=parsed["organisation.yaml"].organisation,
        measures=_items(parsed, "measures"),
        risks=_items(parsed, "risks"),
        assessments=_items(parsed, "assessments"),
        suppliers=_items(parsed, "suppliers"),
        path=where,
        files=tuple(sorted(d.path for d in docs.values())),
    )
    return (None if problems else org), problems, lang


def _items(parsed: dict[str, Any], key: str) -> tuple[Any, ...]:
    """The entries of `<key>.yaml` (e.g. the measures), none when it is absent or failed."""
    name = f"{key}.yaml"
    return tuple(getattr(parsed[name], key)) if name in parsed else ()


def _check_ids(parsed: dict[str, Any], docs: dict[str, YamlDoc]) -> list[Problem]:
    problems: list[Problem] = []
    for name, key in (
        ("measures.yaml", "measures"),
        ("risks.yaml", "risks"),
        ("suppliers.yaml", "suppliers"),
    ):
        if name in parsed:
            doc = docs[name]
            ids = [item.id for item in getattr(parsed[name], key)]
            if len(set(ids)) == len(ids):
                continue  # no line to look up
            problems += duplicates(
                ((ident, doc.path, doc.line_of((key, i))) for i, ident in enumerate(ids)),
                key.rstrip("s"),
            )
    assessments = _items(parsed, "assessments")
    if len({f"{a.target} {a.date}" for a in assessments}) != len(assessments):
        # Two judgements of one target on one date cannot be ordered: which one holds?
        doc = docs["assessments.yaml"]
        problems += duplicates(
            (
                (f"{a.target} {a.date}", doc.path, doc.line_of(("assessments", i)))
                for i, a in enumerate(assessments)
            ),
            "assessment",
            "fix.duplicate_assessment",
        )
    return problems


# The catalog's ids as `_check_refs` looks them up, for the catalog last asked about: a
# portfolio checks fifty organisations against one catalog (which is immutable), so the sets
# are built once, not once per organisation.
_CatalogIds = tuple[frozenset[str], frozenset[str], frozenset[str], tuple[str, ...]]
_LAST_IDS: dict[str, tuple[Catalog, _CatalogIds]] = {}


def _catalog_ids(catalog: Catalog) -> _CatalogIds:
    """Requirement ids, control ids, both together, and the transfer mechanisms' ids."""
    last = _LAST_IDS.get("last")
    if last is not None and last[0] is catalog:
        return last[1]
    requirements = frozenset(r.id for v in catalog.versions for r in v.requirements)
    controls = frozenset(c.id for c in catalog.controls)
    mechanisms = tuple(catalog.facts.mechanism_ids())
    ids = (requirements, controls, requirements | controls, mechanisms)
    _LAST_IDS["last"] = (catalog, ids)
    return ids


def _check_refs(
    parsed: dict[str, Any], docs: dict[str, YamlDoc], catalog: Catalog, *, check_risks: bool
) -> list[Problem]:
    requirements, controls, targets, known_mechanisms = _catalog_ids(catalog)
    measures = {m.id for m in _items(parsed, "measures")}
    problems: list[Problem] = []

    def unknown(
        doc: YamlDoc,
        loc: tuple[str | int, ...],
        entry: str,
        code: ProblemCode,
        ident: str,
        fix: Msg | None = None,
        **params: str | Msg,
    ) -> None:
        problems.append(
            Problem.make(code, doc.path, doc.line_of(loc), entry, fix, {"ident": ident, **params})
        )

    if (doc := docs.get("measures.yaml")) is not None:
        for i, m in enumerate(_items(parsed, "measures")):
            for j, c in enumerate(m.controls):
                if c.control not in controls:
                    unknown(
                        doc,
                        ("measures", i, "controls", j),
                        m.id,
                        C.UNKNOWN_CONTROL,
                        c.control,
                        suggest(c.control, controls, "fix.unknown_control"),
                    )
            for j, r in enumerate(m.requirements):
                if r.requirement not in requirements:
                    unknown(
                        doc,
                        ("measures", i, "requirements", j),
                        m.id,
                        C.UNKNOWN_REQUIREMENT,
                        r.requirement,
                        suggest(r.requirement, requirements, "fix.unknown_requirement"),
                    )
    if check_risks and (doc := docs.get("risks.yaml")) is not None:
        known = targets | measures
        for i, risk in enumerate(_items(parsed, "risks")):
            for j, ident in enumerate(risk.concerns):
                if ident not in known:
                    unknown(doc, ("risks", i, "concerns", j), risk.id, C.UNKNOWN_REFERENCE, ident)
    if (doc := docs.get("assessments.yaml")) is not None:
        for i, a in enumerate(_items(parsed, "assessments")):
            if a.target not in targets:
                unknown(doc, ("assessments", i, "target"), a.target, C.UNKNOWN_TARGET, a.target)
    if (doc := docs.get("suppliers.yaml")) is not None:
        for i, s in enumerate(_items(parsed, "suppliers")):
            if s.mechanism is not None and s.mechanism not in known_mechanisms:
                unknown(
                    doc,
                    ("suppliers", i, "mechanism"),
                    s.id,
                    C.UNKNOWN_MECHANISM,
                    s.mechanism,
                    known=", ".join(known_mechanisms) or Msg.of("known.none"),
                )
    if "organisation.yaml" not in parsed:
        return problems
    doc = docs["organisation.yaml"]
    for sid, vid in sorted(parsed["organisation.yaml"].organisation.source_versions.items()):
        known_versions = sorted(v.version.id for v in catalog.versions_of(sid))
        if vid not in known_versions:
            problems.append(
                Problem.of(
                    C.UNKNOWN_VERSION,
                    doc.path,
                    doc.line_of(("organisation", "source_versions", sid)),
                    sid,
                    version=vid,
                    source=sid,
                    known=", ".join(known_versions) or Msg.of("known.none"),
                )
            )
    return problems
