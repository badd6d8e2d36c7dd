"""Refusals of the class market, worded for students, in English or Chinese.

A refusal keeps its English template and its values, so the server can word
it in the class's language (:mod:`sim.i18n.market`) while tests and logs
read the English.
"""

from __future__ import annotations

from typing import Any


class RefusalError(Exception):
    """A request refused with a message that says what to do instead.

    Args:
        template: The English message, with ``{name}`` fields for ``params``.
        status: The HTTP status the server answers with.
        **params: The values the message names (a field, a range, the value given).
    """

    status = 400

    def __init__(self, template: str, status: int | None = None, **params: Any) -> None:
        self.template = template
        self.params = params
        if status is not None:
            self.status = status
        super().__init__(template.format(**params))

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (``en`` or ``zh``)."""
        if lang != "zh":
            return str(self)
        from sim.i18n.market import refusal_zh

        return refusal_zh(self.template, self.params)
