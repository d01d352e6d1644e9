"""Build `controls/iso27001-2022.yaml` from the ISO/IEC 27001:2022 identifier/title list.

Dev-time only: gapcheck never reads the reference CSV at run time. The CSV has the columns
`ref,parent,depth,assessable,title,group` and holds identifiers and English titles only.
The Swedish titles below are gapcheck's own translations; no text of the standard is copied.

Usage (from the repository root):

    .venv/bin/python scripts/build_iso_catalog.py [CSV] [--output controls/iso27001-2022.yaml]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CSV = REPO_ROOT.parent / "shared" / "reference" / "iso27001-2022-ids-titles.csv"
DEFAULT_OUTPUT = REPO_ROOT / "controls" / "iso27001-2022.yaml"

CATALOG_ID = "iso27001"
PREFIX = f"{CATALOG_ID}:"

# CSV root rows. "core" (clauses 4–10) becomes the group node `iso27001:clauses`.
# "annex-a" is dropped: the Annex A themes A.5–A.8 are the top-level Annex A nodes (as in
# docs/formats.md), because a node over all of Annex A would have no single theme.
CLAUSES_ROOT_CSV = "core"
ANNEX_ROOT_CSV = "annex-a"
CLAUSES_ROOT_ID = f"{PREFIX}clauses"
CLAUSES_ROOT_REF = "4–10"
CLAUSES_ROOT_TITLE = {
    "en": "Clauses 4–10 (management system requirements)",
    "sv": "Avsnitt 4–10 (krav på ledningssystemet)",
}

ANNEX_THEMES = {
    "A.5": "organizational",
    "A.6": "people",
    "A.7": "physical",
    "A.8": "technological",
}
EXPECTED_ANNEX_COUNTS = {"A.5": 37, "A.6": 8, "A.7": 14, "A.8": 34}

# Corrections to English titles in the CSV (spelling/casing slips and one stray word),
# so the catalog shows the standard's own titles.
EN_TITLE_FIXES = {
    "6.1.2": "Information security risk assessment",  # CSV: "... assessment requirement"
    "7.5": "Documented information",  # CSV: "Documented Information"
    "7.5.2": "Creating and updating documented information",  # CSV: "... and Updating ..."
    "8": "Operation",  # CSV: "Operations"
    "A.5": "Organizational controls",  # CSV: "Organisational controls"
    "A.7.6": "Working in secure areas",  # CSV: "Working In secure areas"
}

# Swedish titles: gapcheck's own translations, in the vocabulary of Swedish information
# security practice (SS-EN ISO/IEC 27001, MSB/MCF metodstöd).
SV_TITLES = {
    # Clauses 4–10
    "4": "Organisationens förutsättningar",
    "4.1": "Förstå organisationen och dess förutsättningar",
    "4.2": "Förstå intressenternas behov och förväntningar",
    "4.3": "Fastställa omfattningen av ledningssystemet för informationssäkerhet",
    "4.4": "Ledningssystem för informationssäkerhet",
    "5": "Ledarskap",
    "5.1": "Ledarskap och åtagande",
    "5.2": "Policy",
    "5.3": "Roller, ansvar och befogenheter i organisationen",
    "6": "Planering",
    "6.1": "Åtgärder för att hantera risker och möjligheter",
    "6.1.1": "Allmänt",
    "6.1.2": "Bedömning av informationssäkerhetsrisker",
    "6.1.3": "Behandling av informationssäkerhetsrisker",
    "6.2": "Informationssäkerhetsmål och planering för att uppnå dem",
    "6.3": "Planering av ändringar",
    "7": "Stöd",
    "7.1": "Resurser",
    "7.2": "Kompetens",
    "7.3": "Medvetenhet",
    "7.4": "Kommunikation",
    "7.5": "Dokumenterad information",
    "7.5.1": "Allmänt",
    "7.5.2": "Upprätta och uppdatera dokumenterad information",
    "7.5.3": "Styrning av dokumenterad information",
    "8": "Verksamhet",
    "8.1": "Planering och styrning av verksamheten",
    "8.2": "Bedömning av informationssäkerhetsrisker",
    "8.3": "Behandling av informationssäkerhetsrisker",
    "9": "Utvärdering av prestanda",
    "9.1": "Övervakning, mätning, analys och utvärdering",
    "9.2": "Internrevision",
    "9.2.1": "Allmänt",
    "9.2.2": "Internrevisionsprogram",
    "9.3": "Ledningens genomgång",
    "9.3.1": "Allmänt",
    "9.3.2": "Underlag till ledningens genomgång",
    "9.3.3": "Resultat av ledningens genomgång",
    "10": "Förbättring",
    "10.1": "Ständig förbättring",
    "10.2": "Avvikelse och korrigerande åtgärd",
    # Annex A.5 Organizational controls
    "A.5": "Organisatoriska säkerhetsåtgärder",
    "A.5.1": "Informationssäkerhetspolicyer",
    "A.5.2": "Roller och ansvar för informationssäkerhet",
    "A.5.3": "Uppdelning av arbetsuppgifter",
    "A.5.4": "Ledningens ansvar",
    "A.5.5": "Kontakt med myndigheter",
    "A.5.6": "Kontakt med särskilda intressegrupper",
    "A.5.7": "Hotunderrättelser",
    "A.5.8": "Informationssäkerhet i projektledning",
    "A.5.9": "Förteckning över information och andra tillhörande tillgångar",
    "A.5.10": "Tillåten användning av information och andra tillhörande tillgångar",
    "A.5.11": "Återlämnande av tillgångar",
    "A.5.12": "Klassning av information",
    "A.5.13": "Märkning av information",
    "A.5.14": "Informationsöverföring",
    "A.5.15": "Åtkomststyrning",
    "A.5.16": "Identitetshantering",
    "A.5.17": "Autentiseringsinformation",
    "A.5.18": "Åtkomsträttigheter",
    "A.5.19": "Informationssäkerhet i leverantörsrelationer",
    "A.5.20": "Hantering av informationssäkerhet i leverantörsavtal",
    "A.5.21": "Hantering av informationssäkerhet i IKT-leveranskedjan",
    "A.5.22": "Övervakning, granskning och ändringshantering av leverantörstjänster",
    "A.5.23": "Informationssäkerhet vid användning av molntjänster",
    "A.5.24": "Planering och förberedelse för hantering av informationssäkerhetsincidenter",
    "A.5.25": "Bedömning av och beslut om informationssäkerhetshändelser",
    "A.5.26": "Hantering av informationssäkerhetsincidenter",
    "A.5.27": "Lärdomar från informationssäkerhetsincidenter",
    "A.5.28": "Insamling av bevis",
    "A.5.29": "Informationssäkerhet vid störningar",
    "A.5.30": "IKT-beredskap för verksamhetskontinuitet",
    "A.5.31": "Krav i lagar, förordningar, föreskrifter och avtal",
    "A.5.32": "Immateriella rättigheter",
    "A.5.33": "Skydd av verksamhetsinformation och handlingar",
    "A.5.34": "Integritet och skydd av personuppgifter",
    "A.5.35": "Oberoende granskning av informationssäkerhet",
    "A.5.36": "Efterlevnad av policyer, regler och standarder för informationssäkerhet",
    "A.5.37": "Dokumenterade driftrutiner",
    # Annex A.6 People controls
    "A.6": "Personrelaterade säkerhetsåtgärder",
    "A.6.1": "Bakgrundskontroll",
    "A.6.2": "Anställningsvillkor",
    "A.6.3": "Medvetenhet, utbildning och träning inom informationssäkerhet",
    "A.6.4": "Disciplinär process",
    "A.6.5": "Ansvar efter avslutad eller ändrad anställning",
    "A.6.6": "Sekretessavtal och tystnadsförbindelser",
    "A.6.7": "Distansarbete",
    "A.6.8": "Rapportering av informationssäkerhetshändelser",
    # Annex A.7 Physical controls
    "A.7": "Fysiska säkerhetsåtgärder",
    "A.7.1": "Fysiskt skalskydd",
    "A.7.2": "Fysiskt tillträde",
    "A.7.3": "Säkra kontor, rum och lokaler",
    "A.7.4": "Övervakning av fysisk säkerhet",
    "A.7.5": "Skydd mot fysiska och miljörelaterade hot",
    "A.7.6": "Arbete i skyddade utrymmen",
    "A.7.7": "Rent skrivbord och tom skärm",
    "A.7.8": "Placering och skydd av utrustning",
    "A.7.9": "Säkerhet för tillgångar utanför organisationens lokaler",
    "A.7.10": "Lagringsmedier",
    "A.7.11": "Försörjningssystem",
    "A.7.12": "Säkerhet för kablage",
    "A.7.13": "Underhåll av utrustning",
    "A.7.14": "Säker kassering eller återanvändning av utrustning",
    # Annex A.8 Technological controls
    "A.8": "Tekniska säkerhetsåtgärder",
    "A.8.1": "Användarenheter",
    "A.8.2": "Privilegierade åtkomsträttigheter",
    "A.8.3": "Begränsning av åtkomst till information",
    "A.8.4": "Åtkomst till källkod",
    "A.8.5": "Säker autentisering",
    "A.8.6": "Kapacitetshantering",
    "A.8.7": "Skydd mot skadlig kod",
    "A.8.8": "Hantering av tekniska sårbarheter",
    "A.8.9": "Konfigurationshantering",
    "A.8.10": "Radering av information",
    "A.8.11": "Datamaskering",
    "A.8.12": "Förhindrande av dataläckage",
    "A.8.13": "Säkerhetskopiering av information",
    "A.8.14": "Redundans i informationsbehandlingsresurser",
    "A.8.15": "Loggning",
    "A.8.16": "Övervakning av aktiviteter",
    "A.8.17": "Synkronisering av klockor",
    "A.8.18": "Användning av privilegierade hjälpprogram",
    "A.8.19": "Installation av programvara i driftmiljön",
    "A.8.20": "Nätverkssäkerhet",
    "A.8.21": "Säkerhet i nätverkstjänster",
    "A.8.22": "Segmentering av nätverk",
    "A.8.23": "Webbfiltrering",
    "A.8.24": "Användning av kryptografi",
    "A.8.25": "Livscykel för säker utveckling",
    "A.8.26": "Säkerhetskrav på applikationer",
    "A.8.27": "Principer för säker systemarkitektur och systemkonstruktion",
    "A.8.28": "Säker kodning",
    "A.8.29": "Säkerhetstestning under utveckling och vid godkännande",
    "A.8.30": "Utkontrakterad utveckling",
    "A.8.31": "Åtskillnad mellan utvecklings-, test- och produktionsmiljöer",
    "A.8.32": "Ändringshantering",
    "A.8.33": "Testinformation",
    "A.8.34": "Skydd av informationssystem vid revisionstestning",
}

CATALOG_META = {
    "id": CATALOG_ID,
    "title": "ISO/IEC 27001:2022 — clauses 4–10 and Annex A (identifiers and titles only)",
    "version": "2022",
    "citation": (
        "ISO/IEC 27001:2022 Information security, cybersecurity and privacy protection — "
        "Information security management systems — Requirements. Only clause and Annex A "
        "control identifiers and titles are included, never the text of the standard; "
        "the Swedish titles are gapcheck's own translations, not those of SIS "
        "(SS-EN ISO/IEC 27001:2023)."
    ),
    "notes": (
        "Generated by scripts/build_iso_catalog.py from a public list of identifiers and "
        "titles; edit the script, not this file."
    ),
}

HEADER = (
    "# Generated by scripts/build_iso_catalog.py — do not edit by hand.\n"
    "# ISO/IEC 27001:2022 identifiers and titles only; Swedish titles are gapcheck's own.\n"
)

REF_RE = re.compile(r"^(A\.)?\d+(\.\d+)*$")


def natural_key(ref: str) -> tuple[int, tuple[int, ...]]:
    """Clauses (4–10) before Annex A, then numerically by each dotted part."""
    annex = ref.startswith("A.")
    numbers = ref.removeprefix("A.").split(".")
    return (1 if annex else 0, tuple(int(n) for n in numbers))


def canonical_ref(raw: str, known: dict[str, str]) -> str:
    """The ref as spelled in the CSV's `ref` column (the `parent` column has `a.5` for `A.5`)."""
    try:
        return known[raw.strip().upper()]
    except KeyError:
        raise SystemExit(f"unknown parent ref {raw!r}") from None


