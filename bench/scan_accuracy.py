"""Precision and recall of `llm-policy scan` and of `ai-bom` on the labelled scan corpus.

.venv/bin/python -m bench.scan_accuracy                    # both tools, a table on stdout
.venv/bin/python -m bench.scan_accuracy --ai-bom PATH      # ai-bom's executable (else $PATH,
                                                           # then /tmp/aibom/bin/ai-bom)
.venv/bin/python -m bench.scan_accuracy --json out.json    # also every match and miss

ai-bom is not a dependency of llm-policy; install it in a venv of its own first:
    python3 -m venv /tmp/aibom && /tmp/aibom/bin/pip install ai-bom

The corpus is tests/data/scan-corpus (real files, SOURCES.md); the truth is its labels.yaml,
written by hand. Both tools scan the same copy of the corpus (without labels.yaml, SOURCES.md
and ruff.toml) and are scored by the same rule (labels.yaml's header): a reported reference is
a true positive when it falls on a labelled use (same file, line in the use's [line, end]) and
names the same model (else the same provider; a use with neither matches any reference there).
Precision = true positives / references reported; recall = labelled uses found / labelled uses.
ai-bom names providers by display name and models by the vendor's id: both are mapped to catalog
ids (the provider names below, the model ids through the catalog's aliases), so neither tool is
marked down for spelling.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import typing as t
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "scan-corpus"
LABELS = CORPUS / "labels.yaml"
NOT_CORPUS = ("labels.yaml", "SOURCES.md", "ruff.toml")  # the corpus's own notes, not code
AI_BOM_VENV = Path("/tmp/aibom/bin/ai-bom")

# ai-bom's provider display names -> catalog provider ids (names it prints with no catalog
# provider, such as Mistral and Ollama, map to None).
AI_BOM_PROVIDERS = {
    "openai": "openai",
    "azure openai": "azure-openai",
    "anthropic": "anthropic",
    "aws bedrock": "aws-bedrock",
    "amazon bedrock": "aws-bedrock",
    "bedrock": "aws-bedrock",
    "google vertex ai": "google-vertex",
    "vertex ai": "google-vertex",
    "google gemini": "google-ai-studio",
    "google ai studio": "google-ai-studio",
    "cohere": "cohere",
}


@dataclass(frozen=True)
class Use:
    """A labelled true use (labels.yaml `uses`)."""

    file: str
    line: int
    end: int
    kind: str
    id: str
    provider: str | None
    model: str | None


@dataclass(frozen=True)
class Found:
    """A reference one tool reported, in the corpus's terms (catalog ids or None)."""

    file: str
    line: int
    text: str
    model: str | None
    provider: str | None


@dataclass
class Score:
    """One tool's result on the corpus."""

    tool: str
    found: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    uses_found: int = 0  # labelled uses with at least one true positive
    at_import_lines: int = 0  # false positives on an import line (a dependency, not a use)
    in_non_uses: int = 0  # false positives in the files labelled as non-uses
    note: str = ""
    misses: list[dict[str, t.Any]] = field(default_factory=list)
    wrong: list[dict[str, t.Any]] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        labelled = self.uses_found + self.false_negatives
        return self.uses_found / labelled if labelled else None


def load_labels(path: Path = LABELS) -> tuple[list[Use], list[str]]:
    """The labelled uses and the files labelled as non-uses."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    uses = [
        Use(
            file=str(u["file"]),
            line=int(u["line"]),
            end=int(u.get("end", u["line"])),
            kind=str(u["kind"]),
            id=str(u["id"]),
            provider=u.get("provider"),
            model=u.get("model"),
        )
        for u in data["uses"]
    ]
    return uses, [str(n["file"]) for n in data.get("non_uses") or ()]


def matches(found: Found, use: Use) -> bool:
    """Whether a reported reference is this labelled use (the rule in labels.yaml's header)."""
    if found.file != use.file or not use.line <= found.line <= use.end:
        return False
    if use.model is not None:
        return found.model == use.model
    if use.provider is not None:
        return found.provider == use.provider
    return True


def copy_corpus(into: Path) -> Path:
    """The corpus without its notes (labels.yaml would otherwise be scanned as configuration)."""
    target = into / "scan-corpus"
    shutil.copytree(CORPUS, target, ignore=shutil.ignore_patterns(*NOT_CORPUS))
    return target


def catalog() -> dict[str, t.Any]:
    """The shipped catalog, one key per folder of policies/catalog."""
    return {
        p.parent.name: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "policies" / "catalog").glob("*/data.yaml"))
    }


