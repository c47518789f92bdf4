"""Hypothesis strategy over the seeded case generator.

Hypothesis draws the ``random.Random`` (``st.randoms``), the generator draws the case: cases
are realistic rather than adversarial, and every failure replays from hypothesis' database.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from .generator import generate_case


def cases(
    *, city: str | None = None, where: Callable[[dict[str, Any]], bool] | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Generated cases; ``city`` forces the jurisdiction, ``where`` filters (keep it loose)."""

    def build(rng: random.Random) -> dict[str, Any]:
        case = generate_case(rng)
        if city is not None:
            case["jurisdiction"]["city"] = city
        return case

    strategy = st.randoms(use_true_random=False).map(build)
    return strategy.filter(where) if where is not None else strategy
