"""``offboard-policy verify``: search the case space for counterexamples to a policy's promises.

``verify_policy(path, seed=, max_examples=, budget=)`` loads the policy, its reference (the
policy it extends) and its declared ``invariants:``, and searches with hypothesis over
generated cases pushed onto the policy's thresholds; the result names a shrunk counterexample
or none. ``render_verify`` prints the result; ``render_test_file`` turns a counterexample
into a policy test file.
"""

from __future__ import annotations

from pathlib import Path

from ..policy import load_policy
from ..policy.compile import CompiledPolicy
from .builtin import BUILTIN
from .declared import load_declared, reference_path
from .model import Counterexample, VerifyResult, Violation
from .render import render_verify
from .testfile import render_test_file


def verify_policy(path: Path | str, *, seed: int = 0, max_examples: int = 200,
                  budget: float | None = None, reference: Path | str | None = None,
                  policy: CompiledPolicy | None = None) -> VerifyResult:
    """Search for a counterexample to the invariants of the policy at ``path``."""
    from .run import search  # imports hypothesis, which only this needs

    path = Path(path)
    compiled = policy or load_policy(path)
    ref_path = Path(reference) if reference is not None else reference_path(path)
    same = ref_path.resolve() == path.resolve()
    ref = compiled if same else load_policy(ref_path)
    declared = load_declared(path, compiled, ref)
    return search(compiled, ref, declared, policy_name=path.as_posix(),
                  reference_name=ref_path.as_posix() if not same else path.as_posix(),
                  seed=seed, max_examples=max_examples, budget=budget)


__all__ = ["BUILTIN", "Counterexample", "VerifyResult", "Violation", "render_test_file",
           "render_verify", "verify_policy"]