def theme_of(ref: str) -> str:
    if not ref.startswith("A."):
        return "clause"
    return ANNEX_THEMES[".".join(ref.split(".")[:2])]


def build(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    known = {row["ref"].strip().upper(): row["ref"].strip() for row in rows}
    roots = {CLAUSES_ROOT_CSV.upper(), ANNEX_ROOT_CSV.upper()}
    if not roots <= set(known):
        raise SystemExit(f"CSV lacks root rows {sorted(roots - set(known))}")

    entries: list[tuple[str, dict[str, Any]]] = []
    for row in rows:
        ref = row["ref"].strip()
        if ref in (CLAUSES_ROOT_CSV, ANNEX_ROOT_CSV):
            continue
        if not REF_RE.match(ref):
            raise SystemExit(f"unexpected ref {ref!r}")
        raw_parent = row["parent"].strip()
        if not raw_parent:
            raise SystemExit(f"{ref}: no parent")
        parent_ref = canonical_ref(raw_parent, known)
        if parent_ref == CLAUSES_ROOT_CSV:
            parent: str | None = CLAUSES_ROOT_ID
        elif parent_ref == ANNEX_ROOT_CSV:
            parent = None
        else:
            parent = PREFIX + parent_ref
        depth = int(row["depth"])
        if depth != ref.removeprefix("A.").count(".") + 2:
            raise SystemExit(f"{ref}: depth {depth} does not match the ref")
        assessable = {"True": True, "False": False}[row["assessable"].strip()]
        if ref not in SV_TITLES:
            raise SystemExit(f"{ref}: no Swedish title")
        entry: dict[str, Any] = {"id": PREFIX + ref, "ref": ref}
        if parent is not None:
            entry["parent"] = parent
        if not assessable:
            entry["assessable"] = False
        entry["title"] = {
            "en": EN_TITLE_FIXES.get(ref, row["title"].strip()),
            "sv": SV_TITLES[ref],
        }
        entry["theme"] = theme_of(ref)
        entries.append((ref, entry))

    extra = set(SV_TITLES) - {ref for ref, _ in entries}
    if extra:
        raise SystemExit(f"Swedish titles for refs not in the CSV: {sorted(extra)}")
    unused_fixes = set(EN_TITLE_FIXES) - {ref for ref, _ in entries}
    if unused_fixes:
        raise SystemExit(f"title fixes for refs not in the CSV: {sorted(unused_fixes)}")

    entries.sort(key=lambda item: natural_key(item[0]))
    root = {
        "id": CLAUSES_ROOT_ID,
        "ref": CLAUSES_ROOT_REF,
        "assessable": False,
        "title": CLAUSES_ROOT_TITLE,
        "theme": "clause",
    }
    controls = [root, *(entry for _, entry in entries)]
    check(controls)
    return controls


def check(controls: list[dict[str, Any]]) -> None:
    ids = [c["id"] for c in controls]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    if dupes:
        raise SystemExit(f"duplicate ids: {dupes}")
    id_set = set(ids)
    for c in controls:
        if "parent" in c and c["parent"] not in id_set:
            raise SystemExit(f"{c['id']}: parent {c['parent']} not in the catalog")
    annex = Counter(
        ".".join(c["ref"].split(".")[:2])
        for c in controls
        if c["ref"].startswith("A.") and c["ref"].count(".") == 2
    )
    if dict(annex) != EXPECTED_ANNEX_COUNTS:
        raise SystemExit(f"Annex A counts {dict(annex)} != {EXPECTED_ANNEX_COUNTS}")


def render(controls: list[dict[str, Any]]) -> str:
    doc = {"catalog": CATALOG_META, "controls": controls}
    body = yaml.safe_dump(
        doc, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False
    )
    return HEADER + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    with args.csv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    controls = build(rows)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(controls), encoding="utf-8")
    assessable = sum(1 for c in controls if c.get("assessable", True))
    print(f"wrote {args.output} ({len(controls)} entries, {assessable} assessable)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
