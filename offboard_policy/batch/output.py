"""Where batch results go: a file written as a whole at the end, or a stream written as we go."""

from __future__ import annotations

from collections.abc import Callable

Writer = Callable[[str], object]
"""Something that writes a string: ``TextIO.write``, ``click.echo`` without newline..."""
