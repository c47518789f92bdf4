"""Dated, per-city parameter series and their lookup (the latest start on or before a date)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from ..expr import MissingValue
from ..report.model import ParameterUse
from .model import Override, ParamDef, ParamEntry

WILDCARD = "*"
"""City key of an override that applies to every city."""


@dataclass(frozen=True)
class Series:
    """One parameter's entries for one city (or nationally), sorted by start date."""

    starts: tuple[date, ...]
    entries: tuple[ParamEntry, ...]

    @classmethod
    def of(cls, entries: tuple[ParamEntry, ...]) -> Series:
        ordered = tuple(sorted(entries, key=lambda e: e.start))
        return cls(tuple(e.start for e in ordered), ordered)

    def at(self, day: date) -> ParamEntry | None:
        """The entry in force on ``day``, or None."""
        i = bisect_right(self.starts, day)
        return self.entries[i - 1] if i else None


@dataclass(frozen=True)
class Parameter:
    """A parameter ready for lookup, overrides applied."""

    definition: ParamDef
    national: Series
    cities: dict[str, Series]

    @property
    def name(self) -> str:
        return self.definition.name

    def lookup(self, city: str, day: date) -> ParameterUse:
        """The value for ``city`` on ``day``; raises MissingValue naming what is missing."""
        what = f"params.{self.name}"
        if self.definition.by_city:
            series = self.cities.get(city) or self.cities.get(WILDCARD)
            if series is None:
                raise MissingValue(
                    (what,), f"{what}: no value for city '{city}' (cities with a table: "
                    f"{', '.join(sorted(c for c in self.cities if c != WILDCARD)) or 'none'})",
                )
            if not series.entries:
                raise MissingValue(
                    (what,), f"{what}: no verified figure for '{city}'; a company policy may "
                    f"supply one with its source (set: {{{self.name}: {{city: {city}, ...}}}})",
                )
        else:
            series = self.national
        entry = series.at(day)
        if entry is None or entry.value is None:
            first = series.starts[0] if series.starts else None
            where = f" for '{city}'" if self.definition.by_city else ""
            reason = (f"no value before {first}" if entry is None and first
                      else "no value in force")
            raise MissingValue((what,), f"{what}: {reason}{where} on {day}")
        return ParameterUse(
            name=self.name,
            value=entry.value,
            effective_from=None if entry.start == date.min else entry.start,
            city=city if self.definition.by_city else None,
            source=entry.source,
            approximate=entry.approximate,
            note=entry.note,
        )


def _apply(series: tuple[ParamEntry, ...], override: Override) -> tuple[ParamEntry, ...]:
    start = override.start or date.min
    kept = tuple(e for e in series if e.start < start)
    return (*kept, ParamEntry(start=start, value=override.value, source=override.source,
                              note=override.note, approximate=override.approximate,
                              pos=override.pos, annual=override.annual))


def runtime_parameters(
    defs: dict[str, ParamDef], overrides: tuple[Override, ...]
) -> dict[str, Parameter]:
    """Lookup tables for every parameter, with the policy's overrides applied in order.

    An override from a date replaces the values from that date on; without ``from`` it
    replaces them all. The entries of a ``set:`` list come in ascending order per city, so a
    list replaces a city's values from its first date on, each entry in force until the next.
    With ``city`` it applies to that city only; without, to every city.
    """
    national = {name: d.national for name, d in defs.items()}
    cities = {name: dict(d.cities) for name, d in defs.items()}
    for o in overrides:
        d = defs[o.name]
        if not d.by_city:
            national[o.name] = _apply(national[o.name], o)
        elif o.city is not None:
            cities[o.name][o.city] = _apply(cities[o.name].get(o.city, ()), o)
        else:
            for city in list(cities[o.name]):
                cities[o.name][city] = _apply(cities[o.name][city], o)
            cities[o.name][WILDCARD] = _apply(cities[o.name].get(WILDCARD, ()), o)
    return {
        name: Parameter(
            definition=d,
            national=Series.of(national[name]),
            cities={c: Series.of(e) for c, e in cities[name].items()},
        )
        for name, d in defs.items()
    }
