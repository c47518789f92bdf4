"""Render diagnostics as SARIF 2.1.0 that GitHub code scanning accepts.

One run, one ``reportingDescriptor`` per code that occurs (with the short and full
description and help GitHub shows at the top of an alert), one ``result`` per diagnostic with
a repository-relative ``artifactLocation.uri`` and a ``region`` (``startLine`` is what GitHub
needs; columns are Unicode code points, declared with ``columnKind``). Results get a
``partialFingerprints`` entry of their own so alerts stay matched across runs even when lines
move; GitHub still adds its ``primaryLocationLineHash`` on upload.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from importlib import metadata
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from offboard_policy.codes import describe
from offboard_policy.errors import Diagnostic


def _tool_version() -> str:
    try:
        return metadata.version("offboard-policy")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0.0.0"


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "offboard-policy"
INFORMATION_URI = "https://github.com/offboard-policy/offboard-policy"
FINGERPRINT_KEY = "offboardPolicyProblem/v1"

_LEVELS = {"error": "error", "warning": "warning"}


def artifact_uri(path: str) -> str:
    """A relative URI for ``path``: forward slashes, percent-encoded, no leading ``./``."""
    posix = PurePath(path).as_posix()
    while posix.startswith("./"):
        posix = posix[2:]
    return quote(posix, safe="/-_.~")


def _fingerprint(diag: Diagnostic) -> str:
    # Position-free on purpose: the code, the file, the field and the message identify a
    # problem; the line may move when unrelated lines are edited.
    key = "\x1f".join((diag.code, diag.file or "", diag.field or "", diag.message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _rule(code: str, level: str) -> dict[str, Any]:
    info = describe(code)
    return {
        "id": code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": f"{info.summary} {info.fix}"},
        "help": {"text": info.fix, "markdown": f"**{code}** {info.summary}\n\n{info.fix}"},
        "defaultConfiguration": {"level": level},
        "properties": {"tags": ["offboard-policy", "compliance"], "precision": "very-high"},
    }


def _result(diag: Diagnostic, index: int) -> dict[str, Any]:
    text = f"{diag.field}: {diag.message}" if diag.field else diag.message
    result: dict[str, Any] = {
        "ruleId": diag.code,
        "ruleIndex": index,
        "level": _LEVELS[diag.severity],
        "message": {"text": text},
        "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(diag)},
    }
    if diag.file is not None:
        region: dict[str, int] = {"startLine": diag.line or 1}
        if diag.column is not None:
            region["startColumn"] = diag.column
        result["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(diag.file), "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            }
        ]
    return result


def to_sarif(diagnostics: Sequence[Diagnostic], *, category: str = "lint") -> dict[str, Any]:
    """The SARIF log as a dict (``render_sarif`` serialises it)."""
    order: dict[str, int] = {}
    levels: dict[str, str] = {}
    for d in diagnostics:
        order.setdefault(d.code, len(order))
        if d.severity == "error" or d.code not in levels:
            levels[d.code] = _LEVELS[d.severity]
    codes = sorted(order)
    index = {code: i for i, code in enumerate(codes)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": _tool_version(),
                        "semanticVersion": _tool_version(),
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(code, levels[code]) for code in codes],
                    }
                },
                "automationDetails": {"id": f"{TOOL_NAME}/{category}/"},
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index[d.code]) for d in diagnostics],
            }
        ],
    }


def render_sarif(diagnostics: Sequence[Diagnostic], *, category: str = "lint") -> str:
    """SARIF 2.1.0 JSON text, ending with a newline."""
    return json.dumps(to_sarif(diagnostics, category=category), ensure_ascii=False, indent=2) + "\n"
