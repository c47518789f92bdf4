"""Options that recur across commands, as small reusable decorators.

Stack them on a command: ``@format_option()`` gives ``-f/--format`` (choices from
``render.FORMATS``, into ``fmt``), ``@lang_option()`` gives ``--lang zh|en`` (default from
``$OFFBOARD_POLICY_LANG`` or the locale), ``@as_of_option()`` gives ``--as-of YYYY-MM-DD``
(a ``date``) and ``@output_option()`` gives ``-o/--output FILE`` (see ``common.emit``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from offboard_policy.render import FORMATS, LANGS

F = TypeVar("F", bound=Callable[..., Any])

#: Environment variable that sets the default report language.
LANG_ENV = "OFFBOARD_POLICY_LANG"
#: Locale variables consulted, in POSIX precedence order, when LANG_ENV is not set.
LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class IsoDate(click.ParamType):  # type: ignore[type-arg]  # generic only from click 8.2
    """A calendar date written ``YYYY-MM-DD``; anything else is a usage error naming the option."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        if not _ISO_DATE.fullmatch(text):
            self.fail(f"{value!r} is not a date in the form YYYY-MM-DD.", param, ctx)
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            self.fail(f"{value!r} is not a valid date ({exc}).", param, ctx)


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """``$OFFBOARD_POLICY_LANG`` if set, else ``zh`` for a Chinese locale, else ``en``.

    ``zh_CN.UTF-8``-style values are accepted for the variable; another language is an error.
    """
    env = os.environ if environ is None else environ
    raw = env.get(LANG_ENV, "").strip()
    if raw:
        lang = re.split(r"[_.@-]", raw.lower(), maxsplit=1)[0]
        if lang not in LANGS:
            raise click.BadParameter(f"{LANG_ENV}={raw!r} is not one of: {', '.join(LANGS)}.")
        return lang
    for var in LOCALE_VARS:
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def format_option(
    formats: Sequence[str] = FORMATS, *, default: str = "text", extra_help: str = ""
) -> Callable[[F], F]:
    """``-f/--format``: one of ``formats`` (the renderers' single list), into ``fmt``."""
    help_text = f"Output format: {', '.join(formats)}. {extra_help}".strip()
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(list(formats)),
        default=default,
        show_default=True,
        help=help_text,
    )


def lang_option() -> Callable[[F], F]:
    """``--lang zh|en``: the language of messages, hints and labels."""
    return click.option(
        "--lang",
        type=click.Choice(LANGS, case_sensitive=False),
        default=default_lang,
        help=(
            f"Language of the report: {', '.join(LANGS)}. Default: ${LANG_ENV} if set, "
            "else zh when the locale (LC_ALL, LC_MESSAGES, LANG) is Chinese, else en."
        ),
    )


def as_of_option(help_text: str = "Evaluate as of this date (YYYY-MM-DD).") -> Callable[[F], F]:
    """``--as-of YYYY-MM-DD``, parsed to a ``date`` (``None`` when not given)."""
    return click.option("--as-of", "as_of", type=IsoDate(), default=None, help=help_text)


def output_option() -> Callable[[F], F]:
    """``-o/--output FILE``: write there instead of stdout, atomically."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        default=None,
        help="Write the result to FILE instead of stdout (atomically: all or nothing).",
    )
