"""gapcheck.catalog._yamltree: the one-walk build of a clean file gives exactly what the full
checks and build give, and leaves every file with anything to report to the full checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import ScalarNode

from gapcheck.catalog import _yamltree, yamlio
from gapcheck.catalog.yamlio import parse_yaml

ROOT = Path(__file__).parents[2]


def _outcome(text: str, keep_going: bool) -> tuple[str, str, bool]:
    doc, problems = parse_yaml(text, "f.yaml", keep_going=keep_going)
    # repr tells 1 from True and 1.0, and shows every problem's code, line and text
    return repr(doc.data if doc is not None else None), repr(problems), doc is None


def _both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for keep_going in (False, True):
        quick = _outcome(text, keep_going)
        with monkeypatch.context() as m:
            m.setattr(yamlio, "quick_build", lambda *_: _yamltree.UNSURE)
            full = _outcome(text, keep_going)
        assert quick == full, text


_TRICKY = [
    "",
    "# only a comment\n",
    "x",
    "x: 0_",
    "x: 007",
    "x: 0x1F",
    "x: 1_000",
    "x: 1.5e+3",
    "x: .inf",
    "x: -.5",
    "x: ! 12",
    'x: ! "12"',
    "x: !!str 1",
    "x: !!int 1",
    "x: !!int x",
    "x: !!float 1e5",
    "x: !!bool yes",
    "x: !!null a",
    "x: ! null",
    'x: ! "null"',
    "x: !custom a",
    "!!str a: b",
    "a: 1\n'1': 2",
    "1: a\n'1': b",
    "1: a\n1.0: b",
    "~: a\nnull: b",
    "true: a\n1: b",
    "a: b\na: c",
    "a: &x 1\nb: *x",
    "a: '*not an alias*'",
    "? [a]\n: b",
    "? {a: b}\n: c",
    "a: " + "[" * 63 + "x" + "]" * 63,
    "a: " + "[" * 64 + "]" * 64,
    "a: " + "[" * 64 + "x" + "]" * 64,
    "a: " + "[" * 70 + "]" * 70,
    "a: " + "x" * (_yamltree.MAX_TEXT_CHARS + 1),
    "x" * (_yamltree.MAX_TEXT_CHARS + 1) + ": a",
    "a: " + "9" * (_yamltree.MAX_NUMBER_CHARS + 1),
    "- a\n- 1\n- 1.5\n- true\n- null\n- [b, {c: d}]",
]


@pytest.mark.parametrize("text", _TRICKY)
def test_quick_build_agrees_with_the_full_checks_on_tricky_input(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _both_ways(text, monkeypatch)


_FILES = sorted(
    p
    for folder in ("examples", "controls", "mappings", "tests/hostile/yaml", "tests/data")
    for p in (ROOT / folder).rglob("*.yaml")
)


def test_quick_build_agrees_with_the_full_checks_on_every_shipped_and_test_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert len(_FILES) > 50
    for path in _FILES:
        _both_ways(path.read_text(encoding="utf-8", errors="replace"), monkeypatch)


_SCALARS = st.sampled_from(
    [
        "a",
        "M-01",
        "12",
        "0x1F",
        "1.5",
        ".inf",
        "true",
        "yes",
        "NO",
        "null",
        "~",
        "''",
        '"12"',
        "'x'",
        "!!str 5",
        "!!int x",
        "!!int 5",
        "! 5",
        '! "5"',
        "!!bool yes",
        "!!null a",
        "!!python/none ''",
        "&a v",
        "*a",
        "2026-12-31",
        "1:1:1",
    ]
)
_KEYS = st.sampled_from(["a", "b", "1", "'1'", "1.0", "~", "null", "true", "!!str a", "!!int 1"])


def _flow(draw_value: Any) -> Any:
    return st.one_of(
        st.lists(draw_value, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(_KEYS, draw_value), max_size=4).map(
            lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"
        ),
    )


@settings(max_examples=300, deadline=None)
@given(st.recursive(_SCALARS, _flow, max_leaves=12))
def test_quick_build_agrees_with_the_full_checks_on_generated_input(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _both_ways(text, monkeypatch)


def test_a_clean_file_is_built_in_one_walk_without_the_full_checks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(*_: object) -> None:
        raise AssertionError("the full checks ran on a clean file")

    monkeypatch.setattr(yamlio, "check_nodes", fail)
    text = (ROOT / "examples/aldreforvaltningen/measures.yaml").read_text(encoding="utf-8")
    doc, problems = parse_yaml(text, "measures.yaml")
    assert problems == []
    assert doc is not None
    assert len(doc.data["measures"]) > 10


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12) | st.from_regex(r"[-+.0-9a-fA-Fx_eE:]{0,10}", fullmatch=True))
def test_the_loader_resolves_tags_as_pyyaml_does(value: str) -> None:
    loader = yamlio._Loader("")
    try:
        for implicit in ((True, False), (False, True)):
            base = yaml.resolver.BaseResolver.resolve(loader, ScalarNode, value, implicit)
            assert loader.resolve(ScalarNode, value, implicit) == base
            assert yamlio._ShortLoader.resolve(ScalarNode, value, implicit) == base
        plain = yaml.resolver.BaseResolver.resolve(loader, ScalarNode, value, (True, False))
        assert yamlio._implicit_tag(value) == plain
    finally:
        loader.dispose()


def test_the_loader_has_no_path_resolvers_so_it_may_skip_their_bookkeeping() -> None:
    # _Loader's descend_resolver/ascend_resolver do nothing: right only while there are none.
    assert not yamlio._Loader.yaml_path_resolvers
    doc, problems = parse_yaml("a: [b, {c: 1}]\n", "f.yaml")
    assert problems == []
    assert doc is not None
    assert doc.data == {"a": ["b", {"c": 1}]}


def _counted(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # A short text without `!` is composed by `_ShortLoader`, which counts no nodes; the
    # counting loader must give the same data and problems.
    for keep_going in (False, True):
        short = _outcome(text, keep_going)
        with monkeypatch.context() as m:
            m.setattr(yamlio, "SHORT_TEXT_CHARS", -1)
            counted = _outcome(text, keep_going)
        assert short == counted, text


@pytest.mark.parametrize("text", _TRICKY)
def test_the_short_loader_agrees_with_the_counting_one_on_tricky_input(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _counted(text, monkeypatch)


def test_the_short_loader_agrees_with_the_counting_one_on_every_shipped_and_test_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for path in _FILES:
        _counted(path.read_text(encoding="utf-8", errors="replace"), monkeypatch)


@settings(max_examples=300, deadline=None)
@given(st.recursive(_SCALARS, _flow, max_leaves=12))
def test_the_short_loader_agrees_with_the_counting_one_on_generated_input(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _counted(text, monkeypatch)


def test_an_organisation_file_is_composed_without_counting_its_nodes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    used: list[str] = []

    class Spy(yamlio._ShortLoader):
        def __init__(self, text: str) -> None:
            used.append(text)
            super().__init__(text)

    monkeypatch.setattr(yamlio, "_ShortLoader", Spy)
    text = (ROOT / "examples/aldreforvaltningen/measures.yaml").read_text(encoding="utf-8")
    doc, problems = parse_yaml(text, "measures.yaml")
    assert used == [text]
    assert problems == []
    assert doc is not None
    parse_yaml(text + "\n# !", "measures.yaml")  # a `!` anywhere: the counting loader
    parse_yaml("a: [" + "1, " * yamlio.SHORT_TEXT_CHARS + "1]", "big.yaml")
    assert used == [text]


@pytest.mark.parametrize(
    "unit", ["{a,b,c}", "? a\n", "- \n", "a:\n", "[? a: b,]", "[[], {}]", "- - - a\n", "{? }"]
)
def test_no_text_holds_more_nodes_than_characters(unit: str) -> None:
    # What lets `_ShortLoader` skip the count: a text of SHORT_TEXT_CHARS characters is far
    # from MAX_ITEMS nodes. The densest forms known hold one node per character.
    text = unit * 50 if unit.startswith(("-", "?", "a")) else unit
    loader = yamlio._Loader(text)
    try:
        loader.get_single_node()
        assert 0 < loader.nodes <= len(text)
    finally:
        loader.dispose()
    assert yamlio.SHORT_TEXT_CHARS * 4 <= _yamltree.MAX_ITEMS


def test_a_file_of_more_than_max_items_nodes_stops_at_the_limit() -> None:
    text = "[" + "1," * _yamltree.MAX_ITEMS + "1]"
    doc, problems = parse_yaml(text, "tiny.yaml")
    assert doc is None
    assert [p.code.value for p in problems] == ["yaml_too_many_items"]
