"""The linkage model: comparisons and their levels with fixed m/u probabilities, the prior, the Splink settings."""

from __future__ import annotations

from typing import Any

__all__ = ["PRIOR", "TF_MINIMUM_U", "prior_for"]

#: Floor for the term-frequency-adjusted u of an exact surname match (caps a rare surname's weight near 13).
TF_MINIMUM_U = 1e-4

#: Prior: probability that two random mentions are the same person (log2 odds about -13.3).
PRIOR = 1e-4

# (comparison, [(label, m, u), ...]) -- the ELSE level last. Null levels are added in front (weight 0).
_LEVELS: dict[str, list[tuple[str, float, float]]] = {
    "first_name": [
        ("same given name or nickname", 0.86, 0.01),
        ("similar given name (Jaro-Winkler >= 0.88)", 0.11, 0.006),
        ("different given name", 0.03, 0.984),
    ],
    "surname": [
        ("same surname", 0.82, 0.002),
        ("similar surname (Jaro-Winkler >= 0.88)", 0.07, 0.001),
        ("surname equals the other's former surname", 0.05, 0.00005),
        ("different surname", 0.06, 0.99695),
    ],
    "dob": [
        ("same date of birth", 0.94, 0.0003),
        ("date of birth one typo apart", 0.04, 0.003),
        ("different date of birth", 0.02, 0.9967),
    ],
    "email": [("same e-mail", 0.85, 0.00001), ("different e-mail", 0.15, 0.99999)],
    "phone": [("same phone", 0.85, 0.00005), ("different phone", 0.15, 0.99995)],
}


def prior_for(n_profiles: int) -> float:
    """Prior match probability: about one true partner per profile, clamped to [1e-6, PRIOR]."""
    return min(PRIOR, max(1e-6, 1.0 / max(n_profiles, 1)))


def _settings(threshold: float, prior: float = PRIOR) -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    def lv(level: Any, comp: str, i: int) -> Any:
        label, m, u = _LEVELS[comp][i]
        return level.configure(m_probability=m, u_probability=u, label_for_charts=label)

    def comparison(comp: str, null_column: str, *levels: Any) -> Any:
        """``comp``: NULL on ``null_column``, then ``levels`` weighted by :data:`_LEVELS` in the same order."""
        return cl.CustomComparison(
            output_column_name=comp,
            comparison_levels=[cll.NullLevel(null_column), *(lv(level, comp, k) for k, level in enumerate(levels))],
        )

    comparisons = [
        comparison(
            "first_name",
            "first_canon",
            cll.ExactMatchLevel("first_canon"),
            cll.JaroWinklerLevel("first", 0.88),
            cll.ElseLevel(),
        ),
        comparison(
            "surname",
            "surname",
            cll.ExactMatchLevel("surname", term_frequency_adjustments=True).configure(tf_minimum_u_value=TF_MINIMUM_U),
            cll.JaroWinklerLevel("surname", 0.88),
            cll.CustomLevel(
                "(surname_l = former_surname_r OR former_surname_l = surname_r "
                "OR former_surname_l = former_surname_r)"
            ),
            cll.ElseLevel(),
        ),
        comparison("dob", "dob", cll.ExactMatchLevel("dob"), cll.LevenshteinLevel("dob", 1), cll.ElseLevel()),
        comparison("email", "email", cll.ExactMatchLevel("email"), cll.ElseLevel()),
        comparison("phone", "phone", cll.ExactMatchLevel("phone"), cll.ElseLevel()),
    ]
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=prior,
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=[
            block_on("email"),
            block_on("phone"),
            block_on("first_canon", "surname"),
            block_on("surname", "dob"),
            block_on("first_canon", "dob"),
            block_on("first_canon", "former_surname"),
            block_on("dob", "substr(surname, 1, 1)"),
            block_on("substr(first_canon, 1, 3)", "substr(surname, 1, 3)", "substr(dob, 1, 4)"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,
    )
