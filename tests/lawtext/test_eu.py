"""The EU parser: articles, paragraphs, points, roman sub-points, subparagraphs and annex
sections, with the ids of the shipped nis2 and ir2690 files."""

from __future__ import annotations

import pytest

from gapcheck.errors import LawTextError
from gapcheck.lawtext import parse_law

DIRECTIVE = """\
DIRECTIVE (EU) 2022/2555 OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL
of 14 December 2022
Whereas:
(1) A recital that is not a provision.
HAVE ADOPTED THIS DIRECTIVE:
Article 21
Cybersecurity risk-management measures
1.   Member States shall ensure that entities take appropriate measures.
Taking into account the state-of-the-art, the measures shall ensure a level of security.
2.   The measures shall include at least the following:
(a)
policies on risk analysis;
(b)
incident handling, including:
(i)
detection;
(ii)
response;
(c)
business continuity.
Article 22
Entry into force
This Directive shall enter into force on the twentieth day following its publication.
ANNEX I
SECTORS OF HIGH CRITICALITY
1. Energy
Done at Strasbourg, 14 December 2022.
"""

IR_ANNEX = """\
ANNEX
TECHNICAL AND METHODOLOGICAL REQUIREMENTS
1. POLICY ON THE SECURITY OF NETWORK AND INFORMATION SYSTEMS
1.1. Policy on the security of network and information systems
1.1.1. For the purpose of Article 21(2), point (a), the policy shall:
(a) set out the entities' approach;
(b) be appropriate to the business strategy.
1.1.2. The policy shall be reviewed at planned intervals.
"""


def test_articles_paragraphs_points_and_subparagraphs_follow_the_nis2_ids() -> None:
    law = parse_law(DIRECTIVE, "nis2.txt")
    p = {x.id: x for x in law.provisions}
    assert (law.format, law.lang) == ("eu", "en")
    assert law.header.designation == "(EU) 2022/2555"
    assert (p["21"].title, p["21"].text) == ("Cybersecurity risk-management measures", None)
    assert (p["21.1"].ref, p["21.1.sp2"].ref) == ("Art. 21(1)", "Art. 21(1), second subparagraph")
    assert p["21.2"].text == "The measures shall include at least the following:"
    assert (p["21.2.a"].ref, p["21.2.a"].text) == ("Art. 21(2)(a)", "policies on risk analysis;")
    assert (p["21.2.b.ii"].ref, p["21.2.b.ii"].parent) == ("Art. 21(2)(b)(ii)", "21.2.b")
    assert p["21.2.c"].text == "business continuity."
    assert p["22"].text.startswith("This Directive shall enter into force")  # type: ignore[union-attr]
    assert (p["annex1"].ref, p["annex1"].title) == ("Annex I", "SECTORS OF HIGH CRITICALITY")
    assert p["annex1.1"].title == "Energy"
    assert "1" not in p  # no recital became a provision


def test_an_annex_on_its_own_uses_the_ir2690_ids() -> None:
    p = {x.id: x for x in parse_law(IR_ANNEX, "ir.txt").provisions}
    assert list(p) == ["1", "1.1", "1.1.1", "1.1.1.a", "1.1.1.b", "1.1.2"]
    assert (p["1"].ref, p["1"].title) == (
        "Annex 1",
        "POLICY ON THE SECURITY OF NETWORK AND INFORMATION SYSTEMS",
    )
    assert p["1.1.1"].text == "For the purpose of Article 21(2), point (a), the policy shall:"
    assert (p["1.1.1.a"].ref, p["1.1.1.a"].parent) == ("Annex 1.1.1(a)", "1.1.1")


def test_swedish_eu_text_reads_artikel_and_led() -> None:
    text = (
        "Artikel 21\nÅtgärder\n1.   Medlemsstaterna ska se till att\n"
        "a) policyer,\nb) incidenthantering.\n"
    )
    law = parse_law(text, "nis2-sv.txt")
    p = {x.id: x for x in law.provisions}
    assert law.lang == "sv"
    assert (p["21.1.b"].ref, p["21.1.b"].text) == ("Artikel 21.1 b", "incidenthantering.")


def test_a_misnumbered_point_is_a_located_error() -> None:
    text = "Article 1\nTitle\n1.   Lead:\n(a) one;\n(c) three.\n"
    with pytest.raises(LawTextError) as info:
        parse_law(text, "bad.txt")
    assert [(p.line, p.message) for p in info.value.problems] == [
        (5, "point (c) where (b) was expected")
    ]
