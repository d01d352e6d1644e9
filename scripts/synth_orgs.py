"""Synthetic organisations for the city-wide portfolio: seeded, deterministic, built from the
example (examples/aldreforvaltningen), for tests and benchmarks of `gapcheck portfolio`.

Each organisation is the example's measures, risks, assessments and suppliers, varied: some
measures dropped or copied, statuses moved along their course, due dates shifted, risks
re-scored, assessments and suppliers thinned. Profiles follow the city's three groups
(stadsdelsförvaltning, fackförvaltning, bolag); the names are of Stockholm's units, marked
"(syntetisk)" — none of the data is theirs. The same seed and count give byte-identical files.

    .venv/bin/python scripts/synth_orgs.py OUT_DIR [--count 50] [--seed 2026] [--broken 0]

`--broken K` adds K organisations with typical input mistakes (an unknown control, a status
that does not exist, a missing organisation.yaml), for the portfolio's problem list.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "aldreforvaltningen"

DISTRICTS = (
    "Bromma",
    "Enskede-Årsta-Vantör",
    "Farsta",
    "Hägersten-Älvsjö",
    "Hässelby-Vällingby",
    "Kungsholmen",
    "Norrmalm",
    "Rinkeby-Kista",
    "Skarpnäck",
    "Skärholmen",
    "Spånga-Tensta",
    "Södermalm",
    "Östermalm",
)
ADMINISTRATIONS = (
    "Arbetsmarknadsförvaltningen",
    "Exploateringskontoret",
    "Fastighetskontoret",
    "Idrottsförvaltningen",
    "Kulturförvaltningen",
    "Miljöförvaltningen",
    "Serviceförvaltningen",
    "Socialförvaltningen",
    "Stadsbyggnadskontoret",
    "Stadsledningskontoret",
    "Trafikkontoret",
    "Utbildningsförvaltningen",
    "Överförmyndarförvaltningen",
    "Stadsarkivet",
    "Revisionskontoret",
    "Stadsdelsnämndernas gemensamma IT",
    "Konsument- och medborgarservice",
    "Kommunfullmäktiges kansli",
    "Valnämndens kansli",
    "Kyrkogårdsförvaltningen",
    "Säkerhetsenheten",
    "Förskoleförvaltningen",
)
# (name, NIS2 sectors of SFS 2025:1507 7 §, class)
COMPANIES = (
    ("Stockholm Vatten och Avfall", ["drinking_water", "waste_water"], "essential"),
    ("Stokab", ["digital_infrastructure"], "essential"),
    ("Stockholms Hamnar", ["transport"], "essential"),
    ("Stockholm Parkering", [], "none"),
    ("Familjebostäder", [], "none"),
    ("Svenska Bostäder", [], "none"),
    ("Stockholmshem", [], "none"),
    ("Micasa Fastigheter", [], "none"),
    ("SISAB", [], "none"),
    ("S:t Erik Kommunikation", [], "none"),
    ("Stockholm Business Region", [], "none"),
    ("Stockholms Stadsteater", [], "none"),
    ("Stockholms Stadshus", [], "none"),
    ("Fastighets AB Stockholms Kulturfastigheter", [], "none"),
    ("Stockholm Avfall Återvinning", ["waste_management"], "important"),
)

# How a status may have moved on (or not) in another organisation, with weights.
_NEXT_STATUS = {
    "implemented": (("implemented", 8), ("partially_implemented", 2)),
    "partially_implemented": (
        ("implemented", 2),
        ("partially_implemented", 5),
        ("in_progress", 3),
    ),
    "in_progress": (("implemented", 2), ("in_progress", 5), ("planned", 2), ("not_started", 1)),
    "planned": (("in_progress", 3), ("planned", 5), ("not_started", 2)),
    "not_started": (("planned", 3), ("not_started", 6), ("cancelled", 1)),
    "cancelled": (("cancelled", 1),),
}
_EEA = {"SE", "DK", "FI", "NO", "IS", "LI", "DE", "FR", "NL", "BE", "IE", "EE", "LV", "LT"}


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _read(name: str) -> Any:
    return yaml.safe_load((EXAMPLE / name).read_text(encoding="utf-8"))


def _units(count: int) -> list[tuple[str, str, list[str], str]]:
    """(name, group, sectors, nis2 class) for `count` organisations, the groups interleaved
    (50 is all of them once; more repeat the names with a number)."""
    pools = [
        [(n, "stadsdelsförvaltning", [], "essential") for n in DISTRICTS],
        [(n, "fackförvaltning", [], "essential") for n in ADMINISTRATIONS],
        [(n, "bolag", list(s), c) for n, s, c in COMPANIES],
    ]
    order = []
    for i in range(max(len(p) for p in pools)):
        order += [pool[i] for pool in pools if i < len(pool)]
    out = []
    for k in range(count):
        name, group, sectors, cls = order[k % len(order)]
        if k >= len(order):
            name = f"{name} {k // len(order) + 1}"
        out.append((name, group, sectors, cls))
    return out


def _shift_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def _measures(rng: random.Random, measures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for m in measures:
        if rng.random() < 0.08:
            continue  # not in this organisation's plan
        m = dict(m)
        choices, weights = zip(*_NEXT_STATUS[m["status"]], strict=True)
        m["status"] = rng.choices(choices, weights)[0]
        if isinstance(m.get("due"), dt.date):
            m["due"] = _shift_months(m["due"], rng.randint(-4, 6))
            if "plan_year" in m:
                m["plan_year"] = m["due"].year
        elif "plan_year" in m:
            m["plan_year"] = m["plan_year"] + rng.choice((0, 0, 0, 1))
        out.append(m)
    # A few organisations do more: copies of measures under new ids (other owners, same links).
    for i in range(rng.randint(0, 8)):
        m = dict(rng.choice(measures))
        m["id"] = f"M-X-{i + 1:02d}"
        m["status"] = rng.choice(("implemented", "in_progress", "planned"))
        out.append(m)
    return out


def _risks(rng: random.Random, risks: list[dict[str, Any]], kept: set[str]) -> list[Any]:
    out = []
    for r in risks:
        r = dict(r)
        r["likelihood"] = min(5, max(1, r["likelihood"] + rng.choice((-1, 0, 0, 1))))
        r["impact"] = min(5, max(1, r["impact"] + rng.choice((-1, 0, 0, 1))))
        # A risk names measures of its own organisation only.
        r["concerns"] = [c for c in r.get("concerns", []) if not c.startswith("M-") or c in kept]
        out.append(r)
    return out


def _organisation(
    base: dict[str, Any], k: int, unit: tuple[str, str, list[str], str], rng: random.Random
) -> dict[str, Any]:
    name, group, sectors, cls = unit
    org = dict(base)
    org.pop("notes", None)
    org.update(
        id=f"synt-{k:02d}-{_slug(name)}"[:60],
        name=f"{name}, Stockholms stad (syntetisk)",
        group=group,
        cer_critical=rng.random() < 0.3,
        sector="Syntetisk organisation för portföljtester",
    )
    if group == "bolag":
        org.update(entity_type="company", nis2_class=cls, nis2_sectors=sectors)
    return org


def generate(out_dir: Path, count: int = 50, seed: int = 2026, broken: int = 0) -> list[Path]:
    """Write `count` organisations (and `broken` faulty ones) under `out_dir`; their folders."""
    base = _read("organisation.yaml")["organisation"]
    measures = _read("measures.yaml")["measures"]
    risks = _read("risks.yaml")["risks"]
    assessments = _read("assessments.yaml")["assessments"]
    suppliers = _read("suppliers.yaml")["suppliers"]
    folders = []
    for k, unit in enumerate(_units(count), start=1):
        rng = random.Random(f"gapcheck-synth:{seed}:{k}")
        org = _organisation(base, k, unit, rng)
        mine = _measures(rng, measures)
        kept = {m["id"] for m in mine}
        mine_suppliers = [s for s in suppliers if rng.random() < 0.8]
        org["transfers_outside_eea"] = any(s["country"] not in _EEA for s in mine_suppliers)
        files = {
            "organisation.yaml": {"organisation": org},
            "measures.yaml": {"measures": mine},
            "risks.yaml": {"risks": _risks(rng, risks, kept)},
            "assessments.yaml": {"assessments": [a for a in assessments if rng.random() < 0.7]},
            "suppliers.yaml": {"suppliers": mine_suppliers},
        }
        folders.append(_write(out_dir / org["id"], files, seed))
    for j in range(broken):
        folders.append(_broken(out_dir, j, base, measures, seed))
    return folders


def _broken(
    out_dir: Path, j: int, base: dict[str, Any], measures: list[dict[str, Any]], seed: int
) -> Path:
    """Faulty organisations, in turn: an unknown control, an unknown status, no profile."""
    ident = f"synt-broken-{j + 1:02d}"
    org = {**base, "id": ident, "name": f"Trasig organisation {j + 1} (syntetisk)"}
    org.pop("notes", None)
    bad = [dict(m) for m in measures[:3]]
    files: dict[str, Any] = {"organisation.yaml": {"organisation": org}}
    if j % 3 == 0:
        bad[0]["controls"] = [{"control": "iso27001:A.5.99", "extent": "full"}]
    elif j % 3 == 1:
        bad[1]["status"] = "almost_done"
    else:
        files.pop("organisation.yaml")
    files["measures.yaml"] = {"measures": bad}
    return _write(out_dir / ident, files, seed)


class _NoAliases(yaml.SafeDumper):
    """Copied measures share their link lists; gapcheck reads no YAML aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _write(folder: Path, files: dict[str, Any], seed: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        text = yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=100)
        header = (
            f"# Syntetisk organisation (scripts/synth_orgs.py, seed {seed}): inga verkliga data.\n"
        )
        (folder / name).write_text(header + text, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--broken", type=int, default=0)
    args = parser.parse_args()
    folders = generate(args.out_dir, args.count, args.seed, args.broken)
    print(f"{len(folders)} organisations written under {args.out_dir}")


if __name__ == "__main__":
    main()
