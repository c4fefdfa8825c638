"""The 13 categories: default severity, a one-line meaning, and the code sections each professional code maps.

Sections follow ``shared/domain/boundaries.md`` (APA 2002 amended 2010/2016, ACA 2014, NASW 2021, AAMFT 2015).
Items the domain reference marks as unverified are kept, since supervisors need a starting point, and
``docs/codes.md`` lists them as to be checked against the official text.
"""

from __future__ import annotations

from dataclasses import dataclass

from boundarywatch.domain import Category, Severity

__all__ = ["CODE_EDITIONS", "TAXONOMY", "CategoryInfo", "codes_for"]

CODE_EDITIONS = {
    "APA": "APA Ethical Principles and Code of Conduct (2002, amended 2010 and 2016)",
    "ACA": "ACA Code of Ethics (2014)",
    "NASW": "NASW Code of Ethics (1996, revised 2017 and 2021)",
    "AAMFT": "AAMFT Code of Ethics (effective 1 January 2015)",
}


@dataclass(frozen=True)
class CategoryInfo:
    """What a category means and how it is graded and cited."""

    id: str
    label: str
    meaning: str
    severity: Severity
    codes: dict[str, tuple[str, ...]]


def _c(cid: Category, label: str, meaning: str, sev: Severity, **codes: tuple[str, ...]) -> CategoryInfo:
    return CategoryInfo(cid.value, label, meaning, sev, codes)


S = Severity
TAXONOMY: dict[str, CategoryInfo] = {
    i.id: i
    for i in (
        _c(Category.ROMANTIC_SEXUAL, "Romantic or sexual", "romantic or sexual interest, advances, dating or contact",
           S.CRITICAL, APA=("3.02", "3.05(a)", "10.05", "10.06", "10.08"), ACA=("A.5.a", "A.5.c", "C.6.a"),
           NASW=("1.09(a)", "1.09(c)", "1.11"), AAMFT=("1.4", "1.5")),
        _c(Category.PHYSICAL_CONTACT, "Physical contact", "non-clinical touch: hugs, massage, holding, kissing",
           S.MEDIUM, APA=("3.04", "3.05(a)"), ACA=("A.6.b",), NASW=("1.10",), AAMFT=("1.3",)),
        _c(Category.GIFTS, "Gifts", "gifts beyond a token in either direction; solicited or secret gifts",
           S.MEDIUM, APA=("3.05(a)", "3.06"), ACA=("A.10.f",), NASW=("1.06(a)", "1.06(c)"), AAMFT=("3.9",)),
        _c(Category.SOLICITATION, "Soliciting favours or goods",
           "the therapist asks the client for favours, errands, labour, advice or goods", S.HIGH,
           APA=("3.05(a)", "3.06", "3.08"), ACA=("A.6.e",), NASW=("1.06(b)",), AAMFT=("1.3",)),
        _c(Category.FINANCIAL, "Business or financial", "business deals, loans, investments, employment, sales, barter",
           S.HIGH, APA=("3.05(a)", "3.06", "6.05", "6.07"), ACA=("A.10.e", "C.3.f"),
           NASW=("1.06(b)", "1.06(c)", "1.13(b)"), AAMFT=("1.3", "8.5")),
        _c(Category.TESTIMONIAL, "Testimonials and reviews", "asking clients for reviews, testimonials or referrals",
           S.MEDIUM, APA=("5.05", "5.06"), ACA=("C.3.b", "C.3.f"), NASW=("4.07(b)",), AAMFT=("1.3",)),
        _c(Category.SOCIAL, "Social relationship", "friendship, planned socialising, personal social-media ties",
           S.MEDIUM, APA=("3.05(a)",), ACA=("A.5.e", "A.6.e", "H.6.a"), NASW=("1.06(c)", "1.06(e)", "1.06(h)"),
           AAMFT=("1.3",)),
        _c(Category.SELF_DISCLOSURE, "Self-disclosure or role reversal",
           "disclosure serving the therapist; the client caring for the therapist", S.MEDIUM,
           APA=("3.04", "3.06"), ACA=("A.4.a",), NASW=("1.06(a)",), AAMFT=("1.3",)),
        _c(Category.TIME_PLACE, "Time and place",
           "meetings outside the clinical frame, personal channels, late contact",
           S.LOW, APA=("3.04", "3.05(a)"), ACA=("A.6.b", "A.6.c"), NASW=("1.06(c)", "1.06(e)"), AAMFT=("1.3",)),
        _c(Category.ROLE_CONFLICT, "Professional role conflict",
           "a second professional or authority role: supervisor, teacher, employer, evaluator", S.HIGH,
           APA=("3.05(a)", "3.06", "3.07", "3.08", "7.05(b)", "10.02"), ACA=("A.6.d", "E.13.c", "F.3", "F.6.c"),
           NASW=("1.06(c)", "3.01(c)", "3.02(d)"), AAMFT=("4.1", "4.2", "4.6")),
        _c(Category.CONNECTED_CLIENTS, "Connected clients",
           "treating the therapist's friends or family, or people tied to a client; leaking between them",
           S.MEDIUM, APA=("3.05(a)", "10.02"), ACA=("A.5.d", "A.8"), NASW=("1.06(d)",), AAMFT=("1.3",)),
        _c(Category.UNDUE_INFLUENCE, "Undue influence",
           "using the relationship for the therapist's religious, political or estate interests", S.HIGH,
           APA=("3.06", "3.08"), ACA=("A.4.b", "C.3.f"), NASW=("1.06(b)",), AAMFT=("1.3",)),
        _c(Category.SECRECY, "Secrecy and grooming markers",
           "keep-it-between-us, special-client framing, moving to private channels", S.MEDIUM,
           APA=("3.04", "3.05(a)"), ACA=("A.4.a", "A.6.b"), NASW=("1.06(c)",), AAMFT=("1.3",)),
    )
}


def codes_for(category: str, code: str) -> tuple[str, ...]:
    """Code sections for ``category`` under ``code`` (APA, ACA, NASW or AAMFT), each prefixed with the code."""
    return tuple(f"{code} {s}" for s in TAXONOMY[category].codes.get(code, ()))
