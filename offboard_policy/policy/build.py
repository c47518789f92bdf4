"""Turn schema-valid YAML data into definition objects, keeping every source position."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from offboard_policy import codes

from ..errors import Diagnostic, PolicyError, SourcePos
from ..expr.origin import ScalarOrigin
from ..paths import format_path
from ..report.model import LocalText
from ..templates import placeholders, stray_brace
from ..yamlio import Loaded
from .model import (
    ApprovalDef,
    CheckDef,
    DeviationDef,
    ExprSource,
    Kind,
    ModuleDef,
    Override,
    ParamDef,
    ParamEntry,
    SettlementDef,
    ValueDef,
)


class _Builder:
    """Reads one loaded file; collects errors instead of stopping at the first."""

    def __init__(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.display = loaded.display
        self.errors: list[Diagnostic] = []

    def pos(self, *path: str | int) -> SourcePos:
        return self.loaded.positions.nearest(path)

    def fail(self, message: str, code: str, *path: str | int, key: bool = False) -> None:
        pos = (self.loaded.positions.key(path) if key else None) or self.pos(*path)
        line = self.loaded.source_lines[pos.line - 1] if 0 < pos.line <= len(
            self.loaded.source_lines) else None
        self.errors.append(
            Diagnostic(message, code, file=pos.file, line=pos.line, column=pos.column,
                       field=format_path(path) or None, source_line=line)
        )

    def expr(self, text: str, *path: str | int) -> ExprSource:
        origin: ScalarOrigin | SourcePos | None = self.loaded.positions.content(path)
        if origin is None:
            origin = self.pos(*path)
        return ExprSource(text=text, origin=origin, display=self.display, field=format_path(path))

    def text(self, data: Any) -> LocalText | None:
        if data is None:
            return None
        return LocalText(zh=str(data.get("zh", "")), en=str(data.get("en", "")))

    def placeholders(self, template: Any, *path: str | int) -> dict[str, ExprSource]:
        """Expressions inside ``{...}`` of a bilingual template, keyed by their text."""
        out: dict[str, ExprSource] = {}
        if not isinstance(template, dict):
            return out
        for lang in ("zh", "en"):
            raw = template.get(lang)
            if not isinstance(raw, str):
                continue
            base = self.loaded.positions.content((*path, lang))
            stray = stray_brace(raw)
            if stray is not None:
                self.fail(f"unmatched '{raw[stray]}' in the {lang} text (placeholders are "
                          "{expression}; write {{ or }} for a literal brace)", codes.FILE_VALUE,
                          *path, lang)
                continue
            for m in placeholders(raw):
                inner = m.group(1)
                if inner is None or inner.strip() in out:
                    continue
                origin: ScalarOrigin | SourcePos | None = base
                on_first_line = "\n" not in raw[: m.start()]
                if isinstance(base, ScalarOrigin) and not base.block and on_first_line:
                    origin = SourcePos(base.pos.file, base.pos.line, base.pos.column + m.start(1))
                out[inner.strip()] = ExprSource(
                    text=inner.strip(), origin=origin, display=self.display,
                    field=format_path((*path, lang)),
                )
        return out

    def raise_if_errors(self) -> None:
        if self.errors:
            raise PolicyError(self.errors)


def build_module(loaded: Loaded) -> ModuleDef:
    """A :class:`ModuleDef` from a schema-valid rule module."""
    b = _Builder(loaded)
    data: dict[str, Any] = loaded.data
    module_id = data["module"]
    kind = data["kind"]
    values = tuple(
        ValueDef(
            name=name,
            formula=b.expr(spec["formula"], "values", name, "formula"),
            declared_type=spec.get("type"),
            description=spec.get("description"),
            citation=spec.get("citation"),
            unit=spec.get("unit"),
            module=module_id,
            pos=loaded.positions.key(("values", name)) or b.pos("values", name),
        )
        for name, spec in (data.get("values") or {}).items()
    )
    checks = []
    for i, spec in enumerate(data.get("checks") or []):
        sources = b.placeholders(spec.get("message"), "checks", i, "message")
        sources.update(b.placeholders(spec.get("hint"), "checks", i, "hint"))
        checks.append(
            CheckDef(
                id=spec["id"],
                severity=spec["severity"],
                assertion=b.expr(spec["assert"], "checks", i, "assert"),
                message=LocalText(zh=spec["message"]["zh"], en=spec["message"]["en"]),
                citation=spec["citation"],
                when=b.expr(spec["when"], "checks", i, "when") if "when" in spec else None,
                title=b.text(spec.get("title")),
                hint=b.text(spec.get("hint")),
                fields=tuple(spec.get("fields") or ()),
                exposure=b.expr(spec["exposure"], "checks", i, "exposure")
                if "exposure" in spec else None,
                waivable=bool(spec.get("waivable", False)),
                description=spec.get("description"),
                clause=spec.get("clause"),
                module=module_id,
                kind=kind,
                pos=b.pos("checks", i),
                message_sources=sources,
            )
        )
    lines = []
    for i, spec in enumerate(data.get("settlement") or []):
        def opt(key: str, i: int = i, spec: dict[str, Any] = spec) -> ExprSource | None:
            return b.expr(spec[key], "settlement", i, key) if key in spec else None

        texts: dict[str, ExprSource] = {}
        for key in ("basis", "shortfall_message", "hint"):
            texts.update(b.placeholders(spec.get(key), "settlement", i, key))
        lines.append(
            SettlementDef(
                id=spec["id"],
                rule=spec["rule"],
                amount=b.expr(spec["amount"], "settlement", i, "amount"),
                citation=spec["citation"],
                when=opt("when"),
                proposed=opt("proposed"),
                due=opt("due"),
                severity=spec.get("severity", "blocking"),
                title=b.text(spec.get("title")),
                basis=b.text(spec.get("basis")),
                shortfall_message=b.text(spec.get("shortfall_message")),
                hint=b.text(spec.get("hint")),
                fields=tuple(spec.get("fields") or ()),
                description=spec.get("description"),
                clause=spec.get("clause"),
                module=module_id,
                kind=kind,
                pos=b.pos("settlement", i),
                text_sources=texts,
            )
        )
    b.raise_if_errors()
    return ModuleDef(
        id=module_id,
        kind=kind,
        path=loaded.display,
        title=b.text(data.get("title")),
        description=data.get("description"),
        values=values,
        checks=tuple(checks),
        settlement=tuple(lines),
        parameter_files=tuple(data.get("parameters") or ()),
        pos=b.pos(),
    )


def coerce_value(value: Any, type_name: str) -> Any:
    """Check a parameter value against its declared type; return it in runtime form.

    Raises ValueError with a readable reason when it does not fit.
    """
    if value is None:
        return None
    if type_name in ("number", "money"):
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise ValueError(f"expected a number, found {value!r}")
        return Decimal(value)
    if type_name == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, found {value!r}")
        return value
    if type_name == "date":
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise ValueError(f"expected a date (YYYY-MM-DD), found {value!r}")
    if not isinstance(value, str):
        raise ValueError(f"expected a string, found {value!r}")
    return value


def as_date(value: Any) -> date | None:
    """A ``from:`` key as a date (YAML gives a date; a quoted one is a string)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _annual_value(b: _Builder, entry: dict[str, Any], type_name: str,
                  *path: str | int) -> tuple[Any, Any]:
    """The entry's value; with ``annual:``, the exact annual / 12 (checked against ``value``)."""
    try:
        value = coerce_value(entry.get("value"), type_name)
    except ValueError as exc:
        b.fail(str(exc), codes.FILE_VALUE, *path, "value")
        return None, None
    annual = entry.get("annual")
    if annual is None:
        return value, None
    try:
        annual_d = coerce_value(annual, "number")
    except ValueError as exc:
        b.fail(str(exc), codes.FILE_VALUE, *path, "annual")
        return value, None
    exact = annual_d / 12
    if value is not None and exact.quantize(Decimal("0.01")) != value.quantize(Decimal("0.01")):
        b.fail(f"value {value} is not annual / 12 = {exact.quantize(Decimal('0.01'))}",
               codes.PARAM_ANNUAL, *path, "value")
    return exact, annual_d


