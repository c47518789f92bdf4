"""A disk cache of read policies, so that a second ``check`` process starts faster.

What is cached. A :class:`~offboard_policy.policy.compile.CompiledPolicy` holds closures, which
``pickle`` cannot store; so the cache keeps the most expensive picklable stage, the
:class:`~offboard_policy.policy.model.PolicyDef` that :func:`read_policy` builds (YAML reading
plus JSON Schema validation of every file: about 60 % of a load), and compiles it again in each
process; ``load_policy(path, cache=True)`` reads through it.

When an entry is used. Never on trust:

- the entry's *name* is a hash of the key: the package version, a hash of the package's own
  source files (any code change invalidates), the Python version, the resolved policy path,
  its project root and the working directory (diagnostics show paths relative to it);
- its *content* is then verified against the disk: the SHA-256 of the exact bytes of every
  file the policy read, and every include, ``extends`` and ``parameters`` reference resolved
  again (so a new file matching ``../rules/cn/*.yaml`` is seen). Raw bytes, not the policy's
  canonical digest: a comment moves the line numbers that findings and diagnostics cite.

Any mismatch is a miss, and the entry is rebuilt; an unreadable or corrupt entry is ignored
and rebuilt. Entries are written to a temporary file and renamed into place, so two processes
racing on one entry each see a whole file.

Where. ``$OFFBOARD_POLICY_CACHE``, else ``$XDG_CACHE_HOME/offboard-policy``, else
``~/.cache/offboard-policy``. Loading a pickle runs code chosen by whoever wrote it, so the
directory is trusted exactly like the user's home: it is created private (0700), and a
directory or entry that belongs to another user or is writable by group or others is refused
(state ``refused``: the policy is read from its files, nothing is loaded or written).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .. import __version__
from ..atomic import write_atomic_bytes
from ..errors import InputError
from ..yamlio import load_yaml
from .definitions import match_files, project_root
from .model import PolicyDef
from .read import read_policy

CACHE_ENV = "OFFBOARD_POLICY_CACHE"
"""Environment variable naming the cache directory."""
FORMAT = 1
"""Version of the entry layout; bump it when :class:`_Entry` changes."""

CacheState = Literal["hit", "miss", "stale", "corrupt", "disabled", "refused"]
"""``hit`` entry used; ``miss`` none yet; ``stale`` files changed since; ``corrupt`` entry
unreadable; ``disabled`` caching off; ``refused`` the directory is not private to the user."""

_RACY_NS = 1_000_000_000
_PACKAGE = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class CacheResult:
    """A read policy and what the cache did to get it."""

    definition: PolicyDef
    state: CacheState
    entry: Path | None = None
    """The entry file consulted (None when caching is off)."""
    note: str | None = None
    """Why the cache was refused or could not be written, for a warning."""


@dataclass(frozen=True)
class _Ref:
    """A file reference as written in a policy file, with what it resolved to."""

    folder: str
    pattern: str
    matches: tuple[str, ...]


@dataclass(frozen=True)
class _Entry:
    """What one cache file holds."""

    format: int
    key: str
    files: tuple[tuple[str, str], ...]
    """(absolute path, SHA-256 of its bytes) of every file the policy read."""
    refs: tuple[_Ref, ...]
    definition: PolicyDef


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$OFFBOARD_POLICY_CACHE``, else ``$XDG_CACHE_HOME/offboard-policy``, else
    ``~/.cache/offboard-policy``."""
    env = os.environ if environ is None else environ
    if env.get(CACHE_ENV):
        return Path(env[CACHE_ENV]).expanduser()
    base = env.get("XDG_CACHE_HOME") or os.path.join("~", ".cache")
    return Path(base).expanduser() / "offboard-policy"


def read_policy_cached(
    path: Path | str, *, cache_dir: Path | None = None, enabled: bool = True
) -> CacheResult:
    """:func:`read_policy` through the cache: a verified entry, or a fresh read stored for next
    time. Errors (a bad policy) are raised as by ``read_policy`` and never cached."""
    path = Path(path)
    if not enabled:
        return CacheResult(read_policy(path), "disabled")
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    resolved = path.resolve()
    key = _key(resolved)
    entry_path = folder / f"{hashlib.sha256(key.encode()).hexdigest()[:40]}.pickle"
    problem = _untrusted(folder)
    if problem is not None:
        return CacheResult(read_policy(path), "refused", entry_path, problem)
    state: CacheState = "miss"
    entry = _read_entry(entry_path)
    if entry == "corrupt":
        state = "corrupt"
    elif entry is not None:
        if entry.key == key and _fresh(entry):
            return CacheResult(entry.definition, "hit", entry_path)
        state = "stale"
    started = time.time_ns()
    definition = read_policy(path)
    fresh = _build_entry(key, resolved, definition, started)
    note = _write_entry(folder, entry_path, fresh) if fresh is not None else None
    return CacheResult(definition, state, entry_path, note)


