"""Load benchmark of the HTTP service (issue 10 item 5): ``python benchmarks/service_load.py``.

Starts ``offboard-policy serve`` on a free loopback port with a fresh SQLite decision log (so
every check is recorded, as in production), drives it with concurrent keep-alive clients, and
prints, each beside a floor measured in the same run on the same machine:

- single checks (``POST /v1/check``, JSON bodies of generated cases) from 50 concurrent
  clients: throughput and p50/p99 latency, beside the same clients on ``GET /healthz`` (the
  HTTP floor), one client alone (the latency without queueing) and the engine alone in this
  process (parse + evaluate + render, one thread: what one core does without HTTP or the
  log);
- a 10,000-case batch through ``POST /v1/check/batch`` (JSONL in, JSONL streamed back):
  throughput, time to the first line and total, beside ``offboard-policy check FILE.jsonl
  --output`` on the same cases (the CLI batch).

Every phase is bounded by a count and a time limit and the server is always stopped. The
clients run on the same machine as the server and take CPU from it; on a shared machine the
figures vary from run to run. Not a test: nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser.server import Server, running_server  # noqa: E402

POLICY = "cn-beijing"
POLICY_FILE = ROOT / "policies" / "cn-beijing.yaml"
TARGET_RATE = 400.0
TARGET_P99 = 0.050
TARGET_BATCH_RATIO = 1.5


@dataclass
class Phase:
    """What one load phase measured."""

    name: str
    latencies: list[float]
    wall: float
    errors: int

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.wall if self.wall else 0.0

    def quantile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def line(self) -> str:
        return (f"  {self.name:44s} {len(self.latencies):6,d} req in {self.wall:6.2f} s  "
                f"{self.rate:8,.0f} req/s  p50 {self.quantile(0.5) * 1000:6.1f} ms  "
                f"p99 {self.quantile(0.99) * 1000:6.1f} ms"
                + (f"  ({self.errors} errors)" if self.errors else ""))


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
        elif name.strip().lower() == "transfer-encoding":
            raise RuntimeError("unexpected chunked response to a single request")
    return status, await reader.readexactly(length)


async def _load(port: int, requests: Iterator[bytes], clients: int, count: int,
                limit: float) -> tuple[list[float], float, int]:
    """``clients`` keep-alive connections send ``count`` requests in total (fewer if ``limit``
    seconds pass first); answers (latencies, wall seconds, non-200 answers)."""
    latencies: list[float] = []
    errors = 0
    sent = 0
    start = time.perf_counter()
    deadline = start + limit

    async def client() -> None:
        nonlocal sent, errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while sent < count and time.perf_counter() < deadline:
                sent += 1
                request = next(requests)
                began = time.perf_counter()
                writer.write(request)
                await writer.drain()
                status, _ = await _read_response(reader)
                latencies.append(time.perf_counter() - began)
                if status != 200:
                    errors += 1
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, time.perf_counter() - start, errors


def load(name: str, port: int, requests: Iterator[bytes], clients: int, count: int,
         limit: float) -> Phase:
    latencies, wall, errors = asyncio.run(_load(port, requests, clients, count, limit))
    return Phase(name, latencies, wall, errors)


def check_requests(bodies: list[bytes]) -> Iterator[bytes]:
    for body in itertools.cycle(bodies):
        yield (f"POST /v1/check?policy={POLICY}&lang=en HTTP/1.1\r\nHost: bench\r\n"
               f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
               ).encode() + body


def health_requests() -> Iterator[bytes]:
    return itertools.repeat(b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n")


def engine_alone(bodies: list[bytes], limit: float) -> Phase:
    """Evaluate + render the same bodies in this process, one thread: the no-HTTP floor."""
    from offboard_policy.case.load import parse_case, read_json_case
    from offboard_policy.engine import evaluate
    from offboard_policy.policy import load_policy
    from offboard_policy.render.json import render_json

    policy = load_policy(POLICY_FILE)
    latencies = []
    start = time.perf_counter()
    for body in bodies:
        began = time.perf_counter()
        case = parse_case(read_json_case(body.decode("utf-8")), display="bench")
        render_json(evaluate(policy, case), "en")
        latencies.append(time.perf_counter() - began)
        if began - start > limit:
            break
    return Phase("engine alone (in process, 1 thread)", latencies,
                 time.perf_counter() - start, 0)


def batch_over_http(server: Server, data: Path) -> tuple[float, float, int, int]:
    """POST the JSONL file to /v1/check/batch; answers (wall, first line, lines, errors)."""
    port = int(server.url.rsplit(":", 1)[1])
    body = data.read_bytes()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    start = time.perf_counter()
    conn.request("POST", f"/v1/check/batch?policy={POLICY}&lang=en", body=body,
                 headers={"Content-Type": "application/x-ndjson"})
    response = conn.getresponse()
    if response.status != 200:
        raise RuntimeError(f"batch answered {response.status}: {response.read()[:500]!r}")
    first = 0.0
    lines = errors = 0
    for raw in iter(response.readline, b""):
        if not first:
            first = time.perf_counter() - start
        lines += 1
        if raw.startswith(b'{"case"') and b'"error"' in raw[:200]:
            errors += 1
    wall = time.perf_counter() - start
    conn.close()
    return wall, first, lines, errors


def cli_batch(data: Path, out: Path) -> float:
    script = shutil.which("offboard-policy")
    argv = [script] if script else [sys.executable, "-m", "offboard_policy.cli"]
    argv += ["check", str(data), "-p", str(POLICY_FILE), "--lang", "en", "--output", str(out)]
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(f"the CLI batch failed ({done.returncode}): "
                           f"{done.stderr.decode(errors='replace')[-500:]}")
    return wall


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="1,000 single checks and a 2,000-case batch (a minute or two)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20261205)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                        help="server processes (serve --processes; default: the CPU count)")
    args = parser.parse_args()
    singles = 1_000 if args.quick else 5_000
    batch = 2_000 if args.quick else 10_000
    limit = 60.0 if args.quick else 120.0

    from offboard_policy.testing import write_jsonl

    print(f"offboard-policy service load benchmark ({'quick' if args.quick else 'full'}): "
          f"{os.cpu_count()} CPUs, server processes: {args.processes}, "
          f"load average {os.getloadavg()[0]:.2f} at the start")
    with tempfile.TemporaryDirectory(prefix="offboard-policy-load-") as tmp:
        workdir = Path(tmp)
        data = workdir / "cases.jsonl"
        write_jsonl(data, args.seed, batch)
        bodies = data.read_bytes().splitlines()[:500]

        extra = ("--processes", str(args.processes)) if args.processes > 1 else ()
        with running_server(workdir, extra=extra) as server:
            port = int(server.url.rsplit(":", 1)[1])
            load("warm-up", port, check_requests(bodies), 4, 100, limit)

            print(f"\n== single checks, {args.clients} concurrent clients, decision log "
                  "on SQLite")
            health = load("GET /healthz (HTTP floor)", port, health_requests(),
                          args.clients, singles, limit)
            print(health.line())
            checks = load("POST /v1/check (JSON, recorded)", port, check_requests(bodies),
                          args.clients, singles, limit)
            print(checks.line())
            one = load("POST /v1/check, 1 client (no queueing)", port,
                       check_requests(bodies), 1, singles // 5, limit)
            print(one.line())
            alone = engine_alone(bodies, limit)
            print(alone.line())
            print(f"  with {args.clients} requests always in flight the mean latency is "
                  f"{args.clients} / throughput (Little's law): "
                  f"{args.clients / checks.rate * 1000 if checks.rate else 0:.0f} ms here")
            print(f"  targets: >= {TARGET_RATE:.0f} checks/s: {verdict(checks.rate >= TARGET_RATE)}"
                  f"; p99 < {TARGET_P99 * 1000:.0f} ms: "
                  f"{verdict(checks.quantile(0.99) < TARGET_P99)}")

            print(f"\n== a {batch:,}-case batch (JSONL), decision log on SQLite")
            wall, first, lines, errors = batch_over_http(server, data)
            http_rate = lines / wall
            print(f"  POST /v1/check/batch (recorded)  {lines:,} lines in {wall:6.2f} s  "
                  f"{http_rate:8,.0f} cases/s  first line after {first * 1000:.0f} ms"
                  + (f"  ({errors} error records)" if errors else ""))
            db_size = server.db.stat().st_size / 2**20
        cli_wall = cli_batch(data, workdir / "cli-out.jsonl")
        cli_rate = batch / cli_wall
        print(f"  offboard-policy check FILE.jsonl --output (CLI batch, 1 worker, not recorded)"
              f"  {cli_wall:6.2f} s  {cli_rate:8,.0f} cases/s")
        ratio = cli_rate / http_rate if http_rate else float("inf")
        print(f"  target: batch endpoint within {TARGET_BATCH_RATIO}x the CLI batch: "
              f"{ratio:.2f}x slower: {verdict(ratio <= TARGET_BATCH_RATIO)}")
        print(f"\n  decision log after the run: {db_size:,.0f} MiB; load average at the end "
              f"{os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
