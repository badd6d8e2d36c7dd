"""Stage codes of the relationship lifecycle and pattern names.

Stages are stored as small integers in the fast model; these names are the
one place that says which number is which.
"""

EXPLORATION, FORMATION, STABILITY, DECLINE, ENDED = range(5)
STAGES = ("exploration", "formation", "stability", "decline", "ended")
ACTIVE_STAGES = STAGES[:ENDED]

PATTERNS = ("I", "II", "III", "IV")
"""Pattern codes 1-4 in the state arrays; 0 means not yet resolved."""

PATTERN_NAMES = {
    "I": "aborted early",
    "II": "died mid-way",
    "III": "early exit",
    "IV": "long-term retention",
}

SOURCES = ("initial", "acquired", "referred")
"""How a customer arrived: in the starting cohort, from marketing, or by referral."""

EXIT_CAUSES = ("", "dropped", "outside", "dissatisfied", "value", "unfair")
"""Why a relationship ended (index 0: it has not). ``dropped``: the supplier judged the
prospect not worth developing; ``outside``: reasons outside the relationship (moved away,
need ended); otherwise the largest shortfall in the customer's attitude when it left:
satisfaction and trust, value against the best rival, or the fairness of the split."""
