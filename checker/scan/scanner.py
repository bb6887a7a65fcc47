"""`scan_paths`: walk the roots, read each file the scanner understands, collect the references.

Which file is read how is decided by its name (`kind_of`): Python, JavaScript/TypeScript (and
JSX/TSX), Jupyter notebooks, Dockerfiles, YAML (Compose, Kubernetes, Helm values), JSON, TOML and
`.env.example`/`.env.sample`. Type stubs (`*.pyi`, `*.d.ts`) and lock files are not read: they
list names, they do not use them. A file that is not text (NUL bytes), too large, minified (one
huge line) or unreadable is a `Skipped` entry; a file whose syntax cannot be read at all is a
`problems` entry, once, and the scan goes on.
"""

from __future__ import annotations

import os
import typing as t
from dataclasses import replace
from pathlib import Path

from checker.scan.notebook import InvalidNotebook
from checker.scan.reference import ScanReference, ScanResult, Skipped
from checker.scan.resolve import Resolver
from checker.scan.walk import walk

MAX_BYTES = 2 * 1024 * 1024  # larger files are generated or data, not code
MAX_LINE = 10_000  # a longer line is minified or generated

PYTHON = "python"
NOTEBOOK = "notebook"
DOCKERFILE = "dockerfile"
YAML = "yaml"
JSON = "json"
TOML = "toml"
ENV = "env"
_JS_EXT = {
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
}
_LOCK_FILES = frozenset(
    {
        "package-lock.json",
        "npm-shrinkwrap.json",
        "composer.lock",
        "poetry.lock",
        "uv.lock",
        "pdm.lock",
        "Pipfile.lock",
        "Cargo.lock",
    }
)
_ENV_FILES = frozenset(
    {".env.example", ".env.sample", ".env.template", "env.example", "example.env", "sample.env"}
)


def kind_of(name: str) -> str | None:
    """How a file of this name is read, or None when the scanner does not read it."""
    lower = name.lower()
    if name in _LOCK_FILES or lower.endswith((".min.js", ".d.ts", ".d.mts", ".d.cts", ".pyi")):
        return None
    suffix = os.path.splitext(lower)[1]
    if suffix == ".py":
        return PYTHON
    if suffix in _JS_EXT:
        return _JS_EXT[suffix]
    if suffix == ".ipynb":
        return NOTEBOOK
    if (
        lower == "dockerfile"
        or lower.startswith("dockerfile.")
        or lower.endswith((".dockerfile", ".containerfile"))
        or lower == "containerfile"
    ):
        return DOCKERFILE
    if suffix in (".yaml", ".yml"):
        return YAML
    if suffix == ".json":
        return JSON
    if suffix == ".toml":
        return TOML
    if lower in _ENV_FILES:
        return ENV
    return None


def _default_base(root: Path) -> Path:
    cwd = Path.cwd()
    absolute = Path(os.path.abspath(root))
    try:
        absolute.relative_to(cwd)
    except ValueError:
        return absolute if absolute.is_dir() else absolute.parent
    return cwd


def _relative(path: Path, base: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        rel = absolute.relative_to(base)
    except ValueError:
        return absolute.as_posix()
    text = rel.as_posix()
    return text if text != "." else absolute.name


def _read(path: Path) -> tuple[str | None, str | None]:
    """(text, None) or (None, why the file is skipped)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, f"larger than {MAX_BYTES // (1024 * 1024)} MiB ({size} bytes)"
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, f"unreadable: {exc.strerror or exc}"
    if len(data) > MAX_BYTES:
        return None, f"larger than {MAX_BYTES // (1024 * 1024)} MiB"
    if b"\x00" in data:
        return None, "binary (NUL bytes)"
    text = data.decode("utf-8", errors="replace")
    if any(len(line) > MAX_LINE for line in text.splitlines()):
        return None, f"minified or generated (a line longer than {MAX_LINE} characters)"
    return text, None


def scan_text(text: str, kind: str, resolver: Resolver) -> tuple[list[ScanReference], str | None]:
    """References in one file's text read as `kind`, and a parse problem (or None)."""
    from checker.scan import code, config, notebook

    if kind == PYTHON:
        refs = code.scan_python(text, resolver)
        return refs, _syntax_problem(text, "python")
    if kind in ("javascript", "typescript", "tsx"):
        refs = code.scan_js(text, kind, resolver)
        return refs, _syntax_problem(text, kind)
    if kind == NOTEBOOK:
        return notebook.scan_notebook(text, resolver)
    return config.scan_config(text, kind, resolver)


def _syntax_problem(text: str, language: str) -> str | None:
    from checker.scan.code import has_errors

    if has_errors(text, language):
        return f"syntax errors in {language}: scanned what parsed"
    return None


def scan_paths(
    roots: t.Sequence[Path],
    catalog: t.Mapping[str, t.Any],
    *,
    exclude: t.Collection[Path] = (),
    base: Path | None = None,
) -> ScanResult:
    """Every reference to LLM use under `roots` (files or folders), resolved to `catalog`.

    `catalog` is the merged `data.catalog`; `exclude` folders are not entered (subfolders with a
    manifest of their own); `file` is relative to `base` (default: the current directory when
    the root is under it, else the root). Never raises for a bad file: it is skipped or a
    problem.
    """
    resolver = Resolver(catalog)
    refs: list[ScanReference] = []
    skipped: list[Skipped] = []
    problems: list[Skipped] = []
    scanned = 0
    done: set[str] = set()
    for root in roots:
        root_base = base if base is not None else _default_base(root)
        root_base = Path(os.path.abspath(root_base))
        for entry in walk(Path(root), exclude, lambda name: kind_of(name) is not None):
            rel = _relative(entry.path, root_base)
            if entry.skip is not None:
                skipped.append(Skipped(rel, entry.skip))
                continue
            real = os.path.realpath(entry.path)
            if real in done:
                continue
            done.add(real)
            kind = kind_of(entry.path.name)
            if kind is None:  # a file named as a root that the scanner does not read
                skipped.append(Skipped(rel, "not a file type the scanner reads"))
                continue
            text, why = _read(entry.path)
            if text is None:
                skipped.append(Skipped(rel, why or "unreadable"))
                continue
            try:
                found, problem = scan_text(text, kind, resolver)
            except (ValueError, RecursionError, UnicodeError, RuntimeError) as exc:
                problems.append(Skipped(rel, f"could not be parsed: {exc}"))
                continue
            except InvalidNotebook as exc:
                skipped.append(Skipped(rel, str(exc)))
                continue
            scanned += 1
            if problem is not None:
                problems.append(Skipped(rel, problem))
            refs.extend(replace(r, file=rel) for r in found)
    unique = sorted(set(refs), key=lambda r: (r.file, r.line, r.column, r.kind, r.text))
    return ScanResult(
        references=tuple(unique),
        skipped=tuple(sorted(set(skipped), key=lambda s: (s.file, s.reason))),
        files_scanned=scanned,
        problems=tuple(sorted(set(problems), key=lambda s: (s.file, s.reason))),
    )
