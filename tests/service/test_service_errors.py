"""Bad input is answered with a status and a JSON error body, never a crash or a traceback."""

from __future__ import annotations

import json
import logging
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from offboard_policy.service.app import Limits
from offboard_policy.service.models import ErrorModel
from tests.cli.clirun import run
from tests.service.support import ROOT

CASE = ROOT / "fixtures" / "cases" / "contract-example.yaml"
YAML = {"Content-Type": "application/yaml"}
JSON = {"Content-Type": "application/json"}


def error_of(response: Any, status: int, kind: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    ErrorModel.model_validate(body)
    if kind is not None:
        assert body["error"] == kind
    assert "Traceback" not in response.text
    return dict(body)


def test_malformed_json_is_400_with_line_and_column(make_client: Any) -> None:
    body = error_of(make_client().post("/v1/check?policy=cn-beijing",
                                       content=b'{"case_id": "X",\n  "employee": }',
                                       headers=JSON), 400, "bad_request")
    d = body["diagnostics"][0]
    assert (d["file"], d["line"], d["column"]) == ("request body", 2, 15)
    assert d["message"].startswith("not valid JSON")


def test_malformed_yaml_is_400(make_client: Any) -> None:
    body = error_of(make_client().post("/v1/check?policy=cn-beijing",
                                       content=b"case_id: [unclosed\nemployee: 1\n",
                                       headers=YAML), 400, "bad_request")
    assert body["diagnostics"][0]["line"] is not None


def test_not_utf8_and_yaml_tags_are_400(make_client: Any) -> None:
    client = make_client()
    error_of(client.post("/v1/check?policy=cn-beijing", content=b"\xff\xfe{}", headers=JSON),
             400)
    error_of(client.post("/v1/check?policy=cn-beijing", content=b"case_id: !!python/object x",
                         headers=YAML), 400)


def test_invalid_case_is_422_with_the_cli_diagnostics(make_client: Any, tmp_path: Path) -> None:
    text = CASE.read_text(encoding="utf-8")
    bad = text.replace("hire_date: 2016-03-14", "hire_date: not-a-date", 1)
    bad = bad.replace("case_id: OFB-2026-0142", "case_id: OFB-2026-0142\nsurprise: 1", 1)
    assert bad != text
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    body = error_of(make_client().post("/v1/check?policy=cn-beijing", content=bad.encode(),
                                       headers=YAML), 422, "invalid_case")
    cli = run("check", path, "-p", ROOT / "policies" / "cn-beijing.yaml", "-f", "json")
    assert cli.exit_code == 2
    api_lines = [f"{d['line']}:{d['column']}: {d['field']}: {d['message']} [{d['code']}]"
                 for d in body["diagnostics"]]
    cli_lines = [line.split(":", 1)[1] for line in cli.stderr.splitlines()
                 if line.startswith(str(path))]
    assert api_lines == cli_lines
    assert {d["field"] for d in body["diagnostics"]} >= {"employee.hire_date", "surprise"}


def test_unknown_policy_is_404_naming_the_ids(make_client: Any) -> None:
    client = make_client(["cn-beijing", "example-internet"])
    body = error_of(client.post("/v1/check?policy=cn-shanghai", content=CASE.read_bytes(),
                                headers=YAML), 404, "not_found")
    assert body["policies"] == ["cn-beijing", "example-internet"]
    assert "cn-beijing, example-internet" in body["message"]
    error_of(client.get("/v1/policies/cn-shanghai"), 404)


def test_missing_or_bad_parameters_are_422(make_client: Any) -> None:
    client = make_client()
    error_of(client.post("/v1/check", content=CASE.read_bytes(), headers=YAML), 422,
             "invalid_request")
    error_of(client.post("/v1/check?policy=cn-beijing&lang=fr", content=CASE.read_bytes(),
                         headers=YAML), 422, "invalid_request")
    error_of(client.post("/v1/check?policy=cn-beijing&as_of=2026-02-30",
                         content=CASE.read_bytes(), headers=YAML), 422, "invalid_request")


def test_other_content_types_are_415(make_client: Any) -> None:
    error_of(make_client().post("/v1/check?policy=cn-beijing", content=b"x",
                                headers={"Content-Type": "text/csv"}), 415)


def test_body_over_the_limit_is_413(make_client: Any) -> None:
    client = make_client(limits=Limits(max_body=1000, max_batch_body=1000))
    error_of(client.post("/v1/check?policy=cn-beijing", content=CASE.read_bytes(),
                         headers=YAML), 413, "too_large")

    def chunks() -> Any:  # no Content-Length: the limit is found while reading
        yield CASE.read_bytes()

    error_of(client.post("/v1/check?policy=cn-beijing", content=chunks(), headers=YAML), 413)
    error_of(client.post("/v1/check/batch?policy=cn-beijing", content=b"{}\n" * 400), 413)


def test_too_many_batch_lines_is_413(make_client: Any) -> None:
    client = make_client(limits=Limits(max_batch_lines=3))
    error_of(client.post("/v1/check/batch?policy=cn-beijing", content=b"{}\n" * 4), 413,
             "too_many_lines")


def test_unknown_route_and_method_are_json(make_client: Any) -> None:
    client = make_client()
    error_of(client.get("/v1/nothing"), 404)
    answer = client.put("/v1/policies")
    error_of(answer, answer.status_code)
    assert answer.status_code in (404, 405)


def test_evaluation_budget_answers_503(make_client: Any) -> None:
    client = make_client(limits=Limits(eval_budget=0.0001))
    body = error_of(client.post("/v1/check?policy=cn-beijing", content=CASE.read_bytes(),
                                headers=YAML), 503)
    assert body["error"] in ("budget_exceeded", "busy")


def test_the_budget_stops_the_evaluation_itself() -> None:
    from offboard_policy.case import load_case
    from offboard_policy.engine import BudgetExceeded, evaluate
    from offboard_policy.policy import load_policy

    policy = load_policy(ROOT / "policies" / "cn-beijing.yaml")
    with pytest.raises(BudgetExceeded):
        evaluate(policy, load_case(CASE), deadline=time.monotonic() - 1)
    in_time = evaluate(policy, load_case(CASE), deadline=time.monotonic() + 600)
    assert in_time.verdict in ("ready", "blocked")


def test_a_batch_case_past_the_budget_is_an_error_record(make_client: Any) -> None:
    from offboard_policy.decisions.model import case_to_json
    from offboard_policy.yamlio import load_yaml

    line = case_to_json(load_yaml(CASE, display="x").data)
    client = make_client(limits=Limits(eval_budget=0.0001))
    answer = client.post("/v1/check/batch?policy=cn-beijing", content=(line + "\n").encode())
    assert answer.status_code == 200
    [record] = [json.loads(x) for x in answer.text.splitlines()]
    assert record["case"] == "body:1"
    assert "budget" in record["error"][0]["message"]


def test_an_internal_error_is_a_500_with_one_log_line(
        make_client: Any, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    import offboard_policy.service.routes_check

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(offboard_policy.service.routes_check, "evaluate", broken)
    with caplog.at_level(logging.ERROR):
        body = error_of(make_client().post("/v1/check?policy=cn-beijing",
                                           content=CASE.read_bytes(), headers=YAML), 500)
    assert "secret detail" not in json.dumps(body)
    logged = [r.getMessage() for r in caplog.records]
    assert any("RuntimeError" in line for line in logged)
    assert not any(r.exc_info for r in caplog.records)
    assert all("Traceback" not in line and "secret detail" not in line for line in logged)


def test_nothing_is_recorded_for_a_rejected_case(make_client: Any, sqlite_url: str) -> None:
    from offboard_policy.decisions.store import open_store

    client = make_client()
    client.post("/v1/check?policy=cn-beijing", content=b"{bad", headers=JSON)
    client.post("/v1/check?policy=cn-beijing", content=b'{"case_id": 1}', headers=JSON)
    store = open_store(sqlite_url)
    try:
        assert store.count() == 0
    finally:
        store.close()


def test_a_slow_client_gets_408_and_the_server_goes_on(serve_process: Any) -> None:
    server = serve_process(["-p", str(ROOT / "policies" / "cn-beijing.yaml"),
                            "--body-timeout", "1"])
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(b"POST /v1/check?policy=cn-beijing HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Type: application/yaml\r\nContent-Length: 5000\r\n\r\ncase")
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert b'"error": "timeout"' in answer
    status, _, _ = server.http.call("GET", "/healthz")
    assert status == 200
    assert "Traceback" not in server.log_text()
