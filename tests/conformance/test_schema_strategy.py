"""The schema-derived strategy: instances of the manifest schema, steerable by pointer."""

from __future__ import annotations

import typing as t

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from checker.validator import load_schema
from tests.conformance.schema_strategy import UnsupportedSchema, build_strategy

SCHEMA = load_schema()
VALIDATOR = Draft202012Validator(SCHEMA)  # without the region format: any well-shaped code
QUICK = settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def paths(value: t.Any, prefix: str = "") -> t.Iterator[str]:
    """Dotted paths of every key in `value`, list indexes left out."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{prefix}{key}"
            yield from paths(item, f"{prefix}{key}.")
    elif isinstance(value, list):
        for item in value:
            yield from paths(item, prefix)


def test_every_instance_is_valid_and_every_field_is_reached() -> None:
    seen: set[str] = set()

    @QUICK
    @given(build_strategy(SCHEMA))
    def check(manifest: dict[str, t.Any]) -> None:
        errors = [e.message for e in VALIDATOR.iter_errors(manifest)]
        assert not errors, (manifest, errors)
        seen.update(paths(manifest))

    check()
    model_fields = set(SCHEMA["$defs"]["model"]["properties"])
    spec = SCHEMA["properties"]["spec"]["properties"]
    wanted = {f"spec.models.{f}" for f in model_fields} | {
        f"spec.{section}.{field}"
        for section, schema in spec.items()
        for field in schema.get("properties", {})
    }
    assert wanted <= seen, sorted(wanted - seen)


@QUICK
@given(build_strategy(SCHEMA, pointer="/$defs/model"))
def test_a_part_of_the_schema_and_its_conditions(model: dict[str, t.Any]) -> None:
    if model["hosting"] == "vendor-api":
        assert "provider" in model and "quantization" not in model
    else:
        assert not {"provider", "deploymentType", "zeroDataRetention", "baaSigned"} & set(model)
    if model.get("provider") == "azure-openai" and "deploymentType" in model:
        assert model["deploymentType"] in ("standard", "data-zone", "global")


@QUICK
@given(
    build_strategy(
        SCHEMA,
        overrides={"/$defs/regionCode": st.just("eu"), "/$defs/model/properties/id": st.just("x")},
    )
)
def test_overrides_replace_the_strategy_at_their_pointer(manifest: dict[str, t.Any]) -> None:
    assert manifest["spec"]["residency"]["allowedRegions"] == ["eu"]  # unique items of one value
    assert all(m["id"] == "x" and m["region"] == "eu" for m in manifest["spec"].get("models", []))


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "format": "email", "oneOf": []},
        {"type": "null"},
        {"$ref": "other.json#/x"},
        {"type": "object", "properties": {}, "allOf": [{"not": {}}]},
    ],
)
def test_constructs_it_does_not_know_are_refused(schema: dict[str, t.Any]) -> None:
    with pytest.raises(UnsupportedSchema):
        build_strategy(schema)
