"""Record-level conflict rules R1–R12 of the domain reference, evaluated over linked people.

Each rule reads the :class:`RuleContext` (records, the linkage of mentions into people, and the options) and
yields :class:`ConflictFinding` values. A finding names the rule, the people and the records involved, the
match confidence that the records describe the same person, the dates, the code sections for the configured
code and a plain-language explanation. Acceptable situations from section 4 of the domain reference are not
flagged: conjoint (couples/family) cases, professional-page followers, fact witnesses, barter with a written
client-initiated contract, token gifts, and romance after the configured code's window.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from boundarywatch.conflicts.loading import KINDS
from boundarywatch.conflicts.matching import Linkage, PairEvidence
from boundarywatch.conflicts.records import RecordSet, Relationship, is_true
from boundarywatch.domain import Severity

__all__ = [
    "CODE_SECTIONS",
    "RULES",
    "RULE_TITLES",
    "ConflictFinding",
    "MatchLink",
    "PersonRef",
    "RecordRef",
    "RuleContext",
    "RuleOptions",
    "run_rules",
]

RULE_TITLES: dict[str, str] = {
    "R1": "Supervisee or trainee is a current or former client of the supervisor",
    "R2": "Student of the clinician is also the clinician's client",
    "R3": "Client is also employee, contractor, landlord, tenant, vendor or business partner",
    "R4": "Client is the clinician's relative or friend",
    "R5": "Two clients are related or partnered outside a conjoint case",
    "R6": "Clinician's personal social-media connection is a client",
    "R7": "Treating clinician is also evaluator for the same person or family",
    "R8": "Romantic or sexual tie to a client or former client inside the code's window",
    "R9": "Former sexual or romantic partner is a client",
    "R10": "Romantic or sexual tie to a client of the agency (agency-wide scope)",
    "R11": "Barter without a written, client-initiated contract",
    "R12": "Gifts above the threshold, or repeated gifts",
}

_DEFAULT_SEVERITY: dict[str, Severity] = {
    "R1": Severity.HIGH,
    "R2": Severity.HIGH,
    "R3": Severity.HIGH,
    "R4": Severity.HIGH,
    "R5": Severity.MEDIUM,
    "R6": Severity.MEDIUM,
    "R7": Severity.HIGH,
    "R8": Severity.CRITICAL,
    "R9": Severity.CRITICAL,
    "R10": Severity.CRITICAL,
    "R11": Severity.MEDIUM,
    "R12": Severity.LOW,
}

#: Code sections per rule and professional code (editions in docs/conflicts.md; ⚠ items still to verify).
CODE_SECTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "R1": {"APA": ("3.05", "3.08"), "ACA": ("F.3", "F.6.c"), "NASW": ("3.01(c)",), "AAMFT": ("4.1", "4.2", "4.6")},
    "R2": {"APA": ("7.05(b)", "3.05"), "ACA": ("F.10.e",), "NASW": ("3.02(d)",), "AAMFT": ("4.2",)},
    "R3": {"APA": ("3.05", "3.06"), "ACA": ("A.6.b", "A.6.e"), "NASW": ("1.06(c)",), "AAMFT": ("1.3",)},
    "R4": {"APA": ("3.05",), "ACA": ("A.5.d",), "NASW": ("1.06(c)",), "AAMFT": ("1.3",)},
    "R5": {"APA": ("3.05(a)(2)", "10.02"), "ACA": ("A.8",), "NASW": ("1.06(d)",), "AAMFT": ("1.3",)},
    "R6": {"APA": ("3.05",), "ACA": ("A.5.e", "H.6.a"), "NASW": ("1.06(e)", "1.06(h)"), "AAMFT": ("1.3",)},
    "R7": {"APA": ("3.05(c)", "3.07", "10.02"), "ACA": ("E.13.c",), "NASW": ("1.06(c)",), "AAMFT": ("1.3",)},
    "R8": {
        "APA": ("10.05", "10.08"),
        "ACA": ("A.5.a", "A.5.c"),
        "NASW": ("1.09(a)", "1.09(c)"),
        "AAMFT": ("1.4", "1.5"),
    },
    "R9": {"APA": ("10.07",), "ACA": ("A.5.b",), "NASW": ("1.09(d)",), "AAMFT": ("1.3",)},
    "R10": {"APA": ("10.08",), "ACA": ("A.5.c",), "NASW": ("1.09(c)",), "AAMFT": ("1.5",)},
    "R11": {"APA": ("6.05",), "ACA": ("A.10.e",), "NASW": ("1.13(b)",), "AAMFT": ("8.5",)},
    "R12": {"APA": ("3.05",), "ACA": ("A.10.f",), "NASW": ("1.06(a)",), "AAMFT": ("3.9",)},
}
_STATE_SECTIONS: dict[str, tuple[str, ...]] = {
    "R3": ("Louisiana LAC 46:XXV.113",),
    "R10": ("Ohio Adm. Code 4757-5-04(A),(D)",),
    "R11": ("Maryland COMAR 10.58.03.06",),
}
_R5_RELATIONS = frozenset(KINDS["family"][1])  # every family relation a record file may name
_DOWNWEIGHTED = {"R5", "R6"}  # C11 / C07 incidental overlap (domain §4); never R1-R4 family, R7-R10


@dataclass(frozen=True, slots=True)
class RuleOptions:
    """Settings the rules read."""

    as_of: date
    code: str = "APA"
    window_years: int | None = 2
    agency_scope: bool = True
    gift_value_threshold: float = 50.0
    repeated_gifts: int = 3
    practice_setting: str = "standard"


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A person in a finding: the name as written, the role it plays, and the linked entity id."""

    name: str
    role: str
    entity: int
    source: str = ""
    line: int = 0
    slot: str = ""


