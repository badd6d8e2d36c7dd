"""Validation of the lifecycle model: sensitivity, robustness, ODD, report.

The model is validated the way published agent-based models are: a global
sensitivity analysis of every outcome over every lever
(:mod:`.sensitivity`), robustness of the stylized facts to small changes
of their presets and of directional claims across the parameter space
(:mod:`.robustness`, with the checks registered in :mod:`.checks`), and an
ODD description generated from the code (:mod:`.odd`). :mod:`.report`
turns them into the JSON and Markdown report shown in the book's model
appendix and written by ``loyalty-lab validate``.

The building blocks are generic: the levers come from the scenario's field
specs (:mod:`.levers`), the outcomes from one list (:mod:`.outcomes`), and
many runs go through one runner, serial or on Dask (:mod:`.runner`).
"""
