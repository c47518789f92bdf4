"""The checked definitions of a policy: definitions, then layering, then its approval state.

What the disk cache (:mod:`.cache`) stores and what ``lint``, ``diff`` and ``approve`` read;
:func:`~offboard_policy.policy.load_policy` compiles it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .approval import approval_warnings
from .definitions import read_definitions
from .layering import apply_layering
from .model import PolicyDef


def read_policy(path: Path | str, *, root: Path | None = None) -> PolicyDef:
    """Read a policy file and everything it includes into a layered :class:`PolicyDef`.

    The chain's ``adjust:`` entries are checked and applied (see :mod:`.layering`: a
    statutory rule lowered without a deviation is an error), and a stale approval record
    becomes a warning in ``PolicyDef.warnings``.
    """
    policy = apply_layering(read_definitions(path, root=root))
    return replace(policy, warnings=approval_warnings(policy))
