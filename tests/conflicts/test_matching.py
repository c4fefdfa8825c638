"""Normalisation and Splink linkage."""

from __future__ import annotations

import pytest

from boundarywatch.conflicts.identity import (
    canonical_first,
    normalize_dob,
    normalize_email,
    normalize_phone,
    split_name,
)
from boundarywatch.conflicts.matching import Mention, link_mentions


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dr. William O'Neil-Vargas Jr.", ("william", "oneilvargas")),
        ("Smith, Katherine A.", ("katherine", "smith")),
        ("JOSÉ GARCÍA", ("jose", "garcia")),
        ("", ("", "")),
    ],
)
def test_split_name(raw, expected):
    assert split_name(raw) == expected


@pytest.mark.parametrize(
    ("fn", "raw", "expected"),
    [
        (normalize_email, "Kate.Moss+intake@GMAIL.com", "katemoss@gmail.com"),
        (normalize_email, "not-an-email", None),
        (normalize_phone, "+1 (555) 201-0001", "5552010001"),
        (normalize_phone, "12", None),
        (normalize_dob, "6/30/1994", "1994-06-30"),
        (normalize_dob, "1994-6-3", "1994-06-03"),
        (canonical_first, "Bill", "william"),
        (canonical_first, "Peggy", "margaret"),
    ],
)
def test_normalisers(fn, raw, expected):
    assert fn(raw) == expected


def m(i, first, surname, **kw):
    return Mention(i, "t.csv", i, f"{first} {surname}", first, surname, **kw)


def test_links_nickname_typo_and_maiden_name_but_not_namesake():
    ms = [
        m(1, "william", "smith", email="bill@x.example", dob="1980-01-02"),
        m(2, "bill", "smyth", phone="5551234567", dob="1980-01-02"),
        m(3, "mary", "jones", former_surname="brown", email="mj@x.example"),
        m(4, "mary", "brown", email="mj@x.example", dob="1970-03-03"),
        m(5, "william", "smith", dob="1990-05-05", phone="5559990000"),
    ]
    link = link_mentions(ms, 0.9)
    assert link.same(1, 2) and link.same(3, 4)
    assert not link.same(1, 5)
    ev = link.evidence(1, 2)[0][2]
    assert {f.field for f in ev.fields} == {"first_name", "surname", "dob", "email", "phone"}
    assert ev.weight > 0 and link.confidence(1, 2) >= 0.9


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mr. John Smith Jr.", ("john", "smith")),
        ("dr", ("", "")),
        ("Jr. Smith", ("jr", "smith")),
        ("Anne-Marie d'Arcy", ("annemarie", "darcy")),
        ("' - Smith", ("smith", "")),
        ("Smith,  Dr. Ann", ("ann", "smith")),
    ],
)
def test_split_name_fast_and_slow_paths(raw, expected):
    assert split_name(raw) == expected


def test_adjacency_matches_dict_of_dicts_in_order():
    """The lazy mention graph gives each mention's neighbours in insertion order, last evidence winning."""
    import random
    from collections import defaultdict

    from boundarywatch.conflicts.matching import _Adjacency

    rnd = random.Random(5)
    for _ in range(50):
        pairs = [(rnd.randint(1, 20), rnd.randint(1, 20), object()) for _ in range(rnd.randint(0, 40))]
        pairs = [p for p in pairs if p[0] != p[1]]
        ref: dict[int, dict[int, object]] = defaultdict(dict)
        for a, b, ev in pairs:
            ref[a][b] = ref[b][a] = ev
        adj = _Adjacency([p[0] for p in pairs], [p[1] for p in pairs], [p[2] for p in pairs])
        assert list(adj) == sorted(ref) and len(adj) == len(ref)
        for node in range(22):
            assert list(adj.get(node, {}).items()) == list(ref.get(node, {}).items())
