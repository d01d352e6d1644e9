"""What every organisation's index shares for one catalog and selection of source versions:
the catalog part (requirements, controls and catalog edges as tables, the dependency orders,
and the engine's per-requirement catalog layers), built once and kept for the latest few
selections; the catalog cache keeps them between processes (`shared_parts`/`adopt_parts`)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from gapcheck.engine.graph import (
    CONTAINS,
    CONTROL,
    MAPS_TO,
    REQUIREMENT,
    Graph,
    catalog_graph,
)
from gapcheck.engine.order import natural_key
from gapcheck.model import (
    Control,
    Edge,
    EdgeType,
    LocalizedText,
    MappingSet,
    Requirement,
    Source,
    SourceVersion,
)
from gapcheck.model.bundle import Catalog, LoadedVersion

__all__ = [
    "CatalogPart",
    "ReqInfo",
    "adopt_parts",
    "by_fields",
    "catalog_part",
    "insufficient_sets",
    "joint_sets",
    "part_graph",
    "shared_parts",
    "sort_pairs",
]

_T = TypeVar("_T")
_D = TypeVar("_D")


def by_fields(obj: _D) -> tuple[type[_D], tuple[object, ...]]:
    """How a frozen slotted dataclass is pickled (its `__reduce__`): its fields' values in
    order, unpickled by calling the class. The catalog cache holds some 900 `Shape`s, `Sub`s
    and `ReqInfo`s each; the `__setstate__` that dataclasses generates looks up
    `dataclasses.fields()` for every object, a quarter of the cache's unpickling time."""
    names: tuple[str, ...] = type(obj).__slots__  # type: ignore[attr-defined]
    return type(obj), tuple([getattr(obj, name) for name in names])


@dataclass(frozen=True, slots=True)
class ReqInfo:
    """A selected requirement with the source and version it belongs to."""

    requirement: Requirement
    source: Source
    version: SourceVersion

    def __reduce__(self) -> tuple[type[ReqInfo], tuple[object, ...]]:
        return by_fields(self)


@dataclass(slots=True)
class CatalogPart:
    """What every organisation's index shares for one catalog and selection of versions."""

    catalog: Catalog
    versions: dict[str, LoadedVersion]
    graph: Graph | None
    reqs: dict[str, ReqInfo] = field(default_factory=dict)
    controls: dict[str, Control] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    maps_to: dict[str, list[tuple[str, Edge]]] = field(default_factory=dict)
    inherits: dict[str, list[tuple[str, EdgeType, Edge]]] = field(default_factory=dict)
    transposers: dict[str, list[str]] = field(default_factory=dict)
    control_children: dict[str, list[str]] = field(default_factory=dict)
    control_order: list[str] = field(default_factory=list)
    insufficient: dict[str, LocalizedText] = field(default_factory=dict)
    joint: dict[str, MappingSet] = field(default_factory=dict)
    # engine.plan's catalog layer and applicability's catalog facts per requirement, filled
    # as analyses need them.
    shapes: dict[str, Any] = field(default_factory=dict)
    scope_facts: dict[str, Any] = field(default_factory=dict)
    # Dependency order per set of settled requirements (most organisations share one).
    orders: dict[frozenset[str], list[str]] = field(default_factory=dict)
    # The requirements in natural id order (the result's rows), sorted once per part.
    natural_order: list[str] = field(default_factory=list)


_PARTS: OrderedDict[tuple[object, ...], CatalogPart] = OrderedDict()
_PARTS_KEPT = 4
_PARTS_LOCK = threading.Lock()


def _part_key(catalog: Catalog, versions: Mapping[str, LoadedVersion]) -> tuple[object, ...]:
    # Keyed by identity (catalogs are immutable once loaded); the entry keeps its catalog, so
    # an id cannot be reused for another catalog while the entry lives.
    return (id(catalog), *sorted((s, id(v)) for s, v in versions.items()))


def catalog_part(catalog: Catalog, versions: Mapping[str, LoadedVersion]) -> CatalogPart:
    """The part for `catalog` and `versions`: kept, adopted from the cache, or built now."""
    key = _part_key(catalog, versions)
    with _PARTS_LOCK:
        part = _PARTS.get(key)
        if part is not None and part.catalog is catalog:
            _PARTS.move_to_end(key)
            return part
    part = _build_part(catalog, versions)
    _keep(key, part)
    return part


def _keep(key: tuple[object, ...], part: CatalogPart) -> None:
    with _PARTS_LOCK:
        _PARTS[key] = part
        while len(_PARTS) > _PARTS_KEPT:
            _PARTS.popitem(last=False)


