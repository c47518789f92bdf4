"""The rule book of a policy, for a legal reviewer: rules by topic, parameters, approval.

``rule_book(policy, lang)`` builds a :class:`~.blocks.Document` from a compiled policy: the
approval state and deviations; per module (topic) every check and settlement line with its
id, severity, when it applies and what it asserts written out (``explain.readable``), the
derived values it uses expanded and linked, its citation linked into ``docs/law/``, both
messages and the hint; the derived values of the module; every parameter with each dated
value and its source; the waivable rules; a glossary of the abbreviations cited.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..explain.readable import readable
from ..explain.render import show
from ..report.model import Lang, LocalText
from .blocks import (
    Anchor,
    Bullets,
    Code,
    Document,
    Heading,
    Inline,
    Link,
    Para,
    Span,
    Table,
    Text,
    span,
)
from .citations import abbreviations, linked
from .labels import label

LAW = "../law"


def _anchor(kind: str, name: str) -> str:
    return f"{kind}-{name}".lower()


def _rel(path: str, root: Path) -> str:
    """A rule file's path relative to the policy's project folder (same on every machine)."""
    return Path(os.path.relpath(os.path.abspath(path), root)).as_posix()


class _Book:
    def __init__(self, policy: Any, lang: Lang, law: str) -> None:
        self.policy = policy
        self.lang = lang
        self.law = law
        d = policy.definition
        self.root = Path(d.files[0]).resolve().parent.parent if d.files else Path.cwd()
        self.doc = Document(title="", lang=lang)

    def t(self, key: str) -> str:
        return label(key, self.lang)

    def where(self, pos: Any) -> Code:
        return Code(f"{_rel(pos.file, self.root)}:{pos.line}")

    def text(self, value: str | None) -> Span:
        return linked(value or "", self.law)

    def formula(self, source: str) -> Span:
        return span(Code(readable(source, self.lang)))

    def local(self, key: str, value: LocalText | None) -> list[Span]:
        if value is None:
            return []
        return [span(f"{self.t(key)} (中文): ", value.zh),
                span(f"{self.t(key)} (English): ", value.en)]

    # -- sections -----------------------------------------------------------------------
    def build(self) -> Document:
        p = self.policy
        title = p.info.title.get(self.lang) if p.info.title else p.info.id
        self.doc.title = f"{self.t('rule book')}: {title} ({p.info.id}@{p.info.version})"
        self.doc.add(Heading(1, span(self.doc.title)))
        command = "offboard-policy doc"
        if p.definition.files:
            command += f" {_rel(p.definition.files[0], self.root)}"
        self.doc.add(Para(span(self.t("generated"), Code(command), ". ", self.t("digest"), " ",
                               Code(p.definition.digest), ".")))
        if p.definition.description:
            self.doc.add(Para(self.text(p.definition.description)))
        self.doc.add(Bullets(tuple(span(Link(self.t(k), f"#{k.replace(' ', '-')}")) for k in (
            "approval", "deviations", "waivable rules", "rules by topic", "parameters",
            "glossary"))))
        self.approval()
        self.deviations()
        self.waivable()
        self.topics()
        self.parameters()
        self.glossary()
        return self.doc

    def approval(self) -> None:
        d = self.policy.definition
        self.doc.add(Heading(2, span(self.t("approval")), "approval"))
        if d.approval is None:
            self.doc.add(Para(span(self.t("no approval"))))
            return
        state = self.t("approval current") if d.approval.digest == d.digest else self.t(
            "approval stale")
        on = d.approval.on.isoformat() if d.approval.on else "?"
        self.doc.add(Para(span(f"{self.t('approved by')} {d.approval.by}, {on}: {state} (",
                               Code(d.approval.digest), ").")))

    def deviations(self) -> None:
        self.doc.add(Heading(2, span(self.t("deviations")), "deviations"))
        if not self.policy.deviations:
            self.doc.add(Para(span(self.t("none"))))
            return
        self.doc.add(Table(
            tuple(self.t(k) for k in ("rule", "reason", "approved by", "on", "policy")),
            tuple((span(Code(x.rule)), span(x.reason), span(x.approved_by),
                   span(x.approved_on.isoformat() if x.approved_on else ""), span(x.policy))
                  for x in self.policy.deviations)))

    def waivable(self) -> None:
        self.doc.add(Heading(2, span(self.t("waivable rules")), "waivable-rules"))
        rules = [c.definition for c in self.policy.checks if c.definition.waivable]
        if not rules:
            self.doc.add(Para(span(self.t("none"))))
            return
        self.doc.add(Para(span(self.t("waivable note"))))
        self.doc.add(Bullets(tuple(
            span(Link(d.id, f"#{_anchor('rule', d.id)}", code=True), " ",
                 d.title.get(self.lang) if d.title else "") for d in rules)))

    def topics(self) -> None:
        p = self.policy
        self.doc.add(Heading(2, span(self.t("rules by topic")), "rules-by-topic"))
        checks = {c.definition.id: c for c in p.checks}
        lines = [ln for ln in p.settlement]
        disabled = set(p.definition.disabled)
        for module in p.definition.modules:
            title = module.title.get(self.lang) if module.title else module.id
            self.doc.add(Heading(3, span(title, " (", Code(module.id), ")"),
                                 _anchor("module", module.id)))
            kind = self.t("statutory module" if module.kind == "statutory" else "company module")
            self.doc.add(Para(span(kind, " · ", Code(_rel(module.path, self.root)))))
            if module.description:
                self.doc.add(Para(self.text(module.description)))
            for cdef in module.checks:
                if cdef.id in checks:
                    self.check(checks[cdef.id])
                elif cdef.id in disabled:
                    self.doc.add(Para(span(Code(cdef.id), " ", self.t("disabled"))))
            for ln in lines:
                if ln.definition.module == module.id:
                    self.line(ln)
            self.values(module)

    def uses(self, exprs: list[Any]) -> list[Any]:
        """The block listing, expanded, every derived value the expressions read (transitively,
        in the order first read)."""
        order: list[str] = []
        todo = [name for e in exprs if e is not None for name in sorted(e.value_refs)]
        while todo:
            name = todo.pop(0)
            if name in order or name not in self.policy.values:
                continue
            order.append(name)
            todo.extend(sorted(self.policy.values[name].expr.value_refs))
        if not order:
            return []
        return [Para(span(self.t("values used"))), Table(
            (self.t("value"), self.t("formula")),
            tuple((span(Link(n, f"#{_anchor('value', n)}", code=True)),
                   self.formula(self.policy.values[n].expr.source)) for n in order))]

    def check(self, compiled: Any) -> None:
        d = compiled.definition
        title = d.title.get(self.lang) if d.title else ""
        self.doc.add(Heading(4, span(Code(d.id), f" {title}".rstrip()), _anchor("rule", d.id)))
        items: list[Span] = [
            span(f"{self.t('severity')}: {self.t(d.severity)} · {self.t('waivable')}: "
                 f"{self.t('yes' if d.waivable else 'no')}"),
            span(f"{self.t('applies when')}: ", *(self.formula(d.when.text) if d.when
                                                  else span(self.t("always")))),
            span(f"{self.t('asserts')}: ", *self.formula(d.assertion.text)),
            span(f"{self.t('citation')}: ", *self.text(d.citation)),
            *self.local("message", d.message), *self.local("hint", d.hint),
        ]
        if d.fields:
            items.append(span(f"{self.t('fields')}: ", *_joined([Code(f) for f in d.fields])))
        if d.exposure is not None:
            items.append(span(f"{self.t('exposure')}: ", *self.formula(d.exposure.text)))
        items.append(span(f"{self.t('defined at')}: ", self.where(d.pos)))
        self.doc.add(Bullets(tuple(items)))
        if d.description:
            self.doc.add(Para(self.text(d.description)))
        self.doc.add(*self.uses([compiled.when, compiled.assertion, compiled.exposure]))

    def line(self, compiled: Any) -> None:
        d = compiled.definition
        title = d.title.get(self.lang) if d.title else ""
        self.doc.add(Heading(4, span(Code(d.rule), f" {title} (", Code(d.id), ")"),
                             _anchor("rule", d.rule)))
        items: list[Span] = [
            span(f"{self.t('settlement line')} · {self.t('severity')}: {self.t(d.severity)}"),
            span(f"{self.t('applies when')}: ", *(self.formula(d.when.text) if d.when
                                                  else span(self.t("always")))),
            span(f"{self.t('amount')}: ", *self.formula(d.amount.text)),
        ]
        if d.due is not None:
            items.append(span(f"{self.t('due')}: ", *self.formula(d.due.text)))
        if d.proposed is not None:
            items.append(span(f"{self.t('proposed')}: ", *self.formula(d.proposed.text)))
        items += [span(f"{self.t('citation')}: ", *self.text(d.citation)),
                  *self.local("basis", d.basis), *self.local("hint", d.hint),
                  span(f"{self.t('defined at')}: ", self.where(d.pos))]
        self.doc.add(Bullets(tuple(items)))
        if d.description:
            self.doc.add(Para(self.text(d.description)))
        self.doc.add(*self.uses([compiled.when, compiled.amount, compiled.due]))

    def values(self, module: Any) -> None:
        names = [v.name for v in module.values if v.name in self.policy.values]
        if not names:
            return
        self.doc.add(Para(span(self.t("module values"))))
        rows = []
        for name in names:
            v = self.policy.values[name].definition
            cell: list[Inline] = [*self.text(v.citation)]
            if v.description:
                cell += [Text(" — "), *self.text(v.description)]
            rows.append((span(Anchor(_anchor("value", name)), Code(name)),
                         self.formula(v.formula.text), tuple(cell)))
        self.doc.add(Table((self.t("value"), self.t("formula"), self.t("citation")), tuple(rows)))

    def parameters(self) -> None:
        self.doc.add(Heading(2, span(self.t("parameters")), "parameters"))
        overridden = {o.name for o in self.policy.definition.overrides}
        for name in sorted(self.policy.params):
            param = self.policy.params[name]
            d = param.definition
            tier = ("company" if name in overridden or d.kind != "statutory"
                    else "option" if d.option else "statutory")
            unit = f" ({d.unit})" if d.unit else ""
            self.doc.add(Heading(3, span(Code(name), unit), _anchor("param", name)))
            head: list[Inline] = [Text(f"{self.t('tier')}: {self.t(tier)}")]
            if d.citation:
                head += [Text(f" · {self.t('citation')}: "), *self.text(d.citation)]
            self.doc.add(Para(tuple(head)))
            if d.description:
                self.doc.add(Para(self.text(d.description)))
            rows = []
            series = [("", param.national), *sorted(param.cities.items())]
            for city, s in series:
                for e in s.entries:
                    value = show(e.value, self.lang, money=d.type_name == "money")
                    if e.annual is not None:
                        value += f" ({self.t('annual')} {show(e.annual, self.lang)})"
                    rows.append((span(city or self.t("national")), span(e.start.isoformat()
                                 + (" ≈" if e.approximate else "")), span(value),
                                 self.text(e.source or ""), span(e.note or "")))
            if rows:
                self.doc.add(Table(tuple(self.t(k) for k in (
                    "city", "from", "value", "source", "note")), tuple(rows)))
            else:
                self.doc.add(Para(span(self.t("no values"))))

    def glossary(self) -> None:
        p = self.policy
        cites: list[str | None] = [c.definition.citation for c in p.checks]
        cites += [ln.definition.citation for ln in p.settlement]
        cites += [v.definition.citation for v in p.values.values()]
        cites += [x.definition.citation for x in p.params.values()]
        cites += [x.definition.description for x in p.params.values()]
        cites += [p.definition.description, *(m.description for m in p.definition.modules)]
        cites += [c.definition.description for c in p.checks]
        cites += [ln.definition.description for ln in p.settlement]
        cites += [v.definition.description for v in p.values.values()]
        cites += [e.source for x in p.params.values()
                  for s in (x.national, *x.cities.values()) for e in s.entries]
        self.doc.add(Heading(2, span(self.t("glossary")), "glossary"))
        self.doc.add(Para(span(self.t("glossary note"), Link("docs/law/glossary.md",
                                                              f"{self.law}/glossary.md"), ".")))
        self.doc.add(Table((self.t("abbreviation"), self.t("instrument"), self.t("notes")), tuple(
            (span(Anchor(_anchor("abbr", abbr)), Code(abbr)), span(name),
             span(Link(f"docs/law/{abbr.lower()}.md", f"{self.law}/{abbr.lower()}.md")))
            for abbr, name in abbreviations(cites).items())))


def _joined(parts: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for i, p in enumerate(parts):
        if i:
            out.append(Text(", "))
        out.append(p)
    return out


def rule_book(policy: Any, lang: Lang = "en", *, law: str = LAW) -> Document:
    """The rule book of a compiled policy; ``law`` is the path from the page to docs/law."""
    return _Book(policy, lang, law).build()
