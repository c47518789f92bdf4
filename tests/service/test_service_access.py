"""Tokens and roles: 401 without a valid token, 403 for the wrong role; loopback without
tokens; tokens compared in constant time and never logged."""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

import pytest

from offboard_policy.cli.serve import is_loopback
from offboard_policy.errors import InputError
from offboard_policy.service.auth import parse_tokens, read_tokens
from tests.cli.clirun import run
from tests.service.support import ROOT

CASE = ROOT / "fixtures" / "cases" / "contract-example.yaml"
YAML = {"Content-Type": "application/yaml"}
HR, HR2, LEGAL, ADMIN = (secrets.token_urlsafe(24) for _ in range(4))


@pytest.fixture
def tokens_file(tmp_path: Path) -> Path:
    path = tmp_path / "tokens.txt"
    path.write_text(f"# token role name\n{HR} hr Li Na\n{HR2} hr Wang Wei\n\n"
                    f"{LEGAL} legal Zhang Min\n{ADMIN} admin Ops\n", encoding="utf-8")
    return path


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def client(make_client: Any, tokens_file: Path) -> Any:
    return make_client(tokens=read_tokens(tokens_file))


def test_without_a_token_every_v1_call_is_401(client: Any) -> None:
    for method, path in (("GET", "/v1/policies"), ("GET", "/v1/decisions"),
                         ("POST", "/v1/check?policy=cn-beijing"),
                         ("POST", "/v1/admin/reload"), ("GET", "/v1/policies/cn-beijing")):
        answer = client.request(method, path, content=b"{}")
        assert answer.status_code == 401, (method, path)
        assert answer.headers["www-authenticate"].startswith("Bearer")
        assert answer.json()["error"] == "unauthorized"
    wrong = client.get("/v1/policies", headers=bearer(HR + "x"))
    assert wrong.status_code == 401
    assert client.get("/v1/policies", headers={"Authorization": f"Basic {HR}"}).status_code == 401


def test_health_and_page_need_no_token(client: Any) -> None:
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/openapi.json").status_code == 200


def test_roles(client: Any) -> None:
    def check(token: str) -> Any:
        return client.post("/v1/check?policy=cn-beijing", content=CASE.read_bytes(),
                           headers={**YAML, **bearer(token)})

    assert check(HR).status_code == 200
    assert check(HR2).status_code == 200
    assert check(LEGAL).status_code == 403
    assert check(ADMIN).status_code == 403
    assert check(LEGAL).json()["error"] == "forbidden"
    for token in (HR, LEGAL, ADMIN):
        assert client.get("/v1/policies", headers=bearer(token)).status_code == 200
    assert client.post("/v1/admin/reload", headers=bearer(HR)).status_code == 403
    assert client.post("/v1/admin/reload", headers=bearer(LEGAL)).status_code == 403
    assert client.post("/v1/admin/reload", headers=bearer(ADMIN)).status_code == 200
    assert client.get("/v1/decisions", headers=bearer(ADMIN)).status_code == 403


def test_hr_reads_its_own_decisions_legal_reads_all(client: Any) -> None:
    ids = {}
    for token in (HR, HR2):
        answer = client.post("/v1/check?policy=cn-beijing", content=CASE.read_bytes(),
                             headers={**YAML, **bearer(token)})
        ids[token] = answer.headers["x-decision-id"]
    mine = client.get("/v1/decisions", headers=bearer(HR)).json()["decisions"]
    assert [d["id"] for d in mine] == [ids[HR]]
    assert mine[0]["who"] == "Li Na"
    everything = client.get("/v1/decisions?case_id=OFB-2026-0142",
                            headers=bearer(LEGAL)).json()["decisions"]
    assert {d["id"] for d in everything} == set(ids.values())
    assert client.get(f"/v1/decisions/{ids[HR2]}", headers=bearer(HR)).status_code == 404
    assert client.get(f"/v1/decisions/{ids[HR2]}", headers=bearer(HR2)).status_code == 200
    assert client.get(f"/v1/decisions/{ids[HR2]}", headers=bearer(LEGAL)).status_code == 200


def test_token_file_problems_name_the_line_not_the_token(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        parse_tokens([f"{HR} hr A", f"{HR} legal B", "short hr C", f"{LEGAL} boss D", "x"],
                     "tokens.txt")
    text = str(info.value)
    assert "tokens.txt:2" in text and "tokens.txt:3" in text and "tokens.txt:4" in text
    assert "tokens.txt:5" in text
    assert HR not in text and LEGAL not in text
    with pytest.raises(InputError):
        parse_tokens(["# nothing"], "tokens.txt")


def test_find_compares_every_token(tokens_file: Path) -> None:
    table = read_tokens(tokens_file)
    assert table.find(LEGAL).name == "Zhang Min"  # type: ignore[union-attr]
    assert table.find(LEGAL[:-1]) is None
    assert table.find("") is None


def test_a_readable_token_file_is_warned_about(tokens_file: Path) -> None:
    tokens_file.chmod(0o644)
    checked = run("serve", "-p", ROOT / "policies" / "cn-beijing.yaml", "--tokens", tokens_file,
                  "--db", f"sqlite:///{tokens_file.parent / 'd.sqlite3'}", "--dry-run")
    assert checked.exit_code == 0, checked.stderr
    assert "can be read by other users" in checked.stderr
    tokens_file.chmod(0o600)
    quiet = run("serve", "-p", ROOT / "policies" / "cn-beijing.yaml", "--tokens", tokens_file,
                "--db", f"sqlite:///{tokens_file.parent / 'd.sqlite3'}", "--dry-run")
    assert quiet.exit_code == 0 and "other users" not in quiet.stderr


def test_non_loopback_needs_tokens(tokens_file: Path) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert is_loopback("127.0.0.2") and not is_loopback("0.0.0.0")
    assert not is_loopback("192.168.1.10") and not is_loopback("example.com")
    refused = run("serve", "-p", ROOT / "policies" / "cn-beijing.yaml", "--host", "0.0.0.0")
    assert refused.exit_code == 2
    assert "not a loopback address" in refused.stderr and "--tokens" in refused.stderr


def test_tokens_never_reach_the_log(serve_process: Any, tokens_file: Path) -> None:
    server = serve_process(["-p", str(ROOT / "policies" / "cn-beijing.yaml"),
                            "--tokens", str(tokens_file)])
    status, _, body = server.http.call("POST", "/v1/check?policy=cn-beijing",
                                             CASE.read_bytes(), "application/yaml", token=HR)
    assert status == 200
    assert server.http.call("GET", "/v1/policies", token="wrong-" + HR)[0] == 401
    assert server.http.call("GET", "/v1/policies", token=LEGAL)[0] == 200
    log = server.log_text()
    assert "POST /v1/check" in log
    for token in (HR, LEGAL):
        assert token not in log
    assert json.loads(body)["case_id"] == "OFB-2026-0142"
