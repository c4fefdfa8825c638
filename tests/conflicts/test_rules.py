"""Each rule R1-R12 with positive and negative cases (table-driven)."""

from __future__ import annotations

from datetime import date

import pytest

from boundarywatch.conflicts import CheckOptions, ConflictChecker, load_records

AS_OF = date(2025, 6, 30)
ANNA = {"name": "Anna Fischer", "email": "anna@mail.example", "phone": "555-100-0001", "dob": "1983-12-24"}
ANNA_ALT = {"name": "Fischer, Anna", "phone": "(555) 100-0001"}
BEN = {"name": "Ben Wood", "email": "ben@mail.example", "phone": "555-100-0002", "dob": "1980-01-01"}
NAMESAKE = {"name": "Anna Fischer", "email": "other@mail.example", "phone": "555-999-0000", "dob": "1999-09-09"}


def client(person, clin="S1", start="2020-01-01", end="", case=""):
    return {**person, "clinician": clin, "start_date": start, "end_date": end, "case_id": case}


CASES = [
    # (id, records, expected rule or None, options)
    (
        "R1 former client supervised",
        {
            "clients": [client(ANNA, end="2022-01-01")],
            "supervision": [{**ANNA_ALT, "supervisor": "S1", "start_date": "2025-01-01"}],
        },
        "R1",
        {},
    ),
    (
        "R1 negative other supervisor",
        {
            "clients": [client(ANNA, end="2022-01-01")],
            "supervision": [{**ANNA_ALT, "supervisor": "S2", "start_date": "2025-01-01"}],
        },
        None,
        {},
    ),
    (
        "R1 negative namesake",
        {"clients": [client(ANNA)], "supervision": [{**NAMESAKE, "supervisor": "S1", "start_date": "2025-01-01"}]},
        None,
        {},
    ),
    (
        "R2 student and current client",
        {
            "clients": [client(ANNA)],
            "courses": [{**ANNA_ALT, "instructor": "Helen Okafor", "start_date": "2025-02-01"}],
        },
        "R2",
        {},
    ),
    (
        "R2 negative former client",
        {
            "clients": [client(ANNA, end="2021-01-01")],
            "courses": [{**ANNA_ALT, "instructor": "S1", "start_date": "2025-02-01"}],
        },
        None,
        {},
    ),
    (
        "R3 landlord",
        {
            "clients": [client(ANNA)],
            "vendors": [{**ANNA_ALT, "kind": "landlord", "clinician": "S1", "start_date": "2019-01-01"}],
        },
        "R3",
        {},
    ),
    (
        "R3 employee of practice",
        {"clients": [client(ANNA)], "staff": [{**ANNA_ALT, "role": "employee", "start_date": "2024-01-01"}]},
        "R3",
        {},
    ),
    (
        "R3 negative landlord of other clinician",
        {
            "clients": [client(ANNA)],
            "vendors": [{**ANNA_ALT, "kind": "landlord", "clinician": "S2", "start_date": "2019-01-01"}],
        },
        None,
        {},
    ),
    (
        "R3 negative ended vendor",
        {
            "clients": [client(ANNA)],
            "vendors": [
                {
                    **ANNA_ALT,
                    "kind": "vendor",
                    "clinician": "S1",
                    "start_date": "2019-01-01",
                    "end_date": "2019-12-31",
                }
            ],
        },
        None,
        {},
    ),
    (
        "R4 friend",
        {
            "clients": [client(ANNA)],
            "ties": [{**ANNA_ALT, "clinician": "S1", "tie": "friend", "start_date": "2000-01-01"}],
        },
        "R4",
        {},
    ),
    (
        "R4 sibling via family link",
        {
            "clients": [client(ANNA)],
            "family": [
                {
                    "name": "Helen Okafor",
                    "phone": "555-000-0001",
                    "relation": "sibling",
                    "other_name": "Anna Fischer",
                    "other_phone": "555-100-0001",
                }
            ],
        },
        "R4",
        {},
    ),
    (
        "R4 negative friend treated by colleague",
        {
            "clients": [client(ANNA, clin="S2")],
            "ties": [{**ANNA_ALT, "clinician": "S1", "tie": "friend", "start_date": "2000-01-01"}],
        },
        None,
        {},
    ),
    (
        "R5 related clients",
        {
            "clients": [client(ANNA), client(BEN, clin="S2")],
            "family": [{**ANNA_ALT, "relation": "sibling", "other_name": "Ben Wood", "other_dob": "1980-01-01"}],
        },
        "R5",
        {},
    ),
    (
        "R5 negative conjoint case",
        {
            "clients": [client(ANNA, case="C1"), client(BEN, case="C1")],
            "family": [{**ANNA_ALT, "relation": "spouse", "other_name": "Ben Wood", "other_dob": "1980-01-01"}],
        },
        None,
        {},
    ),
    (
        "R6 personal social media",
        {
            "clients": [client(ANNA)],
            "ties": [{**ANNA_ALT, "clinician": "S1", "tie": "social_media", "page": "personal"}],
        },
        "R6",
        {},
    ),
    (
        "R6 negative professional page",
        {
            "clients": [client(ANNA)],
            "ties": [{**ANNA_ALT, "clinician": "S1", "tie": "social_media", "page": "professional"}],
        },
        None,
        {},
    ),
    (
        "R7 evaluator of own client",
        {
            "clients": [client(ANNA)],
            "forensic": [{**ANNA_ALT, "evaluator": "S1", "kind": "custody_evaluation", "date": "2025-05-01"}],
        },
        "R7",
        {},
    ),
    (
        "R7 evaluator of client's spouse",
        {
            "clients": [client(ANNA)],
            "family": [{**BEN, "relation": "spouse", "other_name": "Anna Fischer", "other_phone": "555-100-0001"}],
            "forensic": [{**BEN, "evaluator": "S1", "kind": "custody_evaluation", "date": "2025-05-01"}],
        },
        "R7",
        {},
    ),
    (
        "R7 negative fact witness",
        {
            "clients": [client(ANNA)],
            "forensic": [{**ANNA_ALT, "evaluator": "S1", "kind": "fact_witness", "date": "2025-05-01"}],
        },
        None,
        {},
    ),
    (
        "R8 APA inside 2 years",
        {
            "clients": [client(ANNA, end="2024-01-01")],
            "ties": [{**ANNA_ALT, "clinician": "S1", "tie": "romantic", "start_date": "2025-01-01"}],
        },
        "R8",
        {},
    ),
    (
        "R8 negative APA after 3 years",
        {
            "clients": [client(ANNA, end="2021-01-01")],
            "ties": [{**ANNA_ALT, "clinician": "S1", "tie": "romantic", "start_date": "2024-06-01"}],
        },
        None,
        {},
    ),
    (
        "R8 ACA 5 years",
        {
            "clients": [client(ANNA, end="2021-01-01")],
            "ties": [{**ANNA_ALT, "clinician": "S1", "tie": "romantic", "start_date": "2024-06-01"}],
        },
        "R8",
        {"code": "ACA"},
    ),
    (
        "R8 NASW no limit",
        {
            "clients": [client(ANNA, start="2000-01-01", end="2005-01-01")],
            "ties": [{**ANNA_ALT, "clinician": "S1", "tie": "sexual", "start_date": "2024-06-01"}],
        },
        "R8",
        {"code": "NASW"},
    ),
    (
        "R8 AAMFT no limit",
        {
            "clients": [client(ANNA, start="2000-01-01", end="2005-01-01")],
            "ties": [{**ANNA_ALT, "clinician": "S1", "tie": "romantic", "start_date": "2024-06-01"}],
        },
        "R8",
        {"code": "AAMFT"},
    ),
    (
        "R9 former partner as client",
        {
            "clients": [client(ANNA)],
            "ties": [
                {
                    **ANNA_ALT,
                    "clinician": "S1",
                    "tie": "former_partner",
                    "start_date": "2001-01-01",
                    "end_date": "2003-01-01",
                }
            ],
        },
        "R9",
        {},
    ),
    (
        "R9 negative former partner of colleague",
        {
            "clients": [client(ANNA, clin="S2")],
            "ties": [
                {
                    **ANNA_ALT,
                    "clinician": "S1",
                    "tie": "former_partner",
                    "start_date": "2001-01-01",
                    "end_date": "2003-01-01",
                }
            ],
        },
        None,
        {},
    ),
    (
        "R10 colleague's former client",
        {
            "clients": [client(ANNA, clin="S2", end="2024-06-01")],
            "ties": [{**ANNA_ALT, "clinician": "S1", "tie": "romantic", "start_date": "2025-01-01"}],
        },
        "R10",
        {},
    ),
    (
        "R10 negative without agency scope",
        {
            "clients": [client(ANNA, clin="S2", end="2024-06-01")],
            "ties": [{**ANNA_ALT, "clinician": "S1", "tie": "romantic", "start_date": "2025-01-01"}],
        },
        None,
        {"agency_scope": False},
    ),
    (
        "R11 barter without contract",
        {
            "clients": [client(ANNA)],
            "transactions": [
                {
                    **ANNA_ALT,
                    "clinician": "S1",
                    "kind": "barter",
                    "date": "2025-01-01",
                    "written_contract": "no",
                    "client_initiated": "yes",
                }
            ],
        },
        "R11",
        {},
    ),
    (
        "R11 negative contracted barter",
        {
            "clients": [client(ANNA)],
            "transactions": [
                {
                    **ANNA_ALT,
                    "clinician": "S1",
                    "kind": "barter",
                    "date": "2025-01-01",
                    "written_contract": "yes",
                    "client_initiated": "yes",
                }
            ],
        },
        None,
        {},
    ),
    (
        "R12 gift over threshold",
        {
            "clients": [client(ANNA)],
            "transactions": [
                {**ANNA_ALT, "clinician": "S1", "kind": "gift", "date": "2025-01-01", "value": "120"}
            ],
        },
        "R12",
        {},
    ),
    (
        "R12 repeated gifts",
        {
            "clients": [client(ANNA)],
            "transactions": [
                {**ANNA_ALT, "clinician": "S1", "kind": "gift", "date": d, "value": "10"}
                for d in ("2025-01-01", "2025-03-01", "2025-05-01")
            ],
        },
        "R12",
        {},
    ),
    (
        "R12 negative token gift",
        {
            "clients": [client(ANNA)],
            "transactions": [{**ANNA_ALT, "clinician": "S1", "kind": "gift", "date": "2025-01-01", "value": "20"}],
        },
        None,
        {},
    ),
]


@pytest.mark.parametrize(("case", "kinds", "expected", "opts"), CASES, ids=[c[0] for c in CASES])
def test_rule(make_records, case, kinds, expected, opts):
    d = make_records(**kinds)
    result = ConflictChecker(CheckOptions(as_of=AS_OF, **opts)).scan(load_records([d]))
    rules = {f.rule for f in result.findings}
    if expected is None:
        assert rules == set(), case
    else:
        assert expected in rules, (case, rules)
        f = next(f for f in result.findings if f.rule == expected)
        assert f.codes and f.explanation and f.records
        assert 0.9 <= f.confidence <= 1.0


def test_practice_setting_downweights_r6(make_records):
    d = make_records(
        clients=[client(ANNA)], ties=[{**ANNA_ALT, "clinician": "S1", "tie": "social_media", "page": "personal"}]
    )
    rural = ConflictChecker(CheckOptions(as_of=AS_OF, practice_setting="rural")).scan(load_records([d]))
    assert rural.findings[0].severity.value == "low" and rural.findings[0].modifiers
