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
