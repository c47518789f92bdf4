"""``check --record``: the decisions of reports made from case files, for the log."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from offboard_policy.report.model import Lang, Report

from .model import Decision, case_to_json, engine_version, make_decision


def case_file_data(path: Path) -> Any:
    """The data of a case file as read (before validation): YAML or JSON."""
    from offboard_policy.case.load import read_json_case
    from offboard_policy.paths import JSON_SUFFIXES
    from offboard_policy.yamlio import decode_utf8, load_yaml

    if path.suffix.lower() in JSON_SUFFIXES:
        text = decode_utf8(path.read_bytes(), display=str(path)).removeprefix("\ufeff")
        return read_json_case(text)
    return load_yaml(path, display=str(path)).data


def decisions_for_files(cases: Sequence[Path], reports: Sequence[Report], *, lang: Lang,
                        policy_path: Path, who: str) -> list[Decision]:
    """One decision per (case file, report), as ``check --format json`` renders it."""
    from offboard_policy.render.json import render_json

    version = engine_version()
    return [make_decision(report, render_json(report, lang), case_to_json(case_file_data(path)),
                          who=who, source="cli", lang=lang, policy_path=str(policy_path),
                          engine_version=version)
            for path, report in zip(cases, reports, strict=True)]