@dataclass(frozen=True, slots=True)
class RecordRef:
    """A record a finding rests on."""

    source: str
    line: int
    kind: str
    subtype: str
    start: str | None
    end: str | None

    @classmethod
    def of(cls, rel: Relationship) -> RecordRef:
        """From a relationship."""
        return cls(rel.source, rel.line, rel.kind, rel.subtype, _iso(rel.start), _iso(rel.end))


@dataclass(frozen=True, slots=True)
class MatchLink:
    """Evidence that two records describe one person (a chain of linked pairs)."""

    left: str  # file:line
    right: str
    confidence: float
    chain: tuple[PairEvidence, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "left": self.left,
            "right": self.right,
            "confidence": round(self.confidence, 6),
            "pairs": [p.to_dict() for p in self.chain],
        }


@dataclass(frozen=True, slots=True)
class ConflictFinding:
    """One conflict: rule, people, records, match confidence, dates, code sections and explanation."""

    rule: str
    title: str
    severity: Severity
    clinician: str
    people: tuple[PersonRef, ...]
    records: tuple[RecordRef, ...]
    confidence: float
    dates: dict[str, str]
    codes: tuple[str, ...]
    explanation: str
    matches: tuple[MatchLink, ...] = ()
    modifiers: tuple[str, ...] = ()

    def key(self) -> tuple[str, str, frozenset[int]]:
        """Identity used to drop duplicates (same rule, clinician and people)."""
        return (self.rule, self.clinician, frozenset(p.entity for p in self.people))

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON contract (docs/conflicts.md), also what the web workbench shows."""
        return {
            "rule": self.rule,
            "title": self.title,
            "severity": self.severity.value,
            "clinician": self.clinician,
            "people": [
                {
                    "name": p.name,
                    "role": p.role,
                    "entity": p.entity,
                    "source": p.source,
                    "line": p.line,
                    "slot": p.slot,
                }
                for p in self.people
            ],
            "records": [
                {
                    "source": r.source,
                    "line": r.line,
                    "kind": r.kind,
                    "subtype": r.subtype,
                    "start": r.start,
                    "end": r.end,
                }
                for r in self.records
            ],
            "confidence": round(self.confidence, 6),
            "dates": dict(self.dates),
            "codes": list(self.codes),
            "explanation": self.explanation,
            "matches": [m.to_dict() for m in self.matches],
            "modifiers": list(self.modifiers),
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _years_between(a: date, b: date) -> float:
    return (b - a).days / 365.25


@dataclass
class RuleContext:
    """Indexed view of the records for the rules."""

    records: RecordSet
    linkage: Linkage
    options: RuleOptions
    by_kind: dict[str, list[Relationship]] = field(default_factory=lambda: defaultdict(list))
    clients: dict[int, list[Relationship]] = field(default_factory=lambda: defaultdict(list))
    family: dict[int, list[tuple[Relationship, int, int]]] = field(default_factory=lambda: defaultdict(list))
    clinician_entity: dict[str, int] = field(default_factory=dict)
    #: Client records active on ``options.as_of``, per entity (only entities that have some), in record order.
    current_clients: dict[int, list[Relationship]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for c in self.records.clinicians.values():
            if c.mention_id is not None:
                self.clinician_entity[c.key] = self.ent(c.mention_id)
        entity_of = self.linkage.entity_of
        by_kind, clients = self.by_kind, self.clients
        for rel in self.records.relationships:
            by_kind[rel.kind].append(rel)
            if rel.kind == "clients":
                clients[entity_of[rel.person]].append(rel)
            elif rel.kind == "family" and rel.other is not None:
                a, b = entity_of[rel.person], entity_of[rel.other]
                if a != b:
                    self.family[a].append((rel, rel.person, rel.other))
                    self.family[b].append((rel, rel.other, rel.person))
        day = self.options.as_of
        for entity, rels in clients.items():
            if current := [r for r in rels if r.active_on(day)]:
                self.current_clients[entity] = current

    def ent(self, mention_id: int) -> int:
        """Entity (linked person) of a mention."""
        return self.linkage.entity_of[mention_id]

    def name(self, mention_id: int) -> str:
        """Name as written in a mention."""
        return self.records.mentions[mention_id].name

    def clinician_name(self, key: str | None) -> str:
        """Display name of a clinician key."""
        c = self.records.clinicians.get(key or "")
        return c.name if c else "the practice"

    def is_self(self, entity: int, clinician: str | None) -> bool:
        """Whether ``entity`` is the clinician themself."""
        return clinician is not None and self.clinician_entity.get(clinician) == entity

    def client_rels(self, mention_id: int, clinician: str | None = None) -> list[Relationship]:
        """Client records of the person behind ``mention_id`` (optionally with one clinician)."""
        rels = self.clients.get(self.ent(mention_id), [])
        return [r for r in rels if clinician is None or r.clinician == clinician]

    def match(self, a: int, b: int) -> MatchLink:
        """Match evidence between two mentions."""
        ma, mb = self.records.mentions[a], self.records.mentions[b]
        chain = tuple(ev for _, _, ev in self.linkage.evidence(a, b))
        return MatchLink(f"{ma.source}:{ma.line}", f"{mb.source}:{mb.line}", self.linkage.confidence(a, b), chain)

    def _person(self, mention_id: int, role: str) -> PersonRef:
        m = self.records.mentions[mention_id]
        return PersonRef(m.name, role, self.ent(mention_id), m.source, m.line, m.slot)

    def finding(
        self,
        rule: str,
        clinician: str | None,
        people: list[tuple[int, str]],
        rels: list[Relationship],
        pairs: list[tuple[int, int]],
        dates: dict[str, date | None],
        explanation: str,
        severity: Severity | None = None,
        clinician_label: str | None = None,
    ) -> ConflictFinding:
        """Assemble a finding with code sections, confidence and practice-setting modifiers."""
        opts = self.options
        sev = severity or _DEFAULT_SEVERITY[rule]
        modifiers: list[str] = []
        if rule in _DOWNWEIGHTED and opts.practice_setting != "standard":
            sev = sev.shifted(-1)
            modifiers.append(f"practice_setting={opts.practice_setting}: overlapping ties are common there (-1)")
        matches = tuple(self.match(a, b) for a, b in pairs if a != b)
        confidence = min((m.confidence for m in matches), default=1.0)
        codes = tuple(f"{opts.code} {s}" for s in CODE_SECTIONS[rule][opts.code]) + _STATE_SECTIONS.get(rule, ())
        return ConflictFinding(
            rule=rule,
            title=RULE_TITLES[rule],
            severity=sev,
            clinician=clinician_label or self.clinician_name(clinician),
            people=tuple(self._person(m, role) for m, role in people),
            records=tuple(RecordRef.of(r) for r in rels),
            confidence=confidence,
            dates={k: v.isoformat() for k, v in dates.items() if v is not None},
            codes=codes,
            explanation=explanation,
            matches=matches,
            modifiers=tuple(modifiers),
        )


def _status(rel: Relationship, day: date) -> str:
    return "current client" if rel.active_on(day) else f"former client (treatment ended {_iso(rel.end)})"


def _latest(rels: list[Relationship]) -> Relationship:
    return max(rels, key=lambda r: (r.end or date.max, r.start or date.min))


def r1_supervisee_client(ctx: RuleContext) -> Iterator[ConflictFinding]:
    """R1: an active supervisee or trainee who is (or was) a client of the supervisor."""
    day = ctx.options.as_of
    for sup in ctx.by_kind["supervision"]:
        if not sup.active_on(day) or ctx.is_self(ctx.ent(sup.person), sup.clinician):
            continue
        past = [r for r in ctx.client_rels(sup.person, sup.clinician) if r.start is None or r.start <= day]
        if not past:
            continue
        cr = _latest(past)
        who, sv = ctx.name(sup.person), ctx.clinician_name(sup.clinician)
        yield ctx.finding(
            "R1",
            sup.clinician,
            [(sup.person, sup.subtype), (cr.person, "client")],
            [sup, cr],
            [(sup.person, cr.person)],
            {"supervision_start": sup.start, "treatment_start": cr.start, "treatment_end": cr.end},
            f"{who} is in {sup.subtype} with {sv} and is a {_status(cr, day)} of {sv}. A supervisor who was the "
            f"supervisee's therapist holds two roles with one person; arrange another supervisor or document "
            f"why the risk is acceptable.",
        )


def r2_student_client(ctx: RuleContext) -> Iterator[ConflictFinding]:
    """R2: a current student of the clinician who is also the clinician's current client."""
    day = ctx.options.as_of
    for course in ctx.by_kind["courses"]:
        if not course.active_on(day):
            continue
        current = [r for r in ctx.client_rels(course.person, course.clinician) if r.active_on(day)]
        if not current:
            continue
        cr = current[0]
        who, teacher = ctx.name(course.person), ctx.clinician_name(course.clinician)
        label = course.attrs.get("course") or course.subtype
        yield ctx.finding(
            "R2",
            course.clinician,
            [(course.person, "student"), (cr.person, "client")],
            [course, cr],
            [(course.person, cr.person)],
            {"course_start": course.start, "course_end": course.end, "treatment_start": cr.start},
            f"{who} is enrolled in {label} taught by {teacher} and is currently {teacher}'s client. Someone who "
            f"grades a student should not also be their therapist; refer the client elsewhere.",
        )


