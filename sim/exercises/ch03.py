"""Chapter 3 exercises: the relationship lifecycle, its stages and patterns I-IV."""

from sim.exercises import build
from sim.exercises.simtask import Goal, SimTask, simulation_question
from sim.exercises.spec import Chapter

_STAGES = ["decline", "exploration", "formation", "stability"]  # not in order: see 0.2
_PATTERNS = ["I", "II", "III", "IV"]
_PATTERN_ALIASES = {"I": ["1", "pattern I"], "II": ["2", "pattern II"],
                    "III": ["3", "pattern III"], "IV": ["4", "pattern IV"]}

CHAPTER = Chapter(
    number=3,
    title="The relationship lifecycle",
    intro=(
        "Stages, transition signals and the four lifecycle patterns. The last two "
        "questions are simulation exercises: the grader runs the model itself with "
        "your parameters."
    ),
    questions=(
        build.mapping(
            "3.1", "Recognise the stage",
            "Name the lifecycle stage each description belongs to.",
            {
                "trial orders and mutual testing; the supplier invests while the customer "
                "contributes little": "exploration",
                "volume grows fast and trust deepens, but the relationship is still "
                "unstable": "formation",
                "most of the customer's relevant business goes to the supplier, with "
                "cross-selling and referrals": "stability",
                "the customer buys less from the supplier while its total business does "
                "not shrink": "decline",
            },
            _STAGES, points=2.0),
        build.mapping(
            "3.2", "Recognise the pattern",
            "Classify each relationship history by its lifecycle pattern.",
            {
                "ended during exploration after one disappointing purchase": "I",
                "the supplier judged the prospect not worth developing": "I",
                "passed exploration, then ended in formation as expectations outgrew the "
                "offer": "II",
                "reached stability, then left early because it found the split of gains "
                "unfair": "III",
                "reached stability, then left early when a rival's innovation overtook "
                "the supplier": "III",
                "reached stability and stayed for years": "IV",
            },
            _PATTERNS, points=3.0, aliases=_PATTERN_ALIASES),
        build.choice(
            "3.3", "Preventing pattern II",
            "What must a supplier do above all to keep relationships from dying in "
            "formation (pattern II)?",
            ["improve the offer at least as fast as customers come to expect more, until "
             "no rival offers more",
             "win trust early with a large discount in the first month",
             "make leaving costly with a long contract",
             "spend more on advertising to new prospects"],
            "improve the offer at least as fast as customers come to expect more, until "
            "no rival offers more"),
        simulation_question(
            "3.4", "Long-term retention on a budget, at a fair price",
            "The base supplier starts a little above customers' expectations and the best "
            "rival, but the rival keeps innovating and customers come to expect what it "
            "offers: with little innovation and no bonds few relationships last. Using value "
            "innovation, price and bonds within the budget, make pattern IV the most common "
            "ending without giving the margin away: a lower price splits the gains more "
            "fairly, and the margin and the bonds' costs are counted in the profit.",
            SimTask(base={"supplier_value": 0.55, "competitor_value": 0.47,
                          "market_innovation": 0.4},
                    levers={"value_innovation": (0.25, 1.0), "price": (0.8, 1.3),
                            "social_bond": (0.0, 1.0), "structural_bond": (0.0, 1.0)},
                    costs={"value_innovation": 1.0, "social_bond": 2.0,
                           "structural_bond": 3.0},
                    budget=1.8,
                    goals=(Goal("share_IV", ">=", 0.4, points=3.0),
                           Goal("share_I", "<=", 0.3, points=1.0),
                           Goal("profit", ">=", 4000.0, points=1.0))),
            solution={"value_innovation": 1.0, "price": 0.95, "social_bond": 0.0,
                      "structural_bond": 0.26}),
        simulation_question(
            "3.5", "Stage a pattern II story",
            "For a class demonstration, build a scenario in which the supplier meets new "
            "customers' initial expectations (value at least 0.55) and yet pattern II is the "
            "most common ending: customers' expectations rise fast (expectation_growth = 1 "
            "in the base) and the offer does not keep up.",
            SimTask(base={"expectation_growth": 1.0, "competitor_value": 0.47,
                          "market_innovation": 0.2},
                    levers={"supplier_value": (0.55, 1.0), "value_innovation": (0.0, 1.0)},
                    goals=(Goal("share_II", ">=", 0.4, points=2.0),
                           Goal("share_IV", "<=", 0.1, points=1.0))),
            solution={"supplier_value": 0.65, "value_innovation": 0.0}),
        build.written(
            "3.6", "Read the signals of decline",
            ("A bank notices that a small manufacturer's deposits and payments through it have "
             "fallen for six months while the firm's sales keep growing. In three to five "
             "sentences: which stage is the relationship in, what tells you so, and what "
             "should the bank do first?"),
            [
             ("Identifies the decline stage",
              1),
             ("Uses the signal: a falling share of the customer's business while its total "
              "business does not fall (it is moving business elsewhere)",
              1),
             ("Diagnoses the cause before acting, then wins the customer back or lets it go "
              "according to its value",
              1),
            ],
            ("The relationship is in decline. The telling signal is that the firm's business "
             "with the bank falls while its own business keeps growing: it is moving its "
             "banking elsewhere, so the bank's share of its wallet is shrinking. The bank "
             "should first find out why, for example by asking the account manager to visit "
             "and listen, and only then decide whether the customer is worth a win-back offer "
             "matched to the cause or should be let go.")),
    ),
)
