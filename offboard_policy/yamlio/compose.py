"""Build Python data from the YAML event stream in one iterative pass, enforcing the limits.

No recursion: open collections live on an explicit stack, so a file nested a million levels
deep fails at ``max_depth`` instead of overflowing the C or Python stack. Aliases share the
anchored object (no copy); the number of nodes they stand for is added to a counter that
stops a "billion laughs" file after ``max_alias_expansion`` nodes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NoReturn, Protocol

import yaml

from offboard_policy import codes
from offboard_policy.errors import Diagnostic, YamlError

from .limits import (
    MAX_SHOWN_LINE,
    YamlLimits,
)
from .positions import Path, PositionMap
from .scalars import ScalarValueError, resolve_plain

try:  # libyaml's parser is several times faster; the pure-Python one behaves the same.
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]


class Mark(Protocol):
    """A position as PyYAML's marks give it (0-based); libyaml and pure-Python marks alike."""

    line: int
    column: int


def _start(event: yaml.Event) -> Mark:
    """Where an event starts (every event the parser emits has a mark)."""
    mark = event.start_mark
    assert mark is not None
    return mark


_MERGE = "<<"
_STANDARD_TAG = "tag:yaml.org,2002:"  # written "!!" in a file
_NO_KEY = object()  # a mapping frame waiting for its next key


class _Frame:
    """An open mapping or sequence."""

    __slots__ = ("anchor", "container", "explicit", "key", "merge_mark", "merged", "path", "size")

    def __init__(self, container: Any, path: Path | None, anchor: str | None) -> None:
        self.container = container
        self.path = path  # None: inside a merge value, whose nodes get no positions
        self.anchor = anchor
        self.size = 1  # nodes in this subtree, aliases counted with their expansion
        self.key: Any = _NO_KEY  # mapping: the pending key (or _MERGE_PENDING)
        self.merge_mark: Mark | None = None  # mapping: where its last "<<" was written
        self.explicit: dict[str, int] | None = None  # mapping: key -> 0-based line written
        self.merged: dict[str, Any] | None = None  # mapping: entries from "<<"


_MERGE_PENDING = object()


