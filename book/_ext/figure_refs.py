"""Sphinx extension: name an interactive figure's controls in the prose, checked.

The prose around a figure tells the reader what to move ("set the cost of
leaving to 1"). When a chapter promised sliders its figure did not have (a
churn rate, a margin and a discount rate; a fixed budget to split), nothing
noticed. The role ``{lever}`figure:control``` writes the control's label as
the reader sees it on the slider, and a reference to a figure or control
that does not exist is a build error (``loyalty-lab book`` builds with
``-W``). The rendered label carries the classes ``ll-lever``,
``ll-lever-<figure>`` and ``ll-lever-<figure>-<control>`` so tests can read
which controls a page names.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole


class LeverRole(SphinxRole):
    """``{lever}`lifecycle:fairness``` -> the slider's label, in bold."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        from sim.widgets.catalog import figure_def

        figure, _, control = self.text.partition(":")
        try:
            spec = figure_def(figure.strip()).spec()
        except ValueError as exc:
            return self._fail(str(exc))
        found = {c.name: c for c in spec.controls}.get(control.strip())
        if found is None:
            names = ", ".join(c.name for c in spec.controls)
            return self._fail(f"figure {figure!r} has no control {control!r}; it has: {names}")
        slug = f"ll-lever-{figure.strip()}"
        label = found.label
        if (self.config.language or "en").startswith("zh"):
            # The Chinese edition's figures show their controls' Chinese labels.
            from sim.i18n.widgets import text_zh

            label = text_zh(label)
        node = nodes.strong(label, label,
                            classes=["ll-lever", slug, f"{slug}-{control.strip()}"])
        return [node], []

    def _fail(self, message: str) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        msg = self.inliner.reporter.error(f"lever role: {message}", line=self.lineno)
        problem = self.inliner.problematic(self.rawtext, self.rawtext, msg)
        return [problem], [msg]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``lever`` role."""
    app.add_role("lever", LeverRole())
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
