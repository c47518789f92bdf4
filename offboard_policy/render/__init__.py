"""Turn a :class:`~offboard_policy.report.model.Report` into text, JSON or Markdown.

One renderer per format behind one lookup; :data:`FORMATS` is the single list of format names
(the CLI builds its ``--format`` choice and help from it). ``json`` is the public contract.

    >>> render(report, "json", lang="en")          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from offboard_policy.render.json import render_json, render_json_many, to_contract_dict
from offboard_policy.render.markdown import render_markdown, render_markdown_many
from offboard_policy.render.text import render_text, render_text_many
from offboard_policy.report.model import Lang, Report

__all__ = ["FORMATS", "LANGS", "Format", "render", "render_many", "to_contract_dict"]

Format = Literal["text", "json", "markdown"]

#: The output formats, in the order shown in help texts.
FORMATS: tuple[Format, ...] = ("text", "json", "markdown")
#: The report languages.
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True)
class _Renderer:
    """How one format renders one report and several reports."""

    one: Callable[[Report, Lang, bool | None, int | None, bool], str]
    many: Callable[[Sequence[Report], Lang, bool | None, int | None, bool], str]


_RENDERERS: dict[str, _Renderer] = {
    "text": _Renderer(
        one=lambda r, lang, color, width, verbose: render_text(
            r, lang, color=color, width=width, verbose=verbose),
        many=lambda rs, lang, color, width, verbose: render_text_many(
            rs, lang, color=color, width=width, verbose=verbose),
    ),
    "json": _Renderer(
        one=lambda r, lang, _c, _w, _v: render_json(r, lang),
        many=lambda rs, lang, _c, _w, _v: render_json_many(rs, lang),
    ),
    "markdown": _Renderer(
        one=lambda r, lang, _c, _w, _v: render_markdown(r, lang),
        many=lambda rs, lang, _c, _w, _v: render_markdown_many(rs, lang),
    ),
}
assert tuple(_RENDERERS) == FORMATS, "FORMATS and the renderer table must agree"


def _renderer(fmt: str) -> _Renderer:
    try:
        return _RENDERERS[fmt]
    except KeyError:
        raise ValueError(
            f"unknown report format {fmt!r}; expected one of: {', '.join(FORMATS)}"
        ) from None


def render(
    report: Report,
    fmt: str,
    *,
    lang: Lang = "zh",
    color: bool | None = None,
    width: int | None = None,
    verbose: bool = False,
) -> str:
    """Render one report in ``fmt`` (one of :data:`FORMATS`); the result ends with a newline.

    ``json`` gives one contract object. ``color`` and ``width`` only affect ``text``: ``None``
    means colour when stdout is a terminal, and the terminal's width (else 100 columns).
    ``verbose`` (``text`` only) lists every parameter used, not only those to note.
    An unknown ``fmt`` raises ``ValueError``.
    """
    return _renderer(fmt).one(report, lang, color, width, verbose)


def render_many(
    reports: Sequence[Report],
    fmt: str,
    *,
    lang: Lang = "zh",
    color: bool | None = None,
    width: int | None = None,
    verbose: bool = False,
) -> str:
    """Render several reports: a JSON array for ``json``, one after another otherwise."""
    return _renderer(fmt).many(reports, lang, color, width, verbose)
