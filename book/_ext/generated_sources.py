"""Sphinx extension: generate the book's derived sources before Sphinx reads any page.

Why: the exercise pages (``book/exercises/chNN.md``) and the student notebooks
they offer for download are generated from the instructor sources in
``sim.exercises`` and are not kept in git. When only ``loyalty-lab book``
wrote them, a plain ``jupyter-book build .`` on a fresh clone failed with
"toctree contains reference to nonexisting document 'book/exercises/ch01'".
Doing it here, when Sphinx loads the extension, makes every way of building
the book produce them.

It also keeps two build-wide settings that plain ``jupyter-book build`` would
otherwise get wrong:

* the chapters' execution cache is keyed on each chapter's own code only, so
  it is cleared (and every page read again) when the ``sim`` package changed
  since the chapters were executed; and
* the kernels get matplotlib's inline backend, without which glued figures
  keep only their text form ("<Figure size 770x418 with 1 Axes>").

The work is done by :mod:`sim.bookbuild`, shared with ``loyalty-lab book``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _repository_root(app: Sphinx) -> Path:
    """The folder holding ``_config.yml`` (Jupyter Book's source folder)."""
    return Path(app.srcdir).resolve()


def setup(app: Sphinx) -> dict[str, Any]:
    """Generate the exercise pages now; register the re-read hook."""
    from sim import bookbuild

    root = _repository_root(app)
    os.environ["MPLBACKEND"] = bookbuild.INLINE_BACKEND  # inherited by the kernels
    bookbuild.write_exercise_pages(root)
    # The build folder holding the execution cache: beside the HTML for the English
    # book, given explicitly by a translated edition's build (its HTML is a
    # folder of the English book's; sim/i18n/book.py).
    build_dir = os.environ.get("LOYALTY_LAB_BUILD_DIR") or Path(app.outdir).resolve().parent
    stale = bookbuild.refresh_execution_cache(root, Path(build_dir))

    def outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                 removed: set[str]) -> list[str]:
        """Read every page again when the cached executions were thrown away."""
        return sorted(env.found_docs) if stale else []

    app.connect("env-get-outdated", outdated)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
