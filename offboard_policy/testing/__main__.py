"""``python -m offboard_policy.testing --seed 1 --count 1000 > cases.jsonl``."""

from __future__ import annotations

import sys

import click

from .jsonl import dump_jsonl, write_jsonl


@click.command()
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the stream.")
@click.option("--count", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Number of cases.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file instead of standard output.")
def main(seed: int, count: int, output: str | None) -> None:
    """Write COUNT generated offboarding cases of stream SEED as JSON Lines."""
    if output is None:
        dump_jsonl(sys.stdout, seed, count)
    else:
        write_jsonl(output, seed, count)


if __name__ == "__main__":
    main()