def r3_business_client(ctx: RuleContext) -> Iterator[ConflictFinding]:
    """R3: a current client who is also employee, contractor, landlord, tenant, vendor or business partner."""
    day = ctx.options.as_of
    for biz in ctx.by_kind["vendors"] + ctx.by_kind["staff"]:
        if not biz.active_on(day):
            continue
        role = (
            biz.subtype if biz.kind == "vendors" else ("employee" if biz.subtype != "contractor" else "contractor")
        )
        entity = ctx.ent(biz.person)
        seen: set[str | None] = set()
        for cr in ctx.client_rels(biz.person):
            if not cr.active_on(day) or cr.clinician in seen or ctx.is_self(entity, cr.clinician):
                continue
            if biz.clinician not in ("", None) and cr.clinician != biz.clinician:
                continue
            seen.add(cr.clinician)
            who, therapist = ctx.name(biz.person), ctx.clinician_name(cr.clinician)
            counterpart = ctx.clinician_name(biz.clinician) if biz.clinician else "the practice"
            yield ctx.finding(
                "R3",
                cr.clinician,
                [(biz.person, role.replace("_", " ")), (cr.person, "client")],
                [biz, cr],
                [(biz.person, cr.person)],
                {"role_start": biz.start, "role_end": biz.end, "treatment_start": cr.start},
                f"{who} is {role.replace('_', ' ')} of {counterpart} and a current client of {therapist}. "
                f"A business or employment tie with a client can impair objectivity and invite exploitation.",
            )


