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
                "the size of the room": "one-dimensional",
                "the waiting time at check-in": "one-dimensional",
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
            ["guests rate the essentials well, yet they come back no more often than before",
             "guests are unhappy but keep coming because there is no other hotel in town",
             "guests are delighted by surprises and book again and again",
             "prices went up and guests stayed anyway"],
            "guests rate the essentials well, yet they come back no more often than before"),
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
        build.written(
            "4.6", "Advice for a satisfied but disloyal hotel",
            ("A hotel chain's satisfaction scores rise every year but repeat stays do not. "
             "Explain the satisfaction trap to its managers in four to six sentences and "
             "recommend where to invest next."),
            [
             ("Basic expectations are met: further basic improvements have diminishing returns "
              "and loyalty stays near the average level",
              1),
             ("Latent expectations: delight has increasing returns and builds trust and "
              "lasting loyalty",
              1),
             ("A concrete recommendation that serves a latent need, while keeping the basics "
              "met",
              1),
            ],
            ("The chain has fallen into the satisfaction trap: its surveys measure basic "
             "expectations such as clean rooms and quick check-in, which it already meets. "
             "Beyond that point better basics add little loyalty, which stays near the average "
             "level because every competent rival meets them too. Loyalty grows with delight, "
             "by serving needs guests did not expect to be met, and repeated delight builds "
             "trust. The chain should keep the basics right but put its next investment into "
             "latent needs, for example remembering regular guests' preferences and preparing "
             "their favourite room before they arrive.")),
    ),
)
