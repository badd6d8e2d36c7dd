"""Chapter 6 exercises: customer lifetime value, expected lifetime, the value pyramid."""

from sim.exercises import build
from sim.exercises.spec import Chapter

CHAPTER = Chapter(
    number=6,
    title="Customer value",
    intro=(
        "Lifetime value with an explicit timing convention, expected lifetime, retention "
        "economics, the value pyramid and share of wallet."
    ),
    questions=(
        build.numbers(
            "6.1", "Lifetime value under two timing conventions",
            "A relationship lasts N = 4 years. Winning the customer costs C0 = 300, the "
            "first year's purchases are P0 = 1,500 and they grow by 400 a year; the interest "
            "rate is 8%. Compute the lifetime value (discounted revenue minus the "
            "acquisition cost, paid at t = 0) under two timing conventions: first "
            "purchase at t = 0 (`start_of_year`) and all purchases at the end of each "
            "year (`end_of_year`).",
            {"start_of_year": (7074.49, 2.0), "end_of_year": (6528.23, 2.0)},
            "i, c0 = 0.08, 300\n"
            "revenue = [1500 + 400 * t for t in range(4)]\n"
            "start = sum(r / (1 + i) ** t for t, r in enumerate(revenue)) - c0\n"
            "end = sum(r / (1 + i) ** (t + 1) for t, r in enumerate(revenue)) - c0\n"
            "answer_6_1 = {'start_of_year': start, 'end_of_year': end}",
            rel=1e-4, abs_tol=0.5),
        build.numeric(
            "6.2", "Expected lifetime",
            "A customer base churns at a constant 25% a year. What is the expected "
            "lifetime of a relationship, in years?",
            4.0, "answer_6_2 = 1 / 0.25", unit="years", points=1.0),
        build.numeric(
            "6.3", "Retention-based lifetime value",
            "A customer brings a margin m = 200 a year; the churn rate is r = 25% a year "
            "(so 75% of customers stay from one year to the next) and the interest rate is "
            "i = 10%. Compute the lifetime value CLV = m (1 - r) / (i + r).",
            428.5714, "m, r, i = 200, 0.25, 0.10\nanswer_6_3 = m * (1 - r) / (i + r)"),
        build.ordering(
            "6.4", "The value pyramid",
            "Order the tiers of the customer value pyramid from the most valuable to the "
            "least valuable.",
            ["platinum", "gold", "iron", "lead"], ["gold", "lead", "platinum", "iron"],
            points=1.0),
        build.numeric(
            "6.5", "Share of wallet",
            "A business customer spends 8,000 a year on office supplies, 2,000 of it with "
            "us. What is our share of its wallet (a number between 0 and 1)?",
            0.25, "answer_6_5 = 2000 / 8000", abs_tol=0.001, points=1.0),
        build.written(
            "6.6", "State your timing convention",
            ("Two analysts value the same customer and get different lifetime values; one "
             "assumes the first purchase is paid now, the other that every purchase is paid at "
             "the end of its year. Explain in three to five sentences why their answers "
             "differ, why the difference is not a year's interest on the whole lifetime value, "
             "and what every analysis should therefore say."),
            [
             ("With end-of-year flows every purchase arrives a year later and is discounted "
              "once more",
              1),
             ("The acquisition cost is paid at t = 0 under both conventions and is not "
              "discounted, so only the purchases lose a year's interest",
              1),
             ("Every lifetime value should state its timing convention",
              1),
            ],
            ("With end-of-year cash flows each purchase arrives one year later than under the "
             "first-purchase-now convention, so its present value is divided by 1 + i once "
             "more. The acquisition cost, however, is paid at t = 0 under both conventions and "
             "is not discounted, so the gap is a year's interest on the purchases only, not on "
             "the whole lifetime value. Because the choice moves the answer this much, every "
             "lifetime value should say which convention it uses.")),
    ),
)
