"""Chapter 7 exercises: churn, win-back decisions, complaints and loyalty programmes."""

from sim.exercises import build, checks
from sim.exercises.simtask import Goal, SimTask, simulation_question
from sim.exercises.spec import Chapter, HiddenTest, Question

_CAUSES = ["price", "product", "service", "technology", "promotion", "need", "management",
           "political", "other"]

WIN_BACK = Question(
    qid="7.3", title="Worth winning back?", kind="numeric",
    prompt=(
        "A lost business customer would bring a margin m = 300 a year if won back, with a "
        "churn rate of r = 20% a year from then on; the interest rate is i = 10%. The "
        "win-back offer costs 500. Compute the customer's lifetime value "
        "m (1 - r) / (i + r) (`value`) and decide whether the offer pays (`win_back`: "
        "'yes' or 'no')."
    ),
    starter="{'value': None, 'win_back': None}",
    solution=("m, r, i, offer = 300, 0.2, 0.10, 500\n"
              "value = m * (1 - r) / (i + r)\n"
              "answer_7_3 = {'value': value, 'win_back': 'yes' if value > offer else 'no'}"),
    self_check={"kind": "choices", "keys": ["win_back"], "options": ["yes", "no"]},
    hidden=(
        HiddenTest("value", 2.0, checks.number(800.0, key="value")),
        HiddenTest("decision", 1.0, checks.choice("yes", key="win_back", aliases=["y", "true"])),
    ),
)

CHAPTER = Chapter(
    number=7,
    title="Churn and loyalty programmes",
    intro=(
        "Why customers leave, when to win them back, what complaints are worth and why "
        "loyalty programmes fail."
    ),
    questions=(
        build.mapping(
            "7.1", "Causes of churn",
            "Classify each lost customer by the cause of churn.",
            {
                "a rival offers the same contract 15% cheaper": "price",
                "the product keeps breaking down": "product",
                "the call centre takes a week to answer": "service",
                "the customer moved to a cloud system the supplier does not support":
                    "technology",
                "the customer closed the business line that used the product": "need",
            },
            _CAUSES, points=2.0),
        build.selection(
            "7.2", "Why programmes fail",
            "Which of these are causes of loyalty programme failure?",
            ["weak design", "unattractive rewards", "poor execution", "wrong communication",
             "no integration with the firm's policies and processes",
             "rewards in proportion to the revenue the customer brings",
             "measurable goals and a budget"],
            ["weak design", "unattractive rewards", "poor execution", "wrong communication",
             "no integration with the firm's policies and processes"]),
        WIN_BACK,
        build.choice(
            "7.4", "Silent exits",
            "What do most dissatisfied customers do?",
            ["complain loudly", "leave silently", "ask for a refund", "write to the CEO"],
            "leave silently"),
        simulation_question(
            "7.5", "A programme that pays",
            "Marketing insists on a generous points scheme (`financial_bond` at least 0.3; "
            "at full strength it gives back 40% of revenue), which rivals copy after six "
            "periods. Add personal recognition (`social_bond`) so that the programme keeps "
            "more customers for the long term and still pays: the points given back and the "
            "bond costs are counted in the profit.",
            SimTask(base={"supplier_value": 0.6, "competitor_value": 0.47,
                          "imitation_lag": 6, "financial_bond_cost": 0.4},
                    levers={"financial_bond": (0.3, 1.0), "social_bond": (0.0, 1.0)},
                    goals=(Goal("share_IV", ">=", 0.4), Goal("profit", ">=", 5200.0))),
            solution={"financial_bond": 0.3, "social_bond": 1.0}),
        build.written(
            "7.6", "Design a programme that lasts",
            ("A regional hotel chain wants a loyalty programme. In five to eight sentences, "
             "propose a measurable goal, who is eligible, and rewards that match the revenue a "
             "guest brings and that rivals find hard to copy; then name one cause of failure "
             "and how you would avoid it."),
            [
             ("A measurable goal (for example a retention rate of a tier in a given time)",
              1),
             ("Eligibility aimed at the guests who bring the most value",
              1),
             ("Rewards in proportion to revenue and hard to copy (personal, tied to the "
              "service rather than generic points)",
              1),
             ("Names a cause of failure (weak design, unattractive rewards, poor execution, "
              "wrong communication, no integration) and a way to prevent it",
              1),
            ],
            ("Goal: raise the share of gold-tier guests who stay again within twelve months "
             "from 60% to 70% in two years. Eligibility: guests with at least five stays a "
             "year, the top fifth of our revenue. Rewards grow with the revenue a guest brings "
             "and are hard to copy: the guest's preferred room held for them, a late check-out "
             "without asking, a personal host at the front desk, rather than points any rival "
             "can match. A common cause of failure is poor integration: the front desk does "
             "not know who the members are. We would avoid it by putting the member's "
             "preferences in the booking system that every hotel uses and training the staff "
             "before launch.")),
    ),
)