def r4_relative_friend_client(ctx: RuleContext) -> Iterator[ConflictFinding]:
    """R4: a current client who is the treating clinician's relative or friend."""
    day = ctx.options.as_of
    for tie in ctx.by_kind["ties"]:
        if tie.subtype not in ("friend", "relative") or not tie.active_on(day):
            continue
        for cr in ctx.client_rels(tie.person, tie.clinician):
            if cr.active_on(day):
                who, c = ctx.name(tie.person), ctx.clinician_name(tie.clinician)
                yield ctx.finding(
                    "R4",
                    tie.clinician,
                    [(tie.person, tie.subtype), (cr.person, "client")],
                    [tie, cr],
                    [(tie.person, cr.person)],
                    {"tie_start": tie.start, "treatment_start": cr.start},
                    f"{c} disclosed {who} as a {tie.subtype}, and {who} is {c}'s current client. Treating a "
                    f"{tie.subtype} risks objectivity; refer unless no alternative exists.",
                )
                break
    clin_by_entity: dict[int, list[str]] = defaultdict(list)
    for key, ent in ctx.clinician_entity.items():
        clin_by_entity[ent].append(key)
    for link in ctx.by_kind["family"]:
        if link.other is None or not link.active_on(day):
            continue
        for a, b in ((link.person, link.other), (link.other, link.person)):
            for key in clin_by_entity.get(ctx.ent(a), []):
                for cr in ctx.client_rels(b, key):
                    if cr.active_on(day) and ctx.ent(b) != ctx.ent(a):
                        c, who = ctx.clinician_name(key), ctx.name(b)
                        yield ctx.finding(
                            "R4",
                            key,
                            [(b, f"relative ({link.subtype})"), (cr.person, "client")],
                            [link, cr],
                            [(b, cr.person)],
                            {"link_start": link.start, "treatment_start": cr.start},
                            f"Family records link {who} to {c} ({link.subtype}), and {who} is {c}'s current "
                            f"client. Treating one's own family member is a multiple relationship.",
                        )
                        break


