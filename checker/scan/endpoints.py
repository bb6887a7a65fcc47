"""Vendor endpoints inside string values: which provider a URL or host names, and its region.

The regular expressions here run over the content of one string literal the parser gave (or one
configuration value), never over source code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.scan.regions import AWS_REGIONS, AZURE_REGIONS, GCP_REGIONS


@dataclass(frozen=True)
class Endpoint:
    """A vendor host found at `offset` in a string."""

    offset: int
    text: str
    provider: str | None
    region: str | None = None
    deployment_type: str | None = None


_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
# (pattern over the host, provider, how the region is read: "aws", "gcp", "azure" or None)
_HOSTS: tuple[tuple[re.Pattern[str], str, str | None], ...] = tuple(
    (re.compile(p, re.IGNORECASE), provider, kind)
    for p, provider, kind in (
        (r"api\.openai\.com", "openai", None),
        (rf"{_LABEL}\.openai\.azure\.com", "azure-openai", None),
        (rf"(?P<region>{_LABEL})\.api\.cognitive\.microsoft\.com", "azure-openai", "azure"),
        (r"api\.anthropic\.com", "anthropic", None),
        (
            r"bedrock(?:-agent)?(?:-runtime)?(?:-fips)?\.(?P<region>[a-z]{2}(?:-gov)?-[a-z]+-\d)"
            r"\.amazonaws\.com",
            "aws-bedrock",
            "aws",
        ),
        (rf"(?P<region>{_LABEL})-aiplatform\.googleapis\.com", "google-vertex", "gcp"),
        (r"aiplatform\.googleapis\.com", "google-vertex", None),
        (r"generativelanguage\.googleapis\.com", "google-ai-studio", None),
        (r"api\.cohere\.(?:com|ai)", "cohere", None),
        (r"api\.mistral\.ai", "mistral", None),
    )
)


def find_endpoints(value: str) -> list[Endpoint]:
    """The vendor hosts in `value`, each once, in order (a string rarely holds more than one)."""
    if "." not in value or len(value) > 4096:
        return []
    found: list[Endpoint] = []
    taken: set[int] = set()
    for pattern, provider, kind in _HOSTS:
        for match in pattern.finditer(value):
            start = match.start()
            if start in taken or any(start > s and start < e for s, e in _spans(found)):
                continue
            if start > 0 and re.match(r"[a-z0-9.-]", value[start - 1], re.IGNORECASE):
                continue
            end = match.end()
            if end < len(value) and re.match(
                r"[a-z0-9-]|\.[a-z0-9]", value[end : end + 2], re.IGNORECASE
            ):
                continue  # a longer host (api.openai.com.example.org is not OpenAI's)
            region = None
            deployment = None
            name = match.groupdict().get("region")
            if kind == "aws" and name:
                region = AWS_REGIONS.get(name.lower())
            elif kind == "gcp" and name:
                region = GCP_REGIONS.get(name.lower())
            elif kind == "azure" and name:
                region = AZURE_REGIONS.get(name.lower())
            elif provider == "google-vertex":
                deployment = "global"  # the location-less host is Vertex AI's global endpoint
            taken.add(start)
            found.append(Endpoint(start, match.group(0), provider, region, deployment))
    return sorted(found, key=lambda e: e.offset)


def _spans(found: list[Endpoint]) -> list[tuple[int, int]]:
    return [(e.offset, e.offset + len(e.text)) for e in found]
