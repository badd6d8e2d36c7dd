"""Chapter 1 exercises: from transactions to relationships (and why retention pays)."""

from sim.exercises import build
from sim.exercises.spec import Chapter

_SIDES = ["transaction", "relationship"]

CHAPTER = Chapter(
    number=1,
    title="From transactions to relationships",
    intro=(
        "Transaction versus relationship marketing, the traits and types of "
        "relationships, and the arithmetic of retention."
    ),
    questions=(
        build.mapping(
            "1.1", "Transaction or relationship marketing",
            "Classify each practice as typical of transaction marketing or of relationship "
            "marketing.",
            {
                "focus on the single sale": "transaction",
                "focus on keeping customers for repeated business": "relationship",
                "little emphasis on service": "transaction",
                "strong emphasis on service": "relationship",
                "limited commitment to customers": "transaction",
                "frequent, close customer contact": "relationship",
                "quality is mainly the concern of production": "transaction",
                "quality is the concern of every department": "relationship",
            },
            _SIDES, points=2.0),
        build.selection(
            "1.2", "Five traits of relationship marketing",
            "Which of these are the five defining traits of relationship marketing?",
            ["two-way communication", "cooperation", "one-off discounts", "win-win",
             "mass advertising", "intimacy", "control", "transaction speed"],
            ["two-way communication", "cooperation", "win-win", "intimacy", "control"]),
        build.ordering(
            "1.3", "Relationship types by depth",
            "Order the five relationship types from the shallowest involvement to the "
            "deepest.",
            ["basic", "reactive", "accountable", "proactive", "partnership"],
            ["proactive", "basic", "partnership", "reactive", "accountable"]),
        build.numbers(
            "1.4", "Why retention pays",
            "A customer brings a margin m = 100 a year and the interest rate is i = 10%. "
            "With a yearly churn rate r, the lifetime value is CLV = m (1 - r) / (i + r). "
            "Compute it at r = 0.2, when 80% of customers stay each year (`clv_80`), at "
            "r = 0.1, when 90% stay (`clv_90`), and the percentage increase from the first "
            "to the second (`increase_percent`, e.g. 25 for +25%).",
            {"clv_80": (266.6667, 1.0), "clv_90": (450.0, 1.0),
             "increase_percent": (68.75, 1.0)},
            "m, i = 100, 0.10\n"
            "clv_80 = m * (1 - 0.2) / (i + 0.2)\n"
            "clv_90 = m * (1 - 0.1) / (i + 0.1)\n"
            "answer_1_4 = {'clv_80': clv_80, 'clv_90': clv_90,\n"
            "              'increase_percent': 100 * (clv_90 / clv_80 - 1)}"),
        build.numeric(
            "1.5", "Customers left after three years",
            "A supplier keeps 80% of its customers each year. What share of a cohort "
            "(a number between 0 and 1) is still a customer after three years?",
            0.512, "answer_1_5 = 0.8 ** 3", abs_tol=0.001, points=1.0),
        build.written(
            "1.6", "When relationship marketing does not pay",
            ("A motorway petrol station and a corporate bank both consider a loyalty and "
             "relationship programme. In three to six sentences, argue for each whether "
             "relationship marketing pays, using the economics of retention and the five "
             "relationship types."),
            [
             ("Petrol station: few customers come back, so there is little repeat business "
              "over which to spread the cost of keeping them",
              1),
             ("Bank: long relationships, growing revenue per customer, acquisition cost paid "
              "once, so retention pays",
              1),
             ("Matches a relationship type to each (basic or reactive for the station; "
              "proactive or partnership for the bank) with a reason",
              1),
            ],
            ("Most customers of a motorway petrol station pass once and never return, so there "
             "is little repeated business over which to recover the cost of a relationship; a "
             "basic or at most reactive relationship fits. A corporate bank keeps its clients "
             "for years: the cost of winning them is paid once, their revenue grows as they "
             "add products, and they cost less to serve, so even a small gain in retention is "
             "worth a lot. With few clients and high margins the bank can afford a proactive "
             "relationship or a partnership.")),
    ),
)
