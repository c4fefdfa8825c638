"""Synthetic organisations with planted conflicts and realistic name noise, for evaluation and benchmarks.

:func:`generate_org` writes one CSV per record kind plus ``truth.json``: which person each record line is
about, and the planted conflicts (rule + people) together with planted near misses that must *not* be
flagged (conjoint couples, professional-page followers, fact witnesses, romance after the APA window,
contracted barter, token gifts, namesakes with different birth dates and contacts).

Noise: nicknames, "Last, First" and upper-case forms, titles and middle initials, one-letter typos, maiden
names, e-mail case and Gmail dots, several phone formats, US and ISO birth dates, and missing fields.
Everything is driven by one ``random.Random(seed)``.
"""

from __future__ import annotations

import csv
import json
import random
import string
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from boundarywatch.conflicts.loading import SCHEMAS

__all__ = ["AS_OF", "GeneratedOrg", "Person", "generate_org"]

AS_OF = date(2025, 6, 30)

_FIRST_F = (
    "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa margaret betty sandra "
    "ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura "
    "cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine "
    "debra rachel carolyn janet catherine maria heather diane ruth julie olivia joyce virginia victoria kelly "
    "lauren christina joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara "
    "madison frances kathryn janice jean abigail alice judy sophia grace denise amber doris marilyn danielle "
    "beverly isabella theresa diana natalie brittany charlotte marie kayla alexis lori guadalupe ximena"
).split()
_FIRST_M = (
    "james robert john michael david william richard joseph thomas charles christopher daniel matthew anthony "
    "mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan "
    "jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander "
    "frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle "
    "ethan walter noah jeremy christian keith roger terry gerald harold sean austin carl arthur lawrence "
    "dylan jesse jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy "
    "vincent ralph eugene russell bobby mason philip louis francisco guillermo ignacio"
).split()
_SURNAMES = (
    "smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson "
    "anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis "
    "robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall "
    "rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes "
    "stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard "
    "ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price "
    "alvarez castillo sanders patel myers long ross foster jimenez powell jenkins perry russell sullivan bell "
    "coleman butler henderson barnes gonzales fisher vasquez simmons romero jordan patterson alexander hamilton "
    "graham reynolds griffin wallace moreno west cole hayes bryant herrera gibson ellis tran medina aguilar "
    "stevens murray ford castro marshall owens harrison fernandez mcdonald woods washington kennedy wells "
    "vargas henry chen freeman webb tucker guzman burns crawford olson simpson porter hunter gordon mendez "
    "silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black robertson boyd rose stone "
    "salazar fox warren mills meyer rice schmidt garza daniels ferguson nichols stephens soto weaver ryan "
    "gardner payne grant dunn kelley spencer hawkins arnold pierce vazquez hansen peters santos hart bradley "
    "knight elliott cunningham duncan armstrong hudson carroll lane riley andrews alvarado ray delgado berry "
    "perkins hoffman johnston matthews pena richards contreras willis carpenter lawrence sandoval"
).split()
_SYL_A = "bal cor dan el fen gar hal is jor kel lin mor nor ost pel quin ras sel tor ul var wen yor zel".split()
_SYL_B = "berg by croft dale ford gren holm ley lund mark ness quist rick sen ston stad ton vik wick well".split()
_NICKS: dict[str, list[str]] = {}
_DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "proton.me", "mail.com")


def _build_nicks() -> None:
    from boundarywatch.conflicts.identity import NICKNAMES

    for nick, canon in NICKNAMES.items():
        if nick != canon:
            _NICKS.setdefault(canon, []).append(nick)


@dataclass
class Person:
    """A true person of the synthetic organisation."""

    pid: int
    first: str
    surname: str
    dob: date
    email: str
    phone: str
    female: bool
    maiden: str | None = None
    anchor: str = ""  # identifier every record of this person carries ("email", "phone" or "dob"; "" = none)


@dataclass
class GeneratedOrg:
    """What :func:`generate_org` wrote."""

    directory: Path
    seed: int
    as_of: date
    people: int
    relationships: int
    planted: list[dict[str, Any]] = field(default_factory=list)
    negatives: list[dict[str, Any]] = field(default_factory=list)


