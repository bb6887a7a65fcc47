"""Generate N varied, realistic manifests from examples/: a monorepo's worth of llm-project.yaml.

Each manifest starts from one of the examples and varies what teams vary: name and owner, data
classification and categories, allowed regions, GPU memory, and the requested models (ids from
the catalog, with a hosting, provider and region that fit the model). About 3% are invalid the
ways real files are (a misspelt key, a value outside an enum, a missing section, broken YAML).
The same (n, seed) always gives the same files, so runs compare.
"""

from __future__ import annotations

import copy
import random
import typing as t
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CATALOG = ROOT / "policies" / "catalog"

CLASSIFICATIONS = ("public", "internal", "internal", "confidential", "confidential", "restricted")
CATEGORIES = ("personal", "health", "financial", "source-code", "trade-secret", "payment-card")
REGIONS = ("eu", "eu", "us", "us", "uk", "ca", "jp", "in", "au", "br", "us-gov", "ch")
QUANTIZATIONS = ("fp16", "int8", "int4")
GPU_MEMORY = (24, 48, 80, 96, 160, 320, 640)
OWNERS = ("platform-ml@example.com", "@org/search", "data-science", "cx-engineering@example.com")
INVALID_RATE = 0.03


def _load(path: Path) -> t.Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def _bases() -> list[dict[str, t.Any]]:
    bases = []
    for path in sorted(EXAMPLES.glob("*/llm-project.yaml")):
        data = _load(path)
        if isinstance(data, dict) and path.parent.name != "invalid-typo":
            bases.append(data)
    return bases


class _Catalog:
    def __init__(self) -> None:
        self.models: dict[str, t.Any] = _load(CATALOG / "models" / "data.yaml")
        self.providers: dict[str, t.Any] = _load(CATALOG / "providers" / "data.yaml")

    def model(self, rng: random.Random, region: str) -> dict[str, t.Any]:
        model_id = rng.choice(sorted(self.models))
        serving = [p for p, v in sorted(self.providers.items()) if model_id in v.get("models", ())]
        open_weights = self.models[model_id].get("weights") == "open"
        if open_weights and (not serving or rng.random() < 0.6):
            return {
                "id": model_id,
                "hosting": "self-hosted",
                "region": region,
                "quantization": rng.choice(QUANTIZATIONS),
            }
        provider = rng.choice(serving)
        info = self.providers[provider]
        regions = info.get("regions") or [region]
        entry: dict[str, t.Any] = {
            "id": model_id,
            "hosting": "vendor-api",
            "provider": provider,
            "region": region if region in regions else rng.choice(regions),
        }
        if info.get("deploymentTypes"):
            entry["deploymentType"] = rng.choice(sorted(info["deploymentTypes"]))
        if rng.random() < 0.4:
            entry["zeroDataRetention"] = True
        return entry


def _vary(
    base: dict[str, t.Any], index: int, rng: random.Random, catalog: _Catalog
) -> dict[str, t.Any]:
    doc = copy.deepcopy(base)
    meta, spec = doc["metadata"], doc["spec"]
    meta["name"] = f"{meta['name'][:50]}-{index:05d}"
    meta["owner"] = rng.choice(OWNERS)
    data = spec["data"]
    data["classification"] = rng.choice(CLASSIFICATIONS)
    if rng.random() < 0.5:
        data["categories"] = sorted(set(rng.sample(CATEGORIES, rng.randint(1, 2))))
    regions = sorted(set(rng.sample(REGIONS, rng.randint(1, 2))))
    spec["residency"]["allowedRegions"] = regions
    spec["deployment"]["gpuMemoryGb"] = rng.choice(GPU_MEMORY)
    if rng.random() < 0.85:
        spec["models"] = [catalog.model(rng, rng.choice(regions)) for _ in range(rng.randint(1, 3))]
    return doc


def _break(text: str, doc: dict[str, t.Any], rng: random.Random) -> str:
    """Make one manifest invalid in one of the ways people get them wrong."""
    how = rng.randrange(4)
    if how == 0:  # a misspelt key
        doc["spec"]["data"]["clasification"] = doc["spec"]["data"].pop("classification")
    elif how == 1:  # a value outside an enum
        doc["spec"]["useCase"]["purpose"] = "sumarization"
    elif how == 2:  # a missing required section
        doc["spec"].pop("deployment")
    else:  # YAML that does not parse: a tab-indented line
        return text.replace("\n  ", "\n\t", 1) + "spec: [\n"
    return yaml.dump(doc, Dumper=yaml.CSafeDumper, sort_keys=False)


def generate(root: Path, n: int, *, seed: int = 7) -> list[Path]:
    """Write `n` manifests under `root` (team-XX/service-YYYYY/llm-project.yaml); return them."""
    rng = random.Random(seed)
    bases, catalog = _bases(), _Catalog()
    paths = []
    for i in range(n):
        doc = _vary(rng.choice(bases), i, rng, catalog)
        text = yaml.dump(doc, Dumper=yaml.CSafeDumper, sort_keys=False)
        if rng.random() < INVALID_RATE:
            text = _break(text, doc, rng)
        path = root / f"team-{i % 40:02d}" / f"service-{i:05d}" / "llm-project.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        header = f"# Generated by bench/generate.py (seed {seed}): manifest {i} of {n}.\n"
        path.write_text(header + text, encoding="utf-8")
        paths.append(path)
    return paths


def ensure(cache: Path, n: int, *, seed: int = 7) -> Path:
    """The folder of `n` generated manifests under `cache`, generated once and then reused."""
    root = cache / f"manifests-{n}-seed{seed}"
    done = root / ".complete"
    if not done.is_file():
        generate(root, n, seed=seed)
        done.write_text("ok\n", encoding="utf-8")
    return root
