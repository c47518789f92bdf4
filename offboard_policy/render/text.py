"""The report for a terminal: the verdict first, then findings, settlement and parameters.

Built with rich from ``Text`` objects only (never markup strings), so brackets in a message
or a citation are printed as they are. Without a terminal (or with ``color=False``) the output
is plain text with no escape codes and no trailing spaces.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Sequence
from decimal import Decimal

from rich import box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from offboard_policy.render._format import display, money_display
from offboard_policy.render.labels import headline, label
from offboard_policy.report.model import Finding, Lang, Report, Severity

from ..engine.notes import APPROXIMATE

DEFAULT_WIDTH = 100
SEVERITIES: tuple[Severity, ...] = ("blocking", "warning", "info")
_ICON = {"blocking": "✗", "warning": "!", "info": "i"}
_COLOR = {"blocking": "red", "warning": "yellow", "info": "cyan"}


def render_text(
    report: Report, lang: Lang = "zh", *, color: bool | None = None, width: int | None = None,
    verbose: bool = False,
) -> str:
    """One report as terminal text. ``color``/``width`` default to what stdout supports;
    ``verbose`` lists every parameter used, not only those to note (see ``_parameters``)."""
    return render_text_many([report], lang, color=color, width=width, verbose=verbose)


def render_text_many(
    reports: Sequence[Report],
    lang: Lang = "zh",
    *,
    color: bool | None = None,
    width: int | None = None,
    titles: Sequence[str] | None = None,
    verbose: bool = False,
) -> str:
    """Several reports, one after the other, separated by a horizontal rule.

    With ``titles`` (one per report, such as the case file it comes from) each report starts
    with a rule carrying its title, so that the reports of several files can be told apart.
    """
    if titles is not None and len(titles) != len(reports):
        raise ValueError(f"{len(titles)} titles for {len(reports)} reports")
    use_color = _auto_color() if color is None else color
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=width or _terminal_width(),
        force_terminal=use_color,
        no_color=not use_color,
        color_system="standard" if use_color else None,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
        soft_wrap=False,
    )
    for i, report in enumerate(reports):
        if i:
            console.print()
        if titles is not None:
            console.rule(Text(titles[i], style="bold"), style="dim", align="left")
        elif i:
            console.rule(style="dim")
            console.print()
        for part in _sections(report, lang, console, verbose):
            console.print(part)
    out = buf.getvalue()
    if not use_color:
        out = "\n".join(line.rstrip() for line in out.splitlines())
    return out.rstrip("\n") + "\n"


def _auto_color() -> bool:
    """Colour only on a real terminal, and never when ``NO_COLOR`` is set or TERM is dumb."""
    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def _terminal_width() -> int:
    return max(shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns, 40)


def _sections(report: Report, lang: Lang, console: Console,
              verbose: bool = False) -> list[RenderableType]:
    active = [f for f in report.findings if f.status != "waived"]
    waived = [f for f in report.findings if f.status == "waived"]
    warnings = sum(1 for f in active if f.severity == "warning")
    verdict_style = "bold red" if report.verdict == "blocked" else "bold green"
    line = headline(report.verdict, len(report.blocking), warnings, lang)
    if any(f.rule == APPROXIMATE for f in active):
        line += "  " + label("verdict.approximate", lang)
    parts: list[RenderableType] = [
        Text(line, style=verdict_style),
        _meta(report, lang),
        Text(),
    ]
    for n in report.notices:
        parts.append(Text.assemble(("! ", "bold yellow"), (n.message.get(lang), "yellow"),
                                   (f" [{n.code}]", "dim")))
        if n.hint:
            parts.append(Padding(Text(n.hint.get(lang), style="dim"), (0, 0, 0, 2)))
    if report.notices:
        parts.append(Text())
    if not active:
        parts.extend([Text(label("no_findings", lang), style="green"), Text()])
    for severity in SEVERITIES:
        group = [f for f in active if f.severity == severity]
        if group:
            title = f"{label('severity.' + severity, lang)} ({len(group)})"
            parts.append(Text(title, style="bold " + _COLOR[severity]))
            parts.extend(_finding(f, lang) for f in group)
            parts.append(Text())
    if waived:
        parts.append(Text(f"{label('waived', lang)} ({len(waived)})", style="bold"))
        parts.extend(_waived(f, lang) for f in waived)
        parts.append(Text())
    parts.append(_settlement(report, lang, console))
    if report.deviations:
        parts.append(_deviations(report, lang))
    if report.parameters:
        parts.append(_parameters(report, lang, verbose))
    return parts


def _meta(report: Report, lang: Lang) -> Text:
    return Text.assemble(
        (label("case", lang) + " ", "dim"),
        report.case_id,
        ("  ·  " + label("policy", lang) + " ", "dim"),
        f"{report.policy.id}@{report.policy.version}",
        ("  ·  " + label("as_of", lang) + " ", "dim"),
        report.as_of.isoformat(),
    )


def _labelled(rows: list[tuple[str, Text]]) -> Table:
    """``label: value`` rows whose values wrap under themselves (CJK text included)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for name, value in rows:
        grid.add_row(Text(name + ":"), value)
    return grid