def _entries(b: _Builder, raw: list[dict[str, Any]], type_name: str,
             *path: str | int) -> tuple[ParamEntry, ...]:
    out: list[ParamEntry] = []
    for i, entry in enumerate(raw):
        start = as_date(entry.get("from"))
        if start is None:
            b.fail(f"'from' must be a date (YYYY-MM-DD), found {entry.get('from')!r}",
                   codes.FILE_VALUE, *path, i, "from")
            continue
        value, annual = _annual_value(b, entry, type_name, *path, i)
        if out and start <= out[-1].start:
            b.fail(
                f"dates must be in ascending order without repeats: {start} comes after "
                f"{out[-1].start}",
                codes.PARAM_DATES, *path, i, "from",
            )
        out.append(ParamEntry(start=start, value=value, source=entry.get("source"),
                              note=entry.get("note"), approximate=bool(entry.get("approximate")),
                              pos=b.pos(*path, i), annual=annual))
    return tuple(out)


def build_param_defs(loaded: Loaded, default_kind: Kind = "statutory") -> dict[str, ParamDef]:
    """The parameters of a schema-valid parameter table.

    Their kind is the table's ``kind:``, else ``default_kind`` (what includes the table).
    """
    b = _Builder(loaded)
    out: dict[str, ParamDef] = {}
    kind: Kind = loaded.data.get("kind", default_kind)
    for name, spec in loaded.data["parameters"].items():
        type_name = spec["type"]
        by_city = spec.get("by") == "city"
        raw = spec["values"]
        national: tuple[ParamEntry, ...] = ()
        cities: dict[str, tuple[ParamEntry, ...]] = {}
        if by_city:
            if not isinstance(raw, dict):
                b.fail("a parameter with 'by: city' needs values per city (a mapping)",
                       codes.PARAM_CITY, "parameters", name, "values")
                continue
            for city, entries in raw.items():
                cities[city] = _entries(b, entries, type_name, "parameters", name, "values", city)
        else:
            if not isinstance(raw, list):
                b.fail("values per city need 'by: city'",
                    codes.PARAM_CITY, "parameters", name, "by",
                       key=True)
                continue
            national = _entries(b, raw, type_name, "parameters", name, "values")
        out[name] = ParamDef(
            name=name, type_name=type_name, unit=spec.get("unit"),
            description=spec.get("description"), citation=spec.get("citation"),
            by_city=by_city, national=national, cities=cities, path=loaded.display,
            pos=loaded.positions.key(("parameters", name)) or b.pos("parameters", name),
            kind=kind,
            option=bool(spec.get("option", False)),
        )
    b.raise_if_errors()
    return out


