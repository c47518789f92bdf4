"""``offboard-policy plan``: what makes a blocked case ready, checked by construction.

``make_plan(policy, case)`` returns a :class:`Plan` (``Plan.to_dict()`` is its JSON form);
``render_plan(plan, fmt)`` prints it as text, Markdown or JSON.
"""

from .make import PlanBug, make_plan
from .model import Plan
from .render import PLAN_FORMATS, render_plan

__all__ = ["PLAN_FORMATS", "Plan", "PlanBug", "make_plan", "render_plan"]
