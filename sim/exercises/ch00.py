"""Chapter 0 exercises: Start here (lifetime basics, stages, grading, a first simulation)."""

from sim.exercises import build
from sim.exercises.simtask import Goal, SimTask, simulation_question
from sim.exercises.spec import Chapter

CHAPTER = Chapter(
    number=0,
    title="Start here",
    intro=(
        "Warm-up questions on the book's vocabulary and on how the exercises are graded. "
        "Assign each answer to the variable named in the cell (plain data only: numbers, "
        "strings, lists, dicts), run the self-check, and submit the notebook."
    ),
    questions=(
        build.numeric(
            "0.1", "Expected lifetime",
            "A supplier loses 2.5% of its customers every month, whatever their age "
            "(a constant churn rate). What is the expected length of a relationship, in "
            "months?",
            40.0, "churn = 0.025\nanswer_0_1 = 1 / churn  # expected lifetime T = 1/r",
            unit="months"),
        build.ordering(
            "0.2", "The four stages",
            "Put the four stages of the customer relationship lifecycle in the order a "
            "relationship passes through them.",
            ["exploration", "formation", "stability", "decline"],
            ["stability", "exploration", "decline", "formation"]),
        build.choice(
            "0.3", "The pattern suppliers want",
            "A relationship reaches stability and stays there for a long time. Which "
            "lifecycle pattern is it?",
            ["I", "II", "III", "IV"], "IV", aliases=["4", "pattern IV", "pattern 4"]),
        build.selection(
            "0.4", "How simulation exercises are marked",
            "In a simulation exercise you propose scenario parameters. What does the "
            "grader use to mark your answer?",
            ["the parameters you assign", "the pattern shares you print",
             "the grader's own runs with fixed seeds", "the plots in your notebook"],
            ["the parameters you assign", "the grader's own runs with fixed seeds"]),
        simulation_question(
            "0.5", "Rescue an aborted start",
            "In the base scenario the supplier delivers far less than new customers "
            "expect and almost every relationship is aborted in exploration (pattern I). "
            "Raise the supplier's value and its pace of innovation, within the budget, so "
            "that long-term relationships (pattern IV) outnumber aborted ones (pattern I).",
            SimTask(base={"supplier_value": 0.35, "value_innovation": 0.3,
                          "switching_cost": 0.1},
                    levers={"supplier_value": (0.35, 0.8), "value_innovation": (0.0, 1.0)},
                    costs={"supplier_value": 1.0, "value_innovation": 0.5}, budget=0.8,
                    goals=(Goal("share_IV", ">=", 0.33), Goal("share_I", "<=", 0.3))),
            solution={"supplier_value": 0.7, "value_innovation": 0.2}),
        build.written(
            "0.6", "Explain a result in your own words",
            ("In the tour figure of *Start here*, a supplier whose offer starts well below "
             "what new customers expect (0.3) sees most of its relationships end as pattern I. "
             "Explain in three to five sentences why, using the words expectation, "
             "satisfaction, trust and switching cost."),
            [
             ("Says the offer falls below what new customers expect, so they are dissatisfied "
              "with their first purchases",
              1),
             ("Explains that in exploration no trust and no switching cost protect the "
              "relationship, so one bad experience is enough to leave",
              1),
             ("Names pattern I as a relationship that ends in exploration (classified by where "
              "it ends)",
              1),
            ],
            ("New customers expect about 0.5 on the book's scale, so an offer of 0.3 leaves "
             "them dissatisfied from their first purchases. In exploration the customer has "
             "not yet built any trust in the supplier and has invested nothing, so nothing "
             "makes leaving costly: one disappointing purchase is reason enough to go. Because "
             "these relationships end while still in exploration, they are classified as "
             "pattern I, aborted early.")),
    ),
)
