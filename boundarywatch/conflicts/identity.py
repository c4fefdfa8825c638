"""Identity normalisation: canonical given names (nicknames), names, e-mails, phones and birth dates."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "NICKNAMES",
    "canonical_first",
    "normalize_dob",
    "normalize_email",
    "normalize_phone",
    "split_name",
]

#: Nickname -> canonical given name (lower case, ASCII). Both directions resolve through this table.
NICKNAMES: dict[str, str] = {
    "bill": "william",
    "billy": "william",
    "will": "william",
    "willy": "william",
    "liam": "william",
    "bob": "robert",
    "bobby": "robert",
    "rob": "robert",
    "robbie": "robert",
    "bert": "robert",
    "dick": "richard",
    "rick": "richard",
    "ricky": "richard",
    "rich": "richard",
    "richie": "richard",
    "jim": "james",
    "jimmy": "james",
    "jamie": "james",
    "mike": "michael",
    "mikey": "michael",
    "mick": "michael",
    "tom": "thomas",
    "tommy": "thomas",
    "joe": "joseph",
    "joey": "joseph",
    "jack": "john",
    "johnny": "john",
    "jon": "jonathan",
    "dave": "david",
    "davey": "david",
    "dan": "daniel",
    "danny": "daniel",
    "chris": "christopher",
    "kit": "christopher",
    "matt": "matthew",
    "matty": "matthew",
    "tony": "anthony",
    "steve": "steven",
    "stephen": "steven",
    "andy": "andrew",
    "drew": "andrew",
    "ed": "edward",
    "eddie": "edward",
    "ted": "edward",
    "ned": "edward",
    "sam": "samuel",
    "sammy": "samuel",
    "ben": "benjamin",
    "benny": "benjamin",
    "alex": "alexander",
    "al": "albert",
    "nick": "nicholas",
    "nicky": "nicholas",
    "greg": "gregory",
    "jeff": "jeffrey",
    "geoff": "jeffrey",
    "larry": "lawrence",
    "pat": "patrick",
    "paddy": "patrick",
    "pete": "peter",
    "phil": "philip",
    "ron": "ronald",
    "ronnie": "ronald",
    "ken": "kenneth",
    "kenny": "kenneth",
    "tim": "timothy",
    "timmy": "timothy",
    "charlie": "charles",
    "chuck": "charles",
    "hank": "henry",
    "harry": "henry",
    "fred": "frederick",
    "freddie": "frederick",
    "frank": "francis",
    "josh": "joshua",
    "zach": "zachary",
    "zack": "zachary",
    "nate": "nathan",
    "nat": "nathaniel",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "betty": "elizabeth",
    "lizzie": "elizabeth",
    "eliza": "elizabeth",
    "libby": "elizabeth",
    "kate": "katherine",
    "katie": "katherine",
    "kathy": "katherine",
    "cathy": "katherine",
    "catherine": "katherine",
    "kathryn": "katherine",
    "kat": "katherine",
    "maggie": "margaret",
    "meg": "margaret",
    "peggy": "margaret",
    "marge": "margaret",
    "jenny": "jennifer",
    "jen": "jennifer",
    "jenn": "jennifer",
    "sue": "susan",
    "susie": "susan",
    "suzy": "susan",
    "patty": "patricia",
    "trish": "patricia",
    "tricia": "patricia",
    "debbie": "deborah",
    "deb": "deborah",
    "debra": "deborah",
    "becky": "rebecca",
    "becca": "rebecca",
    "vicky": "victoria",
    "vickie": "victoria",
    "tori": "victoria",
    "mandy": "amanda",
    "abby": "abigail",
    "sandy": "sandra",
    "cindy": "cynthia",
    "barb": "barbara",
    "barbie": "barbara",
    "christy": "christina",
    "tina": "christina",
    "jess": "jessica",
    "jessie": "jessica",
    "steph": "stephanie",
    "nikki": "nicole",
    "sally": "sarah",
    "sara": "sarah",
    "annie": "ann",
    "anne": "ann",
    "anna": "ann",
    "nancy": "ann",
    "molly": "mary",
    "polly": "mary",
    "mae": "mary",
    "dot": "dorothy",
    "dottie": "dorothy",
    "gina": "regina",
    "val": "valerie",
    "terry": "teresa",
    "tess": "teresa",
    "theresa": "teresa",
    "angie": "angela",
    "mel": "melissa",
    "missy": "melissa",
    "lou": "louis",
    "luis": "louis",
    "jose": "jose",
    "pepe": "jose",
    "paco": "francisco",
    "pancho": "francisco",
    "lupe": "guadalupe",
    "memo": "guillermo",
    "nacho": "ignacio",
    "kim": "kimberly",
    "ashley": "ashley",
    "allie": "alexandra",
    "lexi": "alexandra",
    "sasha": "alexandra",
}

_TITLES = {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "rev"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "lcsw", "lpc", "lmft", "psyd", "ma", "msw"}
_NON_ALPHA = re.compile(r"[^a-z' -]+")
_GMAIL = {"gmail.com", "googlemail.com"}
_DATE_FORMATS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),  # ISO
    re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"),  # US m/d/yyyy
)


#: Size of the memo caches of the normalisers (names, dates, e-mails and phones repeat across records).
_CACHE_SIZE = 1 << 18


def _ascii(text: str) -> str:
    if text.isascii():  # NFKD leaves ASCII unchanged: skip the round trip for the common case
        return text.lower()
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


@lru_cache(maxsize=_CACHE_SIZE)
def canonical_first(first: str) -> str:
    """The canonical given name for ``first`` (``"Bill"`` -> ``"william"``); unknown names are returned as is."""
    f = _ascii(first).strip()
    return NICKNAMES.get(f, f)


@lru_cache(maxsize=_CACHE_SIZE)
def split_name(raw: str) -> tuple[str, str]:
    """Split a free-text name into (given name, surname), lower-case ASCII, titles and suffixes removed.

    Accepts ``"First Middle Last"`` and ``"Last, First Middle"``. Hyphens and apostrophes inside surnames are
    dropped (``"O'Neil-Vargas"`` -> ``"oneilvargas"``). Returns empty strings when nothing usable remains.
    """
    text = _ascii(raw)  # dots and outer spaces become separators below
    if "," in text:
        last, _, rest = text.partition(",")
        text = f"{rest} {last}"
    text = _NON_ALPHA.sub(" ", text)
    if "'" not in text and "-" not in text:  # fast path: no token changes or vanishes when cleaned
        tokens = [t for t in text.split() if t not in _TITLES]
        while tokens and tokens[-1] in _SUFFIXES:
            tokens.pop()
        return (tokens[0], tokens[-1] if len(tokens) > 1 else "") if tokens else ("", "")
    tokens = [t for t in text.split() if t.replace("'", "") not in _TITLES]
    while tokens and tokens[-1].replace("'", "") in _SUFFIXES:
        tokens.pop()
    tokens = [t.replace("'", "").replace("-", "") for t in tokens]
    tokens = [t for t in tokens if t]
    if not tokens:
        return "", ""
    if len(tokens) == 1:
        return tokens[0], ""
    return tokens[0], tokens[-1]


@lru_cache(maxsize=_CACHE_SIZE)
def normalize_email(raw: str | None) -> str | None:
    """Lower-case, trimmed e-mail; Gmail dots and ``+tags`` removed. ``None`` when not a plausible address."""
    if not raw:
        return None
    e = raw.strip().lower()
    if e.startswith("mailto:"):
        e = e[7:]
    local, at, domain = e.partition("@")
    if not at or not local or "." not in domain:
        return None
    local = local.split("+", 1)[0]
    if domain in _GMAIL:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


@lru_cache(maxsize=_CACHE_SIZE)
def normalize_phone(raw: str | None) -> str | None:
    """The last ten digits of a phone number (North American numbering); ``None`` if fewer than 7 digits."""
    if not raw:
        return None
    digits = re.sub(r"\D", "", raw.split("x")[0].split("ext")[0])
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) < 7:
        return None
    return digits[-10:]


@lru_cache(maxsize=_CACHE_SIZE)
def normalize_dob(raw: str | None) -> str | None:
    """A birth date as ``YYYY-MM-DD`` from ISO or US ``m/d/yyyy`` input; ``None`` if absent or unparseable."""
    if not raw:
        return None
    s = raw.strip()
    if len(s) == 10 and s[4] == "-" and s[7] == "-" and s[:4].isdigit() and s[5:7].isdigit() and s[8:].isdigit():
        return s if 1 <= int(s[5:7]) <= 12 and 1 <= int(s[8:]) <= 31 else None
    for i, pattern in enumerate(_DATE_FORMATS):
        m = pattern.match(s)
        if m:
            if i == 0:
                y, mo, d = (int(x) for x in m.groups())
            else:
                mo, d, y = (int(x) for x in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None
