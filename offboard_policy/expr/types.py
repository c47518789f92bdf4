"""The static types of the expression language.

Every name an expression can reach (case fields, parameters, derived values, loop variables)
has one of these types, so that a misspelt field or a date compared with money is refused at
load time. Runtime values are: ``Decimal`` for ``number``, ``datetime.date`` for ``date``,
``bool``, ``str`` for ``string`` and enums, ``list`` for lists and an object with attributes
for records (a pydantic model instance). ``None`` is the value of ``none`` and of an absent
nullable field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


class Type:
    """Base of all types; subclasses are immutable and compare by value."""

    def describe(self) -> str:
        """A short human name used in error messages (``number``, ``list of wage_month``)."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True)
class ScalarType(Type):
    """``number`` (Decimal), ``date``, ``bool`` or ``string``."""

    name: str

    def describe(self) -> str:
        return self.name


NUMBER = ScalarType("number")
DATE = ScalarType("date")
BOOL = ScalarType("bool")
STRING = ScalarType("string")


@dataclass(frozen=True)
class NoneType_(Type):
    """The type of the literal ``none``."""

    def describe(self) -> str:
        return "none"


NONE = NoneType_()


@dataclass(frozen=True)
class NeverType(Type):
    """The type of an expression that never yields (``missing("...")``); fits anywhere."""

    def describe(self) -> str:
        return "never"


NEVER = NeverType()


@dataclass(frozen=True)
class EnumType(Type):
    """A string restricted to known values; comparing it with an unknown literal is an error."""

    name: str
    values: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.name} ({' | '.join(self.values)})"


@dataclass(frozen=True)
class ListType(Type):
    """A list whose items all have type ``item``."""

    item: Type

    def describe(self) -> str:
        return f"list of {self.item.describe()}"


@dataclass(frozen=True)
class RecordType(Type):
    """A structure with named fields (a section of the case, a list item, ``params``)."""

    name: str
    fields: Mapping[str, Type] = field(compare=False, hash=False)

    def describe(self) -> str:
        return self.name


@dataclass(frozen=True)
class NullableType(Type):
    """``inner`` or none. Using it where a value is needed raises a missing-data finding."""

    inner: Type

    def describe(self) -> str:
        return f"{self.inner.describe()} or none"


def nullable(t: Type) -> Type:
    """``t`` or none (idempotent)."""
    if isinstance(t, NullableType | NoneType_ | NeverType):
        return t
    return NullableType(t)


def strip_null(t: Type) -> Type:
    """The non-null part of ``t``."""
    return t.inner if isinstance(t, NullableType) else t


def is_nullable(t: Type) -> bool:
    """True when a value of type ``t`` may be None."""
    return isinstance(t, NullableType | NoneType_)


def base_of(t: Type) -> Type:
    """Enums behave as strings for operators; everything else is itself."""
    t = strip_null(t)
    return STRING if isinstance(t, EnumType) else t


def is_assignable(src: Type, dst: Type) -> bool:
    """Whether a value of type ``src`` may be used where ``dst`` is declared."""
    if src == dst or isinstance(src, NeverType):
        return True
    if isinstance(dst, NullableType):
        return isinstance(src, NoneType_) or is_assignable(strip_null(src), dst.inner)
    if isinstance(src, EnumType) and dst == STRING:
        return True
    if isinstance(src, EnumType) and isinstance(dst, EnumType):
        return set(src.values) <= set(dst.values)
    if isinstance(src, ListType) and isinstance(dst, ListType):
        return is_assignable(src.item, dst.item)
    if isinstance(src, RecordType) and isinstance(dst, RecordType):
        return src.name == dst.name
    return False


def join(a: Type, b: Type) -> Type | None:
    """The type of ``x if c else y`` with branch types a and b, or None if they don't fit."""
    if isinstance(a, NeverType):
        return b
    if isinstance(b, NeverType):
        return a
    if isinstance(a, NoneType_):
        return nullable(b)
    if isinstance(b, NoneType_):
        return nullable(a)
    null = is_nullable(a) or is_nullable(b)
    sa, sb = strip_null(a), strip_null(b)
    if is_assignable(sa, sb):
        joined: Type = sb
    elif is_assignable(sb, sa):
        joined = sa
    elif base_of(sa) == base_of(sb):
        joined = base_of(sa)
    else:
        return None
    return nullable(joined) if null else joined


TYPE_NAMES: dict[str, Type] = {
    "number": NUMBER,
    "money": NUMBER,
    "date": DATE,
    "bool": BOOL,
    "string": STRING,
}
"""Type names a rule file may declare for a value or parameter (``money`` is a number)."""
