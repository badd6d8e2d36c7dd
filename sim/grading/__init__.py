"""The grader: run submitted notebooks in a sandbox, judge answers outside it.

Pieces, in the order a submission meets them:

* :mod:`sim.grading.notebooks` reads and validates the notebook file;
* :mod:`sim.grading.sandbox` runs its cells under bubblewrap with limits,
  through :mod:`sim.grading.runner` (the only code next to student code);
* :mod:`sim.grading.execute` retries around cells that kill the run;
* :mod:`sim.grading.answers` validates the exported answers (plain JSON);
* :mod:`sim.grading.judge` applies the hidden tests in the grader process;
* :mod:`sim.grading.report` writes results.json, feedback.md, gradebook.csv;
* :mod:`sim.grading.batch` grades a folder in parallel; :mod:`sim.grading.cli`
  holds the ``exercises`` and ``grade`` subcommands.
"""