def clear_cache(cache_dir: Path | None = None) -> int:
    """Delete every entry of the cache directory; return how many were removed."""
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    removed = 0
    for entry in folder.glob("*.pickle"):
        with contextlib.suppress(OSError):
            entry.unlink()
            removed += 1
    return removed


# -- key and verification -----------------------------------------------------------------------


def _key(policy: Path) -> str:
    """Everything besides the policy's files that its PolicyDef depends on, as text."""
    return json.dumps({
        "format": FORMAT,
        "version": __version__,
        "code": code_fingerprint(),
        "python": [sys.implementation.name, *sys.version_info[:3]],
        "policy": str(policy),
        "root": str(project_root(policy)),
        "cwd": os.getcwd(),
    }, sort_keys=True)


_CODE: str | None = None


def code_fingerprint() -> str:
    """SHA-256 over the package's own ``.py`` and ``.json`` files (computed once per process)."""
    global _CODE
    if _CODE is None:
        digest = hashlib.sha256()
        for dirpath, dirnames, filenames in os.walk(_PACKAGE):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if name.endswith((".py", ".json")):
                    file = Path(dirpath, name)
                    digest.update(file.relative_to(_PACKAGE).as_posix().encode() + b"\0")
                    digest.update(file.read_bytes())
        _CODE = digest.hexdigest()
    return _CODE


def _sha256(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def _resolve(folder: Path, pattern: str) -> tuple[str, ...]:
    """What a reference resolves to, the way the policy reader resolves it."""
    return tuple(str(p) for p in match_files(folder, pattern))


def _fresh(entry: _Entry) -> bool:
    """Every file still has the bytes it had, and every reference resolves as it did."""
    return all(_sha256(p) == h for p, h in entry.files) and all(
        _resolve(Path(r.folder), r.pattern) == r.matches for r in entry.refs)


def _references(policy: Path, definition: PolicyDef) -> Iterator[tuple[Path, str]]:
    """(folder, pattern) of every file reference: the ``extends`` chain's ``extends``,
    ``include`` and ``parameters``, and each rule module's ``parameters``."""
    current: Path | None = policy
    seen: set[Path] = set()
    while current is not None and current not in seen:
        seen.add(current)
        data = load_yaml(current).data
        folder, current = current.parent, None
        for key in ("include", "parameters"):
            for pattern in data.get(key) or []:
                yield folder, pattern
        if "extends" in data:
            yield folder, data["extends"]
            parents = _resolve(folder, data["extends"])
            current = Path(parents[0]) if parents else None
    for module in definition.modules:
        module_folder = Path(module.path).resolve().parent
        for pattern in module.parameter_files:
            yield module_folder, pattern


def _build_entry(key: str, policy: Path, definition: PolicyDef, started: int) -> _Entry | None:
    """The entry for a policy just read; None when its files may have changed while it was
    being read (then the bytes hashed now might not be the bytes read, so nothing is stored).

    Like git's "racily clean" rule: a file modified less than a second before the read began
    is not trusted, and every file a reference resolves to must be among the files read.
    """
    files = tuple((p, _sha256(p) or "") for p in definition.files)
    try:
        recent = any(os.stat(p).st_mtime_ns >= started - _RACY_NS for p in definition.files)
        refs = tuple(_Ref(str(folder), pattern, _resolve(folder, pattern))
                     for folder, pattern in _references(policy, definition))
    except (OSError, InputError):
        return None
    read = set(definition.files)
    if recent or any(m not in read for r in refs for m in r.matches):
        return None
    return _Entry(FORMAT, key, files, refs, definition)


# -- the directory and its files ----------------------------------------------------------------


def _untrusted(folder: Path) -> str | None:
    """Why ``folder`` may not hold pickles we load, or None. Created private when missing."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = folder.stat()
    except OSError as exc:
        return f"cannot use {folder}: {exc.strerror or exc}"
    return _unsafe(folder, st)


def _unsafe(path: Path, st: os.stat_result) -> str | None:
    if os.name != "posix":
        return None
    if st.st_uid != os.getuid():
        return f"{path} belongs to another user"
    if st.st_mode & 0o022:
        return f"{path} is writable by other users"
    return None


def _read_entry(entry_path: Path) -> _Entry | Literal["corrupt"] | None:
    """The entry at ``entry_path``; None when absent, ``"corrupt"`` when unusable."""
    try:
        with open(entry_path, "rb") as fh:
            if _unsafe(entry_path, os.fstat(fh.fileno())) is not None:
                return "corrupt"
            entry = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # a truncated or foreign pickle fails in many ways
        return "corrupt"
    if not isinstance(entry, _Entry) or entry.format != FORMAT:
        return "corrupt"
    return entry


def _write_entry(folder: Path, entry_path: Path, entry: _Entry) -> str | None:
    """Write ``entry`` atomically (temp file + rename); the reason on failure, else None."""
    try:
        write_atomic_bytes(entry_path, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL),
                           mode=0o600)
    except OSError as exc:
        return f"cannot write the policy cache in {folder}: {exc.strerror or exc}"
    return None
