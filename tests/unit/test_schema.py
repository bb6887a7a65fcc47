"""The published manifest schema: valid draft 2020-12, documented, strict, and true to the spec."""

from __future__ import annotations

import json
import re
import typing as t
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "schemas" / "manifest.schema.json"
SPEC = ROOT.parent / "shared" / "spec" / "manifest-v1.md"
DATA = ROOT / "tests" / "data"
SPEC_REGIONS = [
    "eu",
    "us",
    "us-gov",
    "uk",
    "ch",
    "ca",
    "cn",
    "ru",
    "in",
    "jp",
    "kr",
    "sg",
    "au",
    "br",
    "sa",
    "ae",
]


@pytest.fixture(scope="module")
def schema() -> dict[str, t.Any]:
    return t.cast(dict[str, t.Any], json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def subschemas(node: t.Any, where: str = "#") -> t.Iterator[tuple[str, dict[str, t.Any]]]:
    if isinstance(node, dict):
        yield where, node
        for key, child in node.items():
            yield from subschemas(child, f"{where}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from subschemas(child, f"{where}/{index}")


def strict_validator(schema: dict[str, t.Any]) -> Draft202012Validator:
    checker = FormatChecker(formats=())
    checker.checks("llm-policy-region")(lambda value: value in SPEC_REGIONS)
    return Draft202012Validator(schema, format_checker=checker)


def test_is_a_valid_draft_2020_12_schema(schema: dict[str, t.Any]) -> None:
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://llm-policy.dev/schemas/manifest-v1.json"
    assert schema["title"]


def test_every_property_has_a_description(schema: dict[str, t.Any]) -> None:
    undocumented = []
    for where, node in subschemas(schema):
        if re.search(r"/(if|then)(/|$)", where):  # conditions, not declarations
            continue
        for name, prop in node.get("properties", {}).items():
            description = prop.get("description")
            if not (isinstance(description, str) and len(description) > 10):
                undocumented.append(f"{where}/properties/{name}")
    assert undocumented == []
    assert schema["$defs"]["regionCode"]["description"]


def test_unknown_fields_are_errors_everywhere(schema: dict[str, t.Any]) -> None:
    # Every object with declared fields closes itself; only labels is an open string map.
    for where, node in subschemas(schema):
        if node.get("type") == "object" and "properties" in node:
            assert node.get("additionalProperties") is False, where
    labels = schema["properties"]["metadata"]["properties"]["labels"]
    assert labels["additionalProperties"] == {"type": "string"}


def test_required_fields_follow_the_spec(schema: dict[str, t.Any]) -> None:
    spec = schema["properties"]["spec"]
    assert schema["required"] == ["apiVersion", "kind", "metadata", "spec"]
    assert schema["properties"]["metadata"]["required"] == ["name", "owner"]
    assert spec["required"] == ["useCase", "data", "residency", "deployment"]
    assert spec["properties"]["useCase"]["required"] == ["purpose", "audience"]
    assert spec["properties"]["residency"]["properties"]["allowedRegions"]["minItems"] == 1
    assert schema["$defs"]["model"]["required"] == ["id", "hosting", "region"]


@pytest.mark.skipif(not SPEC.is_file(), reason="the shared spec is not checked out here")
def test_the_copied_example_is_the_spec_example() -> None:
    block = re.search(r"## 1\. The manifest.*?```yaml\n(.*?)```", SPEC.read_text(), re.S)
    assert block is not None
    copy = (DATA / "valid" / "spec-example.llm-project.yaml").read_text()
    assert copy.split("\n", 1)[1] == block.group(1)


@pytest.mark.skipif(not SPEC.is_file(), reason="the shared spec is not checked out here")
def test_every_enum_value_is_named_in_the_spec(schema: dict[str, t.Any]) -> None:
    section = SPEC.read_text().split("## 2.")[0]
    for where, node in subschemas(schema):
        for value in node.get("enum", []):
            assert re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", section), (where, value)


def test_the_spec_example_is_valid(schema: dict[str, t.Any]) -> None:
    example = yaml.safe_load((DATA / "valid" / "spec-example.llm-project.yaml").read_text())
    assert list(strict_validator(schema).iter_errors(example)) == []


@pytest.mark.parametrize("path", sorted((DATA / "invalid").glob("*.yaml")), ids=lambda p: p.stem)
def test_negative_manifests_are_invalid(schema: dict[str, t.Any], path: Path) -> None:
    manifest = yaml.safe_load(path.read_text())
    assert list(strict_validator(schema).iter_errors(manifest)), path.name


def test_region_codes_have_the_documented_shape(schema: dict[str, t.Any]) -> None:
    pattern = re.compile(schema["$defs"]["regionCode"]["pattern"])
    assert all(pattern.search(code) for code in SPEC_REGIONS)
    assert not any(pattern.search(code) for code in ["EU", "europe", "e", "us_gov", "us-", ""])
