"""diff_versions on synthetic version pairs: every classification, the thresholds, order."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck.model import Deadline
from gapcheck.versions import ChangeKind, ChangeLevel, RequirementChange, VersionDiff, diff_versions
from gapcheck.versions.text import RENUMBER_THRESHOLD
from tests.support.versions_builders import DUTY, OTHER, REGISTER, REPORT, TRAINING, r, version

K = ChangeKind
L = ChangeLevel


def by_new(d: VersionDiff, ident: str) -> RequirementChange:
    return d.by_new()[ident]


def by_old(d: VersionDiff, ident: str) -> RequirementChange:
    return d.by_old()[ident]


def one(old_text: str, new_text: str, **kw: object) -> RequirementChange:
    d = diff_versions(
        version("a", [r("law:1", old_text)]), version("b", [r("law:1", new_text, **kw)])
    )  # type: ignore[arg-type]
    assert len(d.changes) == 1
    return d.changes[0]


def test_identical_requirement_is_unchanged_with_no_word_ops() -> None:
    c = one(DUTY, DUTY)
    assert (c.kind, c.level, c.similarity, c.words, c.reasons) == (K.UNCHANGED, None, 1.0, [], [])


def test_pure_whitespace_change_is_editorial() -> None:
    c = one(DUTY, "  " + DUTY.replace(" ", "\n  ", 3).replace("åtgärder", "åtgärder\u00a0") + "\n")
    assert (c.kind, c.level) == (K.CHANGED, L.EDITORIAL)
    assert c.reasons == ["text"]
    assert c.changed_words == 0
    assert all(op.op == "equal" for op in c.words)


def test_punctuation_and_case_change_is_editorial() -> None:
    c = one(DUTY, DUTY.replace(",", "").replace("Verksamhetsutövare", "VERKSAMHETSUTÖVARE"))
    assert (c.kind, c.level, c.changed_words) == (K.CHANGED, L.EDITORIAL, 0)


def test_one_word_in_a_long_text_is_editorial() -> None:
    c = one(DUTY, DUTY.replace("driftsrelaterade", "driftsmässiga"))
    assert (c.kind, c.level, c.changed_words) == (K.CHANGED, L.EDITORIAL, 1)
    assert [op.op for op in c.words] == ["equal", "replace", "equal"]
    assert (c.words[1].old, c.words[1].new) == ("driftsrelaterade", "driftsmässiga")


def test_more_than_the_editorial_word_limit_is_substantive() -> None:
    c = one(DUTY, DUTY.replace("mot incidenter", "och deras fysiska miljö mot alla incidenter"))
    assert (c.kind, c.level) == (K.CHANGED, L.SUBSTANTIVE)
    assert c.changed_words > 3


def test_a_changed_deadline_is_substantive_even_as_one_word() -> None:
    c = one(REPORT, REPORT.replace("24 timmar", "72 timmar"))
    assert (c.kind, c.level, c.changed_words) == (K.CHANGED, L.SUBSTANTIVE, 1)
    assert "significant_word" in c.reasons


def test_duty_becoming_permission_is_substantive() -> None:
    c = one(REGISTER, REGISTER.replace(" ska ", " får "))
    assert (c.kind, c.level) == (K.CHANGED, L.SUBSTANTIVE)


def test_a_renumbered_cross_reference_is_editorial() -> None:
    old = (
        "Verksamhetsutövare ska till samma myndighet som avses i 4 § göra en incidentanmälan "
        "om den betydande incidenten så snart det kan ske."
    )
    c = one(old, old.replace("4 §", "5 §"))
    assert (c.kind, c.level) == (K.CHANGED, L.EDITORIAL)


def test_structured_field_change_is_substantive_even_with_equal_text() -> None:
    c = one(REPORT, REPORT, deadline=Deadline(hours=24, after="awareness"))
    assert (c.kind, c.level, c.reasons) == (K.CHANGED, L.SUBSTANTIVE, ["deadline"])


def test_title_only_change_is_editorial() -> None:
    c = one(DUTY, DUTY, title="Ny rubrik")
    assert (c.kind, c.level, c.reasons) == (K.CHANGED, L.EDITORIAL, ["title"])


def test_added_and_removed_carry_their_text() -> None:
    d = diff_versions(version("a", [r("law:1", DUTY)]), version("b", [r("law:2", TRAINING)]))
    assert [(c.kind, c.old_id, c.new_id) for c in d.changes] == [
        (K.REMOVED, "law:1", None),
        (K.ADDED, None, "law:2"),
    ]
    assert d.changes[0].text == DUTY
    assert d.changes[1].text == TRAINING
    assert d.counts == {
        "added": 1,
        "removed": 1,
        "renumbered": 0,
        "editorial": 0,
        "substantive": 0,
        "unchanged": 0,
        "renumbered_substantive": 0,
    }


def test_renumbered_with_identical_text_is_renumbered_editorial() -> None:
    d = diff_versions(
        version("a", [r("law:3.1", DUTY, ref="3 kap. 1 §", title="Säkerhetsåtgärder")]),
        version("b", [r("law:2.3", DUTY, ref="2 kap. 3 §", title="Säkerhetsåtgärder")]),
    )
    (c,) = d.changes
    assert (c.kind, c.old_id, c.new_id, c.level, c.similarity) == (
        K.RENUMBERED,
        "law:3.1",
        "law:2.3",
        L.EDITORIAL,
        1.0,
    )
    assert c.reasons == ["ref"]


def test_renumbered_with_small_text_edits_keeps_the_word_diff() -> None:
    old = TRAINING.replace("säkerhetsåtgärder", "riskhanteringsåtgärder")
    d = diff_versions(version("a", [r("law:3.3", old)]), version("b", [r("law:2.4", TRAINING)]))
    (c,) = d.changes
    assert (c.kind, c.level) == (K.RENUMBERED, L.EDITORIAL)
    assert [op.op for op in c.words] == ["equal", "replace"]


def test_renumbered_with_substantive_edits() -> None:
    new = REPORT.replace("24 timmar", "72 timmar")
    d = diff_versions(version("a", [r("law:3.4", REPORT)]), version("b", [r("law:2.5", new)]))
    (c,) = d.changes
    assert (c.kind, c.level) == (K.RENUMBERED, L.SUBSTANTIVE)


def _ten(shared: int) -> tuple[str, str]:
    """Two ten-word texts sharing their first `shared` words: ratio = shared / 10."""
    a = [f"ord{i}" for i in range(10)]
    b = a[:shared] + [f"annat{i}" for i in range(10 - shared)]
    return " ".join(a), " ".join(b)


@pytest.mark.parametrize(
    ("shared", "kind"),
    [(6, ChangeKind.RENUMBERED), (5, ChangeKind.REMOVED)],
)
def test_renumber_threshold_is_inclusive_at_point_six(shared: int, kind: ChangeKind) -> None:
    old, new = _ten(shared)
    d = diff_versions(version("a", [r("law:1", old)]), version("b", [r("law:2", new)]))
    assert by_old(d, "law:1").kind is kind
    if kind is ChangeKind.RENUMBERED:
        assert by_old(d, "law:1").similarity == pytest.approx(0.6)


def test_threshold_change_moves_the_boundary(monkeypatch: pytest.MonkeyPatch) -> None:
    import gapcheck.versions.diff as diff_module

    old, new = _ten(5)
    monkeypatch.setattr(diff_module, "RENUMBER_THRESHOLD", 0.5)
    d = diff_versions(version("a", [r("law:1", old)]), version("b", [r("law:2", new)]))
    assert by_old(d, "law:1").kind is ChangeKind.RENUMBERED


def test_matching_is_one_to_one_best_first() -> None:
    near = DUTY.replace("tekniska, ", "")
    d = diff_versions(
        version("a", [r("law:1", DUTY)]),
        version("b", [r("law:7", near), r("law:8", DUTY)]),
    )
    assert by_old(d, "law:1").new_id == "law:8"
    assert by_new(d, "law:7").kind is ChangeKind.ADDED


def test_split_provision_keeps_best_match_and_reports_the_rest_as_added_from_it() -> None:
    # One § with two duties becomes two §§: the first keeps the id (changed), the second is new.
    d = diff_versions(
        version("a", [r("law:2", f"{REPORT} {REGISTER}")]),
        version("b", [r("law:2", REPORT), r("law:3", REGISTER)]),
    )
    assert (by_new(d, "law:2").kind, by_new(d, "law:2").level) == (K.CHANGED, L.SUBSTANTIVE)
    assert (by_new(d, "law:3").kind, by_new(d, "law:3").related) == (K.ADDED, "law:2")


def test_split_with_renumbering() -> None:
    d = diff_versions(
        version("a", [r("law:9", f"{REPORT} {TRAINING}")]),
        version("b", [r("law:4", REPORT), r("law:5", TRAINING)]),
    )
    assert (by_old(d, "law:9").kind, by_old(d, "law:9").new_id) == (K.RENUMBERED, "law:4")
    assert (by_new(d, "law:5").kind, by_new(d, "law:5").related) == (K.ADDED, "law:9")


def test_merged_provisions_match_the_larger_part_and_remove_the_rest_into_it() -> None:
    d = diff_versions(
        version("a", [r("law:4", REPORT), r("law:5", TRAINING)]),
        version("b", [r("law:9", f"{REPORT} {TRAINING}")]),
    )
    assert (by_old(d, "law:4").kind, by_old(d, "law:4").new_id) == (K.RENUMBERED, "law:9")
    assert (by_old(d, "law:5").kind, by_old(d, "law:5").related) == (K.REMOVED, "law:9")


def test_short_texts_get_no_split_or_merge_hint() -> None:
    d = diff_versions(
        version("a", [r("law:1", f"{DUTY} incidenthantering")]),
        version("b", [r("law:1", DUTY), r("law:2", "incidenthantering")]),
    )
    assert by_new(d, "law:2").related is None


def test_reused_id_for_another_provision_is_not_paired_by_id() -> None:
    # FROM numbered the duty 3 kap. 1 §; TO moved it to 2 kap. 3 § and uses 3.1 for supervision.
    supervision = "Den myndighet som regeringen bestämmer ska vara tillsynsmyndighet."
    d = diff_versions(
        version("a", [r("law:3.1", DUTY)]),
        version("b", [r("law:2.3", DUTY), r("law:3.1", supervision)]),
    )
    assert (by_old(d, "law:3.1").kind, by_old(d, "law:3.1").new_id) == (K.RENUMBERED, "law:2.3")
    assert by_new(d, "law:3.1").kind is K.ADDED


def test_rewritten_provision_with_no_better_partner_stays_changed() -> None:
    c = one(DUTY, "Helt ny lydelse utan gemensamma ord alls.")
    assert (c.kind, c.level, c.old_id, c.new_id) == (K.CHANGED, L.SUBSTANTIVE, "law:1", "law:1")


def test_reworded_short_point_inside_a_renumbered_paragraph_follows_its_number() -> None:
    old_p3 = "kontinuitet i verksamheten, såsom hantering av säkerhetskopior, och krishantering,"
    d = diff_versions(
        version(
            "a",
            [
                r("law:3.1", DUTY),
                r("law:3.1.p2", "incidenthantering,", parent="law:3.1"),
                r("law:3.1.p3", old_p3, parent="law:3.1"),
            ],
        ),
        version(
            "b",
            [
                r("law:2.3", DUTY),
                r("law:2.3.p2", "incidenthantering,", parent="law:2.3"),
                r("law:2.3.p3", "kontinuitetshantering och krishantering,", parent="law:2.3"),
            ],
        ),
    )
    p3 = by_old(d, "law:3.1.p3")
    assert (p3.kind, p3.new_id, p3.level) == (K.RENUMBERED, "law:2.3.p3", L.SUBSTANTIVE)
    assert by_old(d, "law:3.1.p2").new_id == "law:2.3.p2"


def test_order_is_natural_and_independent_of_input_order() -> None:
    old = [r("law:1", DUTY), r("law:2", REPORT), r("law:10", TRAINING), r("law:3", REGISTER)]
    new = [r("law:1", DUTY), r("law:2.1", REPORT), r("law:10", TRAINING + " Ny mening här.")]
    expected = diff_versions(version("a", old), version("b", new))
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(old)
        rng.shuffle(new)
        assert diff_versions(version("a", old), version("b", new)) == expected
    assert [c.key for c in expected.changes] == ["law:1", "law:2.1", "law:3", "law:10"]


def test_scope_limits_both_sides_by_id_prefix() -> None:
    d = diff_versions(
        version("a", [r("law:2.1", DUTY), r("law:20", REPORT)]),
        version("b", [r("law:2.1", DUTY), r("law:3", TRAINING)]),
        scope=["law:2"],
    )
    assert [c.key for c in d.changes] == ["law:2.1"]
    assert d.scope == ["law:2"]


def test_versions_of_different_sources_cannot_be_diffed() -> None:
    with pytest.raises(ValueError, match="different sources"):
        diff_versions(version("a", [r("law:1", DUTY)]), version("b", [r("oth:1", DUTY)], src=OTHER))


def test_report_carries_version_metadata_and_thresholds() -> None:
    d = diff_versions(
        version("a", [r("law:1", DUTY)], verified=False), version("b", [r("law:1", DUTY)])
    )
    assert (d.source, d.from_version, d.to_version, d.from_verified, d.to_verified) == (
        "law",
        "a",
        "b",
        False,
        True,
    )
    assert d.thresholds["renumber"] == RENUMBER_THRESHOLD


WORDS = st.sampled_from(["ska", "får", "incident", "åtgärd", "ledning", "24", "timmar", "och"])
TEXTS = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=6), st.lists(TEXTS, min_size=1, max_size=6))
def test_every_requirement_is_classified_exactly_once(old_t: list[str], new_t: list[str]) -> None:
    old = version("a", [r(f"law:{i}", t) for i, t in enumerate(old_t)])
    new = version("b", [r(f"law:{i + 3}", t) for i, t in enumerate(new_t)])
    d = diff_versions(old, new)
    olds = [c.old_id for c in d.changes if c.old_id is not None]
    news = [c.new_id for c in d.changes if c.new_id is not None]
    assert sorted(olds) == sorted(x.id for x in old.requirements)
    assert sorted(news) == sorted(x.id for x in new.requirements)
    assert sum(d.counts.values()) - d.counts["renumbered_substantive"] == len(d.changes)
    assert all(c.kind is K.UNCHANGED for c in diff_versions(old, old).changes)
