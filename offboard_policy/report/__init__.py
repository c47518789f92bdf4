"""The report model shared by the engine and the renderers."""

from .model import (
    Deviation,
    Finding,
    LocalText,
    ParameterUse,
    PolicyInfo,
    Report,
    SettlementLine,
    TraceEntry,
    Waiver,
)

__all__ = [
    "Deviation",
    "Finding",
    "LocalText",
    "ParameterUse",
    "PolicyInfo",
    "Report",
    "SettlementLine",
    "TraceEntry",
    "Waiver",
]
