"""Files written all at once: a temporary file beside the target, renamed over it at the end."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[TextIO]:
    """A text stream that becomes ``path`` only when the ``with`` block ends without error.

    Text is streamed into a temporary file beside ``path`` (so memory stays flat); at the end
    it is flushed, synced and renamed over ``path`` in one step. On any error or interruption
    the temporary file is removed and an existing ``path`` is left as it was: nothing
    half-written ever appears under the target name. A new file gets 0666 less the umask, an
    existing one keeps its permissions.
    """
    with _replacing(path, None) as fd, os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) all at once (see :func:`atomic_output`)."""
    with atomic_output(path) as fh:
        fh.write(text)


def write_atomic_bytes(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` all at once, like :func:`write_atomic`; ``mode`` sets the
    file's permissions (else those of :func:`atomic_output`)."""
    with _replacing(path, mode) as fd, os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


@contextlib.contextmanager
def _replacing(path: Path, mode: int | None) -> Iterator[int]:
    """A descriptor of a temporary file beside ``path``, renamed over it when the block ends
    without error (the file is closed by then) and removed on any error."""
    target = Path(os.path.realpath(path))
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        yield fd
        os.chmod(tmp, _mode_for(target) if mode is None else mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
