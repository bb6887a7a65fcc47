"""From the id code writes to the catalog's model, provider, region and deployment type.

Resolution goes through `checker.aliases.build_alias_index` (catalog ids and every alias, case
insensitive). A provider's own spelling (a Bedrock id, a Vertex `@date` id) names its provider;
an id that several providers share (the vendor API id `gpt-4o`, also an Azure OpenAI model name)
names none by itself: the SDK the code calls says it. Bedrock cross-region inference profiles
(`us.`, `eu.`, `apac.`, `global.`...) and Bedrock ARNs carry a deployment type and a region.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from checker.aliases import Alias, build_alias_index
from checker.scan.regions import BEDROCK_PROFILES, cloud_region

BEDROCK = "aws-bedrock"
SELF_HOSTED = "self-hosted"
VENDOR_API = "vendor-api"


@dataclass(frozen=True)
class Resolution:
    """What an id resolves to; every field None when the code does not say it."""

    model: str | None = None
    provider: str | None = None
    region: str | None = None
    deployment_type: str | None = None


def _neutral_spellings(catalog: t.Mapping[str, t.Any]) -> frozenset[str]:
    """Catalog ids, vendor API ids and Hugging Face ids: spellings that name no provider."""
    out = {str(m).lower() for m in catalog.get("models") or {}}
    for entry in (catalog.get("aliases") or {}).values():
        if isinstance(entry, dict):
            out.update(str(a).lower() for a in entry.get("ids") or ())
            out.update(str(a).lower() for a in entry.get("huggingface") or ())
    return frozenset(out)


# Model vendors in Bedrock ids (`anthropic.claude-...`, `us.meta.llama3-...`): a cross-region
# profile prefix followed by one of them is Bedrock's spelling even when the catalog lacks it.
_BEDROCK_VENDORS = frozenset(
    {
        "anthropic",
        "meta",
        "amazon",
        "mistral",
        "cohere",
        "ai21",
        "openai",
        "deepseek",
        "qwen",
        "writer",
        "twelvelabs",
        "stability",
        "luma",
        "google",
        "nvidia",
        "minimax",
        "moonshot",
    }
)


class Resolver:
    """Resolves ids against one catalog (built once per scan)."""

    def __init__(self, catalog: t.Mapping[str, t.Any]) -> None:
        self.index: dict[str, Alias] = build_alias_index(catalog)
        self.neutral = _neutral_spellings(catalog)
        self.providers = frozenset(str(p) for p in catalog.get("providers") or {})

    def provider(self, provider: str | None) -> str | None:
        """`provider` when it is a catalog provider id (a scan reports catalog ids or None)."""
        return provider if provider is not None and provider in self.providers else None

    def bedrock_profile(self, text: str) -> Resolution | None:
        """An unknown id spelled as a Bedrock cross-region profile (`us.openai.gpt-x`), if so."""
        parts = text.strip().split(".")
        if len(parts) < 3 or parts[0].lower() not in BEDROCK_PROFILES:
            return None
        if parts[1].lower() not in _BEDROCK_VENDORS or not all(parts[2:]):
            return None
        if any(c.isspace() or c == "/" for c in text.strip()):
            return None
        deployment, region = BEDROCK_PROFILES[parts[0].lower()]
        return Resolution(None, self.provider(BEDROCK), region, deployment)

    def known(self, text: str) -> bool:
        """Whether `text` names a catalog model (directly, or as a profile, ARN or path)."""
        return self.resolve(text).model is not None

    def _core(self, text: str) -> tuple[str, str | None, str | None]:
        """(id, region, deployment type) with a Bedrock ARN's region and profile prefix read."""
        core = text.strip()
        region: str | None = None
        deployment: str | None = None
        if core.startswith("arn:aws") and ":bedrock:" in core:
            parts = core.split(":", 5)
            region = cloud_region(parts[3]) if len(parts) > 3 else None
            core = core.rsplit("/", 1)[-1]
        head, dot, rest = core.partition(".")
        if dot and head.lower() in BEDROCK_PROFILES and "." in rest:
            deployment, profile_region = BEDROCK_PROFILES[head.lower()]
            region = profile_region
        for prefix in ("models/", "publishers/"):
            if core.lower().startswith(prefix) and "/models/" in core.lower() + "/":
                core = core.rsplit("/", 1)[-1]
        if core.lower().startswith("models/"):
            core = core[len("models/") :]
        return core, region, deployment

    def resolve(
        self, text: str, provider: str | None = None, *, self_hosted: bool = False
    ) -> Resolution:
        """Model, provider, region, deployment type of the id `text` as code writes it.

        `provider` is what the SDK says (it wins over the spelling); `self_hosted` drops the
        provider (weights run locally: transformers, vLLM, Ollama, a serving image).
        """
        core, region, deployment = self._core(text)
        alias = self.index.get(core.lower())
        if alias is None and deployment is not None:
            alias = self.index.get(core.split(".", 1)[1].lower())
        if alias is None and core != text.strip():
            alias = self.index.get(text.strip().lower())
        if alias is None and core.count(":") == 1 and "/" not in core and "." not in core:
            # an Ollama tag: gpt-oss:20b is the catalog's gpt-oss-20b
            alias = self.index.get(core.replace(":", "-").lower())
        spelled: str | None = None
        if alias is not None and alias.provider is not None and core.lower() not in self.neutral:
            spelled = alias.provider
        if deployment is not None and spelled is None:
            spelled = BEDROCK
        chosen = None if self_hosted else self.provider(provider or spelled)
        return Resolution(
            model=alias.model if alias is not None else None,
            provider=chosen,
            region=region,
            deployment_type=deployment,
        )
