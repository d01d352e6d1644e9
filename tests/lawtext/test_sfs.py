"""The Swedish parser: every structure issue 13 lists, ids and refs by the csl conventions,
and located errors for text it cannot structure."""

from __future__ import annotations

import datetime as dt

import pytest

from gapcheck.errors import InputError, LawTextError
from gapcheck.lawtext import parse_law, sniff_format
from gapcheck.lawtext.model import ParsedLaw, Provision

ACT = """\
SFS 2099:1 - Lag (2099:1) om provning
Utfärdad: 2099-01-10  Ikraft: 2099-07-01

/Träder i kraft I:2099-07-01/
1 kap. Inledande bestämmelser

Lagens syfte

1 § Denna lag gäller för kommuner.

Myndigheten får meddela föreskrifter om
nätverks-@
och informationssystem och IKT-
produkter.

2 § I denna lag betyder

1. incident: en händelse som undergräver
säkerheten,

2. nätverk: ett system som

a) överför data, eller

b) lagrar data.

2 kap. Skyldigheter

Säkerhetsåtgärder

1 § Verksamhetsutövare ska vidta åtgärder.

Åtgärderna ska åtminstone avse

1. riskanalys,

2. incidenthantering.

Lag (2099:5).

2 § Har upphävts genom lag (2099:5).

/Upphör att gälla U:2100-01-01/
3 § Anmälan ska göras inom 72 timmar.

/Träder i kraft I:2100-01-01/
3 § Anmälan ska göras inom 24 timmar.

3 a § Verksamhetsutövaren ska föra register.

Registret ska innehålla

1. namn, och

2. datum.

Anmälan görs till

- myndigheten, eller

- den som regeringen bestämmer.

Allmänna råd

Registret bör sparas i tio år.

Övergångsbestämmelser

2099:1

1. Denna lag träder i kraft den 1 juli 2099.

2. Äldre föreskrifter gäller fortfarande.
""".replace("-@\n", "- \n")  # a line that ends "nätverks- " (space kept)


def _law(text: str = ACT, as_of: dt.date | None = None) -> ParsedLaw:
    return parse_law(text, "act.txt", "sfs", as_of)


def _by_id(law: ParsedLaw) -> dict[str, Provision]:
    return {p.id: p for p in law.provisions}


def test_header_gives_designation_title_and_dates() -> None:
    header = _law().header
    assert header.designation == "SFS 2099:1"
    assert header.title == "Lag (2099:1) om provning"
    assert (header.published, header.in_force) == (dt.date(2099, 1, 10), dt.date(2099, 7, 1))


def test_chapters_sections_and_stycken_get_structural_ids_and_refs() -> None:
    p = _by_id(_law())
    assert (p["1"].ref, p["1"].title, p["1"].text) == ("1 kap.", "Inledande bestämmelser", None)
    assert (p["1.1"].ref, p["1.1"].title) == ("1 kap. 1 § första stycket", "Lagens syfte")
    assert p["1.1"].text == "Denna lag gäller för kommuner."
    assert (p["1.1.st2"].ref, p["1.1.st2"].parent) == ("1 kap. 1 § andra stycket", "1.1")


def test_wrapped_lines_keep_real_hyphens_and_elided_compounds() -> None:
    text = _by_id(_law())["1.1.st2"].text
    assert text == (
        "Myndigheten får meddela föreskrifter om nätverks- och informationssystem och "
        "IKT-produkter."
    )


def test_points_are_children_and_lettered_points_stay_inside_their_point() -> None:
    p = _by_id(_law())
    assert p["1.2"].text == "I denna lag betyder"
    assert (p["1.2.p1"].ref, p["1.2.p1"].parent) == ("1 kap. 2 § p. 1", "1.2")
    assert p["1.2.p2"].text == "nätverk: ett system som\na) överför data, eller\nb) lagrar data."


def test_defined_terms_are_titles_taken_from_the_text() -> None:
    p = _by_id(_law())
    assert (p["1.2.p1"].title, p["1.2.p2"].title) == ("incident", "nätverk")


def test_a_list_in_a_later_stycke_keeps_the_lead_in_in_the_paragraph() -> None:
    p = _by_id(_law())
    assert (
        p["2.1"].text == "Verksamhetsutövare ska vidta åtgärder.\n\nÅtgärderna ska åtminstone avse"
    )
    assert p["2.1.p2"].ref == "2 kap. 1 § andra stycket 2"
    assert p["2.1.p2"].text == "incidenthantering."  # "Lag (2099:5)." is an amendment note


def test_repealed_paragraphs_are_reported_not_imported() -> None:
    law = _law()
    assert law.repealed == ("2 kap. 2 §",)
    assert "2.2" not in _by_id(law)


def test_two_wordings_keep_the_one_in_force_at_the_date() -> None:
    newer = _by_id(_law())["2.3"]
    assert (newer.text, newer.in_force) == (
        "Anmälan ska göras inom 24 timmar.",
        dt.date(2100, 1, 1),
    )
    older = _by_id(_law(as_of=dt.date(2099, 7, 1)))["2.3"]
    assert older.text == "Anmälan ska göras inom 72 timmar."


def test_inserted_paragraph_dash_list_and_allmanna_rad() -> None:
    p = _by_id(_law())
    assert p["2.3a"].ref == "2 kap. 3 a §"
    assert p["2.3a.p1"].text == "namn, och"
    assert (
        p["2.3a.st3"].text
        == "Anmälan görs till\n- myndigheten, eller\n- den som regeringen bestämmer."
    )
    advice = p["2.3a.ar"]
    assert (advice.kind, advice.text) == ("advice", "Registret bör sparas i tio år.")


def test_transitional_provisions_belong_to_their_act() -> None:
    p = _by_id(_law())
    assert p["ob.2099-1"].ref == "Övergångsbestämmelser (2099:1)"
    assert p["ob.2099-1.p1"].text == "Denna lag träder i kraft den 1 juli 2099."
    assert p["ob.2099-1.p2"].parent == "ob.2099-1"


def test_the_act_wide_in_force_marker_sets_no_provision_date() -> None:
    assert _by_id(_law())["1.1"].in_force is None


def test_format_is_sniffed() -> None:
    assert sniff_format(ACT) == "sfs"
    assert sniff_format("Article 1\nSubject matter\n1. This applies.") == "eu"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("1 § Text.\n\n1. a,\n\n3. c.\n", 5, "point '3' after point 1"),
        ("1 kap. A\n\n1 § Text.\n\n1 kap. B\n\n1 § Text.\n", 5, "1 kap. after 1 kap."),
        ("1 § Text.\n\n3 § Text.\n\n2 § Text.\n", 5, "after 3 §"),
        (
            "1 kap. A\n\n1 § Text.\n\n2 kap. B\n\nText utan paragraf.\n\n1 § Text.\n",
            7,
            "text outside any paragraph",
        ),
        ("Bara prosa.\n\nUtan paragrafer.\n", 1, "no paragraph"),
    ],
)
def test_text_it_cannot_structure_is_a_located_error(text: str, line: int, words: str) -> None:
    with pytest.raises(LawTextError) as info:
        _law(text)
    assert isinstance(info.value, InputError)
    problem = next(p for p in info.value.problems if words in p.message)
    assert (problem.file, problem.line) == ("act.txt", line)
    assert problem.hint  # says what was expected
