"""Turn a :class:`~offboard_policy.report.model.Report` into text, JSON or Markdown.

One renderer per format behind one lookup; :data:`FORMATS` is the single list of format names
(the CLI builds its ``--format`` choice and help from it). ``json`` is the public contract.

    >>> render(report, "json", lang="en")          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Any, Literal

from offboard_policy.report.model import Lang, Report

if TYPE_CHECKING:
    from offboard_policy.render.json import to_contract_dict

__all__ = ["FORMATS", "LANGS", "Format", "render", "render_many", "to_contract_dict"]

Format = Literal["text", "json", "markdown"]

#: The output formats, in the order shown in help texts.
FORMATS: tuple[Format, ...] = ("text", "json", "markdown")
#: The report languages.
LANGS: tuple[Lang, ...] = ("zh", "en")

#: Each format's module and its functions for one report and for several. A renderer is
#: imported when first used: ``--format json`` never imports ``rich`` (text only).
_RENDERERS: dict[str, tuple[str, str, str]] = {
    "text": ("offboard_policy.render.text", "render_text", "render_text_many"),
    "json": ("offboard_policy.render.json", "render_json", "render_json_many"),
    "markdown": ("offboard_policy.render.markdown", "render_markdown", "render_markdown_many"),
}
assert tuple(_RENDERERS) == FORMATS, "FORMATS and the renderer table must agree"


def _renderer(fmt: str, many: bool) -> Callable[..., str]:
    try:
        module, one_name, many_name = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(
            f"unknown report format {fmt!r}; expected one of: {', '.join(FORMATS)}"
        ) from None
    function: Callable[..., str] = getattr(import_module(module), many_name if many else one_name)
    return function


def _options(fmt: str, color: bool | None, width: int | None,
             verbose: bool = False) -> dict[str, Any]:
    """``color``, ``width`` and ``verbose`` are the text renderer's only."""
    return {"color": color, "width": width, "verbose": verbose} if fmt == "text" else {}


def __getattr__(name: str) -> Any:
    if name == "to_contract_dict":  # kept importable from here; loaded with the JSON renderer
        return import_module("offboard_policy.render.json").to_contract_dict
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    return _renderer(fmt, False)(report, lang, **_options(fmt, color, width, verbose))


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
    return _renderer(fmt, True)(reports, lang, **_options(fmt, color, width, verbose))
