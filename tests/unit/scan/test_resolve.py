"""Resolution through the catalog's aliases, Bedrock profiles and ARNs, endpoints and regions."""

from __future__ import annotations

import pytest

from checker.scan.endpoints import find_endpoints
from checker.scan.regions import cloud_region
from checker.scan.resolve import Resolution


@pytest.mark.parametrize(
    ("text", "provider", "expected"),
    [
        ("gpt-4o", None, Resolution("gpt-4o", None, None, None)),
        ("GPT-4O", "openai", Resolution("gpt-4o", "openai", None, None)),
        ("gpt-4o", "azure-openai", Resolution("gpt-4o", "azure-openai", None, None)),
        (
            "anthropic.claude-sonnet-4-5-20250929-v1:0",
            None,
            Resolution("claude-sonnet-4.5", "aws-bedrock", None, None),
        ),
        (
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            None,
            Resolution("claude-sonnet-4.5", "aws-bedrock", "us", "geo"),
        ),
        (
            "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
            None,
            Resolution("claude-sonnet-4.5", "aws-bedrock", "eu", "geo"),
        ),
        (
            "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
            None,
            Resolution("claude-sonnet-4.5", "aws-bedrock", None, "global"),
        ),
        (
            "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/"
            "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
            None,
            Resolution("claude-sonnet-4.5", "aws-bedrock", "eu", "geo"),
        ),
        ("claude-sonnet-4-5@20250929", None, Resolution("claude-sonnet-4.5", "google-vertex")),
        ("meta-llama/Llama-3.1-8B-Instruct", None, Resolution("llama-3.1-8b")),
        ("meta-llama/llama-3.1-8b-instruct", None, Resolution("llama-3.1-8b")),
        ("models/gemini-2.5-flash", None, Resolution("gemini-2.5-flash")),
        ("gpt-oss:20b", None, Resolution("gpt-oss-20b")),
        ("no-such-model", "openai", Resolution(None, "openai")),
        ("gpt-4o", "mistral", Resolution("gpt-4o", None)),  # not a catalog provider
    ],
)
def test_resolve(resolver, text: str, provider: str | None, expected: Resolution) -> None:
    assert resolver.resolve(text, provider) == expected


def test_self_hosted_drops_the_provider(resolver) -> None:
    got = resolver.resolve("us.meta.llama3-1-8b-instruct-v1:0", self_hosted=True)
    assert got.model == "llama-3.1-8b" and got.provider is None


def test_unknown_bedrock_profile_spelling(resolver) -> None:
    assert resolver.bedrock_profile("us.openai.gpt-9-x") == Resolution(
        None, "aws-bedrock", "us", "geo"
    )
    assert resolver.bedrock_profile("us.example.com") is None
    assert resolver.bedrock_profile("eu.anthropic") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://api.openai.com/v1", [("api.openai.com", "openai", None, None)]),
        (
            "https://my-res.openai.azure.com/",
            [("my-res.openai.azure.com", "azure-openai", None, None)],
        ),
        (
            "https://swedencentral.api.cognitive.microsoft.com",
            [("swedencentral.api.cognitive.microsoft.com", "azure-openai", "eu", None)],
        ),
        ("api.anthropic.com", [("api.anthropic.com", "anthropic", None, None)]),
        (
            "https://bedrock-runtime.eu-west-2.amazonaws.com",
            [("bedrock-runtime.eu-west-2.amazonaws.com", "aws-bedrock", "uk", None)],
        ),
        (
            "https://bedrock-runtime.me-south-1.amazonaws.com",
            [("bedrock-runtime.me-south-1.amazonaws.com", "aws-bedrock", None, None)],
        ),
        (
            "https://europe-west4-aiplatform.googleapis.com/v1",
            [("europe-west4-aiplatform.googleapis.com", "google-vertex", "eu", None)],
        ),
        (
            "https://aiplatform.googleapis.com/v1",
            [("aiplatform.googleapis.com", "google-vertex", None, "global")],
        ),
        (
            "https://generativelanguage.googleapis.com",
            [("generativelanguage.googleapis.com", "google-ai-studio", None, None)],
        ),
        ("https://api.cohere.com/v2", [("api.cohere.com", "cohere", None, None)]),
        ("https://api.mistral.ai/v1", [("api.mistral.ai", "mistral", None, None)]),
        ("https://notapi.openai.com.evil.example", []),
        ("https://api.openai.com.evil.example/v1", []),
        ("see api.openai.com.", [("api.openai.com", "openai", None, None)]),
        ("https://xapi.openai.com", []),
        ("hello", []),
    ],
)
def test_endpoints(value: str, expected: list[tuple[str, str, str | None, str | None]]) -> None:
    got = [(e.text, e.provider, e.region, e.deployment_type) for e in find_endpoints(value)]
    assert got == expected


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("us-east-1", "us"),
        ("eu-west-1", "eu"),
        ("europe-west4", "eu"),
        ("eu-central-2", "ch"),
        ("ap-northeast-1", "jp"),
        ("us-gov-west-1", "us-gov"),
        ("eu-west-9", None),
        ("mars-north-1", None),
        ("", None),
        (None, None),
    ],
)
def test_cloud_regions(name: str | None, code: str | None) -> None:
    assert cloud_region(name) == code


def test_region_codes_are_catalog_regions(catalog) -> None:
    from checker.scan import regions

    known = set(catalog["regions"])
    for table in (regions.AWS_REGIONS, regions.GCP_REGIONS, regions.AZURE_REGIONS):
        assert set(table.values()) <= known
    assert {r for _, r in regions.BEDROCK_PROFILES.values() if r} <= known
