"""The result cache: a manifest checked before with the same policies is not evaluated again.

Like ruff's and mypy's caches, it keeps what a check computed from a file's bytes, under a key
that names everything that computation read:

- the manifest's bytes, and whether its name makes it JSON or YAML;
- the run key: the policy set's digest (every Rego source and the merged data document, so the
  catalog, organisation data files and settings overlays), the engine's name, version and the
  policy and catalog digests it decides with (an OPA server's are its own, with its URL), the
  run's as-of day (date-bound rules read `input.asOf`), the largest manifest read, and the
  checker itself (its version, the size and modification time of the modules a cached value
  comes from, `STAMPED`, and the manifest schema);
- `check --scan`: the scan's references (`input.scan`), so changed code is evaluated again.

The value is what the engine and the validator said, before anything that depends on where the
file is or on the day's waivers: the parse or schema problems, or the raw decision with the
manifest's requested models, the model ids as written and the line and column of each finding's
path. Waivers, the path shown, the scan's file locations and the gate are applied after the
cache, on every run, so they never make a stale answer.

One file per run key, `$XDG_CACHE_HOME/llm-policy/results/<run key>.cache` (default
`~/.cache/llm-policy/results`; `$LLM_POLICY_CACHE/results` when that names a folder), like ruff's
per-package cache: a run reads it once, looks every manifest up before any work is dispatched
(a hit never reaches a worker), and when it closes writes it once, merged with what the file
holds by then and what the run computed, to a temporary file that is then renamed (a concurrent
run reads the old file or the new, never half of one; saves take a lock on the folder, so two
runs that close together both keep their entries). The file holds one line per manifest, most
recently used last; past `DEFAULT_LIMIT` bytes the least recently used lines go, and past it in
the folder the least recently used run keys' files. A run holds the file's offsets, never the
file: a line is read when it is looked up (`checker.result_cache.store`), and an entry is
stored compressed (`checker.result_cache.entry`), so 100,000 manifests' entries fit the bound.
`--no-cache`, `cache: false` or `LLM_POLICY_CACHE=off` turn it off
(`LLM_POLICY_RESULT_CACHE=off` turns off this cache alone, keeping the parse cache).

An entry is never trusted: a line whose digest (over its key and its value's exact bytes) does
not match, whose value does not parse or has another shape, or that was stored for other bytes
(another manifest's entry copied in) is a miss, evaluated again and rewritten; a file with
another header (another format, another run key, not a cache file) is all misses. A decision
is read as an engine's answer is: its shape checked, and every verdict it states recomputed
from its findings (`checker.engine.decision_shape`), so an edited entry cannot state a pass
its own findings contradict.
"""

from __future__ import annotations

from checker.result_cache.entry import SOURCE, Entry, RecordingMap, ReplayMap, Unrecorded
from checker.result_cache.folder import prune
from checker.result_cache.key import FORMAT, cache_enabled, checker_stamp, results_dir, run_key
from checker.result_cache.replay import Miss, check_cached, evaluate, open_cache, probe
from checker.result_cache.store import DEFAULT_LIMIT, ResultCache, entry_line, line_digest

__all__ = [
    "DEFAULT_LIMIT",
    "FORMAT",
    "SOURCE",
    "Entry",
    "Miss",
    "RecordingMap",
    "ReplayMap",
    "ResultCache",
    "Unrecorded",
    "cache_enabled",
    "check_cached",
    "checker_stamp",
    "entry_line",
    "evaluate",
    "line_digest",
    "open_cache",
    "probe",
    "prune",
    "results_dir",
    "run_key",
]
