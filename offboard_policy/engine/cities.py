"""Which cities a policy knows, and the input error for a case in a city it does not know."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import codes
from ..case.vocab import CITIES, Unknown, normalise
from ..errors import CaseError, Diagnostic, YamlError
from ..policy.compile import CompiledPolicy
from ..policy.params import WILDCARD

CITY_FIELD = "jurisdiction.city"


def known_cities(policy: CompiledPolicy) -> tuple[str, ...]:
    """The city keys of the case vocabulary and every city a table or ``set:`` of ``policy``
    gives a figure for (cached on the policy)."""
    found: tuple[str, ...] | None = policy.engine_cache.get("known_cities")
    if found is None:
        keys = set(CITIES)
        for param in policy.params.values():
            if param.definition.by_city:
                keys.update(c for c in param.cities if c != WILDCARD)
        found = tuple(sorted(keys))
        policy.engine_cache["known_cities"] = found
    return found


def require_known_city(policy: CompiledPolicy, case: Any, *, display: str | None = None) -> None:
    """Raise CaseError (exit 2) when the case's city is one ``policy`` does not know, with a
    did-you-mean and the known cities; placed at its line when ``display`` is a case file
    (``evaluate`` calls it without; :func:`placed` adds the file afterwards)."""
    city = case.jurisdiction.city
    known = known_cities(policy)
    if city in known:
        return
    try:
        normalise(city, {}, extra=known)
        return  # a policy key written in another case ("Foshan" for foshan)
    except Unknown as exc:
        message = exc.message("city") + (
            "; a policy that supplies the city's figures (set: or a parameter table) makes "
            "it known")
    line = column = None
    source = None
    if display is not None and Path(display).suffix.lower() in (".yaml", ".yml", ".json"):
        line, column, source = _position(Path(display))
    raise CaseError(Diagnostic(message, codes.CASE_VALUE, display or f"case {case.case_id}", line,
                               column, field=CITY_FIELD, source_line=source))


def placed(exc: CaseError, display: str) -> CaseError:
    """``exc`` with an unplaced city diagnostic (raised by ``evaluate``) put in ``display``."""
    out = []
    for d in exc.diagnostics:
        if d.field == CITY_FIELD and d.line is None:
            line = column = None
            source = None
            if Path(display).suffix.lower() in (".yaml", ".yml", ".json"):
                line, column, source = _position(Path(display))
            d = Diagnostic(d.message, d.code, display, line, column, field=d.field,
                           source_line=source)
        out.append(d)
    return CaseError(out)


def _position(path: Path) -> tuple[int | None, int | None, str | None]:
    from ..yamlio import load_yaml

    try:
        loaded = load_yaml(path)
    except (YamlError, OSError):
        return None, None, None
    pos = loaded.positions.get(("jurisdiction", "city"))
    if pos is None:
        return None, None, None
    return pos.line, pos.column, loaded.positions.source_line(pos.line)