def _finding(f: Finding, lang: Lang) -> RenderableType:
    head = Text.assemble(
        ("  " + _ICON[f.severity] + " ", _COLOR[f.severity]),
        (label("status." + f.status, lang), _COLOR[f.severity]),
        "  ",
        (f.rule, "bold"),
    )
    if f.title is not None:
        head.append("  " + f.title.get(lang), style="dim")
    rows: list[tuple[str, Text]] = []
    if f.citation:
        rows.append((label("citation", lang), Text(f.citation)))
    if f.fields:
        rows.append((label("fields", lang), Text(", ".join(f.fields))))
    if f.hint is not None:
        rows.append((label("hint", lang), Text(f.hint.get(lang))))
    if f.exposure is not None:
        exposure = Text(f"{money_display(f.exposure)} CNY", style="bold red")
        rows.append((label("exposure", lang), exposure))
    body = Group(Text(f.message.get(lang), overflow="fold"), _labelled(rows))
    return Group(head, Padding(body, (0, 0, 0, 6)))


def _waived(f: Finding, lang: Lang) -> RenderableType:
    head = Text.assemble(("  ~ ", "dim"), (f.rule, "bold"), "  ", f.message.get(lang))
    rows: list[tuple[str, Text]] = []
    if f.waiver is not None:
        w = f.waiver
        until = w.expires_on.isoformat() if w.expires_on else label("no_expiry", lang)
        approval = Text.assemble(w.approved_by, (f"  {label('until', lang)} ", "dim"), until)
        rows.append((label("approved_by", lang), approval))
        rows.append((label("reason", lang), Text(w.reason)))
    return Group(head, Padding(_labelled(rows), (0, 0, 0, 6)))


def _amount(amount: Decimal | None, lang: Lang, style: str = "") -> Text:
    if amount is None:
        return Text(label("unknown", lang), style="yellow")
    return Text(money_display(amount), style=style)


def _settlement(report: Report, lang: Lang, console: Console) -> RenderableType:
    """The amounts table; the basis is a column when it fits, else notes under the table."""
    title = Text(f"{label('settlement', lang)} ({report.currency})", style="bold")
    if not report.settlement:
        return Group(title, Text("  " + label("no_settlement", lang)))
    bases = [Text(line.basis.get(lang) if line.basis else "—") for line in report.settlement]
    table = _settlement_table(report, lang, None)
    used = Measurement.get(console, console.options, table).maximum
    widest = max(b.cell_len for b in [Text(label("basis", lang)), *bases])
    if used + 2 + widest <= console.width:
        return Group(title, _settlement_table(report, lang, bases))
    notes = Table.grid(padding=(0, 1))
    notes.add_column(style="dim", no_wrap=True)
    notes.add_column(overflow="fold")
    for line, basis in zip(report.settlement, bases, strict=True):
        if line.basis is not None:
            notes.add_row(Text(line.title.get(lang) + ":"), basis)
    if not notes.row_count:
        return Group(title, table)
    return Group(title, table, Text(label("basis", lang), style="bold"), notes, Text())


