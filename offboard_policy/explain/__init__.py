"""Explain a case's computation, and write formulas for a reader.

    >>> from offboard_policy.explain import explain, render_explanation   # doctest: +SKIP
    >>> print(render_explanation(explain(policy, case, ["economic_compensation"]), "text"))
"""

from __future__ import annotations

from .readable import readable
from .render import EXPLAIN_FORMATS, render_explanation
from .tree import ExplainError, Explanation, Node, ParamInfo, explain

__all__ = ["EXPLAIN_FORMATS", "ExplainError", "Explanation", "Node", "ParamInfo", "explain",
           "readable", "render_explanation"]
