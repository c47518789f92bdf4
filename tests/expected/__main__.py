"""``python -m tests.expected [--record]``: show how the live reports differ from the recorded
ones, or re-record them (see ``tests/expected/__init__.py``)."""

from __future__ import annotations

import argparse
import sys

from tests.expected import ROOT, difference, pairs, record, stale_files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.expected", description=__doc__)
    parser.add_argument("--record", action="store_true",
                        help="rewrite tests/expected/reports/ from the live rules and policies")
    args = parser.parse_args(argv)
    if args.record:
        print(f"{record()} expected report file(s) written or removed")
        return 0
    differing = 0
    for policy, case in pairs():
        diff = difference(policy, case)
        if diff:
            differing += 1
            sys.stdout.write(diff)
    for path in stale_files():
        differing += 1
        print(f"stale: {path.relative_to(ROOT).as_posix()} (no such fixture case)")
    print(f"{differing} expected report(s) differ; `python -m tests.expected --record` "
          "re-records them" if differing else "every expected report matches")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
