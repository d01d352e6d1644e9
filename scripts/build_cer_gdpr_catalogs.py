"""Build the CER (2022/2557) and GDPR (2016/679) requirement catalogs from the reference CSVs.

Dev-time only: gapcheck never reads the reference CSVs at run time. Both CSVs have the columns
`ref,parent,depth,assessable,title,text` and hold the English Official Journal text of:

- `cer-directive-art12-17.csv`: Directive (EU) 2022/2557, arts. 12–17 (article rows have an
  empty `ref`, the word "Article N" in `title` and the article heading in `text`);
- `gdpr-art28-33-44-49.csv`: Regulation (EU) 2016/679, arts. 28, 33 and 45–47, 49 (no article
  rows; parents are written `article-NN`). Arts. 44 and 48, art. 28(3) second subparagraph and
  art. 49(1) second subparagraph are missing from the extract and are added below.

The script writes

- `mappings/sources/cer/oj-2022-12-27.yaml`
- `mappings/sources/gdpr/oj-2016-05-04.yaml`

Ids follow docs/formats.md: `cer:<art>[.<para>[.<point>]]`, `gdpr:<art>[.<para>[.<point>]]`,
`.spN` for the N-th subparagraph. One id departs from that pattern: `cer:15.1.report`, the
one-month detailed report in the second sentence of art. 15(1), split out so that its deadline
can be data (a requirement carries one deadline). The English and Swedish titles are gapcheck's
own; the text is the Official Journal text, copied word for word.

Usage (from the repository root):

    .venv/bin/python scripts/build_cer_gdpr_catalogs.py [REFERENCE_DIR] [--check]

REFERENCE_DIR defaults to `../shared/reference` relative to the repository root. `--check`
exits 1 if a generated file differs from the one on disk instead of writing it.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPO_ROOT.parent / "shared" / "reference"
CER_CSV = "cer-directive-art12-17.csv"
GDPR_CSV = "gdpr-art28-33-44-49.csv"
CER_OUT = REPO_ROOT / "mappings" / "sources" / "cer" / "oj-2022-12-27.yaml"
GDPR_OUT = REPO_ROOT / "mappings" / "sources" / "gdpr" / "oj-2016-05-04.yaml"

RETRIEVED = dt.date(2026, 11, 28)

# --------------------------------------------------------------------------------------------
# CER — Directive (EU) 2022/2557
# --------------------------------------------------------------------------------------------

CER_SOURCE: dict[str, Any] = {
    "id": "cer",
    "short": "CER",
    "title": {
        "en": "Directive (EU) 2022/2557 on the resilience of critical entities (CER)",
        "sv": "Direktiv (EU) 2022/2557 om kritiska entiteters motståndskraft (CER-direktivet)",
    },
    "kind": "eu_directive",
    "jurisdiction": "EU",
    "binding": True,
    "applies_if": {"cer_critical": True},
}

CER_VERSION: dict[str, Any] = {
    "id": "oj-2022-12-27",
    "status": "final",
    "published": dt.date(2022, 12, 27),
    "in_force": dt.date(2023, 1, 16),
    "supersedes": None,
    "citation": (
        "Directive (EU) 2022/2557 of the European Parliament and of the Council of "
        "14 December 2022 on the resilience of critical entities and repealing Council "
        "Directive 2008/114/EC, OJ L 333, 27.12.2022, p. 164, arts. 12–17"
    ),
    "url": "https://eur-lex.europa.eu/eli/dir/2022/2557/oj",
    "retrieved": RETRIEVED,
    "verified": True,
    "notes": (
        "Chapter III (arts. 12–17), English OJ text from the reference extract "
        "(cer-directive-art12-17.csv), copied word for word. The directive entered into force "
        "on 2023-01-16 (art. 28); Member States had to apply their transposing measures from "
        "2024-10-18 (art. 26) and identify their critical entities by 2026-07-17 (art. 6(1)). "
        "The duties of arts. 12–15 bind an entity through national law once it has been "
        "notified that it is identified as critical (art. 6(3)): each article's `starts` says "
        "so, and the profile's cer_identified_on gives the date (cer_critical alone only lists "
        "the duties for preparation). Chapter III applies 10 months after the notification "
        "(art. 6(3), second subparagraph) and the first risk assessment is due within nine "
        "months of it (art. 12(1)); only the recurring four-year deadline is data (one deadline "
        "per requirement). Art. 14(3) (the content of a background check) is a duty of the "
        "Member State that runs the check, not of the entity: non-assessable here although the "
        "extract marks it assessable. The Swedish transposing law had no SFS number "
        "that could be found on 2026-11-28: see mappings/sources/cer/README.md. "
        "How the extract was converted: article rows became the non-assessable parents cer:12 "
        "… cer:17; art. 13(1) (the chapeau) is non-assessable and its points (a)–(f) and second "
        "subparagraph are assessable; arts. 14(1)–(2) (Member State conditions and "
        "processing of requests), 15(3)–(4) (authority duties), 16 and 17 are non-assessable "
        "context. Art. 15(1) was split in three: cer:15.1 (first subparagraph: notification, "
        "initial notification within 24 hours, significance parameters (a)–(c)), "
        "cer:15.1.report (the detailed report within one month of the initial notification, "
        "the second sentence, repeated as its own requirement so that its deadline is data) and "
        "cer:15.1.sp2 (authorities notify the Commission). Art. 17(2) in the extract ends with "
        "the Member States' notification to the Commission, while art. 17(3) refers to "
        "'consultations referred to in paragraph 2': the extract appears to lack a sentence of "
        "art. 17(2); art. 17 is non-assessable here (the duty of art. 17(2) to inform the "
        "authority arises only for an entity serving six or more Member States, which no "
        "profile question covers), so check EUR-Lex before relying on art. 17. Titles (English "
        "and Swedish) are gapcheck's own; the Swedish titles use the directive's Swedish "
        "terms (kritisk entitet, behörig myndighet)."
    ),
}

# When an entity's duties start (inherited by each article's provisions): from the notification
# that it is identified as a critical entity (art. 6(3)). Chapter III applies 10 months after
# the notification (art. 6(3), second subparagraph); the first risk assessment is due within
# nine months of it (art. 12(1), "notwithstanding the deadline set out in Article 6(3)").
CER_STARTS: dict[str, dict[str, Any]] = {
    "cer:12": {"after": "cer_identification", "months": 9},
    "cer:13": {"after": "cer_identification", "months": 10},
    "cer:14": {"after": "cer_identification", "months": 10},
    "cer:15": {"after": "cer_identification", "months": 10},
}
# The extract marks these assessable, but they are duties of the Member State, not of the
# entity: art. 14(3) says what a background check (run by the State on request) contains.
CER_NOT_ASSESSABLE = frozenset({"cer:14.3"})

# Titles by requirement id: (English, Swedish).
CER_TITLES: dict[str, tuple[str, str]] = {
    "cer:12": ("Risk assessment by critical entities", "Kritiska entiteters riskbedömning"),
    "cer:12.1": (
        "Critical entity risk assessment within nine months of notification, when necessary "
        "and at least every four years",
        "Riskbedömning inom nio månader efter underrättelsen, vid behov och minst vart fjärde år",
    ),
    "cer:12.2": (
        "Scope of the risk assessment: all relevant natural and man-made risks and dependencies",
        "Riskbedömningens omfattning: alla relevanta naturliga och människoorsakade risker "
        "samt beroenden",
    ),
    "cer:12.2.sp2": (
        "Use of other risk assessments; authority may declare them compliant",
        "Användning av andra riskbedömningar; myndigheten kan förklara dem förenliga",
    ),
    "cer:13": (
        "Resilience measures of critical entities",
        "Kritiska entiteters åtgärder för motståndskraft",
    ),
    "cer:13.1": (
        "Appropriate and proportionate technical, security and organisational measures",
        "Lämpliga och proportionerliga tekniska, säkerhetsmässiga och organisatoriska åtgärder",
    ),
    "cer:13.1.a": (
        "Prevent incidents (disaster risk reduction, climate adaptation)",
        "Förebygga incidenter (katastrofriskreducering, klimatanpassning)",
    ),
    "cer:13.1.b": (
        "Physical protection of premises and critical infrastructure",
        "Fysiskt skydd av lokaler och kritisk infrastruktur",
    ),
    "cer:13.1.c": (
        "Respond to, resist and mitigate incidents (risk and crisis management, alert routines)",
        "Reagera på, motstå och begränsa följderna av incidenter (risk- och krishantering, "
        "larmrutiner)",
    ),
    "cer:13.1.d": (
        "Recover from incidents (business continuity, alternative supply chains)",
        "Återhämta sig efter incidenter (kontinuitet, alternativa leveranskedjor)",
    ),
    "cer:13.1.e": (
        "Employee security management (critical functions, access rights, background checks, "
        "training)",
        "Personalsäkerhet (kritiska funktioner, behörigheter, bakgrundskontroller, utbildning)",
    ),
    "cer:13.1.f": (
        "Awareness of the resilience measures among relevant personnel",
        "Medvetenhet om åtgärderna för motståndskraft hos berörd personal",
    ),
    "cer:13.1.sp2": (
        "Personnel of external service providers in critical functions",
        "Personal hos externa tjänsteleverantörer i kritiska funktioner",
    ),
    "cer:13.2": (
        "Resilience plan or equivalent documents",
        "Plan för motståndskraft eller motsvarande dokument",
    ),
    "cer:13.3": (
        "Liaison officer as point of contact with the competent authorities",
        "Kontaktperson gentemot de behöriga myndigheterna",
    ),
    "cer:14": ("Background checks", "Bakgrundskontroller"),
    "cer:14.1": (
        "Conditions for requesting background checks (set by the Member State)",
        "Villkor för att begära bakgrundskontroller (fastställs av medlemsstaten)",
    ),
    "cer:14.2": (
        "Assessment and proportionality of background check requests",
        "Prövning och proportionalitet vid begäran om bakgrundskontroll",
    ),
    "cer:14.3": (
        "Minimum content of a background check (identity, criminal records)",
        "Bakgrundskontrollens minsta innehåll (identitet, belastningsregister)",
    ),
    "cer:15": ("Incident notification", "Incidentrapportering"),
    "cer:15.1": (
        "Notify the competent authority of significant incidents; initial notification within "
        "24 hours",
        "Underrätta den behöriga myndigheten om betydande incidenter; första underrättelse "
        "inom 24 timmar",
    ),
    "cer:15.1.report": (
        "Detailed report within one month of the initial notification, where relevant",
        "Detaljerad rapport senast en månad efter den första underrättelsen, när det är relevant",
    ),
    "cer:15.1.sp2": (
        "Authorities notify the Commission of incidents affecting six or more Member States",
        "Myndigheterna underrättar kommissionen om incidenter som påverkar sex eller fler "
        "medlemsstater",
    ),
    "cer:15.2": ("Content of the notification", "Underrättelsens innehåll"),
    "cer:15.3": (
        "Information to other affected Member States via the single point of contact",
        "Information till andra berörda medlemsstater via den gemensamma kontaktpunkten",
    ),
    "cer:15.4": (
        "Follow-up information from the competent authority",
        "Uppföljande information från den behöriga myndigheten",
    ),
    "cer:16": ("Standards", "Standarder"),
    "cer:16.1": (
        "Member States encourage European and international standards",
        "Medlemsstaterna främjar europeiska och internationella standarder",
    ),
    "cer:17": (
        "Identification of critical entities of particular European significance",
        "Identifiering av kritiska entiteter av särskild europeisk betydelse",
    ),
    "cer:17.1": (
        "Criteria for particular European significance",
        "Kriterier för särskild europeisk betydelse",
    ),
    "cer:17.2": (
        "Entity informs its authority when it serves six or more Member States",
        "Entiteten informerar sin myndighet när den tillhandahåller tjänster i sex eller fler "
        "medlemsstater",
    ),
    "cer:17.3": (
        "Commission notification of particular European significance",
        "Kommissionens underrättelse om särskild europeisk betydelse",
    ),
    "cer:17.4": (
        "Application of the Chapter from receipt of the notification",
        "Kapitlets tillämpning från mottagandet av underrättelsen",
    ),
}

CER_DEADLINES: dict[str, dict[str, Any]] = {
    # "at least every four years" (the nine-month first assessment is in the version notes).
    "cer:12.1": {"years": 4, "after": "previous_risk_assessment"},
    # "an initial notification no later than 24 hours after becoming aware of an incident"
    "cer:15.1": {"hours": 24, "after": "awareness", "recipient": "competent_authority"},
    # "followed, where relevant, by a detailed report no later than one month thereafter"
    "cer:15.1.report": {
        "months": 1,
        "after": "initial_notification",
        "recipient": "competent_authority",
    },
}

# Art. 15(1) in the extract is one row; these are the exact pieces it is split into.
CER_15_1_SECOND_SENTENCE = (
    "Member States shall ensure that, unless operationally unable to do so, critical entities "
    "submit an initial notification no later than 24 hours after becoming aware of an incident, "
    "followed, where relevant, by a detailed report no later than one month thereafter."
)
CER_15_1_SP2_START = "Where an incident has or might have a significant impact"

# --------------------------------------------------------------------------------------------
# GDPR — Regulation (EU) 2016/679
# --------------------------------------------------------------------------------------------

GDPR_SOURCE: dict[str, Any] = {
    "id": "gdpr",
    "short": "GDPR",
    "title": {
        "en": "Regulation (EU) 2016/679 (General Data Protection Regulation)",
        "sv": "Förordning (EU) 2016/679 (dataskyddsförordningen)",
    },
    "kind": "eu_regulation",
    "jurisdiction": "EU",
    "binding": True,
    "applies_if": {"processes_personal_data": True},
}

GDPR_VERSION: dict[str, Any] = {
    "id": "oj-2016-05-04",
    "status": "final",
    "published": dt.date(2016, 5, 4),
    "in_force": dt.date(2018, 5, 25),
    "supersedes": None,
    "citation": (
        "Regulation (EU) 2016/679 of the European Parliament and of the Council of 27 April "
        "2016 on the protection of natural persons with regard to the processing of personal "
        "data and on the free movement of such data, and repealing Directive 95/46/EC (General "
        "Data Protection Regulation), OJ L 119, 4.5.2016, p. 1, arts. 28, 33 and 44–49"
    ),
    "url": "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
    "retrieved": RETRIEVED,
    # The one rule (docs/content.md): four provisions come from reproductions of the OJ
    # text (named in the notes), so the version as a whole is not verified.
    "verified": False,
    "notes": (
        "English OJ text from the reference extract (gdpr-art28-33-44-49.csv), copied word for "
        "word, with one typo repaired (art. 47(2)(n) 'he appropriate' → 'the appropriate'). The"
        " Regulation entered into force on 2016-05-24 (art. 99(1)) but applies from 2018-05-25 "
        "(art. 99(2)); in_force is the date of application, because that is when its duties "
        "bind a controller. Missing from the extract and added from copies of the OJ text "
        "(gdprhub.eu for arts. 44 and 48; SCL, 2017-11-17, for art. 28(3) second subparagraph; "
        "a CJEU-judgment quotation on data.guardint.org for art. 49(1) second subparagraph): "
        "gdpr:44, gdpr:48, gdpr:28.3.sp2, gdpr:49.1.sp2. Corrigenda published after 2016 are "
        "not applied. Assessable as gapcheck reads the text for an organisation acting as "
        "controller: duties of the processor (28(2), 28(3) second subparagraph, 28(4), 33(2)), "
        "permissions (28(5)–(6), 33(4), 45(1): a transfer on the basis of an adequacy decision "
        "needs no further authorisation — whether the decision covers a supplier at a date is a"
        " fact gapcheck evaluates, and a transfer without a valid mechanism makes arts. 44 and "
        "46(1) non-compliant), powers of the Commission or supervisory authorities (28(7)–(8), "
        "45(2)–(9), 46(4)–(5), 47) and the menus of transfer mechanisms (46(2)–(3), 49(1)) are "
        "non-assessable; an organisation that acts as a processor should assess those processor"
        " duties manually. Art. 33(3) is assessed as a whole (its points (a)–(d) are the fields"
        " of one notification). Art. 49(6) applies only when a transfer rests on a derogation "
        "(transfer_grounds: derogation), and art. 46(1) only when a transfer does not rest on "
        "an adequacy decision. Transfer requirements (arts. 44–49) apply only when the profile "
        "says transfers_outside_eea. The supervisory authority competent under art. 55 for a "
        "Swedish controller is Integritetsskyddsmyndigheten (IMY), designated by förordningen "
        "(2018:219) med kompletterande bestämmelser till EU:s dataskyddsförordning; the "
        "deadline of art. 33(1) records it as recipient imy. Whether a particular transfer has "
        "a valid mechanism (adequacy decision, SCCs) is a time-bounded fact that gapcheck "
        "evaluates per supplier, not part of this text. Titles are gapcheck's own; the Swedish "
        "titles use the terms of the Swedish language version (personuppgiftsbiträde, "
        "personuppgiftsincident, adekvat skyddsnivå)."
    ),
}

GDPR_ARTICLES: dict[str, tuple[str, str]] = {
    "28": ("Processor", "Personuppgiftsbiträde"),
    "33": (
        "Notification of a personal data breach to the supervisory authority",
        "Anmälan av en personuppgiftsincident till tillsynsmyndigheten",
    ),
    "44": ("General principle for transfers", "Allmän princip för överföring av uppgifter"),
    "45": (
        "Transfers on the basis of an adequacy decision",
        "Överföring på grundval av ett beslut om adekvat skyddsnivå",
    ),
    "46": (
        "Transfers subject to appropriate safeguards",
        "Överföring som omfattas av lämpliga skyddsåtgärder",
    ),
    "47": ("Binding corporate rules", "Bindande företagsbestämmelser"),
    "48": (
        "Transfers or disclosures not authorised by Union law",
        "Överföring eller utlämnande som inte är tillåtna enligt unionsrätten",
    ),
    "49": ("Derogations for specific situations", "Undantag i särskilda situationer"),
}

GDPR_TRANSFER_ARTICLES = frozenset({"44", "45", "46", "47", "48", "49"})
GDPR_TRANSFER_APPLIES_IF = {"processes_personal_data": True, "transfers_outside_eea": True}

# Provisions missing from the extract. Each: (ref, parent ref or None, text). The text is the
# OJ text as given in the sources named in GDPR_VERSION["notes"].
GDPR_ADDED: list[tuple[str, str | None, str]] = [
    (
        "28.3.sp2",
        "28.3",
        "With regard to point (h) of the first subparagraph, the processor shall immediately "
        "inform the controller if, in its opinion, an instruction infringes this Regulation or "
        "other Union or Member State data protection provisions.",
    ),
    (
        "44",
        None,
        "Any transfer of personal data which are undergoing processing or are intended for "
        "processing after transfer to a third country or to an international organisation "
        "shall take place only if, subject to the other provisions of this Regulation, the "
        "conditions laid down in this Chapter are complied with by the controller and "
        "processor, including for onward transfers of personal data from the third country or "
        "an international organisation to another third country or to another international "
        "organisation. All provisions in this Chapter shall be applied in order to ensure that "
        "the level of protection of natural persons guaranteed by this Regulation is not "
        "undermined.",
    ),
    (
        "48",
        None,
        "Any judgment of a court or tribunal and any decision of an administrative authority "
        "of a third country requiring a controller or processor to transfer or disclose "
        "personal data may only be recognised or enforceable in any manner if based on an "
        "international agreement, such as a mutual legal assistance treaty, in force between "
        "the requesting third country and the Union or a Member State, without prejudice to "
        "other grounds for transfer pursuant to this Chapter.",
    ),
    (
        "49.1.sp2",
        "49.1",
        "Where a transfer could not be based on a provision in Article 45 or 46, including the "
        "provisions on binding corporate rules, and none of the derogations for a specific "
        "situation referred to in the first subparagraph of this paragraph is applicable, a "
        "transfer to a third country or an international organisation may take place only if "
        "the transfer is not repetitive, concerns only a limited number of data subjects, is "
        "necessary for the purposes of compelling legitimate interests pursued by the "
        "controller which are not overridden by the interests or rights and freedoms of the "
        "data subject, and the controller has assessed all the circumstances surrounding the "
        "data transfer and has on the basis of that assessment provided suitable safeguards "
        "with regard to the protection of personal data. The controller shall inform the "
        "supervisory authority of the transfer. The controller shall, in addition to providing "
        "the information referred to in Articles 13 and 14, inform the data subject of the "
        "transfer and on the compelling legitimate interests pursued.",
    ),
]

# gapcheck's assessability (the CSV's column is overridden by this table; see the notes).
GDPR_ASSESSABLE = frozenset(
    {
        "gdpr:28.1",
        "gdpr:28.3",
        *(f"gdpr:28.3.{p}" for p in "abcdefgh"),
        "gdpr:28.9",
        "gdpr:33.1",
        "gdpr:33.3",
        "gdpr:33.5",
        "gdpr:44",
        "gdpr:46.1",
        "gdpr:49.6",
    }
)
# Which transfers make an article apply (transfer_grounds, evaluated per supplier at as_of).
# Art. 46(1) matters for a transfer that does not rest on an adequacy decision (safeguards, or
# none valid); art. 49(6) only for a transfer under a derogation.
GDPR_GROUNDS: dict[str, list[str]] = {
    "gdpr:46.1": ["scc", "bcr", "none"],
    "gdpr:49.6": ["derogation"],
}

# Text repairs in the extract: id -> (wrong, right).
GDPR_TEXT_FIXES: dict[str, tuple[str, str]] = {
    "gdpr:47.2.n": (
        "he appropriate data protection training",
        "the appropriate data protection training",
    ),
}

GDPR_DEADLINES: dict[str, dict[str, Any]] = {
    # "not later than 72 hours after having become aware of it, notify ... the supervisory
    # authority competent in accordance with Article 55" — for a Swedish controller IMY.
    "gdpr:33.1": {"hours": 72, "after": "awareness", "recipient": "imy"},
}

GDPR_TITLES: dict[str, tuple[str, str]] = {
    "gdpr:28.1": (
        "Use only processors providing sufficient guarantees",
        "Anlita endast personuppgiftsbiträden som ger tillräckliga garantier",
    ),
    "gdpr:28.2": (
        "No other processor without the controller's written authorisation",
        "Inget annat personuppgiftsbiträde utan den personuppgiftsansvariges skriftliga tillstånd",
    ),
    "gdpr:28.3": (
        "Processing governed by a binding contract or other legal act",
        "Behandlingen regleras genom ett bindande avtal eller en annan rättsakt "
        "(personuppgiftsbiträdesavtal)",
    ),
    "gdpr:28.3.a": (
        "Processing only on documented instructions, including transfers",
        "Behandling endast enligt dokumenterade instruktioner, även vid överföringar",
    ),
    "gdpr:28.3.b": (
        "Confidentiality of persons authorised to process",
        "Tystnadsplikt för de personer som får behandla uppgifterna",
    ),
    "gdpr:28.3.c": ("Security measures under Article 32", "Säkerhetsåtgärder enligt artikel 32"),
    "gdpr:28.3.d": (
        "Conditions for engaging another processor",
        "Villkor för att anlita ett annat personuppgiftsbiträde",
    ),
    "gdpr:28.3.e": (
        "Assistance with data subjects' rights",
        "Bistånd när de registrerade utövar sina rättigheter",
    ),
    "gdpr:28.3.f": (
        "Assistance with Articles 32–36 (security, breaches, impact assessment)",
        "Bistånd med artiklarna 32–36 (säkerhet, incidenter, konsekvensbedömning)",
    ),
    "gdpr:28.3.g": (
        "Deletion or return of personal data at the end of the services",
        "Radering eller återlämnande av personuppgifterna när tjänsterna upphör",
    ),
    "gdpr:28.3.h": (
        "Information to demonstrate compliance; audits and inspections",
        "Information för att visa efterlevnad; granskningar och inspektioner",
    ),
    "gdpr:28.3.sp2": (
        "Processor informs the controller of infringing instructions",
        "Biträdet informerar om instruktioner som strider mot dataskyddsbestämmelser",
    ),
    "gdpr:28.4": (
        "Same obligations imposed on another processor; initial processor remains liable",
        "Samma skyldigheter för ett annat biträde; det första biträdet förblir ansvarigt",
    ),
    "gdpr:28.5": (
        "Codes of conduct and certification as elements of sufficient guarantees",
        "Uppförandekoder och certifiering som del av tillräckliga garantier",
    ),
    "gdpr:28.6": (
        "Contract may be based on standard contractual clauses",
        "Avtalet kan bygga på standardavtalsklausuler",
    ),
    "gdpr:28.7": (
        "Standard contractual clauses laid down by the Commission",
        "Standardavtalsklausuler som fastställs av kommissionen",
    ),
    "gdpr:28.8": (
        "Standard contractual clauses adopted by a supervisory authority",
        "Standardavtalsklausuler som antas av en tillsynsmyndighet",
    ),
    "gdpr:28.9": (
        "Contract in writing, including in electronic form",
        "Avtalet ska vara skriftligt, även i elektronisk form",
    ),
    "gdpr:28.10": (
        "Processor determining purposes and means is a controller",
        "Ett biträde som bestämmer ändamål och medel anses vara personuppgiftsansvarig",
    ),
    "gdpr:33.1": (
        "Notify the supervisory authority (IMY) of a personal data breach within 72 hours",
        "Anmäla en personuppgiftsincident till tillsynsmyndigheten (IMY) inom 72 timmar",
    ),
    "gdpr:33.2": (
        "Processor notifies the controller without undue delay",
        "Biträdet underrättar den personuppgiftsansvarige utan onödigt dröjsmål",
    ),
    "gdpr:33.3": ("Minimum content of the notification", "Anmälans minsta innehåll"),
    "gdpr:33.3.a": (
        "Nature of the breach, categories and approximate numbers concerned",
        "Incidentens art, kategorier och ungefärligt antal berörda",
    ),
    "gdpr:33.3.b": (
        "Contact details of the data protection officer or other contact point",
        "Kontaktuppgifter till dataskyddsombudet eller annan kontaktpunkt",
    ),
    "gdpr:33.3.c": ("Likely consequences of the breach", "Sannolika konsekvenser av incidenten"),
    "gdpr:33.3.d": (
        "Measures taken or proposed to address the breach",
        "Vidtagna eller föreslagna åtgärder för att hantera incidenten",
    ),
    "gdpr:33.4": ("Information may be provided in phases", "Uppgifter får lämnas i omgångar"),
    "gdpr:33.5": (
        "Document all personal data breaches",
        "Dokumentera alla personuppgiftsincidenter",
    ),
    "gdpr:45.1": (
        "Transfer to a country or organisation covered by an adequacy decision",
        "Överföring till ett land eller en organisation som omfattas av ett beslut om adekvat "
        "skyddsnivå",
    ),
    "gdpr:45.2": (
        "Elements of the Commission's adequacy assessment",
        "Faktorer i kommissionens bedömning av skyddsnivån",
    ),
    "gdpr:45.2.a": (
        "Rule of law, legislation, public authority access and redress",
        "Rättsstatens principer, lagstiftning, myndigheters åtkomst och rättsmedel",
    ),
    "gdpr:45.2.b": ("Independent supervisory authorities", "Oberoende tillsynsmyndigheter"),
    "gdpr:45.2.c": ("International commitments", "Internationella åtaganden"),
    "gdpr:45.3": (
        "Adequacy decision by implementing act, reviewed at least every four years",
        "Beslut genom genomförandeakt med översyn minst vart fjärde år",
    ),
    "gdpr:45.4": ("Ongoing monitoring by the Commission", "Kommissionens löpande övervakning"),
    "gdpr:45.5": (
        "Repeal, amendment or suspension of an adequacy decision",
        "Upphävande, ändring eller tillfälligt upphävande av ett beslut",
    ),
    "gdpr:45.6": (
        "Consultations with the third country or organisation",
        "Samråd med tredjelandet eller organisationen",
    ),
    "gdpr:45.7": (
        "Repeal without prejudice to transfers under Articles 46–49",
        "Upphävande påverkar inte överföringar enligt artiklarna 46–49",
    ),
    "gdpr:45.8": (
        "Publication of the list of adequacy decisions",
        "Offentliggörande av förteckningen över beslut",
    ),
    "gdpr:45.9": (
        "Decisions under Directive 95/46/EC remain in force",
        "Beslut enligt direktiv 95/46/EG fortsätter att gälla",
    ),
    "gdpr:46.1": (
        "Appropriate safeguards, enforceable rights and effective remedies",
        "Lämpliga skyddsåtgärder, verkställbara rättigheter och effektiva rättsmedel",
    ),
    "gdpr:46.2": (
        "Safeguards that need no specific authorisation",
        "Skyddsåtgärder som inte kräver särskilt tillstånd",
    ),
    "gdpr:46.2.a": (
        "Legally binding instrument between public authorities or bodies",
        "Rättsligt bindande instrument mellan myndigheter eller offentliga organ",
    ),
    "gdpr:46.2.b": ("Binding corporate rules", "Bindande företagsbestämmelser"),
    "gdpr:46.2.c": (
        "Standard data protection clauses adopted by the Commission",
        "Standardiserade dataskyddsbestämmelser som antagits av kommissionen",
    ),
    "gdpr:46.2.d": (
        "Standard data protection clauses adopted by a supervisory authority",
        "Standardiserade dataskyddsbestämmelser som antagits av en tillsynsmyndighet",
    ),
    "gdpr:46.2.e": (
        "Approved code of conduct with binding commitments",
        "Godkänd uppförandekod med bindande åtaganden",
    ),
    "gdpr:46.2.f": (
        "Approved certification mechanism with binding commitments",
        "Godkänd certifieringsmekanism med bindande åtaganden",
    ),
    "gdpr:46.3": (
        "Safeguards subject to authorisation by the supervisory authority",
        "Skyddsåtgärder som kräver tillstånd från tillsynsmyndigheten",
    ),
    "gdpr:46.3.a": ("Contractual clauses", "Avtalsklausuler"),
    "gdpr:46.3.b": (
        "Provisions in administrative arrangements between public authorities",
        "Bestämmelser i administrativa överenskommelser mellan myndigheter",
    ),
    "gdpr:46.4": (
        "Consistency mechanism for authorisations",
        "Mekanismen för enhetlighet vid tillstånd",
    ),
    "gdpr:46.5": (
        "Authorisations and decisions under Directive 95/46/EC remain valid",
        "Tillstånd och beslut enligt direktiv 95/46/EG fortsätter att gälla",
    ),
    "gdpr:47.1": (
        "Approval of binding corporate rules",
        "Godkännande av bindande företagsbestämmelser",
    ),
    "gdpr:47.1.a": (
        "Legally binding on and enforced by every member",
        "Rättsligt bindande för och tillämpas av varje medlem",
    ),
    "gdpr:47.1.b": (
        "Enforceable rights for data subjects",
        "Verkställbara rättigheter för de registrerade",
    ),
    "gdpr:47.1.c": ("Requirements of paragraph 2", "Kraven i punkt 2"),
    "gdpr:47.2": (
        "Minimum content of binding corporate rules",
        "Minsta innehåll i bindande företagsbestämmelser",
    ),
    "gdpr:47.2.a": (
        "Structure and contact details of the group",
        "Koncernens struktur och kontaktuppgifter",
    ),
    "gdpr:47.2.b": (
        "Transfers, categories, purposes and third countries",
        "Överföringar, kategorier, ändamål och tredjeländer",
    ),
    "gdpr:47.2.c": ("Legally binding nature", "Rättsligt bindande verkan"),
    "gdpr:47.2.d": (
        "Application of the data protection principles",
        "Tillämpning av dataskyddsprinciperna",
    ),
    "gdpr:47.2.e": (
        "Rights of data subjects and the means to exercise them",
        "De registrerades rättigheter och hur de utövas",
    ),
    "gdpr:47.2.f": ("Acceptance of liability", "Godtagande av ansvar"),
    "gdpr:47.2.g": ("Information to data subjects", "Information till de registrerade"),
    "gdpr:47.2.h": (
        "Tasks of the data protection officer or compliance function",
        "Dataskyddsombudets eller efterlevnadsfunktionens uppgifter",
    ),
    "gdpr:47.2.i": ("Complaint procedures", "Förfaranden för klagomål"),
    "gdpr:47.2.j": ("Verification of compliance", "Kontroll av efterlevnad"),
    "gdpr:47.2.k": (
        "Reporting and recording changes to the rules",
        "Rapportering och registrering av ändringar",
    ),
    "gdpr:47.2.l": (
        "Cooperation with the supervisory authority",
        "Samarbete med tillsynsmyndigheten",
    ),
    "gdpr:47.2.m": (
        "Reporting third-country legal requirements",
        "Rapportering av rättsliga krav i tredjeland",
    ),
    "gdpr:47.2.n": ("Data protection training", "Utbildning i dataskydd"),
    "gdpr:47.3": (
        "Format and procedures for the exchange of information",
        "Format och förfaranden för informationsutbyte",
    ),
    "gdpr:49.1": (
        "Conditions for transfers without adequacy decision or appropriate safeguards",
        "Villkor för överföring utan beslut om adekvat skyddsnivå eller lämpliga skyddsåtgärder",
    ),
    "gdpr:49.1.a": (
        "Explicit consent after information about the risks",
        "Uttryckligt samtycke efter information om riskerna",
    ),
    "gdpr:49.1.b": (
        "Necessary for a contract with the data subject",
        "Nödvändig för att fullgöra ett avtal med den registrerade",
    ),
    "gdpr:49.1.c": (
        "Necessary for a contract in the interest of the data subject",
        "Nödvändig för ett avtal i den registrerades intresse",
    ),
    "gdpr:49.1.d": (
        "Important reasons of public interest",
        "Viktiga skäl som rör allmänintresset",
    ),
    "gdpr:49.1.e": (
        "Establishment, exercise or defence of legal claims",
        "Fastställande, utövande eller försvar av rättsliga anspråk",
    ),
    "gdpr:49.1.f": ("Vital interests", "Grundläggande intressen"),
    "gdpr:49.1.g": ("Transfer from a public register", "Överföring från ett offentligt register"),
    "gdpr:49.1.sp2": (
        "Compelling legitimate interests: non-repetitive, limited transfers",
        "Tvingande berättigade intressen: enstaka och begränsade överföringar",
    ),
    "gdpr:49.2": (
        "Limits on transfers from a register",
        "Begränsningar vid överföring från ett register",
    ),
    "gdpr:49.3": (
        "Not for public authorities exercising public powers (points (a)–(c), second subparagraph)",
        "Gäller inte myndigheter som utövar offentliga befogenheter (led a–c, andra stycket)",
    ),
    "gdpr:49.4": (
        "Public interest recognised in Union or Member State law",
        "Allmänintresset ska vara erkänt i unionsrätten eller nationell rätt",
    ),
    "gdpr:49.5": (
        "Limits on transfers of specific categories set by law",
        "Begränsningar i lag av överföring av vissa kategorier",
    ),
    "gdpr:49.6": (
        "Document the assessment and safeguards in the records of processing",
        "Dokumentera bedömningen och skyddsåtgärderna i registret över behandlingar",
    ),
}

# --------------------------------------------------------------------------------------------
# Conversion
# --------------------------------------------------------------------------------------------

_SP = re.compile(r"^sp(\d+)$")
_ORDINAL = {2: "second", 3: "third", 4: "fourth"}
_ORDINAL_SV = {1: "första", 2: "andra", 3: "tredje", 4: "fjärde"}


def human_ref(ref: str) -> str:
    """'13.1.a' -> 'Art. 13(1)(a)'; '12.2.sp2' -> 'Art. 12(2), second subparagraph'."""
    parts = ref.split(".")
    out = f"Art. {parts[0]}"
    tail = ""
    for part in parts[1:]:
        sp = _SP.match(part)
        if sp:
            tail = f", {_ORDINAL[int(sp.group(1))]} subparagraph"
        else:
            out += f"({part})"
    return out + tail


def human_ref_sv(ref: str) -> str:
    """How the Swedish language version cites it: '13.1.a' -> 'Artikel 13.1 a';
    '12.2.sp2' -> 'Artikel 12.2 andra stycket' (the form src/gapcheck/lawtext/eu.py gives)."""
    parts = ref.split(".")
    numbers = [p for p in parts if p.isdigit()]
    out = "Artikel " + ".".join(numbers)
    for part in parts[len(numbers) :]:
        sp = _SP.match(part)
        out += f" {_ORDINAL_SV[int(sp.group(1))]} stycket" if sp else f" {part}"
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = ["ref", "parent", "depth", "assessable", "title", "text"]
    if not rows or list(rows[0].keys()) != expected:
        raise SystemExit(f"{path}: expected columns {expected}")
    return rows


def requirement(
    ident: str,
    ref: str,
    ref_sv: str,
    *,
    parent: str | None,
    assessable: bool,
    titles: tuple[str, str],
    text: str | None,
    applies_if: dict[str, Any] | None = None,
    deadline: dict[str, Any] | None = None,
    starts: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One requirement in the key order of docs/formats.md."""
    req: dict[str, Any] = {"id": ident, "ref": ref, "ref_sv": ref_sv}
    if parent:
        req["parent"] = parent
    if not assessable:
        req["assessable"] = False
    req["title"] = {"en": titles[0], "sv": titles[1]}
    if text:
        req["text"] = {"en": text}
    if applies_if:
        req["applies_if"] = dict(applies_if)
    if deadline:
        req["deadline"] = dict(deadline)
    if starts:
        req["starts"] = dict(starts)
    return req


