"""ConflictChecker: load records, link people, run rules R1–R12, for intake checks and organisation scans."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from boundarywatch.config import CODE_WINDOWS_YEARS, Config
from boundarywatch.conflicts._gc import gc_paused
from boundarywatch.conflicts.loading import load_records
from boundarywatch.conflicts.matching import Linkage, link_mentions
from boundarywatch.conflicts.records import RecordIssue, RecordSet
from boundarywatch.conflicts.rules import ConflictFinding, RuleContext, RuleOptions, run_rules

__all__ = ["INTAKE_ROLES", "CheckOptions", "CheckResult", "ConflictChecker", "scan_findings"]

#: ``--role`` values for an intake check -> (record kind, subtype).
INTAKE_ROLES: dict[str, tuple[str, str]] = {
    "prospective_client": ("clients", "therapy"),
    "supervisee": ("supervision", "supervision"),
    "trainee": ("supervision", "training"),
    "student": ("courses", "course"),
    "employee": ("staff", "employee"),
    "contractor": ("staff", "contractor"),
    "landlord": ("vendors", "landlord"),
    "tenant": ("vendors", "tenant"),
    "vendor": ("vendors", "vendor"),
    "business_partner": ("vendors", "business_partner"),
    "evaluee": ("forensic", "custody_evaluation"),
}
INTAKE_SOURCE = "<intake>"


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """Options of a check or scan. ``window_years`` and ``gift_value_threshold`` follow the config."""

    code: str = "APA"
    threshold: float = 0.9
    as_of: date = field(default_factory=date.today)
    agency_scope: bool = True
    gift_value_threshold: float = 50.0
    practice_setting: str = "standard"
    rules: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: Config, **overrides: Any) -> CheckOptions:
        """Take code, gift threshold and practice setting from a :class:`Config`, then apply overrides."""
        base = cls(
            code=config.code,
            gift_value_threshold=config.gift_value_threshold,
            practice_setting=config.practice_setting,
        )
        return replace(base, **{k: v for k, v in overrides.items() if v is not None})

    def rule_options(self) -> RuleOptions:
        """The subset the rules read."""
        code = self.code.upper()
        if code not in CODE_WINDOWS_YEARS:
            raise ValueError(f"unknown code {self.code!r}; known: {', '.join(CODE_WINDOWS_YEARS)}")
        return RuleOptions(
            as_of=self.as_of,
            code=code,
            window_years=CODE_WINDOWS_YEARS[code],
            agency_scope=self.agency_scope,
            gift_value_threshold=self.gift_value_threshold,
            practice_setting=self.practice_setting,
        )


@dataclass
class CheckResult:
    """Findings plus what was read, what was skipped and how long it took."""

    findings: list[ConflictFinding]
    issues: list[RecordIssue]
    options: CheckOptions
    people: int = 0
    mentions: int = 0
    relationships: int = 0
    pairs_linked: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    subject: dict[str, str] | None = None  # intake: the person checked
    linkage: Linkage | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready report."""
        return {
            "as_of": self.options.as_of.isoformat(),
            "code": self.options.code,
            "threshold": self.options.threshold,
            "agency_scope": self.options.agency_scope,
            "subject": self.subject,
            "summary": {
                "findings": len(self.findings),
                "people": self.people,
                "mentions": self.mentions,
                "relationships": self.relationships,
                "pairs_linked": self.pairs_linked,
                "skipped_records": len(self.issues),
            },
            "findings": [f.to_dict() for f in self.findings],
            "issues": [{"source": i.source, "line": i.line, "problem": i.problem} for i in self.issues],
        }


class ConflictChecker:
    """Run the conflict rules over a :class:`RecordSet`.

    ``db_api`` is handed to Splink (default: in-memory DuckDB; a ``SparkAPI`` for large organisations).
    """

    def __init__(self, options: CheckOptions | None = None, db_api: Any = None) -> None:
        self.options = options or CheckOptions()
        self.db_api = db_api

    def scan(self, records: RecordSet) -> CheckResult:
        """All conflicts active on ``options.as_of`` across the organisation."""
        with gc_paused():
            return self._scan(records)

    def _scan(self, records: RecordSet) -> CheckResult:
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        linkage = link_mentions(list(records.mentions.values()), self.options.threshold, self.db_api)
        timings["link"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        ctx = RuleContext(records, linkage, self.options.rule_options())
        findings = run_rules(ctx, list(self.options.rules) or None)
        timings["rules"] = time.perf_counter() - t1
        return self._result(records, linkage, findings, timings)

    def check(
        self,
        records: RecordSet,
        *,
        name: str,
        clinician: str,
        role: str = "prospective_client",
        email: str | None = None,
        phone: str | None = None,
        dob: str | None = None,
    ) -> CheckResult:
        """Intake check: would ``name`` in ``role`` with ``clinician`` create a conflict with existing records?"""
        if role not in INTAKE_ROLES:
            raise ValueError(f"unknown role {role!r}; known: {', '.join(INTAKE_ROLES)}")
        kind, subtype = INTAKE_ROLES[role]
        person = {"name": name, "email": email or "", "phone": phone or "", "dob": dob or ""}
        mention = records.add_mention(INTAKE_SOURCE, 1, person)
        if mention is None:
            raise ValueError("the name has no letters to match on")
        key = "" if kind == "staff" else records.resolve_clinician(clinician, INTAKE_SOURCE, 1)
        records.add_relationship(
            kind=kind,
            subtype=subtype,
            person=mention.mention_id,
            source=INTAKE_SOURCE,
            line=1,
            clinician=key,
            start=self.options.as_of,
        )
        result = self.scan(records)
        assert result.linkage is not None
        entity = result.linkage.entity_of[mention.mention_id]
        result.findings = [f for f in result.findings if entity in {p.entity for p in f.people}]
        result.subject = {"name": name, "role": role, "clinician": records.clinicians[key].name if key else ""}
        return result

    def _result(
        self, records: RecordSet, linkage: Linkage, findings: list[ConflictFinding], timings: dict[str, float]
    ) -> CheckResult:
        return CheckResult(
            findings=findings,
            issues=list(records.issues),
            options=self.options,
            people=len(set(linkage.entity_of.values())),
            mentions=len(records.mentions),
            relationships=len(records.relationships),
            pairs_linked=linkage.pairs_scored,
            timings=timings,
            linkage=linkage,
        )


def scan_findings(
    paths: Iterable[str | os.PathLike[str]],
    options: CheckOptions | None = None,
) -> list[dict[str, Any]]:
    """Scan record files and return findings as plain dicts (for the web workbench)."""
    result = ConflictChecker(options).scan(load_records(paths))
    return [f.to_dict() for f in result.findings]
