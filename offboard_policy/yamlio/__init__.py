"""Safe, bounded YAML with source positions, for case files and rule files alike.

Built on PyYAML's event parser (libyaml when available) with our own iterative composer:
no ``yaml.load``, no object construction from tags. Floats become ``Decimal`` from the text,
timestamps ``date``; mapping keys are always strings as written (so ``on:`` is the key
``"on"``, not ``True``, and ``2024-07-01:`` the key ``"2024-07-01"``: callers parse keys
they need typed), while values follow YAML 1.1 (``on`` as a value is ``True``). Anchors,
aliases and merge keys (``<<``) work, the keys written in a mapping winning over merged ones.
Duplicate keys, any explicit tag, non-UTF-8 input, over-deep nesting, too many nodes, alias
expansion beyond the limit and oversize files raise :class:`~offboard_policy.errors.YamlError`
with ``file:line:column`` and the source line.
"""

from offboard_policy.paths import ScalarOrigin

from .limits import DEFAULT_LIMITS, YamlLimits
from .load import Loaded, decode_utf8, load_yaml, load_yaml_bytes, load_yaml_text
from .positions import Path, PositionMap

__all__ = [
    "DEFAULT_LIMITS",
    "Loaded",
    "Path",
    "PositionMap",
    "ScalarOrigin",
    "YamlLimits",
    "decode_utf8",
    "load_yaml",
    "load_yaml_bytes",
    "load_yaml_text",
]
