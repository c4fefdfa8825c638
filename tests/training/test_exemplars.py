"""The explanation exemplars kept in the model file: at most a fixed number per category, seeded."""

import pytest

from boundarywatch.training.train import select_exemplars

ROWS = [(i, "gifts") for i in range(10)] + [(i, "secrecy") for i in range(10, 13)] + [(13, "gifts")]


@pytest.mark.parametrize(
    ("cap", "gifts", "secrecy"),
    [(100, 11, 3), (11, 11, 3), (5, 5, 3), (3, 3, 3), (1, 1, 1)],
)
def test_at_most_cap_per_category_and_all_of_a_small_one(cap: int, gifts: int, secrecy: int) -> None:
    kept = select_exemplars(ROWS, cap=cap, seed=13)
    assert sum(c == "gifts" for _, c in kept) == gifts
    assert sum(c == "secrecy" for _, c in kept) == secrecy


def test_kept_rows_stay_in_input_order_and_are_seeded() -> None:
    kept = select_exemplars(ROWS, cap=4, seed=13)
    assert kept == sorted(kept, key=ROWS.index)
    assert kept == select_exemplars(ROWS, cap=4, seed=13)
    assert {tuple(select_exemplars(ROWS, cap=4, seed=s)) for s in range(10)} != {tuple(kept)}
