"""Policies: reading rule modules, parameter tables and policies, and compiling them."""

from .compile import CompiledPolicy, compile_policy, load_policy
from .load import read_policy

__all__ = ["CompiledPolicy", "compile_policy", "load_policy", "read_policy"]
