"""The grader: run submitted notebooks in a sandbox, judge answers outside it.

Pieces, in the order a submission meets them:

* :mod:`sim.grading.assignment` says what is graded (the manifest);
* :mod:`sim.grading.layouts` finds the students (folders, Canvas, Moodle)
  and gives each a safe output name;
* :mod:`sim.grading.notebooks` reads and validates the notebook file;
* :mod:`sim.grading.sandbox` runs its cells under bubblewrap with limits,
  through :mod:`sim.grading.runner` (the only code next to student code),
  on the allowlist of :mod:`sim.grading.runtime`, in a control group of
  :mod:`sim.grading.cgroups`, as a user id of :mod:`sim.grading.uids`,
  behind the filter of :mod:`sim.grading.seccomp`;
* :mod:`sim.grading.execute` keeps a notebook within its time budget;
* :mod:`sim.grading.answers` validates the exported answers (plain JSON);
* :mod:`sim.grading.judge` applies the hidden tests in the grader process;
* :mod:`sim.grading.report`, :mod:`sim.grading.classreport` and
  :mod:`sim.grading.written` write results.json, feedback.md, the gradebook,
  the instructor report and the sheets for written answers;
* :mod:`sim.grading.batch` grades a batch (local workers or Dask),
  :mod:`sim.grading.gradescope` makes and runs a Gradescope autograder, and
  :mod:`sim.grading.cli` holds the ``exercises``, ``grade`` and
  ``autograder`` subcommands.
"""
