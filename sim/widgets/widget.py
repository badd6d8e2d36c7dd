"""The one anywidget class behind every interactive figure.

The same widget serves the static book, a live Jupyter kernel and the
classroom app. It carries what the page needs to run the lifecycle model
itself (the browser engine is in its front-end code, the figure's settings in
its ``inpage`` trait), so a page without a kernel answers every slider; when
a kernel is present the browser's "hello" message is answered and the browser
asks Python to rerun the Mesa model for the exact slider values instead.
"""

from __future__ import annotations

import math
import time
from typing import Any

import anywidget
import traitlets

from sim.i18n.widgets import (
    ERRORS_ZH,
    LANGUAGES,
    figure_options,
    result_strings,
    text_zh,
    translate_spec,
)
from sim.widgets import assets
from sim.widgets.catalog import figure_def
from sim.widgets.inpage import IN_PAGE, engine_key, page_config, zh_phrases
from sim.widgets.point import combine, compute_point, preset_values
from sim.widgets.spec import Control, FigureSpec

MAX_POINTS = 20
"""The most settings one "points" request may ask for (a figure's curves need at most 11)."""


class LoyaltyFigure(anywidget.AnyWidget):
    """An interactive figure of the book, backed by the Mesa model.

    Attributes:
        spec: JSON description of controls, panels and text (see
            :class:`sim.widgets.spec.FigureSpec`).
        inpage: what the page needs to compute the figure with the browser
            engine (:func:`sim.widgets.inpage.page_config` as ``config``, and
            as ``zh`` the Chinese of computed phrases when the figure may
            speak Chinese); empty for a figure that needs a kernel.
        values: the current control values, mirrored from the browser so
            that Python code can read what a student has chosen.
        options: presentation options, e.g. ``projector`` for large type,
            ``compact`` and ``group`` for figures compared side by side, and
            the figure's language (``lang``, ``strings``, ``zh``; see
            :func:`sim.i18n.widgets.figure_options`).
        theme: ``"auto"`` (the page's theme, the book's case), ``"light"`` or
            ``"dark"`` (the classroom's projector mode, high contrast when compact).
    """

    _esm = assets.esm()
    _css = assets.css()

    spec = traitlets.Dict().tag(sync=True)
    inpage = traitlets.Dict().tag(sync=True)
    values = traitlets.Dict().tag(sync=True)
    options = traitlets.Dict().tag(sync=True)
    theme = traitlets.Enum(("auto", "light", "dark"), "auto").tag(sync=True)

    def __init__(
        self,
        name: str,
        *,
        projector: bool = False,
        compact: bool = False,
        group: str | None = None,
        title: str | None = None,
        values: dict[str, Any] | None = None,
        live_seeds: tuple[int, ...] | None = None,
        lang: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Build the figure ``name``.

        Args:
            name: one of :data:`sim.widgets.catalog.FIGURE_NAMES`.
            projector: large type and slower playback for a classroom screen.
            compact: fold the question and the levers away, so that two
                figures fit one projector screen side by side.
            group: figures with the same group share one timeline (the first
                one's play control drives all) and the value axes of their
                charts, so they are compared like with like.
            title: replaces the figure's default title.
            values: starting control values (validated like live input).
            live_seeds: seeds averaged by live recomputation; defaults to the
                figure's seeds, the ones the page averages too.
            lang: the language of the figure's words, ``en`` or ``zh``
                (:mod:`sim.i18n.widgets`; the numbers are the same),
                or None (the default, the book's case): the page's language,
                ``<html lang="zh-CN">`` giving Chinese; the figure then carries
                the Chinese of its texts beside the English.
            **kwargs: passed to :class:`anywidget.AnyWidget`.
        """
        self._fig = figure_def(name)
        fig_spec: FigureSpec = self._fig.spec()
        self._live_seeds = tuple(live_seeds or fig_spec.seeds)
        given = values or {}
        start = validate_values(fig_spec, given)
        # A chosen preset sets its levers, except those given explicitly.
        levers = preset_values(fig_spec, start)
        start.update({k: v for k, v in levers.items() if k not in given})
        english = fig_spec.to_json()
        words = figure_options(english, lang)  # checks lang
        self._lang = lang or "en"
        inpage: dict[str, Any] = {}
        if name in IN_PAGE:
            inpage["config"] = page_config(name)
            inpage["key"] = engine_key(name)
            if lang != "en":  # the figure may speak Chinese: its computed phrases too
                inpage["zh"] = zh_phrases()
        super().__init__(
            spec=translate_spec(english, lang or "en")[0],
            inpage=inpage,
            values=start,
            options={"projector": projector, "compact": compact, "group": group,
                     "title": title, **words},
            **kwargs,
        )
        self.on_msg(self._on_message)

    @property
    def name(self) -> str:
        """Return the figure's name."""
        return self._fig.name

    def _seeds_for(self, clean: dict[str, Any]) -> tuple[int, ...]:
        """Seeds of a live run: the seed control's value if the figure has one."""
        for control in self._fig.spec().controls:
            if control.kind == "seed":
                return (int(clean[control.name]),)
        return self._live_seeds

    def compute(self, values: dict[str, Any]) -> dict[str, Any]:
        """Rerun the model for ``values`` exactly as a live slider change does."""
        clean = validate_values(self._fig.spec(), values)
        return compute_point(self._fig.name, clean, self._seeds_for(clean))

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        # The browser says which language it shows (a book figure: its page's).
        lang = content.get("lang") if content.get("lang") in LANGUAGES else self._lang
        if kind == "hello":
            self.send({"type": "hello", "live": True})
        elif kind == "compute":
            self._answer(content.get("id"), dict(content.get("values") or {}), lang)
        elif kind == "points":
            self._answer_points(content.get("id"), content.get("values"), lang)

    def _answer_points(self, request: Any, asked: Any, lang: str = "en") -> None:
        """Compute several settings at once: the points of a figure's response curves.

        Why: a slice panel draws a number against one control with the others
        held where they are; live, its points come from the Mesa model too,
        after the shown result, so the figure answers first and completes after.
        """
        if not isinstance(asked, list) or len(asked) > MAX_POINTS:
            self.send({"type": "error", "id": request,
                       "message": f"points: a list of at most {MAX_POINTS} settings expected"})
            return
        try:
            results = []
            for values in asked:
                clean = validate_values(self._fig.spec(), dict(values or {}), lang)
                results.append(compute_point(self._fig.name, clean, self._seeds_for(clean)))
        except (TypeError, ValueError) as exc:
            self.send({"type": "error", "id": request, "message": str(exc)})
            return
        self.send({"type": "points", "id": request, "results": results})

    def _answer(self, request: Any, values: dict[str, Any], lang: str = "en") -> None:
        """Recompute for a browser request, first seed first.

        Why: one model run takes a few tens of milliseconds, the mean over
        figure's seeds several times that. Sending the first seed's run
        at once keeps the figure responsive; the mean follows and replaces it.
        """
        start = time.perf_counter()

        def words(result: dict[str, Any]) -> dict[str, Any]:
            # The run's computed phrases in the browser's language (none in English).
            return {"strings": result_strings([result])} if lang == "zh" else {}

        try:
            clean = validate_values(self._fig.spec(), values, lang)
            seeds = self._seeds_for(clean)
            runs = [self._fig.compute(clean, seeds[0])]
            if len(seeds) > 1:
                ms = round((time.perf_counter() - start) * 1000, 1)
                first = combine(self._fig.name, clean, runs)
                self.send({"type": "partial", "id": request, "result": first,
                           "seeds": [seeds[0]], "ms": ms, **words(first)})
                runs += [self._fig.compute(clean, seed) for seed in seeds[1:]]
        except (TypeError, ValueError) as exc:
            self.send({"type": "error", "id": request, "message": str(exc)})
            return
        ms = round((time.perf_counter() - start) * 1000, 1)
        result = combine(self._fig.name, clean, runs)
        self.send({"type": "result", "id": request, "result": result,
                   "seeds": list(seeds), "ms": ms, **words(result)})


def _check_range(control: Control, value: Any, lang: str = "en") -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        if lang != "zh":
            raise
        raise ValueError(ERRORS_ZH["number"].format(label=text_zh(control.label),
                                                    value=repr(value))) from None
    if not math.isfinite(number) or not control.low <= number <= control.high:
        if lang == "zh":
            raise ValueError(ERRORS_ZH["range"].format(
                label=text_zh(control.label), low=control.low, high=control.high,
                value=repr(value)))
        raise ValueError(
            f"{control.label} must be between {control.low} and {control.high}; got {value!r}"
        )
    return number


def validate_values(spec: FigureSpec, values: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """Return complete, checked control values; refuse unknown names or bad numbers.

    Why: values arrive from a browser, so they are checked here rather than
    trusted, and missing ones fall back to the figure's defaults. ``lang``
    "zh" words the refusals in Chinese (the browser shows them as they are).
    """
    controls = {c.name: c for c in spec.controls}
    unknown = sorted(set(values) - set(controls))
    if unknown:
        if lang == "zh":
            raise ValueError(ERRORS_ZH["unknown"].format(figure=text_zh(spec.title),
                                                         names=unknown))
        raise ValueError(f"Unknown control(s) {unknown} for figure {spec.name!r}")
    clean = spec.defaults()
    for name, value in values.items():
        control = controls[name]
        if control.kind == "select":
            allowed = [o[0] for o in control.options]
            if value not in allowed:
                if lang == "zh":
                    raise ValueError(ERRORS_ZH["select"].format(
                        label=text_zh(control.label), allowed=allowed, value=repr(value)))
                raise ValueError(f"{control.label} must be one of {allowed}; got {value!r}")
            clean[name] = value
        elif control.kind == "seed":
            clean[name] = int(_check_range(control, value, lang))
        else:
            clean[name] = _check_range(control, value, lang)
    return clean
