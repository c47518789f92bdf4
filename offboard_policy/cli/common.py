"""What every command does at its edge: turn user mistakes into exit code 2, write results.

Results go to stdout or, with ``--output``, to a file replaced atomically; diagnostics and
errors go to stderr. Bugs are not caught here: only :class:`~offboard_policy.errors.InputError`
and I/O errors on user-named files are.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import NoReturn

import click

from offboard_policy.atomic import write_atomic
from offboard_policy.errors import InputError

#: Exit codes shared by every command.
EXIT_OK = 0
EXIT_BLOCKED = 1
EXIT_INPUT = 2
#: Ctrl-C (128 + SIGINT, the shell's convention); SIGTERM gives 128 + SIGTERM.
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 128 + signal.SIGTERM


class Terminated(SystemExit):
    """SIGTERM arrived: raised in the main thread so that every ``finally`` and ``except
    BaseException`` runs (a temporary output file is removed) before the process exits 143."""

    def __init__(self) -> None:
        super().__init__(EXIT_TERMINATED)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 case``, ``2 cases``, ``0 cases`` (English; ``many`` for an irregular plural)."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


@contextlib.contextmanager
def sigterm_unwinds() -> Iterator[None]:
    """While the block runs, SIGTERM raises :class:`Terminated` instead of killing the process
    outright; a second SIGTERM during the unwinding is ignored (SIGKILL still works). The
    previous handler is put back at the end. Outside the main thread nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def fail(lines: list[str]) -> NoReturn:
    """Print each line to stderr and exit with code 2."""
    for line in lines:
        click.echo(line, err=True)
    raise click.exceptions.Exit(EXIT_INPUT)


def io_message(exc: OSError, what: str | None = None) -> str:
    """``Error: cannot read cases/x.yaml: Permission denied`` from an ``OSError``."""
    name = exc.filename if exc.filename is not None else what
    reason = exc.strerror or str(exc)
    return f"Error: {name}: {reason}" if name else f"Error: {reason}"


@contextlib.contextmanager
def input_errors() -> Iterator[None]:
    """Exit 2 with every diagnostic on stderr (no traceback) for an unusable input file."""
    try:
        yield
    except InputError as exc:
        fail([d.format() for d in exc.diagnostics])
    except OSError as exc:
        fail([io_message(exc)])


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def refuse_overwrite(output: Path | None, inputs: Iterable[tuple[Path, str]], *,
                     option: str = "--output") -> None:
    """Exit 2 when ``output`` is one of ``inputs`` (pairs of a path and what it is, as in
    "'x.yaml' is {what}": "the policy", "one of the cases"...), before anything is written."""
    if output is None:
        return
    for path, what in inputs:
        if _same_file(output, path):
            fail([f"Error: Invalid value for '{option}': {str(output)!r} is {what}; writing "
                  "the result there would overwrite it. Give another file."])


def emit(text: str, output: Path | None, *, option: str = "--output") -> None:
    """Print ``text`` to stdout, or write it atomically to ``output`` (exit 2 if that fails)."""
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        fail([f"Error: Invalid value for '{option}': cannot write {str(output)!r}: {reason}"])