def r5_related_clients(ctx: RuleContext) -> Iterator[ConflictFinding]:
    """R5: two current clients linked as family, partners or employer/employee, not in one conjoint case."""
    day = ctx.options.as_of
    for link in ctx.by_kind["family"]:
        if link.other is None or link.subtype not in _R5_RELATIONS or not link.active_on(day):
            continue
        ea, eb = ctx.ent(link.person), ctx.ent(link.other)
        if ea == eb:
            continue
        ca, cb = ctx.current_clients.get(ea), ctx.current_clients.get(eb)
        if not ca or not cb:
            continue
        cases_a = {r.attrs.get("case_id") for r in ca} - {None}
        cases_b = {r.attrs.get("case_id") for r in cb} - {None}
        if cases_a & cases_b:
            continue  # conjoint couples/family case: roles clarified (APA 10.02, ACA A.8)
        ra, rb = ca[0], cb[0]
        na, nb = ctx.name(link.person), ctx.name(link.other)
        ka, kb = ctx.clinician_name(ra.clinician), ctx.clinician_name(rb.clinician)
        label = ka if ra.clinician == rb.clinician else " / ".join(sorted((ka, kb)))
        yield ctx.finding(
            "R5",
            None,
            [(ra.person, "client"), (rb.person, "client")],
            [link, ra, rb],
            [(link.person, ra.person), (link.other, rb.person)],
            {"link_start": link.start, "treatment_a_start": ra.start, "treatment_b_start": rb.start},
            f"{na} (client of {ka}) and {nb} (client of {kb}) are linked as {link.subtype.replace('_', ' ')} and "
            f"are not in a shared conjoint case. Set a confidentiality wall and clarify roles.",
            clinician_label=label,
        )