def build_overrides(loaded: Loaded, params: dict[str, ParamDef]) -> tuple[Override, ...]:
    """A policy's ``set:`` entries, checked against the parameters they set.

    A parameter's value is one override (a mapping) or a list of dated entries, the shape of a
    parameter table's values with a ``city`` each; a list gives one override per entry, in
    ascending date order per city, each at its own position (its statutory check is per entry).
    """
    b = _Builder(loaded)
    out: list[Override] = []
    for name, spec in (loaded.data.get("set") or {}).items():
        param = params.get(name)
        if param is None:
            import difflib

            close = difflib.get_close_matches(name, list(params), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            b.fail(f"unknown parameter '{name}'{hint}",
                codes.UNKNOWN_SET_PARAMETER, "set", name, key=True)
            continue
        if isinstance(spec, list):
            out.extend(_list_overrides(b, name, param, spec))
            continue
        pos = loaded.positions.key(("set", name)) or b.pos("set", name)
        out.append(_override(b, name, param, spec, pos, "set", name))
    b.raise_if_errors()
    return tuple(out)


def _list_overrides(b: _Builder, name: str, param: ParamDef,
                    entries: list[dict[str, Any]]) -> list[Override]:
    """The overrides of a ``set:`` list; dates must ascend without repeats per city."""
    out: list[Override] = []
    last: dict[str | None, date] = {}
    for i, entry in enumerate(entries):
        override = replace(_override(b, name, param, entry, b.pos("set", name, i),
                                     "set", name, i), index=i)
        start, city = override.start, override.city
        if start is None:
            continue
        before = last.get(city)
        if before is not None and start <= before:
            where = f" for '{city}'" if city is not None else ""
            b.fail(f"dates must be in ascending order without repeats{where}: {start} comes "
                   f"after {before}", codes.PARAM_DATES, "set", name, i, "from")
        last[city] = start
        out.append(override)
    return out


def _override(b: _Builder, name: str, param: ParamDef, spec: dict[str, Any], pos: SourcePos,
              *path: str | int) -> Override:
    value, annual = _annual_value(b, spec, param.type_name, *path)
    start = as_date(spec["from"]) if "from" in spec else None
    if "from" in spec and start is None:
        b.fail(f"'from' must be a date (YYYY-MM-DD), found {spec['from']!r}",
               codes.FILE_VALUE, *path, "from")
    city = spec.get("city")
    if city is not None and not param.by_city:
        b.fail(f"parameter '{name}' does not vary by city", codes.PARAM_CITY, *path, "city")
    lines = b.loaded.source_lines
    line = lines[pos.line - 1] if 0 < pos.line <= len(lines) else None
    return Override(name=name, value=value, city=city, start=start, source=spec["source"],
                    note=spec.get("note"), pos=pos, annual=annual, source_line=line,
                    approximate=bool(spec.get("approximate")))


def build_deviations(loaded: Loaded, policy_id: str) -> tuple[DeviationDef, ...]:
    """A policy's declared deviations."""
    return tuple(
        DeviationDef(rule=d["rule"], reason=d["reason"], approved_by=d["approved_by"],
                     approved_on=as_date(d["approved_on"]), policy=policy_id,
                     pos=loaded.positions.nearest(("deviations", i)))
        for i, d in enumerate(loaded.data.get("deviations") or [])
    )


def build_approval(loaded: Loaded) -> ApprovalDef | None:
    """A policy's approval record, if any."""
    data = loaded.data.get("approval")
    if data is None:
        return None
    return ApprovalDef(by=data["by"], on=as_date(data["on"]), digest=data["digest"],
                       pos=loaded.positions.key(("approval",))
                       or loaded.positions.nearest(("approval",)))
