"""Policies as a pipeline: definitions, layering, approval, compile; ``load_policy`` runs it."""

from .compile import CompiledPolicy, compile_policy
from .pipeline import load_policy
from .read import read_policy

__all__ = ["CompiledPolicy", "compile_policy", "load_policy", "read_policy"]