def r6_social_media(ctx: RuleContext) -> Iterator[ConflictFinding]:
    """R6: a personal social-media connection of the clinician who is their current client."""
    day = ctx.options.as_of
    for tie in ctx.by_kind["ties"]:
        if tie.subtype != "social_media" or tie.attrs.get("page", "personal").lower() == "professional":
            continue
        if not tie.active_on(day):
            continue
        for cr in ctx.client_rels(tie.person, tie.clinician):
            if cr.active_on(day):
                who, c = ctx.name(tie.person), ctx.clinician_name(tie.clinician)
                where = tie.attrs.get("platform", "social media")
                yield ctx.finding(
                    "R6",
                    tie.clinician,
                    [(tie.person, "social-media connection"), (cr.person, "client")],
                    [tie, cr],
                    [(tie.person, cr.person)],
                    {"connected": tie.start, "treatment_start": cr.start},
                    f"{c} is personally connected to current client {who} on {where}. Personal online "
                    f"relationships with clients are barred; following a professional page is not.",
                )
                break


def r7_evaluator(ctx: RuleContext) -> Iterator[ConflictFinding]:
    """R7: the treating clinician is also forensic or custody evaluator of the person or their family."""
    day = ctx.options.as_of
    for ev in ctx.by_kind["forensic"]:
        if ev.subtype == "fact_witness" or not ev.active_on(day):
            continue
        who, c = ctx.name(ev.person), ctx.clinician_name(ev.clinician)
        own = [r for r in ctx.client_rels(ev.person, ev.clinician) if r.start is None or r.start <= day]
        if own:
            cr = _latest(own)
            yield ctx.finding(
                "R7",
                ev.clinician,
                [(ev.person, "evaluee"), (cr.person, "client")],
                [ev, cr],
                [(ev.person, cr.person)],
                {"referral": ev.start, "treatment_start": cr.start},
                f"{c} is asked for a {ev.subtype.replace('_', ' ')} of {who}, who is a {_status(cr, day)} of "
                f"{c}. A treating therapist should not also be the evaluator; decline the evaluation role.",
            )
            continue
        for link, _, other in ctx.family.get(ctx.ent(ev.person), []):
            rels = [r for r in ctx.client_rels(other, ev.clinician) if r.start is None or r.start <= day]
            if rels:
                cr = _latest(rels)
                kin = ctx.name(other)
                yield ctx.finding(
                    "R7",
                    ev.clinician,
                    [(ev.person, "evaluee"), (cr.person, f"client ({link.subtype})")],
                    [ev, link, cr],
                    [(other, cr.person)],
                    {"referral": ev.start, "treatment_start": cr.start},
                    f"{c} is asked for a {ev.subtype.replace('_', ' ')} of {who}, whose {link.subtype} {kin} is "
                    f"a {_status(cr, day)} of {c}. Treating and evaluating one family are conflicting roles.",
                )
                break


def _romance(ctx: RuleContext) -> Iterator[tuple[Relationship, Relationship, date, str]]:
    """(tie, client record, tie date, 'during'|'after') for romantic/sexual ties begun after treatment began."""
    day = ctx.options.as_of
    for tie in ctx.by_kind["ties"]:
        if tie.subtype not in ("romantic", "sexual"):
            continue
        t = tie.start or day
        if t > day:
            continue
        for cr in ctx.client_rels(tie.person):
            if cr.start is not None and t < cr.start:
                continue  # the tie predates treatment: R9
            during = cr.end is None or t <= cr.end
            yield tie, cr, t, "during" if during else "after"


