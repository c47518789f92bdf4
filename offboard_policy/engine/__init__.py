"""The engine: evaluate a compiled policy against a case and produce a report."""

from .evaluate import evaluate

__all__ = ["evaluate"]