def shared_parts(catalog: Catalog) -> list[CatalogPart]:
    """The catalog parts built so far for `catalog`, with their dependency orders but without
    their graphs: what the service's catalog cache keeps beside the catalog, so that a later
    process neither rebuilds them nor imports networkx for them."""
    with _PARTS_LOCK:
        parts = [p for p in _PARTS.values() if p.catalog is catalog]
        return [
            replace(
                p,
                graph=None,
                orders=dict(p.orders),
                shapes=dict(p.shapes),
                scope_facts=dict(p.scope_facts),
            )
            for p in parts
        ]


def adopt_parts(parts: Iterable[CatalogPart]) -> None:
    """Use `parts` (from `shared_parts`, read back with their catalog) as if built here. Each
    part's versions must be the catalog's own `LoadedVersion` objects (as `select_versions`
    returns them), which unpickling the catalog and its parts together keeps."""
    for part in parts:
        _keep(_part_key(part.catalog, part.versions), part)


def _build_part(catalog: Catalog, versions: Mapping[str, LoadedVersion]) -> CatalogPart:
    g = catalog_graph(catalog, versions)
    part = CatalogPart(catalog=catalog, versions=dict(versions), graph=g)
    for (kind, node_id), data in g.nodes(data=True):
        if kind == REQUIREMENT:
            part.reqs[node_id] = ReqInfo(data["requirement"], data["source"], data["version"])
        elif kind == CONTROL:
            part.controls[node_id] = data["control"]
    for (_, u), (_, v), data in g.edges(data=True):
        etype = data["type"]
        if etype == CONTAINS:
            part.parent[v] = u
            part.children.setdefault(u, []).append(v)
        elif etype == MAPS_TO:
            part.maps_to.setdefault(u, []).append((v, data["edge"]))
        else:  # transposes / specified_by
            part.inherits.setdefault(u, []).append((v, EdgeType(etype), data["edge"]))
            if etype == EdgeType.TRANSPOSES.value:
                part.transposers.setdefault(v, []).append(u)
    # Graph iteration order is insertion order; sort anyway so no caller relies on that.
    sort_pairs(part.maps_to)
    sort_pairs(part.inherits)
    for ids in (*part.children.values(), *part.transposers.values()):
        ids.sort(key=natural_key)
    _index_controls(part)
    part.insufficient = insufficient_sets(catalog.sets)
    part.joint = joint_sets(catalog.sets)
    return part


def part_graph(part: CatalogPart) -> Graph:
    """The part's graph, built on first use when the part came from the catalog cache."""
    if part.graph is None:  # a part from the catalog cache: built when first needed
        part.graph = catalog_graph(part.catalog, part.versions)
    return part.graph


def sort_pairs(table: Mapping[str, list[_T]]) -> None:
    # Each entry is a tuple whose first element is an id.
    for pairs in table.values():
        pairs.sort(key=lambda p: natural_key(p[0]))  # type: ignore[index]


def _index_controls(ix: CatalogPart) -> None:
    """Sub-clauses per control, and an order with every sub-clause before its parent (control
    parents are acyclic: the loader checks it; a cycle's members simply come last)."""
    for cid, control in ix.controls.items():
        if control.parent is not None and control.parent in ix.controls:
            ix.control_children.setdefault(control.parent, []).append(cid)
    for kids in ix.control_children.values():
        kids.sort(key=natural_key)

    def depth(cid: str) -> int:
        d, seen, node = 0, {cid}, ix.controls[cid].parent
        while node is not None and node in ix.controls and node not in seen:
            seen.add(node)
            d, node = d + 1, ix.controls[node].parent
        return d

    ix.control_order = sorted(ix.controls, key=lambda c: (-depth(c), natural_key(c)))


def joint_sets(sets: Iterable[MappingSet]) -> dict[str, MappingSet]:
    """Requirement id → its declared jointly sufficient mapping set (`sufficient: true`)."""
    return {s.requirement: s for s in sets if s.sufficient}


def insufficient_sets(sets: Iterable[MappingSet]) -> dict[str, LocalizedText]:
    """Requirement id → rationale for mapping sets marked `sufficient: false` (several
    statements about one requirement are joined, in sorted order, in each language)."""
    rationales: dict[str, set[tuple[str, str]]] = {}
    for s in sets:
        if not s.sufficient:
            pair = (s.rationale.sv or "", s.rationale.en or "")
            rationales.setdefault(s.requirement, set()).add(pair)
    return {
        req: LocalizedText(
            sv=" / ".join(sorted({sv for sv, _ in pairs} - {""})) or None,
            en=" / ".join(sorted({en for _, en in pairs} - {""})) or None,
        )
        for req, pairs in rationales.items()
    }
