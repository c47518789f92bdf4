"""The report as GitHub-flavoured Markdown, for a pull-request comment or an HR ticket.

Same content as the text report: verdict, findings by severity, waived findings, the
settlement table (amounts right-aligned), deviations and the parameters used (folded).
Text from rules and cases is escaped so that it cannot break the layout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from offboard_policy.render._format import display, money_display
from offboard_policy.render.labels import headline, label
from offboard_policy.report.model import Finding, Lang, Report, Severity

SEVERITIES: tuple[Severity, ...] = ("blocking", "warning", "info")
_ICON = {"blocking": "❌", "warning": "⚠️", "info": "ℹ️"}
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def esc(text: str) -> str:
    """Escape Markdown/HTML metacharacters and fold newlines, for inline text and cells."""
    return _SPECIAL.sub(r"\\\1", text).replace("\r\n", "\n").replace("\n", "<br>")


def code(text: str) -> str:
    """An inline code span (backticks inside are replaced, they cannot be escaped)."""
    return "`" + text.replace("`", "'") + "`"


def render_markdown(report: Report, lang: Lang = "zh") -> str:
    """One report as Markdown, with a trailing newline."""
    return "\n".join(_lines(report, lang)).rstrip("\n") + "\n"


def render_markdown_many(reports: Sequence[Report], lang: Lang = "zh") -> str:
    """Several reports separated by horizontal rules."""
    return "\n---\n\n".join(render_markdown(r, lang) for r in reports)


def _lines(report: Report, lang: Lang) -> list[str]:
    active = [f for f in report.findings if f.status != "waived"]
    waived = [f for f in report.findings if f.status == "waived"]
    warnings = sum(1 for f in active if f.severity == "warning")
    out = [
        f"## {headline(report.verdict, len(report.blocking), warnings, lang)}",
        "",
        f"**{label('case', lang)}** {code(report.case_id)} · "
        f"**{label('policy', lang)}** {code(report.policy.id + '@' + report.policy.version)} · "
        f"**{label('as_of', lang)}** {report.as_of.isoformat()}",
        "",
    ]
    for n in report.notices:
        hint = f" {esc(n.hint.get(lang))}" if n.hint else ""
        out += [f"> ⚠️ **{n.code}** {esc(n.message.get(lang))}{hint}", ""]
    if not active:
        out += [label("no_findings", lang), ""]
    for severity in SEVERITIES:
        group = [f for f in active if f.severity == severity]
        if group:
            out += [f"### {_ICON[severity]} {label('severity.' + severity, lang)} ({len(group)})"]
            out += [""]
            for f in group:
                out += _finding(f, lang)
            out += [""]
    if waived:
        out += [f"### {label('waived', lang)} ({len(waived)})", ""]
        for f in waived:
            out += _waived(f, lang)
        out += [""]
    out += _settlement(report, lang)
    if report.deviations:
        out += _deviations(report, lang)
    if report.parameters:
        out += _parameters(report, lang)
    return out


def _finding(f: Finding, lang: Lang) -> list[str]:
    title = f" — {esc(f.title.get(lang))}" if f.title is not None else ""
    lines = [
        f"- **{label('status.' + f.status, lang)}** {code(f.rule)}{title}\\",  # hard break
        f"  {esc(f.message.get(lang))}",
    ]
    if f.citation:
        lines.append(f"  - {label('citation', lang)}: {esc(f.citation)}")
    if f.fields:
        lines.append(f"  - {label('fields', lang)}: " + ", ".join(code(x) for x in f.fields))
    if f.hint is not None:
        lines.append(f"  - {label('hint', lang)}: {esc(f.hint.get(lang))}")
    if f.exposure is not None:
        lines.append(f"  - {label('exposure', lang)}: **{money_display(f.exposure)} CNY**")
    return lines


def _waived(f: Finding, lang: Lang) -> list[str]:
    lines = [f"- ~~{code(f.rule)}~~ {esc(f.message.get(lang))}"]
    if f.waiver is not None:
        w = f.waiver
        until = w.expires_on.isoformat() if w.expires_on else label("no_expiry", lang)
        lines.append(
            f"  - {label('approved_by', lang)} {esc(w.approved_by)}, "
            f"{label('until', lang)} {until}; {label('reason', lang)}: {esc(w.reason)}"
        )
    return lines


def _amount(amount: Decimal | None, lang: Lang) -> str:
    return label("unknown", lang) if amount is None else money_display(amount)


def _settlement(report: Report, lang: Lang) -> list[str]:
    out = [f"### {label('settlement', lang)} ({report.currency})", ""]
    if not report.settlement:
        return [*out, label("no_settlement", lang), ""]
    heads = [label(k, lang) for k in ("line", "required", "proposed", "shortfall", "due", "basis")]
    out += ["| " + " | ".join(heads) + " |", "|---|---:|---:|---:|---|---|"]
    for line in report.settlement:
        short = line.shortfall
        short_text = _amount(short, lang)
        out.append(
            "| "
            + " | ".join(
                [
                    f"{esc(line.title.get(lang))}<br>{code(line.id)}",
                    _amount(line.required, lang),
                    _amount(line.proposed, lang),
                    f"**{short_text}**" if short else short_text,
                    line.due.isoformat() if line.due else "—",
                    esc(line.basis.get(lang)) if line.basis else "—",
                ]
            )
            + " |"
        )
    shortfalls = [line.shortfall for line in report.settlement]
    total_short = None if None in shortfalls else sum((s for s in shortfalls if s), Decimal(0))
    totals = [
        f"**{label('total', lang)}**",
        f"**{_amount(report.total_required, lang)}**",
        f"**{_amount(report.total_proposed, lang)}**",
        f"**{_amount(total_short, lang)}**",
        "",
        "",
    ]
    out += ["| " + " | ".join(totals) + " |", ""]
    return out


def _deviations(report: Report, lang: Lang) -> list[str]:
    out = [f"### {label('deviations', lang)}", ""]
    for d in report.deviations:
        on = f" ({d.approved_on.isoformat()})" if d.approved_on else ""
        out.append(
            f"- {code(d.rule)} ({esc(d.policy)}): {esc(d.reason)} — "
            f"{label('approved_by', lang)} {esc(d.approved_by)}{on}"
        )
    return [*out, ""]


def _parameters(report: Report, lang: Lang) -> list[str]:
    heads = [label(k, lang) for k in ("name", "value", "effective_from", "city", "source")]
    out = [
        "<details>",
        f"<summary>{label('parameters', lang)} ({len(report.parameters)})</summary>",
        "",
        "| " + " | ".join(heads) + " |",
        "|---|---:|---|---|---|",
    ]
    for p in report.parameters:
        value = ("≈ " if p.approximate else "") + esc(display(p.value))
        cells = [
            code(p.name),
            value,
            p.effective_from.isoformat() if p.effective_from else "—",
            esc(p.city) if p.city else "—",
            esc(p.source) if p.source else "—",
        ]
        out.append("| " + " | ".join(cells) + " |")
    if any(p.approximate for p in report.parameters):
        out += ["", label("approximate", lang)]
    return [*out, "", "</details>", ""]