class _Writer:
    """Collects rows per kind and the truth map (file, line, slot) -> person id."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.rows: dict[str, list[dict[str, str]]] = {k: [] for k in SCHEMAS}
        self.truth: dict[str, int] = {}

    def add(self, kind: str, row: dict[str, str], pid: int, other: int | None = None) -> None:
        rows = self.rows[kind]
        rows.append(row)
        line = len(rows) + 1  # header is line 1
        self.truth[f"{kind}.csv:{line}:"] = pid
        if other is not None:
            self.truth[f"{kind}.csv:{line}:other"] = other

    def count(self) -> int:
        return sum(len(r) for r in self.rows.values())

    def write(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        for kind, rows in self.rows.items():
            cols = ["name", "former_surname", "email", "phone", "dob"] + [c.rstrip("*") for c in SCHEMAS[kind]]
            with (self.directory / f"{kind}.csv").open("w", newline="", encoding="utf-8") as fh:
                w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
                w.writeheader()
                w.writerows(rows)


class _Gen:
    def __init__(self, seed: int, as_of: date) -> None:
        if not _NICKS:
            _build_nicks()
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.people: list[Person] = []
        self.phones: set[str] = set()
        self.emails: set[str] = set()

    # -- people -------------------------------------------------------------------------------------------
    def surname(self) -> str:
        r = self.rng
        if r.random() < 0.55:
            return r.choice(_SURNAMES)
        return r.choice(_SYL_A) + r.choice(_SYL_B)

    def person(self, surname: str | None = None, first: str | None = None) -> Person:
        r = self.rng
        female = r.random() < 0.6
        first = first or r.choice(_FIRST_F if female else _FIRST_M)
        surname = surname or self.surname()
        maiden = self.surname() if female and r.random() < 0.12 else None
        dob = date(1950, 1, 1) + timedelta(days=r.randrange(365 * 52))
        while True:
            phone = f"{r.randrange(201, 989)}{r.randrange(200, 999)}{r.randrange(0, 10000):04d}"
            if phone not in self.phones:
                self.phones.add(phone)
                break
        while True:
            style = r.randrange(3)
            local = (
                f"{first}.{surname}",
                f"{first[0]}{surname}{r.randrange(10, 99)}",
                f"{first}{r.randrange(100, 999)}",
            )[style]
            email = f"{local}@{r.choice(_DOMAINS)}"
            if email not in self.emails:
                self.emails.add(email)
                break
        p = Person(len(self.people) + 1, first, surname, dob, email, phone, female, maiden)
        self.people.append(p)
        return p

    def namesake(self, p: Person) -> Person:
        """A different person with the same name (different birth date and contacts)."""
        return self.person(surname=p.surname, first=p.first)

    # -- noise ---------------------------------------------------------------------------------------------
    def _typo(self, s: str) -> str:
        r = self.rng
        if len(s) < 4:
            return s
        i = r.randrange(1, len(s) - 1)
        op = r.randrange(3)
        if op == 0:
            return s[:i] + s[i + 1 :]
        if op == 1:
            return s[:i] + r.choice(string.ascii_lowercase) + s[i + 1 :]
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]

    def render(self, p: Person, presence: tuple[float, float, float], *, old: bool = False) -> dict[str, str]:
        """A noisy record of ``p``; presence = P(email, phone, dob); ``old`` may use the maiden name."""
        r = self.rng
        first = p.first
        if first in _NICKS and r.random() < 0.2:
            first = r.choice(_NICKS[first])
        elif r.random() < 0.04:
            first = self._typo(first)
        surname = p.surname
        former = ""
        maiden_used = False
        if p.maiden and old and r.random() < 0.5:
            surname, maiden_used = p.maiden, True
        elif p.maiden and r.random() < 0.4:
            former = p.maiden.title()
        if not maiden_used and r.random() < 0.06:
            surname = self._typo(surname)
        style = r.random()
        f, s = first.title(), surname.title()
        if style < 0.55:
            name = f"{f} {s}"
        elif style < 0.7:
            name = f"{s}, {f}"
        elif style < 0.8:
            name = f"{f} {r.choice(string.ascii_uppercase)}. {s}"
        elif style < 0.9:
            name = f"{f} {s}".upper()
        else:
            name = f"{r.choice(('Mr.', 'Ms.', 'Mrs.', 'Dr.'))} {f} {s}"
        pe, pp, pd = presence
        email = p.email if r.random() < pe or p.anchor == "email" else ""
        phone = p.phone if r.random() < pp or p.anchor == "phone" else ""
        dob = p.dob if r.random() < pd or p.anchor == "dob" else None
        if maiden_used and not (email or phone):
            email = p.email  # people keep their contacts when their name changes
        if not (email or phone or dob):
            dob = p.dob
        if email:
            local, _, dom = email.partition("@")
            roll = r.random()
            if roll < 0.2:
                email = email.upper()
            elif roll < 0.35 and dom == "gmail.com":
                email = f"{local.replace('.', '')}@{dom}"
            elif roll < 0.45 and dom == "gmail.com":
                email = f"{local}+intake@{dom}"
        if phone:
            fmt = r.randrange(5)
            a, b, c = phone[:3], phone[3:6], phone[6:]
            phone = (f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", phone)[fmt]
        dob_s = ""
        if dob:
            dob_s = dob.isoformat() if r.random() < 0.6 else f"{dob.month}/{dob.day}/{dob.year}"
        return {"name": name, "former_surname": former, "email": email, "phone": phone, "dob": dob_s}

    # -- dates ---------------------------------------------------------------------------------------------
    def day(self, lo_days_ago: int, hi_days_ago: int) -> date:
        return self.as_of - timedelta(days=self.rng.randrange(hi_days_ago, lo_days_ago))


#: People created per round of planted conflicts and near misses (reserved in the head count).
_PLANTED_PEOPLE_PER_ROUND = 26

_CLIENT = (0.8, 0.9, 0.97)
_STAFF = (0.95, 0.9, 0.95)
_SCHOOL = (0.95, 0.6, 0.3)
_VENDOR = (0.8, 0.9, 0.1)
_FAMILY = (0.3, 0.6, 0.7)
_FORENSIC = (0.3, 0.5, 0.9)
_TIE = (0.5, 0.6, 0.3)
_TX = (0.2, 0.5, 0.7)


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def generate_org(
    directory: str | Path,
    *,
    seed: int,
    people: int = 3000,
    planted_per_rule: int = 10,
    relationships_per_person: float = 3.0,
    as_of: date = AS_OF,
) -> GeneratedOrg:
    """Write a synthetic organisation and return what was planted.

    Record files go to ``directory/records/``; the answer key to ``directory/truth.json``.
    """
    g = _Gen(seed, as_of)
    r = g.rng
    w = _Writer(Path(directory) / "records")
    planted: list[dict[str, Any]] = []
    negatives: list[dict[str, Any]] = []

    n_clin = max(6, people // 60)
    clinicians = [g.person() for _ in range(n_clin)]
    clin_ref: dict[int, str] = {}
    for i, c in enumerate(clinicians):
        sid = f"S{i + 1:04d}"
        clin_ref[c.pid] = sid
        w.add(
            "staff",
            {**g.render(c, _STAFF), "role": "clinician", "staff_id": sid, "start_date": _iso(g.day(4000, 400))},
            c.pid,
        )

    def ref(c: Person) -> str:
        roll = r.random()
        if roll < 0.7:
            return clin_ref[c.pid]
        if roll < 0.85:
            return f"{c.first.title()} {c.surname.title()}"
        return f"Dr. {c.first.title()} {c.surname.title()}"

    def client(
        p: Person,
        c: Person,
        *,
        current: bool,
        ended_days_ago: int | None = None,
        case_id: str = "",
        old: bool = False,
    ) -> tuple[date, date | None]:
        if current:
            start, end = g.day(2000, 30), None
        else:
            ago = ended_days_ago if ended_days_ago is not None else r.randrange(30, 3000)
            end = as_of - timedelta(days=ago)
            start = end - timedelta(days=r.randrange(60, 900))
        w.add(
            "clients",
            {
                **g.render(p, _CLIENT, old=old),
                "clinician": ref(c),
                "start_date": _iso(start),
                "end_date": _iso(end),
                "case_id": case_id,
            },
            p.pid,
        )
        return start, end

    # -- background (no conflicts by construction) ----------------------------------------------------------
    budget = int(people * relationships_per_person)
    n_clients = int(people * 0.45)
    # non-client roles (staff, supervision, courses, vendors, ties, forensic); the rest of the head count goes to
    # clients' relatives, so ``people`` is the number of distinct people in the records (plus the planted ones)
    n_others = max(int(people * 0.16), 10)
    n_kin = max(people - n_clin - n_clients - n_others - planted_per_rule * _PLANTED_PEOPLE_PER_ROUND, people // 20)
    clients_pool = [g.person() for _ in range(n_clients)]
    others = [g.person() for _ in range(n_others)]
    client_of: dict[int, Person] = {}
    for p in clients_pool:
        c = r.choice(clinicians)
        client_of[p.pid] = c
        client(p, c, current=r.random() < 0.5, old=True)
        if r.random() < 0.3:  # a second episode with the same clinician
            client(p, c, current=False, ended_days_ago=r.randrange(1500, 4000), old=True)
    for p in others[: max(1, len(others) // 8)]:
        w.add(
            "staff",
            {
                **g.render(p, _STAFF),
                "role": r.choice(("employee", "admin", "contractor")),
                "start_date": _iso(g.day(3000, 10)),
            },
            p.pid,
        )
    extra = [p for p in others[len(others) // 8 :]]
    for p in extra[: len(extra) // 6]:
        w.add(
            "supervision",
            {
                **g.render(p, _SCHOOL),
                "supervisor": ref(r.choice(clinicians)),
                "kind": r.choice(("supervision", "training")),
                "start_date": _iso(g.day(700, 5)),
            },
            p.pid,
        )
    for p in extra[len(extra) // 6 : len(extra) // 2]:
        w.add(
            "courses",
            {
                **g.render(p, _SCHOOL),
                "instructor": ref(r.choice(clinicians)),
                "course": "PSY 5" + str(r.randrange(10, 99)),
                "start_date": _iso(g.day(200, 5)),
            },
            p.pid,
        )
    for p in extra[len(extra) // 2 : len(extra) // 2 + max(1, len(extra) // 10)]:
        c = r.choice(clinicians + [None])  # type: ignore[list-item]
        w.add(
            "vendors",
            {
                **g.render(p, _VENDOR),
                "kind": r.choice(("landlord", "vendor", "bookkeeper", "contractor")),
                "clinician": ref(c) if c else "",
                "start_date": _iso(g.day(3000, 10)),
            },
            p.pid,
        )
    for p in extra[len(extra) // 2 + len(extra) // 10 :][: max(1, len(extra) // 12)]:
        w.add(
            "ties",
            {
                **g.render(p, _TIE),
                "clinician": ref(r.choice(clinicians)),
                "tie": r.choice(("friend", "social_media", "relative")),
                "page": "personal",
                "start_date": _iso(g.day(5000, 10)),
            },
            p.pid,
        )
    for p in extra[-max(1, len(extra) // 20) :]:
        w.add(
            "forensic",
            {
                **g.render(p, _FORENSIC),
                "evaluator": ref(r.choice(clinicians)),
                "kind": "custody_evaluation",
                "date": _iso(g.day(300, 5)),
            },
            p.pid,
        )
    # family links: client <-> relative who appears nowhere else (never two clients, never a clinician). Once
    # ``n_kin`` relatives exist, further links re-record a client's known relative (a later intake or update),
    # freshly rendered with the same noise, so the head count stays at ``people``.
    kin_of: dict[int, list[tuple[Person, str]]] = {}
    kin_made = 0
    while w.count() < budget * 0.8 and clients_pool:
        p = r.choice(clients_pool)
        known = kin_of.get(p.pid)
        if kin_made < n_kin and (not known or r.random() < 0.5):
            kin = g.person(surname=p.surname if r.random() < 0.6 else None)
            relation = r.choice(("spouse", "sibling", "parent", "child"))
            kin_of.setdefault(p.pid, []).append((kin, relation))
            kin_made += 1
        elif known:
            kin, relation = r.choice(known)
        else:
            continue
        w.add(
            "family",
            {
                **g.render(p, _CLIENT),
                "relation": relation,
                **{f"other_{k}": v for k, v in g.render(kin, _FAMILY).items()},
            },
            p.pid,
            kin.pid,
        )
    # token gifts and contracted barter: allowed (negatives by design)
    gifts_left = {p.pid: 2 for p in clients_pool}  # at most two background gifts each: never "repeated"
    while w.count() < budget and gifts_left:
        p = r.choice(clients_pool)
        if gifts_left.get(p.pid, 0) <= 0:
            gifts_left.pop(p.pid, None)
            continue
        gifts_left[p.pid] -= 1
        c = client_of[p.pid]
        if r.random() < 0.8:
            w.add(
                "transactions",
                {
                    **g.render(p, _TX),
                    "clinician": ref(c),
                    "kind": "gift",
                    "value": str(r.randrange(5, 40)),
                    "date": _iso(g.day(3000, 1)),
                },
                p.pid,
            )
        else:
            w.add(
                "transactions",
                {
                    **g.render(p, _TX),
                    "clinician": ref(c),
                    "kind": "barter",
                    "value": "100",
                    "written_contract": "yes",
                    "client_initiated": "yes",
                    "date": _iso(g.day(3000, 1)),
                },
                p.pid,
            )

    # -- planted conflicts and near misses -----------------------------------------------------------------
    def plant(rule: str, *pids: int) -> None:
        planted.append({"rule": rule, "people": sorted(set(pids))})

    def near(rule: str, what: str, *pids: int) -> None:
        negatives.append({"rule": rule, "what": what, "people": sorted(set(pids))})

    def pick_clin() -> Person:
        return r.choice(clinicians)

    def other_clin(c: Person) -> Person:
        return r.choice([x for x in clinicians if x is not c])

    # From here on every person gets an anchor: records of one person always share at least one identifier
    # (possibly formatted differently), since nothing can tell whether two name-only records are one person.
    make_person = g.person

    def anchored(surname: str | None = None, first: str | None = None) -> Person:
        p = make_person(surname=surname, first=first)
        p.anchor = r.choice(("email", "phone", "dob"))
        return p

    g.person = anchored  # type: ignore[method-assign]
    k = planted_per_rule
    for _ in range(k):
        # R1: supervisee who was (or is) a client of the supervisor
        c, p = pick_clin(), g.person()
        client(p, c, current=r.random() < 0.3, old=True)
        w.add(
            "supervision", {**g.render(p, _SCHOOL), "supervisor": ref(c), "start_date": _iso(g.day(300, 5))}, p.pid
        )
        plant("R1", p.pid)
        # near miss: namesake of a client of c in supervision with c
        q = g.person()
        client(q, c, current=True)
        s = g.namesake(q)
        w.add(
            "supervision",
            {**g.render(s, (1.0, 1.0, 1.0)), "supervisor": ref(c), "start_date": _iso(g.day(300, 5))},
            s.pid,
        )
        near("R1", "namesake of a client is supervised by the same clinician", s.pid, q.pid)

        # R2: current student and current client of the instructor
        c, p = pick_clin(), g.person()
        client(p, c, current=True)
        w.add(
            "courses",
            {**g.render(p, _SCHOOL), "instructor": ref(c), "course": "PSY 601", "start_date": _iso(g.day(150, 5))},
            p.pid,
        )
        plant("R2", p.pid)
        q = g.person()
        client(q, c, current=False, ended_days_ago=1800)
        w.add(
            "courses",
            {**g.render(q, _SCHOOL), "instructor": ref(c), "course": "PSY 601", "start_date": _iso(g.day(150, 5))},
            q.pid,
        )
        near("R2", "former client (five years ago) in the course", q.pid)

        # R3: current client who is landlord/vendor/employee
        c, p = pick_clin(), g.person()
        client(p, c, current=True)
        if r.random() < 0.3:
            w.add("staff", {**g.render(p, _STAFF), "role": "employee", "start_date": _iso(g.day(900, 10))}, p.pid)
        else:
            w.add(
                "vendors",
                {
                    **g.render(p, _VENDOR),
                    "kind": r.choice(("landlord", "vendor", "business_partner")),
                    "clinician": ref(c) if r.random() < 0.6 else "",
                    "start_date": _iso(g.day(900, 10)),
                },
                p.pid,
            )
        plant("R3", p.pid)
        q = g.person()
        client(q, c, current=False, ended_days_ago=900)
        w.add(
            "vendors",
            {**g.render(q, _VENDOR), "kind": "landlord", "clinician": ref(c), "start_date": _iso(g.day(300, 10))},
            q.pid,
        )
        near("R3", "landlord who is a former client", q.pid)

        # R4: friend/relative of the clinician as current client
        c, p = pick_clin(), g.person()
        client(p, c, current=True)
        if r.random() < 0.5:
            w.add(
                "ties",
                {
                    **g.render(p, _TIE),
                    "clinician": ref(c),
                    "tie": r.choice(("friend", "relative")),
                    "start_date": _iso(g.day(5000, 400)),
                },
                p.pid,
            )
        else:
            w.add(
                "family",
                {
                    **g.render(c, _STAFF),
                    "relation": "sibling",
                    **{f"other_{kk}": v for kk, v in g.render(p, _FAMILY).items()},
                },
                c.pid,
                p.pid,
            )
        plant("R4", p.pid)
        q = g.person()
        c2 = other_clin(c)
        client(q, c2, current=True)
        w.add(
            "ties",
            {**g.render(q, _TIE), "clinician": ref(c), "tie": "friend", "start_date": _iso(g.day(5000, 400))},
            q.pid,
        )
        near("R4", "friend of one clinician treated by a colleague", q.pid)

        # R5: two current clients who are related, not conjoint
        p1, p2 = g.person(), None
        p2 = g.person(surname=p1.surname)
        client(p1, pick_clin(), current=True)
        client(p2, pick_clin(), current=True)
        w.add(
            "family",
            {
                **g.render(p1, _FAMILY),
                "relation": r.choice(("sibling", "spouse", "parent")),
                **{f"other_{kk}": v for kk, v in g.render(p2, _FAMILY).items()},
            },
            p1.pid,
            p2.pid,
        )
        plant("R5", p1.pid, p2.pid)
        q1, q2 = g.person(), g.person()
        c = pick_clin()
        case = f"CJ{len(negatives):05d}"
        client(q1, c, current=True, case_id=case)
        client(q2, c, current=True, case_id=case)
        w.add(
            "family",
            {
                **g.render(q1, _FAMILY),
                "relation": "spouse",
                **{f"other_{kk}": v for kk, v in g.render(q2, _FAMILY).items()},
            },
            q1.pid,
            q2.pid,
        )
        near("R5", "couple seen together in one conjoint case", q1.pid, q2.pid)

        # R6: personal social-media connection with a current client
        c, p = pick_clin(), g.person()
        client(p, c, current=True)
        w.add(
            "ties",
            {
                **g.render(p, _TIE),
                "clinician": ref(c),
                "tie": "social_media",
                "platform": "Instagram",
                "page": "personal",
                "start_date": _iso(g.day(700, 10)),
            },
            p.pid,
        )
        plant("R6", p.pid)
        q = g.person()
        client(q, c, current=True)
        w.add(
            "ties",
            {
                **g.render(q, _TIE),
                "clinician": ref(c),
                "tie": "social_media",
                "platform": "LinkedIn",
                "page": "professional",
                "start_date": _iso(g.day(700, 10)),
            },
            q.pid,
        )
        near("R6", "client follows the clinician's professional page", q.pid)

        # R7: treating clinician as custody evaluator (self or family member)
        c, p = pick_clin(), g.person()
        client(p, c, current=r.random() < 0.6)
        if r.random() < 0.6:
            w.add(
                "forensic",
                {
                    **g.render(p, _FORENSIC),
                    "evaluator": ref(c),
                    "kind": "custody_evaluation",
                    "date": _iso(g.day(120, 2)),
                },
                p.pid,
            )
            plant("R7", p.pid)
        else:
            ev = g.person(surname=p.surname)
            w.add(
                "family",
                {
                    **g.render(ev, _FAMILY),
                    "relation": "spouse",
                    **{f"other_{kk}": v for kk, v in g.render(p, _FAMILY).items()},
                },
                ev.pid,
                p.pid,
            )
            w.add(
                "forensic",
                {
                    **g.render(ev, _FORENSIC),
                    "evaluator": ref(c),
                    "kind": "custody_evaluation",
                    "date": _iso(g.day(120, 2)),
                },
                ev.pid,
            )
            plant("R7", ev.pid, p.pid)
        q = g.person()
        client(q, c, current=True)
        w.add(
            "forensic",
            {**g.render(q, _FORENSIC), "evaluator": ref(c), "kind": "fact_witness", "date": _iso(g.day(120, 2))},
            q.pid,
        )
        near("R7", "treating clinician as fact witness", q.pid)

        # R8: romance with a former client inside the APA window (or during treatment)
        c, p = pick_clin(), g.person()
        during = r.random() < 0.3
        start, end = client(p, c, current=during, ended_days_ago=None if during else r.randrange(300, 600))
        tie_day = (start + timedelta(days=20)) if during else (end + timedelta(days=r.randrange(30, 250)))  # type: ignore[operator]
        w.add(
            "ties",
            {
                **g.render(p, _TIE),
                "clinician": ref(c),
                "tie": r.choice(("romantic", "sexual")),
                "start_date": _iso(min(tie_day, as_of)),
            },
            p.pid,
        )
        plant("R8", p.pid)
        q = g.person()
        _, end = client(q, c, current=False, ended_days_ago=1500)
        w.add(
            "ties",
            {
                **g.render(q, _TIE),
                "clinician": ref(c),
                "tie": "romantic",
                "start_date": _iso(end + timedelta(days=365 * 3 + 10)),
            },
            q.pid,
        )  # type: ignore[operator]
        near("R8", "romance three years after termination (outside the APA window)", q.pid)

        # R9: former partner accepted as client
        c, p = pick_clin(), g.person()
        client(p, c, current=True)
        w.add(
            "ties",
            {
                **g.render(p, _TIE),
                "clinician": ref(c),
                "tie": "former_partner",
                "start_date": _iso(g.day(9000, 6000)),
                "end_date": _iso(g.day(5500, 4000)),
            },
            p.pid,
        )
        plant("R9", p.pid)
        q = g.person()
        w.add(
            "ties",
            {
                **g.render(q, _TIE),
                "clinician": ref(c),
                "tie": "former_partner",
                "start_date": _iso(g.day(9000, 6000)),
                "end_date": _iso(g.day(5500, 4000)),
            },
            q.pid,
        )
        near("R9", "former partner who is not a client", q.pid)

        # R10: romance with a recent former client of a colleague (agency scope)
        c, p = pick_clin(), g.person()
        _, end = client(p, other_clin(c), current=False, ended_days_ago=r.randrange(200, 500))
        w.add(
            "ties",
            {
                **g.render(p, _TIE),
                "clinician": ref(c),
                "tie": "romantic",
                "start_date": _iso(end + timedelta(days=r.randrange(20, 150))),
            },
            p.pid,
        )  # type: ignore[operator]
        plant("R10", p.pid)
        q = g.person()
        _, end = client(q, other_clin(c), current=False, ended_days_ago=2600)
        w.add(
            "ties",
            {
                **g.render(q, _TIE),
                "clinician": ref(c),
                "tie": "romantic",
                "start_date": _iso(end + timedelta(days=365 * 4)),
            },
            q.pid,
        )  # type: ignore[operator]
        near("R10", "romance with a colleague's client long after the window", q.pid)

        # R11: barter without contract
        c, p = pick_clin(), g.person()
        client(p, c, current=True)
        contract = r.random() < 0.5
        w.add(
            "transactions",
            {
                **g.render(p, _TX),
                "clinician": ref(c),
                "kind": "barter",
                "value": "300",
                "written_contract": "yes" if contract else "no",
                "client_initiated": "no" if contract else r.choice(("yes", "no")),
                "date": _iso(g.day(300, 2)),
            },
            p.pid,
        )
        plant("R11", p.pid)

        # R12: gift above threshold or repeated gifts
        c, p = pick_clin(), g.person()
        client(p, c, current=True)
        if r.random() < 0.5:
            w.add(
                "transactions",
                {
                    **g.render(p, _TX),
                    "clinician": ref(c),
                    "kind": "gift",
                    "value": str(r.randrange(120, 900)),
                    "date": _iso(g.day(300, 2)),
                },
                p.pid,
            )
        else:
            for d in (200, 120, 40):
                w.add(
                    "transactions",
                    {
                        **g.render(p, _TX),
                        "clinician": ref(c),
                        "kind": "gift",
                        "value": "20",
                        "date": _iso(as_of - timedelta(days=d)),
                    },
                    p.pid,
                )
        plant("R12", p.pid)

    w.write()
    truth = {
        "seed": seed,
        "as_of": as_of.isoformat(),
        "code": "APA",
        "people": len(g.people),
        "planted": planted,
        "negatives": negatives,
        "records": w.truth,
    }
    (Path(directory) / "truth.json").write_text(json.dumps(truth, indent=1), encoding="utf-8")
    return GeneratedOrg(Path(directory), seed, as_of, len(g.people), w.count(), planted, negatives)
