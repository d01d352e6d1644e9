"""The catalog part's frozen dataclasses (`ReqInfo`, `plan.Shape`, `plan.Sub`) pickle by their
fields and unpickle through their class (`parts.by_fields`), not through the `__setstate__`
dataclasses generates (which looks up `dataclasses.fields()` per object: a quarter of the
catalog cache's unpickling, issue 12 cold start). What comes back equals what went in."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from pathlib import Path

import pytest

from gapcheck.catalog import load_catalog, load_org
from gapcheck.engine import analyze, parts
from gapcheck.engine.plan import Shape, Sub


def test_the_parts_dataclasses_round_trip_through_their_class(
    tiny_catalog_root: Path, tiny_org_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = load_catalog(tiny_catalog_root)
    analyze(catalog, load_org(tiny_org_dir, catalog), dt.date(2026, 5, 1))
    [part] = parts.shared_parts(catalog)
    shapes = list(part.shapes.values())
    subs = [s for shape in shapes for s in (*shape.inherits, *(c for c, _ in shape.children))]
    reqs = list(part.reqs.values())
    assert all([shapes, subs, reqs])  # the tiny catalog has inheritance and children
    kept = (reqs, shapes, subs)
    # The generated state hooks must not be what restores them.
    refused = lambda *args: pytest.fail("dataclasses' __setstate__ used")  # noqa: E731
    monkeypatch.setattr(dataclasses, "_dataclass_setstate", refused)
    for cls in (parts.ReqInfo, Shape, Sub):
        monkeypatch.setattr(cls, "__setstate__", refused)
    again = pickle.loads(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == kept
    assert [type(x) for group in again for x in group] == [type(x) for g in kept for x in g]