def build_cer(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    reqs: list[dict[str, Any]] = []
    for row in rows:
        if not row["ref"]:
            # Article row: "Article 12" in `title`, the heading in `text`.
            number = row["title"].removeprefix("Article ").strip()
            ident = f"cer:{number}"
            if CER_TITLES[ident][0] != row["text"].strip():
                raise SystemExit(f"{ident}: heading {row['text']!r} differs from the title table")
            reqs.append(
                requirement(
                    ident,
                    f"Art. {number}",
                    human_ref_sv(number),
                    parent=None,
                    assessable=False,
                    titles=CER_TITLES[ident],
                    text=None,
                    starts=CER_STARTS.get(ident),
                )
            )
            continue
        ref = row["ref"]
        ident = f"cer:{ref}"
        raw_parent = row["parent"]
        parent = f"cer:{raw_parent.removeprefix('art')}"
        assessable = row["assessable"] == "True" and ident not in CER_NOT_ASSESSABLE
        text = row["text"].strip()
        if ident == "cer:15.1":
            reqs.extend(split_cer_15_1(text, parent, assessable))
            continue
        reqs.append(
            requirement(
                ident,
                human_ref(ref),
                human_ref_sv(ref),
                parent=parent,
                assessable=assessable,
                titles=CER_TITLES[ident],
                text=text,
                deadline=CER_DEADLINES.get(ident),
            )
        )
    return reqs


def split_cer_15_1(text: str, parent: str, assessable: bool) -> list[dict[str, Any]]:
    """Art. 15(1): first subparagraph, the detailed report (second sentence), second subpara."""
    if CER_15_1_SECOND_SENTENCE not in text or text.count(CER_15_1_SP2_START) != 1:
        raise SystemExit("cer:15.1: the extract's text no longer matches the expected sentences")
    first, _, rest = text.partition(CER_15_1_SP2_START)
    sp1 = first.strip()
    sp2 = (CER_15_1_SP2_START + rest).strip()
    return [
        requirement(
            "cer:15.1",
            "Art. 15(1)",
            human_ref_sv("15.1"),
            parent=parent,
            assessable=assessable,
            titles=CER_TITLES["cer:15.1"],
            text=sp1,
            deadline=CER_DEADLINES["cer:15.1"],
        ),
        requirement(
            "cer:15.1.report",
            "Art. 15(1), first subparagraph, second sentence (detailed report)",
            f"{human_ref_sv('15.1')} {_ORDINAL_SV[1]} stycket andra meningen (detaljerad rapport)",
            parent="cer:15.1",
            assessable=True,
            titles=CER_TITLES["cer:15.1.report"],
            text=CER_15_1_SECOND_SENTENCE,
            deadline=CER_DEADLINES["cer:15.1.report"],
        ),
        requirement(
            "cer:15.1.sp2",
            "Art. 15(1), second subparagraph",
            human_ref_sv("15.1.sp2"),
            parent="cer:15.1",
            assessable=False,
            titles=CER_TITLES["cer:15.1.sp2"],
            text=sp2,
        ),
    ]


def _article(ref: str) -> str:
    return ref.split(".", 1)[0]


def _gdpr_req(ref: str, parent_ref: str | None, text: str | None) -> dict[str, Any]:
    ident = f"gdpr:{ref}"
    article = _article(ref)
    is_article = parent_ref is None and "." not in ref
    titles = GDPR_ARTICLES[article] if is_article else GDPR_TITLES[ident]
    if text is not None and ident in GDPR_TEXT_FIXES:
        wrong, right = GDPR_TEXT_FIXES[ident]
        if wrong not in text:
            raise SystemExit(f"{ident}: expected the typo {wrong!r} in the extract")
        text = text.replace(wrong, right)
    applies_if = GDPR_TRANSFER_APPLIES_IF if article in GDPR_TRANSFER_ARTICLES else None
    if ident in GDPR_GROUNDS:
        applies_if = {**GDPR_TRANSFER_APPLIES_IF, "transfer_grounds": GDPR_GROUNDS[ident]}
    return requirement(
        ident,
        human_ref(ref),
        human_ref_sv(ref),
        parent=f"gdpr:{parent_ref}" if parent_ref else None,
        assessable=ident in GDPR_ASSESSABLE,
        titles=titles,
        text=text,
        applies_if=applies_if,
        deadline=GDPR_DEADLINES.get(ident),
    )


def build_gdpr(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    # (ref, parent ref, text) for every provision, CSV rows and additions alike.
    items: list[tuple[str, str | None, str | None]] = []
    for row in rows:
        raw_parent = row["parent"]
        parent_ref = raw_parent.removeprefix("article-")
        items.append((row["ref"], parent_ref, row["text"].strip()))
    known = {ref for ref, _, _ in items}
    for ref, parent_ref, text in GDPR_ADDED:
        if ref in known:
            raise SystemExit(f"gdpr:{ref} is in the extract now; drop it from GDPR_ADDED")
        items.append((ref, parent_ref, text))
    # Article nodes: headings only, except arts. 44 and 48 (added with their text above).
    items += [(article, None, None) for article in GDPR_ARTICLES if article not in known_added()]
    items.sort(key=lambda item: natural_key(item[0]))
    return [_gdpr_req(ref, parent_ref, text) for ref, parent_ref, text in items]


def known_added() -> set[str]:
    """Refs of the articles added whole (no paragraphs): they carry their own text."""
    return {ref for ref, parent, _ in GDPR_ADDED if parent is None}


def natural_key(ref: str) -> tuple[tuple[int, Any], ...]:
    """Order '28' < '28.1' < '28.3' < '28.3.a' < '28.3.sp2' < '28.10' < '33'."""
    key: list[tuple[int, Any]] = []
    for part in ref.split("."):
        if part.isdigit():
            key.append((0, int(part)))
        elif _SP.match(part):
            key.append((2, int(part[2:])))
        else:
            key.append((1, part))
    return tuple(key)


def check(reqs: list[dict[str, Any]], prefix: str) -> None:
    ids = [r["id"] for r in reqs]
    if len(ids) != len(set(ids)):
        raise SystemExit(f"{prefix}: duplicate ids")
    for req in reqs:
        if not req["id"].startswith(f"{prefix}:"):
            raise SystemExit(f"{req['id']}: wrong prefix")
        if req.get("parent") and req["parent"] not in ids:
            raise SystemExit(f"{req['id']}: unknown parent {req['parent']}")
        if ids.index(req.get("parent", req["id"])) > ids.index(req["id"]):
            raise SystemExit(f"{req['id']}: listed before its parent")


HEADER = """\
# Generated by scripts/build_cer_gdpr_catalogs.py — do not edit by hand.
# {what}
# Text: English Official Journal text, reference file {csv} (EU legislation, reuse
# permitted with acknowledgement, Commission Decision 2011/833/EU). Titles in English and
# Swedish are gapcheck's own. See version.notes for how the extract was converted.
"""


class _Dumper(yaml.SafeDumper):
    """Safe dumper that writes multi-line strings as literal blocks (`|-`)."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def render(
    source: dict[str, Any], version: dict[str, Any], reqs: list[dict[str, Any]], header: str
) -> str:
    doc = {"source": source, "version": version, "requirements": reqs}
    body = yaml.dump(
        doc,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,
        default_flow_style=False,
    )
    return header + body


def outputs(reference: Path) -> dict[Path, str]:
    cer_reqs = build_cer(read_csv(reference / CER_CSV))
    gdpr_reqs = build_gdpr(read_csv(reference / GDPR_CSV))
    check(cer_reqs, "cer")
    check(gdpr_reqs, "gdpr")
    cer_header = HEADER.format(
        what="Directive (EU) 2022/2557 (CER), arts. 12–17: requirements for gapcheck.",
        csv=CER_CSV,
    )
    gdpr_header = HEADER.format(
        what="Regulation (EU) 2016/679 (GDPR), arts. 28, 33 and 44–49: requirements for gapcheck.",
        csv=GDPR_CSV,
    )
    return {
        CER_OUT: render(CER_SOURCE, CER_VERSION, cer_reqs, cer_header),
        GDPR_OUT: render(GDPR_SOURCE, GDPR_VERSION, gdpr_reqs, gdpr_header),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", nargs="?", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    stale = []
    for path, content in outputs(args.reference).items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                stale.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    for path in stale:
        print(f"out of date: {path.relative_to(REPO_ROOT)}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
