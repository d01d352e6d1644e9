"""Normalisation, similarity, containment and word-level diffs."""

from __future__ import annotations

import pytest

from gapcheck.model import LocalizedText, Requirement
from gapcheck.versions.text import (
    RENUMBER_THRESHOLD,
    comparable_text,
    containment,
    natural_key,
    similarity,
    tokenize,
    word_ops,
)


def test_tokenize_drops_punctuation_and_case_for_comparison_but_keeps_the_words_shown() -> None:
    tok = tokenize("Incidenthantering,  och  KRISHANTERING – (säkerhetsåtgärder) enligt 4 §.")
    assert tok.norm == (
        "incidenthantering",
        "och",
        "krishantering",
        "säkerhetsåtgärder",
        "enligt",
        "4",
    )
    # A symbol-only word is shown with the word before it.
    assert tok.shown == (
        "Incidenthantering,",
        "och",
        "KRISHANTERING –",
        "(säkerhetsåtgärder)",
        "enligt",
        "4 §.",
    )
    assert tok.xref == (False, False, False, False, False, True)


def test_non_breaking_space_and_line_breaks_are_whitespace() -> None:
    assert tokenize("senast\u00a024 timmar\nefter").norm == tokenize("senast 24 timmar efter").norm


def test_similarity_is_one_for_equal_and_zero_for_disjoint_texts() -> None:
    a = tokenize("strategier för riskanalys")
    assert similarity(a, tokenize("Strategier för riskanalys.")) == 1.0
    assert similarity(a, tokenize("helt annan text här")) == 0.0
    assert similarity(tokenize(""), tokenize("")) == 1.0


def test_similarity_floor_short_circuits_without_changing_values_above_it() -> None:
    a, b = tokenize("a b c d e f g h i j"), tokenize("a b c d e f x y z w")
    assert similarity(a, b) == pytest.approx(0.6)
    assert similarity(a, b, floor=0.6) == pytest.approx(0.6)
    assert similarity(a, b, floor=0.61) == 0.0


def test_containment_measures_the_share_of_a_part_inside_a_whole() -> None:
    whole = tokenize("a b c d e f g h")
    assert containment(tokenize("c d e f"), whole) == 1.0
    assert containment(tokenize("c d x y"), whole) == 0.5
    assert containment(tokenize(""), whole) == 0.0


def test_word_ops_list_changes_with_words_as_written() -> None:
    ops, changed, significant = word_ops(
        tokenize("ska genomgå utbildning om riskhanteringsåtgärder."),
        tokenize("ska genomgå utbildning om säkerhetsåtgärder."),
    )
    assert ops == [
        ("equal", "ska genomgå utbildning om", "ska genomgå utbildning om"),
        ("replace", "riskhanteringsåtgärder.", "säkerhetsåtgärder."),
    ]
    assert (changed, significant) == (1, False)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("senast 24 timmar efter", "senast 72 timmar efter"),  # a deadline
        ("verksamhetsutövare ska anmäla", "verksamhetsutövare får anmäla"),  # duty → permission
        ("ska anmäla", "ska inte anmäla"),  # negation
        ("the entity shall notify", "the entity may notify"),
    ],
)
def test_numbers_modal_verbs_and_negations_are_significant(old: str, new: str) -> None:
    assert word_ops(tokenize(old), tokenize(new))[2] is True


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("samma myndighet som avses i 4 § ska", "samma myndighet som avses i 5 § ska"),
        ("enligt 3 kap. 1 §", "enligt 2 kap. 3 §"),
        ("enligt artikel 21 i direktivet", "enligt artikel 23 i direktivet"),
    ],
)
def test_renumbered_cross_references_are_not_significant(old: str, new: str) -> None:
    _ops, changed, significant = word_ops(tokenize(old), tokenize(new))
    assert significant is False
    assert changed > 0


def test_comparable_text_prefers_a_language_both_sides_have_then_falls_back_to_the_title() -> None:
    both = Requirement(id="x:1", ref="1", text=LocalizedText(sv="svensk", en="english"))
    en_only = Requirement(id="x:1", ref="1", text=LocalizedText(en="english text"))
    heading = Requirement(id="x:1", ref="1", title=LocalizedText(sv="Rubrik"))
    assert comparable_text(both) == "svensk"
    assert comparable_text(both, en_only) == "english"
    assert comparable_text(heading) == "Rubrik"


def test_natural_key_orders_points_numerically() -> None:
    ids = ["csl:2.10", "csl:2.3.p10", "csl:2.3.p2", "csl:2.3", "csl:sou.3.1", "csl:2.3.p1"]
    assert sorted(ids, key=natural_key) == [
        "csl:2.3",
        "csl:2.3.p1",
        "csl:2.3.p2",
        "csl:2.3.p10",
        "csl:2.10",
        "csl:sou.3.1",
    ]


def test_renumber_threshold_is_documented_value() -> None:
    # docs/versions.md states the value; change both together.
    assert RENUMBER_THRESHOLD == 0.6
