"""How long `llm-policy scan` takes on a generated 10,000-file tree, beside walking the same tree.

.venv/bin/python -m bench.scan_speed                 # 10,000 files, best of 3, a table on stdout
.venv/bin/python -m bench.scan_speed -n 2000 --repeat 1
.venv/bin/python -m bench.scan_speed --ai-bom /tmp/aibom/bin/ai-bom   # ai-bom as a row too

The tree (cached under ~/.cache/llm-policy/bench/scan-N-SEED, or $LLM_POLICY_CACHE/bench) is
made of the corpus's own file kinds, in nested folders: Python and TypeScript modules, about one
in eight calling an LLM SDK with a model id, the rest ordinary code; YAML, JSON and TOML
configuration; Dockerfiles; Markdown; a few files the scanner must skip (a vendored folder, a
binary with a .py name, a large minified .js). The same N and seed give the same files.

Contenders, each in a fresh process, the best of --repeat rounds (as bench/run):
  walk         `find TREE -type f` (the file system walk alone)
  read         Python: os.walk and read every file's bytes (the floor of any scanner)
  grep         `grep -rIl model TREE` (read and search every text file, in C)
  llm-policy   `llm-policy scan TREE --format json`
  scan_paths   the same scanner called in-process (no CLI, no JSON rendering)
  ai-bom       `ai-bom scan TREE --format json` (only with --ai-bom or when it is on $PATH)
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import typing as t
from dataclasses import dataclass
from pathlib import Path

from bench.measure import Measurement, run, wait_for_idle

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("LLM_POLICY_CACHE", Path.home() / ".cache" / "llm-policy")) / "bench"

MODELS = (
    ("openai", "gpt-4o"),
    ("openai", "gpt-4.1-mini"),
    ("anthropic", "claude-sonnet-4-5"),
    ("bedrock", "anthropic.claude-3-haiku-20240307-v1:0"),
    ("bedrock", "us.anthropic.claude-sonnet-4-20250514-v1:0"),
    ("hf", "meta-llama/Llama-3.1-8B-Instruct"),
    ("hf", "mistralai/Mistral-7B-Instruct-v0.3"),
)

PY_USE = {
    "openai": "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef ask(q):\n"
    '    return client.chat.completions.create(\n        model="{model}",\n'
    '        messages=[{{"role": "user", "content": q}}],\n    )\n',
    "anthropic": "import anthropic\n\nclient = anthropic.Anthropic()\n\n\ndef ask(q):\n"
    '    return client.messages.create(model="{model}", max_tokens=512,\n'
    '        messages=[{{"role": "user", "content": q}}])\n',
    "bedrock": 'import boto3\n\nrt = boto3.client("bedrock-runtime", region_name="us-east-1")\n\n\n'
    'def ask(q):\n    return rt.converse(modelId="{model}",\n'
    '        messages=[{{"role": "user", "content": [{{"text": q}}]}}])\n',
    "hf": "from transformers import AutoModelForCausalLM, AutoTokenizer\n\n"
    'tok = AutoTokenizer.from_pretrained("{model}")\n'
    'model = AutoModelForCausalLM.from_pretrained("{model}")\n',
}
PY_PLAIN = (
    "import json\nimport os\n\n\nclass Store{n}:\n    def __init__(self, path):\n"
    "        self.path = path\n        self.items = {{}}\n\n    def load(self):\n"
    "        with open(self.path) as f:\n            self.items = json.load(f)\n"
    "        return len(self.items)\n\n    def get(self, key, default=None):\n"
    "        return self.items.get(key, os.environ.get(key.upper(), default))\n"
)
TS_USE = (
    'import OpenAI from "openai";\n\nconst client = new OpenAI();\n\n'
    "export async function ask(q: string) {{\n  return client.chat.completions.create({{\n"
    '    model: "{model}",\n    messages: [{{ role: "user", content: q }}],\n  }});\n}}\n'
)
TS_PLAIN = (
    "export interface Item{n} {{ id: string; count: number }}\n\n"
    "export function total{n}(items: Item{n}[]): number {{\n"
    "  return items.reduce((sum, item) => sum + item.count, 0);\n}}\n"
)
YAML_CONF = "service: svc-{n}\nreplicas: {r}\nllm:\n  provider: openai\n  model: {model}\n"
YAML_PLAIN = "name: job-{n}\nschedule: '*/5 * * * *'\nimage: busybox:1.36\nargs: [echo, hi]\n"
DOCKER_VLLM = 'FROM vllm/vllm-openai:v0.6.3\nCMD ["--model", "{model}", "--port", "8000"]\n'
DOCKER_PLAIN = "FROM python:3.12-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n"
MD = "# Module {n}\n\nThis folder holds part {n} of the service. See the top-level README.\n"


def _file(rng: random.Random, n: int) -> tuple[str, bytes]:
    """The n-th file's name (inside its folder) and bytes."""
    provider, model = rng.choice(MODELS)
    roll = rng.random()
    use = rng.random() < 0.125
    if roll < 0.45:
        kind = provider if provider in PY_USE else "openai"
        text = PY_USE[kind].format(model=model) if use else PY_PLAIN.format(n=n)
        return f"mod_{n}.py", text.encode()
    if roll < 0.70:
        text = TS_USE.format(model=model) if use else TS_PLAIN.format(n=n)
        return f"mod_{n}.ts", text.encode()
    if roll < 0.82:
        text = YAML_CONF.format(n=n, r=n % 5 + 1, model=model) if use else YAML_PLAIN.format(n=n)
        return f"conf_{n}.yaml", text.encode()
    if roll < 0.88:
        text = f'{{"name": "pkg-{n}", "version": "1.{n % 10}.0", "private": true}}\n'
        return f"data_{n}.json", text.encode()
    if roll < 0.92:
        return f"pyproject_{n}.toml", f'[project]\nname = "p{n}"\nversion = "0.1"\n'.encode()
    if roll < 0.95:
        text = DOCKER_VLLM.format(model=model) if use else DOCKER_PLAIN
        return f"Dockerfile.{n}", text.encode()
    return f"README_{n}.md", MD.format(n=n).encode()


