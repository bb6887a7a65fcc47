"""The embedded engine: regorus, the Rust Rego interpreter, in this process."""

from __future__ import annotations

import functools
import json
import threading
import typing as t
from pathlib import Path

from checker.engine.aggregator import expand, is_template, rule_packages
from checker.engine.base import DECISION_QUERY, Provenance
from checker.engine.decision_shape import check_decision
from checker.engine.provenance import local_provenance
from checker.errors import EngineError
from checker.policy_set import PolicySet

_UNDEFINED = "<undefined>"
_DISTRIBUTION = "gordon-to-regorus"

# regorus's Engine may only be dropped on the thread that made it (pyo3 "unsendable"). An engine
# left in a reference cycle is freed by whichever thread's allocation triggers the collector,
# e.g. a process pool's result thread, which raised "is being dropped on another thread" there.
# Such an engine waits here, and is dropped by the next engine its own thread builds or closes.
_STRANDED: list[tuple[int, t.Any]] = []
_STRANDED_LOCK = threading.Lock()


def _release_stranded() -> None:
    """Drop, on this thread, the engines this thread made that were collected on another."""
    me = threading.get_ident()
    with _STRANDED_LOCK:
        mine = [pair for pair in _STRANDED if pair[0] == me]
        _STRANDED[:] = [pair for pair in _STRANDED if pair[0] != me]
    mine.clear()


@functools.cache
def regorus_version() -> str:
    """The installed regorus build's version."""
    import regorus

    # The wheel's dist-info folder sits beside the package and names the version. Reading that
    # name costs microseconds; importlib.metadata costs ~20 ms of every run (it imports email).
    prefix = _DISTRIBUTION.replace("-", "_") + "-"
    for entry in Path(regorus.__file__).resolve().parent.parent.glob(prefix + "*.dist-info"):
        return entry.name[len(prefix) : -len(".dist-info")]
    from importlib import metadata

    try:
        return metadata.version(_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"


def short_error(exc: BaseException) -> str:
    """The first lines of a regorus error, without the Rust backtrace that follows them."""
    text = str(exc).split("Stack backtrace:")[0].strip()
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join(lines[:8]) or type(exc).__name__


class RegorusEngine:
    """Policies and data compiled once; each `evaluate` sets the input and queries the decision."""

    name = "regorus"

    def __init__(self, policy_set: PolicySet, *, include_tests: bool = False) -> None:
        import regorus

        _release_stranded()
        self._owner = threading.get_ident()
        self._engine: t.Any = regorus.Engine()
        self._provenance = local_provenance(policy_set)
        sources = {**policy_set.sources, **(policy_set.tests if include_tests else {})}
        # The decision's aggregation block is written out per package once every package is
        # known (see checker.engine.aggregator); the tests mock data.llm.rules, so they keep it.
        deferred = {} if include_tests else {f: s for f, s in sources.items() if is_template(s)}
        packages = [self._add(file, text) for file, text in sources.items() if file not in deferred]
        names = rule_packages(packages, policy_set.data)
        for file, text in deferred.items():
            self._add(file, expand(text, names))
        try:
            self._engine.add_data(policy_set.data)
        except RuntimeError as exc:
            raise EngineError(f"catalog data rejected: {short_error(exc)}") from exc

    def _add(self, file: str, text: str) -> str:
        """Compile one module; its package's path (`data.llm.rules.residency`)."""
        try:
            return str(self._engine.add_policy(file, text))
        except RuntimeError as exc:
            raise EngineError(f"policy does not compile: {short_error(exc)}") from exc

    @property
    def version(self) -> str:
        """The installed regorus build's version."""
        return regorus_version()

    @property
    def provenance(self) -> Provenance:
        """The local policy set's digests: the embedded engine decides with nothing else."""
        return self._provenance

    @property
    def raw(self) -> t.Any:
        """The underlying `regorus.Engine`, for the test runner and coverage."""
        if self._engine is None:
            raise EngineError("the embedded engine was closed: build another to evaluate")
        return self._engine

    def query(self, rule: str, manifest: dict[str, t.Any] | None = None) -> t.Any:
        """Evaluate one rule path; undefined or a runtime error raises `EngineError`."""
        if self._engine is None:
            raise EngineError("the embedded engine was closed: build another to evaluate")
        try:
            if manifest is not None:
                self._engine.set_input(manifest)
            text = self._engine.eval_rule_as_json(rule)
        except (RuntimeError, ValueError, TypeError) as exc:
            raise EngineError(f"evaluating {rule} failed: {short_error(exc)}") from exc
        value = json.loads(text)
        if value == _UNDEFINED:
            raise EngineError(
                f"{rule} is undefined: the policies do not produce a decision"
                " (is the llm.decision package loaded?)"
            )
        return value

    def evaluate(self, manifest: dict[str, t.Any]) -> dict[str, t.Any]:
        """See `Engine.evaluate`."""
        value = self.query(DECISION_QUERY, manifest)
        if not isinstance(value, dict):
            raise EngineError(f"{DECISION_QUERY} is not an object: {value!r:.200}")
        return check_decision(value, manifest, source="the embedded engine (regorus)")

    def close(self) -> None:
        """Drop the compiled policies now, on this thread; the engine evaluates no more."""
        engine, self._engine = self._engine, None
        del engine
        _release_stranded()

    def __del__(self) -> None:
        engine = getattr(self, "_engine", None)
        if engine is not None and threading.get_ident() != self._owner:
            with _STRANDED_LOCK:
                _STRANDED.append((self._owner, engine))