def _llm_policy() -> list[str]:
    script = Path(sys.executable).parent / "llm-policy"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "checker.cli.main"]


def run_llm_policy(root: Path) -> list[Found]:
    """`llm-policy scan ROOT --format json`, its references as Found."""
    out = subprocess.run(
        [*_llm_policy(), "scan", str(root), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
    )
    if out.returncode not in (0, 1) or not out.stdout.strip():
        raise RuntimeError(f"llm-policy scan exited {out.returncode}: {out.stderr.strip()}")
    return [
        Found(
            file=str(r["file"]),
            line=int(r["line"]),
            text=str(r.get("text") or ""),
            model=r.get("model"),
            provider=r.get("provider"),
        )
        for r in json.loads(out.stdout)["references"]
    ]


def run_library(root: Path) -> list[Found]:
    """`checker.scan.scanner.scan_paths` in this process (what `llm-policy scan` runs)."""
    from checker.scan.scanner import scan_paths

    result = scan_paths([root], catalog(), base=root)
    return [Found(r.file, r.line, r.text, r.model, r.provider) for r in result.references]


def ai_bom_path(given: str | None) -> str | None:
    """ai-bom's executable: --ai-bom, else on $PATH, else the venv the docs install it in."""
    if given:
        return given
    found = shutil.which("ai-bom")
    if found:
        return found
    return str(AI_BOM_VENV) if AI_BOM_VENV.is_file() else None


def _resolver() -> t.Callable[[str], str | None]:
    from checker.aliases import build_alias_index

    index = build_alias_index(catalog())
    return lambda text: hit.model if (hit := index.get(text.strip().lower())) else None


def run_ai_bom(exe: str, root: Path, *, deep: bool) -> list[Found]:
    """`ai-bom scan ROOT --format json` (CycloneDX), each component with a source location."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "ai-bom.json"
        argv = [exe, "scan", str(root), "--format", "json", "-q", "--no-telemetry"]
        argv += ["--deep"] if deep else []
        env = {**os.environ, "AI_BOM_TELEMETRY": "0", "NO_COLOR": "1"}
        done = subprocess.run(
            [*argv, "-o", str(report)], capture_output=True, text=True, env=env, check=False
        )
        if not report.is_file():
            raise RuntimeError(f"ai-bom exited {done.returncode}: {done.stderr.strip()[-500:]}")
        bom = json.loads(report.read_text(encoding="utf-8"))
    resolve = _resolver()
    prefix = str(root) + os.sep
    out: list[Found] = []
    for component in bom.get("components") or ():
        props = {p["name"]: p["value"] for p in component.get("properties") or ()}
        location = props.get("trusera:source_location", "")
        path, _, line = location.rpartition(":")
        if not path or not line.isdigit():
            continue  # not located in a file (ai-bom also lists cloud services and the like)
        name = str(component.get("name") or "")
        said = name.split("Model reference:", 1)[1].strip() if "Model reference:" in name else ""
        provider = str(props.get("trusera:provider") or "").strip().lower()
        out.append(
            Found(
                file=path.removeprefix(prefix).replace(os.sep, "/"),
                line=int(line),
                text=name,
                model=resolve(said) if said else None,
                provider=AI_BOM_PROVIDERS.get(provider),
            )
        )
    return out


def _is_import(root: Path, found: Found) -> bool:
    try:
        lines = (root / found.file).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    if not 0 < found.line <= len(lines):
        return False
    text = lines[found.line - 1].lstrip()
    return text.startswith(("import ", "from ")) or text.startswith("require(")


def score(
    tool: str,
    found: t.Sequence[Found],
    uses: t.Sequence[Use],
    non_uses: t.Sequence[str],
    root: Path,
) -> Score:
    """Precision and recall of `found` against the labels."""
    result = Score(tool=tool, found=len(found))
    hit: set[int] = set()
    for f in found:
        matched = [i for i, u in enumerate(uses) if matches(f, u)]
        if matched:
            result.true_positives += 1
            hit.update(matched)
            continue
        result.false_positives += 1
        result.at_import_lines += _is_import(root, f)
        result.in_non_uses += f.file in non_uses
        result.wrong.append(asdict(f))
    result.uses_found = len(hit)
    result.false_negatives = len(uses) - len(hit)
    result.misses = [asdict(u) for i, u in enumerate(uses) if i not in hit]
    return result


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def table(scores: t.Sequence[Score], uses: int) -> str:
    """The Markdown table docs/scan.md shows."""
    lines = [
        f"labelled uses: {uses}",
        "",
        "| tool | references found | true positives | false positives"
        " (at import lines / in non-use files) | false negatives | precision | recall | note |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    lines.extend(
        f"| {s.tool} | {s.found} | {s.true_positives} | {s.false_positives}"
        f" ({s.at_import_lines} / {s.in_non_uses}) | {s.false_negatives}"
        f" | {_pct(s.precision)} | {_pct(s.recall)} | {s.note} |"
        for s in scores
    )
    return "\n".join(lines)


def _unavailable(tool: str, why: str) -> Score:
    return Score(tool=tool, note=f"not run: {why}")


def main(argv: t.Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scan_accuracy")
    parser.add_argument("--ai-bom", help="ai-bom's executable (default: $PATH, then the venv)")
    parser.add_argument("--no-ai-bom", action="store_true", help="score llm-policy only")
    parser.add_argument(
        "--library", action="store_true", help="call scan_paths in-process instead of the CLI"
    )
    parser.add_argument("--json", type=Path, help="write every score, miss and false positive")
    args = parser.parse_args(argv)
    uses, non_uses = load_labels()
    scores: list[Score] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_corpus(Path(tmp))
        name = "llm-policy scan (scan_paths)" if args.library else "llm-policy scan"
        try:
            refs = run_library(root) if args.library else run_llm_policy(root)
            scores.append(score(name, refs, uses, non_uses, root))
        except (ImportError, OSError, RuntimeError, KeyError, ValueError) as exc:
            scores.append(_unavailable(name, str(exc).splitlines()[-1]))
        if not args.no_ai_bom:
            exe = ai_bom_path(args.ai_bom)
            for deep in (False, True):
                name = "ai-bom scan --deep" if deep else "ai-bom scan"
                if exe is None:
                    scores.append(_unavailable(name, "ai-bom is not installed (see --help)"))
                    continue
                try:
                    scores.append(
                        score(name, run_ai_bom(exe, root, deep=deep), uses, non_uses, root)
                    )
                except (OSError, RuntimeError, ValueError) as exc:
                    scores.append(_unavailable(name, str(exc)))
    print(f"scan corpus: {CORPUS.relative_to(ROOT)} ({dt.date.today().isoformat()})")
    print(table(scores, len(uses)))
    for s in scores:
        if s.misses:
            print(f"\n{s.tool}: {len(s.misses)} labelled uses not found")
            for m in s.misses:
                print(f"  {m['file']}:{m['line']} {m['kind']} {m['id']}")
    if args.json:
        payload = [{**asdict(s), "precision": s.precision, "recall": s.recall} for s in scores]
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
