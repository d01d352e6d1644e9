"""A minimal organisation (important entity, not CER-critical, no transfers) against the shipped
catalogs: applicability follows the profile."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gapcheck import service

ORG = Path(__file__).parent / "data" / "org_minimal"


def test_profile_decides_which_sources_apply() -> None:
    result = service.analyze_org(ORG, dt.date(2026, 11, 28))
    applicable = {r.source for r in result.requirements if r.applicable and r.assessable}
    assert "cer" not in applicable  # not a critical entity
    assert {"csl", "nis2", "gdpr"} <= applicable
    chapter_v = {"44", "45", "46", "47", "48", "49"}
    transfer_articles = [
        r
        for r in result.requirements
        if r.source == "gdpr" and r.id.split(":")[1].split(".")[0] in chapter_v and r.assessable
    ]
    assert transfer_articles
    assert not any(r.applicable for r in transfer_articles)  # no transfers outside the EEA
    assert sum(result.gap_counts.values()) == len(result.gaps) > 0
