"""``python -m offboard_policy.cli``: the same as the ``offboard-policy`` command."""

from offboard_policy.cli import main

main(prog_name="offboard-policy")
