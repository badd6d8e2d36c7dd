"""Chapter 4 exercises: the satisfaction trap, basic vs latent expectations, Kano."""

from sim.exercises import build
from sim.exercises.simtask import Goal, SimTask, simulation_question
from sim.exercises.spec import Chapter

_KANO = ["must-be", "one-dimensional", "attractive"]

CHAPTER = Chapter(
    number=4,
    title="The satisfaction trap",
    intro=(
        "Basic and latent expectations, the shapes of their loyalty curves, the Kano "
        "categories and what a supplier stuck at average loyalty should do."
    ),
    questions=(
        build.mapping(
            "4.1", "Kano categories in a hotel",
            "Classify each hotel feature into its Kano category.",
            {
                "clean sheets": "must-be",
                "hot water in the shower": "must-be",
                "Wi-Fi speed (the faster, the more satisfied)": "one-dimensional",
                "check-in time (the shorter, the more satisfied)": "one-dimensional",
                "a handwritten note remembering your last stay": "attractive",
                "an unasked-for upgrade to the room with your favourite view": "attractive",
            },
            _KANO, points=2.0,
            aliases={"must-be": ["must be", "basic"],
                     "one-dimensional": ["one dimensional", "performance"],
                     "attractive": ["delighter", "excitement"]}),
        build.choice(
            "4.2", "What the trap is",
            "Which situation is the satisfaction trap?",
            ["high satisfaction of basic expectations with low loyalty",
             "low satisfaction with high loyalty",
             "high satisfaction of latent expectations with low loyalty",
             "high prices with high loyalty"],
            "high satisfaction of basic expectations with low loyalty"),
        build.mapping(
            "4.3", "Shapes of the response curves",
            "Describe the shape of loyalty as a function of each kind of satisfaction.",
            {"loyalty vs basic-expectation satisfaction": "concave",
             "loyalty vs latent-expectation satisfaction": "convex"},
            ["concave", "convex", "linear"], points=2.0),
        build.choice(
            "4.4", "Where the next euro goes",
            "A supplier already meets its customers' basic expectations well and its "
            "loyalty is stuck at the average. Where should its next investment go?",
            ["polish the basics further", "serve latent expectations", "cut prices",
             "advertise to new prospects"],
            "serve latent expectations"),
        simulation_question(
            "4.5", "Escape the trap",
            "Split a quality budget between basic value (`supplier_value`) and latent value "
            "(delight, `latent_value`) so that customers do more than keep buying: they "
            "recommend the supplier and most of them show super-value (trust) loyalty.",
            SimTask(base={"value_innovation": 0.5},
                    levers={"supplier_value": (0.5, 1.0), "latent_value": (0.0, 1.0)},
                    costs={"supplier_value": 2.0, "latent_value": 2.0}, budget=2.6,
                    goals=(Goal("referral", ">=", 0.5), Goal("super_value_share", ">=", 0.5))),
            solution={"supplier_value": 0.55, "latent_value": 0.75}),
    ),
)
