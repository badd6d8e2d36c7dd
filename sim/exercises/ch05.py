"""Chapter 5 exercises: what drives loyalty, its measures, types and ladder."""

from sim.exercises import build
from sim.exercises.simtask import Goal, SimTask, simulation_question
from sim.exercises.spec import Chapter

_MEASURES = ["repurchase", "cross_buy", "referral", "price_tolerance"]
_TYPES = ["monopoly", "kinship", "latent", "inertia", "price", "incentive", "super-value"]

CHAPTER = Chapter(
    number=5,
    title="What drives loyalty",
    intro=(
        "Determinants of loyalty, the four loyalty measures, true and spurious loyalty, "
        "and the loyalty ladder."
    ),
    questions=(
        build.selection(
            "5.1", "What switching costs move",
            "Raising switching costs raises which loyalty measures?",
            _MEASURES, ["repurchase", "price_tolerance"]),
        build.mapping(
            "5.2", "Loyalty types",
            "What keeps each customer loyal? Classify by loyalty type.",
            {
                "buys from the only water utility in town": "monopoly",
                "buys from a cousin's shop": "kinship",
                "loves the brand but rarely buys it yet": "latent",
                "keeps the same bank because moving accounts is a hassle": "inertia",
                "stays while it is the cheapest": "price",
                "stays to collect points for a free flight": "incentive",
                "trusts the supplier to look after its interests and recommends it":
                    "super-value",
            },
            _TYPES, points=3.0,
            aliases={"inertia": ["convenience", "convenience/inertia"],
                     "super-value": ["super value", "trust"]}),
        build.ordering(
            "5.3", "The loyalty ladder",
            "Order the rungs of the loyalty ladder from the bottom to the top.",
            ["prospect", "customer", "client", "supporter", "advocate", "partner"],
            ["advocate", "client", "prospect", "partner", "customer", "supporter"]),
        build.selection(
            "5.4", "Determinants acting on all four measures",
            "Which determinants act on all four loyalty measures (repurchase, cross-buying, "
            "referral, price tolerance)?",
            ["perceived value", "satisfaction", "trust", "switching costs"],
            ["perceived value", "satisfaction", "trust"]),
        simulation_question(
            "5.5", "Locked in, not loyal",
            "Show spurious loyalty with the simulator: customers who keep buying and "
            "accept higher prices without recommending the supplier. Set the base "
            "switching cost and the latent value so that repurchase intention is high while "
            "referral intention stays low.",
            SimTask(base={},
                    levers={"switching_cost": (0.0, 1.0), "latent_value": (0.0, 0.3)},
                    goals=(Goal("repurchase", ">=", 0.8), Goal("price_tolerance", ">=", 0.68),
                           Goal("referral", "<=", 0.3))),
            solution={"switching_cost": 1.0, "latent_value": 0.0}),
        build.written(
            "5.6", "Longer contracts, more loyalty?",
            ("A mobile operator lengthens its contracts from one year to two. Predict, in "
             "three to five sentences, what happens to each of the four loyalty measures, and "
             "explain why."),
            [
             ("Repurchase intention and price tolerance rise",
              1),
             ("Cross-buying and referral intention do not rise",
              1),
             ("Reason: switching costs lock customers in without improving value, satisfaction "
              "or trust (spurious loyalty)",
              1),
            ],
            ("Customers will renew more often and accept price rises more readily, because "
             "leaving now costs them more: repurchase intention and price tolerance rise. "
             "Cross-buying and referral do not, because the longer contract does not make the "
             "operator's offer better, its customers more satisfied or more trusting. "
             "Switching costs act only on buying again and on price tolerance; the result is "
             "spurious loyalty that looks good in renewal figures but brings no new customers "
             "and no extra business.")),
    ),
)
