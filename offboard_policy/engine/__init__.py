"""The engine: evaluate a compiled policy against a case and produce a report."""

from .evaluate import BudgetExceeded, evaluate

__all__ = ["BudgetExceeded", "evaluate"]