class _Composer:
    """State of one pass over the event stream."""

    def __init__(self, display: str, lines: Sequence[str], limits: YamlLimits) -> None:
        self.display = display
        self.lines = lines
        self.limits = limits
        self.positions = PositionMap(display, lines)
        self.anchors: dict[str, tuple[Any, int, Mark]] = {}
        self.stack: list[_Frame] = []
        self.nodes = 0
        self.expanded = 0
        self.documents = 0
        self.root: Any = None

    def fail(self, message: str, code: str, mark: Mark | None) -> NoReturn:
        """Raise a YamlError at ``mark`` with its source line."""
        raise YamlError(diagnostic(message, code, self.display, self.lines, mark)) from None

    def run(self, text: str) -> Any:
        """Read every event of ``text`` and return the document's data."""
        parser = _Parser(text)
        try:
            get_event = parser.get_event
            handlers: dict[type[object], Callable[[Any], None]] = {
                yaml.ScalarEvent: self.scalar,
                yaml.MappingStartEvent: self.mapping_start,
                yaml.SequenceStartEvent: self.sequence_start,
                yaml.MappingEndEvent: self.collection_end,
                yaml.SequenceEndEvent: self.collection_end,
                yaml.AliasEvent: self.alias,
                yaml.DocumentStartEvent: self.document_start,
            }
            while True:
                event = get_event()
                handler = handlers.get(type(event))
                if handler is not None:
                    handler(event)
                elif isinstance(event, yaml.StreamEndEvent):
                    return self.root
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            if "maximum nesting depth" in str(exc.problem or ""):
                # PyYAML 6.0.4 and later stop deep nesting in the parser itself, before our own
                # depth count sees it: the same limit, so the same code.
                self.fail(f"nesting deeper than {self.limits.max_depth} levels",
                    codes.YAML_DEPTH, mark)
            self.fail(_syntax_message(exc), codes.YAML_SYNTAX, mark)
        except yaml.YAMLError as exc:  # ReaderError: a character check missed by the caller
            self.fail(f"YAML cannot be read: {exc}", codes.YAML_SYNTAX, None)
        finally:
            parser.dispose()

    # -- events -----------------------------------------------------------------------------

    def document_start(self, event: yaml.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            self.fail(
                "a file holds one YAML document; found a second one (remove the '---')",
                codes.YAML_DOCUMENTS,
                _start(event),
            )

    def count_node(self, event: yaml.NodeEvent) -> None:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            self.fail(f"too many nodes: more than {self.limits.max_nodes}",
                codes.YAML_NODES, _start(event))
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = "!!" + tag[len(_STANDARD_TAG) :] if tag.startswith(_STANDARD_TAG) else tag
            self.fail(
                f"explicit tags are not allowed (found '{shown}'): every tag is refused, "
                "even standard ones like !!str; write the plain value, quoted if need be",
                codes.YAML_TAG,
                _start(event),
            )

    def scalar(self, event: yaml.ScalarEvent) -> None:
        self.count_node(event)
        text = event.value
        if len(text) > self.limits.max_scalar_len:
            self.fail(
                f"scalar too long: {len(text)} characters (limit {self.limits.max_scalar_len})",
                codes.YAML_SIZE,
                _start(event),
            )
        style = event.style or None  # libyaml reports plain as "", PyYAML as None
        stack = self.stack
        if stack and stack[-1].key is _NO_KEY and stack[-1].explicit is not None:
            self.key(stack[-1], text, style, event)
            return
        if style is None:
            try:
                value = resolve_plain(text)
            except ScalarValueError as exc:
                self.fail(str(exc), codes.YAML_VALUE, _start(event))
        else:
            value = text
        if event.anchor is not None:
            self.define(event.anchor, value, 1, _start(event))
        self.add(value, 1, _start(event), style)

    def key(self, frame: _Frame, text: str, style: str | None, event: yaml.ScalarEvent) -> None:
        """A mapping key: always the string as written (``on:`` stays ``"on"``)."""
        mark = _start(event)
        if event.anchor is not None:
            self.define(event.anchor, text, 1, mark)
        frame.size += 1
        if style is None and text == _MERGE:
            frame.key = _MERGE_PENDING
            frame.merge_mark = mark
            return
        explicit = frame.explicit
        assert explicit is not None
        first = explicit.get(text)
        if first is not None:
            self.fail(
                f"duplicate key '{text}' (first written at line {first + 1}); "
                "a key may appear once per mapping",
                codes.YAML_DUPLICATE_KEY,
                mark,
            )
        explicit[text] = mark.line
        frame.key = text
        if frame.path is not None:
            self.positions._add_key((*frame.path, text), mark.line, mark.column)

    def mapping_start(self, event: yaml.MappingStartEvent) -> None:
        self.open(event, {}, "{")

    def sequence_start(self, event: yaml.SequenceStartEvent) -> None:
        self.open(event, [], "[")

    def open(self, event: yaml.CollectionStartEvent, container: Any, style: str) -> None:
        self.count_node(event)
        mark = _start(event)
        stack = self.stack
        if len(stack) >= self.limits.max_depth:
            self.fail(f"nesting deeper than {self.limits.max_depth} levels", codes.YAML_DEPTH, mark)
        if stack:
            parent = stack[-1]
            if parent.explicit is not None and parent.key is _NO_KEY:
                self.fail("a mapping key must be a scalar, not a collection", codes.YAML_KEY, mark)
            path = self.child_path(parent)
        else:
            path = ()
        if path is not None:
            self.positions._add(path, mark.line, mark.column, style)
        frame = _Frame(container, path, event.anchor)
        if style == "{":
            frame.explicit = {}
        stack.append(frame)

    def collection_end(self, event: yaml.CollectionEndEvent) -> None:
        frame = self.stack.pop()
        value = frame.container
        if frame.merged:
            for k, v in frame.merged.items():
                value.setdefault(k, v)
        if frame.anchor is not None:
            self.define(frame.anchor, value, frame.size, _start(event))
        self.attach(value, frame.size)

    def alias(self, event: yaml.AliasEvent) -> None:
        self.count_node(event)
        mark = _start(event)
        if self.stack and self.stack[-1].explicit is not None and self.stack[-1].key is _NO_KEY:
            self.fail("a mapping key must be a plain scalar, not an alias", codes.YAML_KEY, mark)
        anchor = event.anchor or ""
        entry = self.anchors.get(anchor)
        if entry is None:
            open_anchors = {f.anchor for f in self.stack}
            what = "an enclosing node (recursive)" if anchor in open_anchors else "nothing"
            self.fail(f"alias *{anchor} refers to {what}", codes.YAML_ANCHOR, mark)
        value, size, _ = entry
        self.expanded += size
        if self.expanded > self.limits.max_alias_expansion:
            self.fail(
                f"aliases expand to more than {self.limits.max_alias_expansion} nodes",
                codes.YAML_ALIAS_EXPANSION,
                mark,
            )
        self.add(value, size, mark, "*")

    # -- building -----------------------------------------------------------------------------

    def define(self, anchor: str, value: Any, size: int, mark: Mark) -> None:
        first = self.anchors.get(anchor)
        if first is not None:
            self.fail(
                f"anchor &{anchor} defined twice (first at line {first[2].line + 1})",
                codes.YAML_ANCHOR,
                mark,
            )
        self.anchors[anchor] = (value, size, mark)

    def child_path(self, parent: _Frame) -> Path | None:
        """The path of the next child of ``parent`` (None under a merge key)."""
        if parent.path is None:
            return None
        if parent.explicit is None:
            return (*parent.path, len(parent.container))
        if parent.key is _MERGE_PENDING:
            return None
        return (*parent.path, parent.key)

    def add(self, value: Any, size: int, mark: Mark, style: str | None) -> None:
        """Record a finished scalar or alias and attach it to its parent."""
        if self.stack:
            path = self.child_path(self.stack[-1])
            if path is not None:
                self.positions._add(path, mark.line, mark.column, style)
        else:
            self.positions._add((), mark.line, mark.column, style)
        self.attach(value, size)

    def attach(self, value: Any, size: int) -> None:
        """Put a finished value into the open collection (or make it the document)."""
        if not self.stack:
            self.root = value
            return
        parent = self.stack[-1]
        parent.size += size
        container = parent.container
        if parent.explicit is None:
            container.append(value)
        elif parent.key is _MERGE_PENDING:
            self.merge(parent, value)
            parent.key = _NO_KEY
        else:
            container[parent.key] = value
            parent.key = _NO_KEY

    def merge(self, frame: _Frame, value: Any) -> None:
        """``<<: *base`` or ``<<: [*a, *b]``: entries not written in the mapping itself."""
        sources = value if isinstance(value, list) else [value]
        if frame.merged is None:
            frame.merged = {}
        for source in sources:
            if not isinstance(source, dict):
                self.fail(
                    "merge key '<<' takes a mapping or a list of mappings",
                    codes.YAML_KEY,
                    frame.merge_mark,
                )
            for k, v in source.items():
                frame.merged.setdefault(k, v)
        # keys written in the mapping win over merged ones; duplicates among them do not clash


def compose(
    text: str, display: str, lines: Sequence[str], limits: YamlLimits
) -> tuple[Any, PositionMap]:
    """Data and positions of the single document in ``text`` (None for an empty stream)."""
    composer = _Composer(display, lines, limits)
    data = composer.run(text)
    return data, composer.positions


def line_at(lines: Sequence[str], index: int) -> str | None:
    """The 0-based line ``index`` for a caret: None past the end or when too long to show."""
    if 0 <= index < len(lines) and len(lines[index]) <= MAX_SHOWN_LINE:
        return lines[index]
    return None


def diagnostic(
    message: str, code: str, display: str, lines: Sequence[str], mark: Mark | None
) -> Diagnostic:
    """A Diagnostic at a PyYAML mark (0-based) with the source line for a caret."""
    if mark is None:
        return Diagnostic(message, code, display)
    return Diagnostic(
        message,
        code,
        display,
        mark.line + 1,
        mark.column + 1,
        source_line=line_at(lines, mark.line),
    )


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem, with the context it names (``while parsing a block mapping``)."""
    problem = exc.problem or "invalid YAML"
    if exc.context and exc.context_mark is not None and exc.problem_mark is not None:
        where = ""
        if exc.context_mark.line != exc.problem_mark.line:
            where = f" started at line {exc.context_mark.line + 1}"
        return f"YAML syntax error: {problem} ({exc.context}{where})"
    if exc.context:
        return f"YAML syntax error: {problem} ({exc.context})"
    return f"YAML syntax error: {problem}"