def r8_former_client_romance(ctx: RuleContext) -> Iterator[ConflictFinding]:
    """R8: romantic/sexual tie with a (former) client of the same clinician, inside the code's window."""
    window = ctx.options.window_years
    for tie, cr, t, when in _romance(ctx):
        if cr.clinician != tie.clinician:
            continue
        who, c = ctx.name(tie.person), ctx.clinician_name(tie.clinician)
        if when == "during":
            text = f"{c} has a {tie.subtype} tie with {who}, which began during {who}'s treatment with {c}."
        else:
            assert cr.end is not None
            gap = _years_between(cr.end, t)
            if window is not None and gap >= window:
                continue
            limit = "no time limit" if window is None else f"a {window}-year window"
            text = (
                f"{c} has a {tie.subtype} tie with former client {who}, beginning {gap:.1f} years after "
                f"treatment ended; {ctx.options.code} sets {limit}."
            )
        yield ctx.finding(
            "R8",
            tie.clinician,
            [(tie.person, tie.subtype), (cr.person, "client")],
            [tie, cr],
            [(tie.person, cr.person)],
            {"tie_start": t, "treatment_start": cr.start, "treatment_end": cr.end},
            text
            + " Sexual or romantic involvement with clients is prohibited; consult a supervisor or board now.",
        )


def r10_agency_scope(ctx: RuleContext) -> Iterator[ConflictFinding]:
    """R10: with agency scope on, a romantic/sexual tie with a client of another clinician at the agency."""
    if not ctx.options.agency_scope:
        return
    window = ctx.options.window_years
    for tie, cr, t, when in _romance(ctx):
        if cr.clinician == tie.clinician or not cr.clinician or ctx.client_rels(tie.person, tie.clinician):
            continue
        if when == "after":
            assert cr.end is not None
            if window is not None and _years_between(cr.end, t) >= window:
                continue
        who, c, other = ctx.name(tie.person), ctx.clinician_name(tie.clinician), ctx.clinician_name(cr.clinician)
        status = "a current" if when == "during" else "a former"
        yield ctx.finding(
            "R10",
            tie.clinician,
            [(tie.person, tie.subtype), (cr.person, f"client of {other}")],
            [tie, cr],
            [(tie.person, cr.person)],
            {"tie_start": t, "treatment_start": cr.start, "treatment_end": cr.end},
            f"{c} has a {tie.subtype} tie with {who}, {status} client of colleague {other}. Under agency-wide "
            f"scope a client of the agency counts as a client of every licensee there.",
        )


def r9_former_partner_client(ctx: RuleContext) -> Iterator[ConflictFinding]:
    """R9: a current client who was the clinician's sexual or romantic partner before treatment."""
    day = ctx.options.as_of
    for tie in ctx.by_kind["ties"]:
        if tie.subtype not in ("former_partner", "romantic", "sexual"):
            continue
        for cr in ctx.client_rels(tie.person, tie.clinician):
            if not cr.active_on(day):
                continue
            if tie.subtype != "former_partner" and (
                tie.start is None or cr.start is None or tie.start >= cr.start
            ):
                continue
            who, c = ctx.name(tie.person), ctx.clinician_name(tie.clinician)
            yield ctx.finding(
                "R9",
                tie.clinician,
                [(tie.person, "former partner"), (cr.person, "client")],
                [tie, cr],
                [(tie.person, cr.person)],
                {"tie_start": tie.start, "tie_end": tie.end, "treatment_start": cr.start},
                f"{who}, disclosed as {c}'s {tie.subtype.replace('_', ' ')} before treatment, is {c}'s current "
                f"client. Former sexual partners must not be accepted as clients; refer.",
            )
            break


