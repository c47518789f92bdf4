"""``load_policy``: the one entry point from a policy file to a compiled policy.

The stages, one module each (as in ``expr/``): :mod:`.definitions` (YAML to definitions),
:mod:`.layering` (definitions to definitions), :mod:`.approval` (the approval state), then
:mod:`.compile` (definitions to a :class:`CompiledPolicy`). The first three are what
:func:`~offboard_policy.policy.read.read_policy` returns and what the disk cache keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import PolicyError
from .approval import strict_errors
from .cache import read_policy_cached
from .compile import CompiledPolicy, compile_policy


def load_policy(
    path: Path | str,
    *,
    strict: bool = False,
    cache: bool = False,
    cache_dir: Path | None = None,
    warn: Callable[[str], object] | None = None,
) -> CompiledPolicy:
    """Read and compile a policy file; raises PolicyError with positioned diagnostics.

    Warnings (a stale approval record) are in ``CompiledPolicy.warnings``; with ``strict``
    they are errors instead. With ``cache`` the checked definitions are read through the disk
    cache (``cache_dir``, else the default folder); ``warn`` is called with a one-line message
    when the cache directory is refused or an entry cannot be written.
    """
    result = read_policy_cached(path, cache_dir=cache_dir, enabled=cache)
    if result.note is not None and warn is not None:
        warn(f"warning: policy cache not used: {result.note}")
    definition = result.definition
    if strict and definition.warnings:
        raise PolicyError(strict_errors(definition.warnings))
    return compile_policy(definition)
