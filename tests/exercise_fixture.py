"""A test-only exercise chapter (number 42) with a written question.

Graded like a course chapter (an assignment names this module), it lets the
tests follow a written answer end to end: pending after grading, exported
with its rubric, marked by hand, merged back into the gradebook.
"""

from sim.exercises import build
from sim.exercises.spec import Chapter

CHAPTER = Chapter(
    number=42,
    title="Grader self-test",
    intro="A numeric question and a written one.",
    questions=(
        build.numeric("42.1", "Share kept", "What share of customers stays after two years "
                      "at 90% retention a year?", 0.81, "answer_42_1 = 0.9 ** 2",
                      abs_tol=0.001, points=1.0),
        build.written(
            "42.2", "Why retention pays",
            "In three or four sentences, explain why keeping customers usually costs less "
            "than winning new ones.",
            [("names the cost of acquisition", 2.0), ("mentions growing margins over time", 1.0),
             ("clear and concise", 1.0)],
            "Winning a customer costs advertising, sales visits and discounts, while a kept "
            "customer buys again without them; loyal customers also buy more over time."),
    ),
)