def generate(folder: Path, count: int, seed: int) -> Path:
    """A tree of `count` files (cached: the same count and seed give the same files)."""
    tree = folder / f"scan-{count}-{seed}"
    done = tree / ".complete"
    if done.is_file():
        return tree
    if tree.exists():
        shutil.rmtree(tree)
    rng = random.Random(seed)
    special = 3
    for n in range(count - special):
        sub = tree / f"svc{n % 40:02d}" / f"pkg{(n // 40) % 25:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        name, data = _file(rng, n)
        (sub / name).write_bytes(data)
    # What a scanner must skip without reading it as code.
    (tree / "node_modules" / "openai").mkdir(parents=True)
    (tree / "node_modules" / "openai" / "index.js").write_text('const m = "gpt-4o";\n')
    (tree / "svc00" / "blob.py").write_bytes(bytes(range(256)) * 64)
    (tree / "svc00" / "bundle.min.js").write_text("var a=1;" * 200_000)
    done.write_text("")
    return tree


def count_files(tree: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(tree)) - 1  # less the .complete marker


@dataclass(frozen=True)
class Contender:
    name: str
    argv: tuple[str, ...]
    note: str = ""


def _llm_policy() -> tuple[str, ...]:
    script = Path(sys.executable).parent / "llm-policy"
    return (str(script),) if script.is_file() else (sys.executable, "-m", "checker.cli.main")


LIBRARY = (
    "import sys\nfrom bench.scan_accuracy import catalog\n"
    "from checker.scan.scanner import scan_paths\n"
    "r = scan_paths([sys.argv[1]], catalog())\nprint(len(r.references), r.files_scanned)\n"
)
READ = (
    "import os,sys\nn=0\nfor d,_,fs in os.walk(sys.argv[1]):\n for f in fs:\n"
    "  with open(os.path.join(d,f),'rb') as h: n+=len(h.read())\nprint(n)\n"
)


def contenders(tree: Path, ai_bom: str | None) -> list[Contender]:
    out = [
        Contender("walk: find -type f", ("find", str(tree), "-type", "f")),
        Contender("read: os.walk + read every file", (sys.executable, "-c", READ, str(tree))),
        Contender("grep -rIl model", ("grep", "-rIl", "model", str(tree))),
        Contender(
            "llm-policy scan --format json", (*_llm_policy(), "scan", str(tree), "--format", "json")
        ),
    ]
    out.append(Contender("scan_paths in one process", (sys.executable, "-c", LIBRARY, str(tree))))
    if ai_bom:
        argv = (ai_bom, "scan", str(tree), "--format", "json", "-q", "--no-telemetry")
        out.append(Contender("ai-bom scan --format json", argv))
    return out


def _best(c: Contender, repeat: int) -> tuple[Measurement, int]:
    env = {**os.environ, "AI_BOM_TELEMETRY": "0", "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    run(c.argv, cwd=ROOT, env=env)  # untimed: the OS file cache, bytecode and the parse cache
    runs = [run(c.argv, cwd=ROOT, env=env) for _ in range(repeat)]
    return min(runs, key=lambda m: m.seconds), runs[-1].returncode


def main(argv: t.Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scan_speed")
    parser.add_argument("-n", "--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ai-bom", default=shutil.which("ai-bom"), help="ai-bom's executable")
    parser.add_argument("--idle-wait", type=float, default=60.0)
    args = parser.parse_args(argv)
    tree = generate(CACHE, args.files, args.seed)
    files = count_files(tree)
    others = wait_for_idle(timeout=args.idle_wait) if args.idle_wait > 0 else 0.0
    print(f"tree: {tree} ({files} files); other work before: {others:.2f} cores")
    rows: list[tuple[Contender, Measurement, int]] = []
    for c in contenders(tree, args.ai_bom):
        try:
            best, code = _best(c, args.repeat)
        except RuntimeError as exc:  # measure.run: a non-zero exit
            print(f"{c.name}: not timed, {str(exc).splitlines()[-1]}", file=sys.stderr)
            continue
        rows.append((c, best, code))
    floor = next(m.seconds for c, m, _ in rows if c.name.startswith("read"))
    print(
        "| contender | files | time (s) | CPU (s) | files/s | x read | peak RSS (MB)"
        " | other work (cores) | exit |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c, m, code in rows:
        rate = files / m.seconds if m.seconds else 0.0
        ratio = m.seconds / floor if floor else 0.0
        print(
            f"| {c.name} | {files} | {m.seconds:.2f} | {m.cpu_seconds:.2f} | {rate:,.0f}"
            f" | {ratio:.1f} | {m.peak_rss_mb:.0f} | {m.others_cores:.2f} | {code} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