def _settlement_table(report: Report, lang: Lang, bases: list[Text] | None) -> Table:
    """One row per line, named by its title (the line ids are in the JSON and Markdown
    reports; under each title here they looked like a wrapped cell)."""
    table = Table(box=box.SIMPLE_HEAD, show_footer=True, pad_edge=False)
    shortfalls = [line.shortfall for line in report.settlement]
    total_short = None if None in shortfalls else sum((s for s in shortfalls if s), Decimal(0))
    table.add_column(
        Text(label("line", lang)), Text(label("total", lang), style="bold"), overflow="fold"
    )
    for key, footer in (
        ("required", _amount(report.total_required, lang, "bold")),
        ("proposed", _amount(report.total_proposed, lang, "bold")),
        ("shortfall", _amount(total_short, lang, "bold red" if total_short else "bold")),
    ):
        table.add_column(Text(label(key, lang)), footer, justify="right", no_wrap=True)
    table.add_column(Text(label("due", lang)), no_wrap=True)
    if bases is not None:
        table.add_column(Text(label("basis", lang)))
    for i, line in enumerate(report.settlement):
        short = line.shortfall
        cells = [
            Text(line.title.get(lang)),
            _amount(line.required, lang),
            _amount(line.proposed, lang),
            _amount(short, lang, "bold red" if short else ""),
            Text(line.due.isoformat() if line.due else "—"),
        ]
        table.add_row(*cells, *([bases[i]] if bases is not None else []))
    return table


def _deviations(report: Report, lang: Lang) -> RenderableType:
    rows: list[RenderableType] = [Text(label("deviations", lang), style="bold")]
    for d in report.deviations:
        approved = f"{d.approved_by} {d.approved_on.isoformat() if d.approved_on else ''}".strip()
        line = Text.assemble(
            (d.rule, "bold"),
            f" ({d.policy}): ",
            d.reason,
            ("  " + label("approved_by", lang) + " ", "dim"),
            approved,
        )
        rows.append(Padding(line, (0, 0, 0, 2)))
    return Group(*rows, Text())


def _parameters(report: Report, lang: Lang, verbose: bool = False) -> RenderableType:
    """One entry per parameter: ``name = value (effective date, city)``, its source below.

    Without ``verbose`` only the parameters to note are listed: those whose date is
    approximate and those the company policy supplied; a line says how many others there are.
    A list rather than a table: sources are long (citations, quotes, URLs) and must wrap
    without losing a character at any terminal width.
    """
    shown = [p for p in report.parameters if verbose or p.approximate or p.company]
    hidden = len(report.parameters) - len(shown)
    if not shown:
        return Group(Text(label("parameters_hidden", lang).format(n=hidden), style="dim"),
                     Text())
    parts: list[RenderableType] = [Text(label("parameters", lang), style="bold")]
    for p in shown:
        meta: list[str] = []
        if p.effective_from is not None:
            meta.append(f"{label('effective_from', lang)} {p.effective_from.isoformat()}")
        if p.city:
            meta.append(p.city)
        if p.company:
            meta.append(label("company_param", lang))
        line = Text.assemble(
            "  ",
            (p.name, "bold"),
            " = ",
            (("≈ " if p.approximate else "") + display(p.value), "yellow" if p.approximate else ""),
            (f"  ({', '.join(meta)})" if meta else "", "dim"),
            overflow="fold",
        )
        parts.append(line)
        if p.source:
            parts.append(Padding(Text(p.source, style="dim", overflow="fold"), (0, 0, 0, 6)))
    if any(p.approximate for p in shown):
        parts.extend([Text(), Text(label("approximate", lang), style="yellow")])
    if hidden:
        parts.extend([Text(), Text(label("parameters_hidden", lang).format(n=hidden),
                                   style="dim")])
    return Group(*parts)
