"""Chapter 2 exercises: the three levels of bonding (financial, social, structural)."""

from sim.exercises import build
from sim.exercises.simtask import Goal, SimTask, simulation_question
from sim.exercises.spec import Chapter

_LEVELS = ["financial", "social", "structural"]

CHAPTER = Chapter(
    number=2,
    title="Three levels of bonding",
    intro=(
        "Financial, social and structural bonds: what each one is, what it does to "
        "switching barriers and value, and how long its effect lasts once rivals react."
    ),
    questions=(
        build.mapping(
            "2.1", "Which bond is it?",
            "Classify each measure by the level of relationship marketing it builds.",
            {
                "frequent-flyer miles for every flight": "financial",
                "10% off the second purchase": "financial",
                "a personal account manager who knows the client's business": "social",
                "an owners' club with events for car buyers": "social",
                "a hotel that keeps a regular guest's monogrammed robe and favourite "
                "room ready": "structural",
                "a packaging supplier's system integrated with the client's production "
                "line": "structural",
            },
            _LEVELS, points=2.0,
            aliases={"financial": ["level 1", "1"], "social": ["level 2", "2"],
                     "structural": ["level 3", "3"]}),
        build.choice(
            "2.2", "The easiest bond to copy",
            "Which level of bonding can competitors imitate most easily?",
            _LEVELS, "financial", aliases=["level 1", "1"]),
        build.selection(
            "2.3", "What a structural bond does",
            "Which effects does a structural bond have?",
            ["customised value rivals cannot copy quickly", "high switching barriers",
             "a price advantage that rivals match within weeks",
             "loyalty without any investment by the supplier"],
            ["customised value rivals cannot copy quickly", "high switching barriers"]),
        build.choice(
            "2.4", "A fading points scheme",
            "A supplier's points scheme raised retention for six months; then the gain "
            "disappeared although the scheme is still running. What is the most likely "
            "reason?",
            ["rivals copied the incentive", "customers' basic expectations fell",
             "the structural bond was too strong", "the split of gains became fairer"],
            "rivals copied the incentive"),
        simulation_question(
            "2.5", "A bond mix that outlasts imitation",
            "The supplier's offer is a little ahead of the best rival's today, but the "
            "rivals keep improving and copy any financial bond after six periods. Choose a "
            "bond mix within the budget that keeps the most relationships for the long term.",
            SimTask(base={"supplier_value": 0.6, "competitor_value": 0.47,
                          "imitation_lag": 6},
                    levers={"financial_bond": (0.0, 1.0), "social_bond": (0.0, 1.0),
                            "structural_bond": (0.0, 1.0)},
                    costs={"financial_bond": 1.0, "social_bond": 2.0, "structural_bond": 3.0},
                    budget=1.5,
                    goals=(Goal("share_IV", ">=", 0.47, points=3.0),)),
            solution={"financial_bond": 0.0, "social_bond": 0.0, "structural_bond": 0.5}),
        build.written(
            "2.6", "Why points fade and systems last",
            ("An airline runs a mileage scheme and also integrates its booking system with its "
             "corporate clients' travel tools. Explain in four to six sentences why the miles' "
             "advantage fades when a rival copies them, while the integration keeps clients, "
             "naming the level of bonding of each."),
            [
             ("Miles are a financial bond (level 1): easy to see and copy, so once matched "
              "they no longer set the airline apart",
              1),
             ("Customers won by price or points leave for a better offer, while the airline "
              "keeps paying for the scheme",
              1),
             ("The integration is a structural bond (level 3): customised value a rival cannot "
              "copy quickly",
              1),
             ("It raises switching barriers: sunk investment, procedures and data that would "
              "be lost",
              1),
            ],
            ("The mileage scheme is a financial bond, the first level of relationship "
             "marketing. Rivals can see it and launch their own within months, and once every "
             "airline gives miles the miles no longer tip a traveller towards this one, while "
             "the airline still pays for them; customers who came for the points leave for "
             "better points. The integrated booking system is a structural bond, the third "
             "level: it delivers value built around each client that a rival cannot copy "
             "without the same investment in the same client. It also raises the cost of "
             "leaving, because the client would lose the set-up, the data and the procedures "
             "built around the airline.")),
    ),
)
