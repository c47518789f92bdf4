"""Golden report digests: fixed cases under fixed copies of the bundled policies.

Recorded before the performance work and asserted by ``test_golden_reports.py``: an
optimisation must not change a single byte of any report (JSON in both languages, trace on and
off) nor the passed / not-applicable lists.

The inputs are frozen in ``data/``: a copy of ``policies/``, ``rules/`` and ``fixtures/`` taken
from a commit (``snapshot/``) and 200 generated cases (``generated.jsonl.gz``), so that edits
to the live rule files or to the generator (their owners work in the same repository) do not
make the digests stale. Re-record only from an engine you trust::

    python -m tests.perf.golden --snapshot   # copy policies/rules/fixtures from git HEAD
    python -m tests.perf.golden              # write data/golden_reports.json
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
SNAPSHOT = DATA / "snapshot"
GENERATED = DATA / "generated.jsonl.gz"
GOLDEN = DATA / "golden_reports.json"
POLICIES = ("cn-beijing", "cn-statutory", "example-internet", "example-manufacturing")
SEED = 6_2026
COUNT = 200


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def cases() -> Iterator[tuple[str, Any]]:
    """(key, Case model) for every frozen fixture case, then the frozen generated ones."""
    from offboard_policy.case import load_case, parse_case

    for path in sorted((SNAPSHOT / "fixtures").rglob("*.yaml")):
        yield path.relative_to(SNAPSHOT).as_posix(), load_case(path)
    with gzip.open(GENERATED, "rt", encoding="utf-8") as lines:
        for i, line in enumerate(lines):
            yield f"generated/{SEED}/{i}", parse_case(json.loads(line), display=f"<gen {i}>")


def report_digest(policy: Any, case: Any) -> str:
    """One digest of everything evaluate() produces for ``case`` (trace on and off)."""
    from offboard_policy.engine import evaluate
    from offboard_policy.render.json import render_json

    full = evaluate(policy, case, trace=True)
    lean = evaluate(policy, case, trace=False)
    parts = [render_json(full, "zh"), render_json(full, "en"), render_json(lean, "en"),
             json.dumps([full.passed, full.not_applicable, lean.passed, lean.not_applicable])]
    return _sha("\x00".join(parts))


def compute() -> dict[str, dict[str, str]]:
    """{policy: {case key: report digest}} over the frozen inputs."""
    from offboard_policy.policy import load_policy

    models = list(cases())
    out: dict[str, dict[str, str]] = {}
    for name in POLICIES:
        policy = load_policy(SNAPSHOT / "policies" / f"{name}.yaml")
        out[name] = {key: report_digest(policy, case) for key, case in models}
    return out


def snapshot() -> None:
    """Freeze the inputs: policies/rules/fixtures from git HEAD, and the generated cases."""
    from offboard_policy.testing import iter_cases

    if SNAPSHOT.exists():
        shutil.rmtree(SNAPSHOT)
    tar = subprocess.run(["git", "archive", "--format=tar", "HEAD", "policies", "rules",
                          "fixtures"], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(SNAPSHOT, filter="data")
    with gzip.open(GENERATED, "wt", encoding="utf-8", compresslevel=9) as out:
        for case in iter_cases(SEED, COUNT):
            out.write(json.dumps(case, ensure_ascii=False, sort_keys=True) + "\n")


def main(argv: list[str]) -> int:
    if "--snapshot" in argv:
        snapshot()
        print(f"froze inputs in {DATA.relative_to(ROOT)}")
        return 0
    GOLDEN.write_text(json.dumps(compute(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
