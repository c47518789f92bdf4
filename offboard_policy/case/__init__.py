"""The case input contract: model, loading with field-path errors, expression types, digest."""

from .digest import case_digest
from .load import load_case, parse_case
from .model import Case
from .types import case_types

__all__ = ["Case", "case_digest", "case_types", "load_case", "parse_case"]