def r11_barter(ctx: RuleContext) -> Iterator[ConflictFinding]:
    """R11: barter with a client without a written contract or not initiated by the client."""
    for tx in ctx.by_kind["transactions"]:
        if tx.subtype != "barter":
            continue
        contract, initiated = is_true(tx.attrs.get("written_contract")), is_true(tx.attrs.get("client_initiated"))
        if contract and initiated:
            continue
        rels = ctx.client_rels(tx.person, tx.clinician)
        if not rels:
            continue
        cr = _latest(rels)
        missing = [w for w, ok in (("a written contract", contract), ("client initiation", initiated)) if not ok]
        who, c = ctx.name(tx.person), ctx.clinician_name(tx.clinician)
        yield ctx.finding(
            "R11",
            tx.clinician,
            [(tx.person, "barter partner"), (cr.person, "client")],
            [tx, cr],
            [(tx.person, cr.person)],
            {"date": tx.start, "treatment_start": cr.start},
            f"{c} bartered with client {who} without {' or '.join(missing)}. Barter is allowed only when the "
            f"client asks, it is not exploitative, and a clear written contract exists.",
        )


def r12_gifts(ctx: RuleContext) -> Iterator[ConflictFinding]:
    """R12: gifts from a client above the value threshold, or repeated gifts within a year."""
    threshold, repeat = ctx.options.gift_value_threshold, ctx.options.repeated_gifts
    groups: dict[tuple[str | None, int], list[Relationship]] = defaultdict(list)
    for tx in ctx.by_kind["transactions"]:
        if tx.subtype == "gift":
            groups[(tx.clinician, ctx.ent(tx.person))].append(tx)
    for (clin, _), gifts in groups.items():
        rels = ctx.client_rels(gifts[0].person, clin)
        if not rels:
            continue
        gifts.sort(key=lambda g: g.start or date.min)
        big = [g for g in gifts if _value(g) > threshold]
        dated = [g.start for g in gifts if g.start]
        repeated = any(sum(1 for d in dated if d0 <= d < d0 + timedelta(days=365)) >= repeat for d0 in dated)
        if not big and not repeated:
            continue
        cr = _latest(rels)
        who, c = ctx.name(gifts[0].person), ctx.clinician_name(clin)
        parts = []
        if big:
            parts.append(f"{len(big)} gift(s) worth more than ${threshold:g} (largest ${max(map(_value, big)):g})")
        if repeated:
            parts.append(f"{repeat} or more gifts within a year")
        shown = (big or gifts)[:5]
        yield ctx.finding(
            "R12",
            clin,
            [(gifts[0].person, "gift giver"), (cr.person, "client")],
            [*shown, cr],
            [(g.person, cr.person) for g in shown],
            {"first_gift": gifts[0].start, "last_gift": gifts[-1].start},
            f"{c} received {' and '.join(parts)} from client {who}. Weigh the value, motives and the effect on "
            f"therapy, and document the decision.",
            severity=Severity.MEDIUM if repeated else Severity.LOW,
        )


def _value(tx: Relationship) -> float:
    try:
        return float(tx.attrs.get("value", "0").replace("$", "").replace(",", "") or 0)
    except ValueError:
        return 0.0


RULES: dict[str, Callable[[RuleContext], Iterator[ConflictFinding]]] = {
    "R1": r1_supervisee_client,
    "R2": r2_student_client,
    "R3": r3_business_client,
    "R4": r4_relative_friend_client,
    "R5": r5_related_clients,
    "R6": r6_social_media,
    "R7": r7_evaluator,
    "R8": r8_former_client_romance,
    "R9": r9_former_partner_client,
    "R10": r10_agency_scope,
    "R11": r11_barter,
    "R12": r12_gifts,
}


def run_rules(ctx: RuleContext, rules: list[str] | None = None) -> list[ConflictFinding]:
    """Run the rules (all by default), drop duplicates keeping the most confident, sort by severity."""
    best: dict[tuple[str, str, frozenset[int]], ConflictFinding] = {}
    for rule_id in rules or list(RULES):
        for f in RULES[rule_id](ctx):
            k = f.key()
            if k not in best or f.confidence > best[k].confidence:
                best[k] = f
    return sorted(best.values(), key=lambda f: (-f.severity.rank, int(f.rule[1:]), f.clinician, f.title))
