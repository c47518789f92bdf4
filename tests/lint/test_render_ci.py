"""SARIF, GitHub annotation and JUnit renderers on hand-built diagnostics and outcomes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from offboard_policy.errors import Diagnostic
from offboard_policy.render.github import annotation, render_github
from offboard_policy.render.junit import JUnitCase, JUnitSuite, render_junit
from offboard_policy.render.sarif import artifact_uri, to_sarif

DIAGS = [
    Diagnostic("unknown field 'citaton' (did you mean 'citation'?)", "OP202",
               file="rules/cn/a b.yaml", line=3, column=5, field="checks[0].citaton"),
    Diagnostic("parameter 'x' is not used by any check or settlement line", "OP706",
               file="rules/cn/params/t.yaml", line=7, column=3, severity="warning"),
    Diagnostic("another unknown field", "OP202", file="rules/cn/a b.yaml", line=9, column=1),
]


def test_sarif_has_what_github_code_scanning_needs() -> None:
    log = to_sarif(DIAGS)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "offboard-policy"
    assert [r["id"] for r in driver["rules"]] == ["OP202", "OP706"]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"]
    assert driver["rules"][1]["defaultConfiguration"] == {"level": "warning"}
    first = run["results"][0]
    assert first["ruleId"] == "OP202" and first["ruleIndex"] == 0 and first["level"] == "error"
    assert first["message"]["text"].startswith("checks[0].citaton: unknown field")
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "rules/cn/a%20b.yaml", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 3, "startColumn": 5}
    assert run["results"][1]["ruleIndex"] == 1
    fingerprints = {r["partialFingerprints"]["offboardPolicyProblem/v1"] for r in run["results"]}
    assert len(fingerprints) == 3
    json.dumps(log)  # serialisable


def test_sarif_fingerprint_ignores_line_moves() -> None:
    moved = Diagnostic(DIAGS[0].message, "OP202", file=DIAGS[0].file, line=30, column=5,
                       field=DIAGS[0].field)
    a = to_sarif([DIAGS[0]])["runs"][0]["results"][0]["partialFingerprints"]
    b = to_sarif([moved])["runs"][0]["results"][0]["partialFingerprints"]
    assert a == b


def test_artifact_uri() -> None:
    assert artifact_uri("./policies/x.yaml") == "policies/x.yaml"
    assert artifact_uri("rules/北京.yaml") == "rules/%E5%8C%97%E4%BA%AC.yaml"


def test_github_annotations_exact() -> None:
    assert render_github(DIAGS[:2]) == (
        "::error file=rules/cn/a b.yaml,line=3,col=5,title=OP202::checks[0].citaton: unknown "
        "field 'citaton' (did you mean 'citation'?)\n"
        "::warning file=rules/cn/params/t.yaml,line=7,col=3,title=OP706::parameter 'x' is not "
        "used by any check or settlement line\n"
    )


def test_github_escaping() -> None:
    line = annotation("error", "50% done\nnext: a,b", file="a:b,c.yaml", line=1, title="T:1")
    assert line == "::error file=a%3Ab%2Cc.yaml,line=1,title=T%3A1::50%25 done%0Anext: a,b"


def test_junit_counts_and_failure_text() -> None:
    xml = render_junit([JUnitSuite("t.yaml", (
        JUnitCase("ok", "t.yaml"),
        JUnitCase("bad", "t.yaml", failure="verdict: expected ready, got blocked\nmore <&>"),
        JUnitCase("broken", "t.yaml", error="policy does not load"),
        JUnitCase("later", "t.yaml", skipped="not yet"),
    ))])
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
    root = ET.fromstring(xml.split("\n", 1)[1])
    assert root.attrib | {} == root.attrib
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) \
        == ("4", "1", "1", "1")
    failure = root.find("testsuite/testcase[@name='bad']/failure")
    assert failure is not None
    assert failure.get("message") == "verdict: expected ready, got blocked"
    assert failure.text == "verdict: expected ready, got blocked\nmore <&>"
