"""Testing helpers: a seeded generator of realistic cases and a hypothesis strategy over it.

``generate_case(rng)`` draws one case (a JSON-ready dict in the input-contract format),
``iter_cases(seed, count)`` gives a deterministic stream, ``write_jsonl(path, seed, count)``
writes one, and ``cases()`` is a hypothesis strategy for property tests (hypothesis is a test
dependency, imported only when the strategy is asked for). From the shell:
``python -m offboard_policy.testing --seed 1 --count 1000 > cases.jsonl``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .generator import generate_case, iter_cases
from .jsonl import write_jsonl

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def cases(**kwargs: Any) -> SearchStrategy[dict[str, Any]]:
    """Hypothesis strategy of generated cases (see ``strategies.cases`` for the options)."""
    from .strategies import cases as _cases

    return _cases(**kwargs)


__all__ = ["cases", "generate_case", "iter_cases", "write_jsonl"]
