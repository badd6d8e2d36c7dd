"""The public self-check, copied verbatim into every student notebook.

It checks only the *form* of an answer (type, keys, options, bounds and
budget), never its correctness, so it gives nothing away and can run
offline in the student's own notebook and in the book build. It never
raises: a blank notebook must still execute from top to bottom. The
function below uses builtins only, because the notebook copy must not
depend on this package (``sim.exercises`` is hidden from the grader's
sandbox).
"""


def self_check(qid, answer, kind, **spec):  # noqa: C901 - one flat checker is easier to copy
    """Print whether ``answer`` has the right form for question ``qid``."""
    problems = []
    blank_text = isinstance(answer, str) and not answer.strip()
    blank_dict = isinstance(answer, dict) and answer and all(
        value is None for value in answer.values())
    if answer is None or blank_text or blank_dict:
        print(f"[{qid}] not answered yet: replace None (or the empty text) with your answer.")
        return False
    number_types = (int, float)
    if kind == "text":
        if not isinstance(answer, str):
            problems.append("should be text (a string in quotes)")
        elif len(answer.split()) < 10:
            problems.append("should be a few sentences (at least 10 words)")
    elif kind == "number":
        if isinstance(answer, bool) or not isinstance(answer, number_types):
            problems.append("should be a number (int or float)")
    elif kind == "numbers":
        if not isinstance(answer, dict):
            problems.append("should be a dict with keys " + ", ".join(spec["keys"]))
        else:
            for key in spec["keys"]:
                value = answer.get(key)
                if isinstance(value, bool) or not isinstance(value, number_types):
                    problems.append(f"'{key}' should be a number")
    elif kind == "choice":
        options = [str(o).lower() for o in spec["options"]]
        if str(answer).strip().lower() not in options:
            problems.append("should be one of " + ", ".join(map(str, spec["options"])))
    elif kind in ("mapping", "choices"):
        options = [str(o).lower() for o in spec["options"]]
        if not isinstance(answer, dict):
            problems.append("should be a dict")
        else:
            for key in spec["keys"]:
                value = answer.get(key)
                if value is None:
                    problems.append(f"'{key}' is not answered")
                elif str(value).strip().lower() not in options:
                    problems.append(f"'{key}' should be one of " + ", ".join(spec["options"]))
    elif kind in ("selection", "ordering"):
        options = [str(o).lower() for o in spec["options"]]
        if not isinstance(answer, list | tuple):
            problems.append("should be a list")
        else:
            for item in answer:
                if str(item).strip().lower() not in options:
                    problems.append(f"{item!r} is not one of the options")
            if kind == "ordering" and len(answer) != len(options):
                problems.append(f"should list all {len(options)} items")
    elif kind == "params":
        if not isinstance(answer, dict):
            problems.append("should be a dict of scenario fields")
        else:
            total = 0.0
            for key in answer:
                if key not in spec["levers"]:
                    problems.append(f"'{key}' is not a lever of this exercise")
            for key, (low, high) in spec["levers"].items():
                value = answer.get(key)
                if isinstance(value, bool) or not isinstance(value, number_types):
                    problems.append(f"'{key}' should be a number in [{low}, {high}]")
                elif not low <= value <= high:
                    problems.append(f"'{key}' = {value} is outside [{low}, {high}]")
                else:
                    total += spec["costs"].get(key, 0.0) * value
            if spec.get("budget") is not None and total > spec["budget"] + 1e-9:
                problems.append(f"cost {total:.3f} exceeds the budget {spec['budget']}")
    if problems:
        print(f"[{qid}] form problems: " + "; ".join(problems))
        return False
    print(f"[{qid}] form OK (the grader checks correctness with hidden tests).")
    return True
