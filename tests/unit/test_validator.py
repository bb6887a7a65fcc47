from __future__ import annotations

import json
import time
import typing as t
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from checker import validator
from checker.errors import EngineError
from checker.loader import LoadedManifest, load_manifest
from checker.problems import Problem
from checker.schema_messages import explain
from checker.validator import load_schema, validate

DATA = Path(__file__).resolve().parents[1] / "data"
REGIONS = ("eu", "us", "us-gov", "uk", "ch", "ca", "cn", "ru", "in", "jp", "kr", "sg", "au")
VALID = (DATA / "valid" / "spec-example.llm-project.yaml").read_text()


def manifest(tmp_path: Path, text: str, name: str = "llm-project.yaml") -> LoadedManifest:
    path = tmp_path / name
    path.write_text(text)
    loaded = load_manifest(path)
    assert isinstance(loaded, LoadedManifest), loaded
    return loaded


def edit(old: str, new: str) -> str:
    assert VALID.count(old) == 1, old
    return VALID.replace(old, new)


def test_the_spec_example_has_no_problems(tmp_path: Path) -> None:
    assert validate(manifest(tmp_path, VALID), regions=REGIONS) == []


def expectations(path: Path) -> tuple[str, str]:
    first, second = path.read_text().splitlines()[:2]
    return first.removeprefix("# expect-path: "), second.removeprefix("# expect-message: ")


@pytest.mark.parametrize("path", sorted((DATA / "invalid").glob("*.yaml")), ids=lambda p: p.stem)
def test_negative_manifests_first_problem(path: Path) -> None:
    expected_path, expected_message = expectations(path)
    loaded = load_manifest(path)
    assert isinstance(loaded, LoadedManifest)
    problems = validate(loaded, regions=REGIONS)
    assert problems, "expected a problem"
    first = problems[0]
    assert first.path == expected_path
    assert expected_message in first.message
    assert first.line is not None and first.line > 2  # past the two expectation comments
    assert first.column is not None


def test_problems_are_located_and_sorted_by_line(tmp_path: Path) -> None:
    text = edit("purpose: summarization", "purpose: sumarization")
    text = text.replace("  name: claims-triage", "  name: Claims")
    problems = validate(manifest(tmp_path, text), regions=REGIONS)
    assert [(p.path, p.line, p.column) for p in problems] == [
        ("metadata.name", 5, 3),
        ("spec.useCase.purpose", 11, 5),
    ]
    assert problems[1].message == (
        "'sumarization' is not one of 'chat-assistant', 'content-generation', 'summarization', "
        "'code-assistance', 'search-rag', 'classification', 'decision-support', "
        "'agentic-automation', 'other' — did you mean 'summarization'?"
    )


def test_a_misspelt_required_field_is_reported_once(tmp_path: Path) -> None:
    text = edit("    classification: confidential", "    clasification: confidential")
    assert validate(manifest(tmp_path, text)) == [
        Problem(
            "spec.data.clasification",
            "unknown field 'clasification' — did you mean 'classification'?",
            22,
            5,
        )
    ]


def test_a_missing_field_is_located_at_the_mapping_that_lacks_it(tmp_path: Path) -> None:
    text = edit("    audience: internal", "")
    (problem,) = validate(manifest(tmp_path, text))
    assert problem == Problem("spec.useCase.audience", "missing required field 'audience'", 10, 3)


def test_unknown_field_without_a_close_match_lists_the_allowed_ones(tmp_path: Path) -> None:
    text = edit("    humanOversight: true", "    humanOversight: true\n    xyz: 1")
    (problem,) = validate(manifest(tmp_path, text))
    assert problem.message == (
        "unknown field 'xyz'; expected one of: audience, commercial, domains, euAiActRisk, "
        "highRiskDerogation, humanOversight, markets, profiling, publicService, purpose, workplace"
    )


def test_region_codes_are_checked_only_against_a_given_catalog(tmp_path: Path) -> None:
    loaded = manifest(tmp_path, edit("allowedRegions: [eu]", "allowedRegions: [eu, xy]"))
    assert validate(loaded) == []
    (problem,) = validate(loaded, regions=REGIONS)
    assert problem.path == "spec.residency.allowedRegions[1]"
    assert problem.message == (
        "unknown region code 'xy'; known codes: au, ca, ch, cn, eu, in, jp, kr, ru, sg, uk, "
        "us, us-gov"
    )
    assert validate(loaded, regions=(*REGIONS, "xy")) == []


def test_region_typos_get_a_suggestion(tmp_path: Path) -> None:
    loaded = manifest(
        tmp_path,
        edit("eu                   # where it runs / where the vendor processes", "us-gv"),
    )
    (problem,) = validate(loaded, regions=REGIONS)
    assert problem.message == "unknown region code 'us-gv' — did you mean 'us-gov'?"
    assert problem.path == "spec.models[0].region"


def test_region_shape_without_a_catalog(tmp_path: Path) -> None:
    (problem,) = validate(manifest(tmp_path, edit("subjectRegions: [eu]", "subjectRegions: [EU]")))
    assert problem.message == (
        "invalid value 'EU': use a lowercase region code such as eu, us, us-gov or uk."
    )


def test_json_manifests_are_located_too(tmp_path: Path) -> None:
    data = {"apiVersion": "llm-policy/v1", "kind": "LLMProject", "metadata": {"name": "x"}}
    text = json.dumps(data, indent=2)
    problems = validate(manifest(tmp_path, text, "llm-project.json"))
    assert [(p.path, p.message, p.line, p.column) for p in problems] == [
        ("spec", "missing required field 'spec'", 1, 1),
        ("metadata.owner", "missing required field 'owner'", 4, 3),
    ]


def test_best_match_picks_one_alternative_of_any_of() -> None:
    schema: dict[str, t.Any] = {
        "type": "object",
        "properties": {
            "size": {
                "anyOf": [
                    {"type": "integer", "minimum": 1},
                    {"type": "string", "enum": ["small", "large"]},
                ]
            }
        },
    }
    (error,) = Draft202012Validator(schema).iter_errors({"size": "smal"})
    findings = explain(error, schema, ())
    assert [(f.parts, f.message) for f in findings] == [
        (("size",), "'smal' is not one of 'small', 'large' — did you mean 'small'?")
    ]


def test_best_match_picks_the_branch_of_one_of_that_fits_the_type() -> None:
    schema: dict[str, t.Any] = {
        "oneOf": [
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
            {"type": "array", "items": {"type": "string"}},
        ]
    }
    (error,) = Draft202012Validator(schema).iter_errors({"a": 1})
    (finding,) = explain(error, schema, ())
    assert (finding.parts, finding.message) == (
        ("a",),
        'expected a string, got a number 1; quote it: "1"',
    )


def test_load_schema_returns_a_private_copy() -> None:
    first = load_schema()
    first["title"] = "changed"
    assert load_schema()["title"] != "changed"
    assert load_schema()["$id"] == "https://llm-policy.dev/schemas/manifest-v1.json"


def test_a_missing_schema_cannot_pass_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validator, "resource_dir", lambda name: tmp_path / name)
    validator._schema.cache_clear()
    try:
        with pytest.raises(EngineError, match="the manifest schema is missing"):
            load_schema()
    finally:
        validator._schema.cache_clear()  # failures are not cached; this keeps it that way


@pytest.mark.parametrize(
    "owner",
    [
        "a@" + "a." * 500_000 + "@",  # backtracked quadratically in the old owner pattern
        "x" * 1_000_000,
    ],
)
def test_huge_values_are_checked_quickly_and_shown_short(tmp_path: Path, owner: str) -> None:
    text = edit("owner: claims-platform@example.com", f"owner: '{owner}'")
    started = time.monotonic()
    problems = validate(manifest(tmp_path, text), regions=REGIONS)
    assert time.monotonic() - started < 2
    assert [p.message for p in problems] == [f"is {len(owner)} characters long; the limit is 254"]


def test_a_pattern_is_still_checked_within_max_length(tmp_path: Path) -> None:
    text = edit("owner: claims-platform@example.com", "owner: 'a@b..c'")
    (problem,) = validate(manifest(tmp_path, text), regions=REGIONS)
    assert problem.message.startswith("invalid value 'a@b..c': use an e-mail address")


def test_long_invalid_values_are_quoted_short(tmp_path: Path) -> None:
    text = edit("purpose: summarization", f"purpose: {'x' * 5000}")
    (problem,) = validate(manifest(tmp_path, text), regions=REGIONS)
    assert problem.message.startswith(f"'{'x' * 60}…' (5000 characters) is not one of")
    assert len(problem.message) < 400


@pytest.mark.parametrize(
    ("count", "problems"), [(100, []), (101, ["lists 101 values; the limit is 100"])]
)
def test_a_manifest_requests_at_most_100_models(
    tmp_path: Path, count: int, problems: list[str]
) -> None:
    # Policy evaluation grows with the square of the models: 1,000 took 24 s on regorus.
    model = "\n    - {id: llama-3.1-70b, hosting: self-hosted, region: eu}"
    text = VALID[: VALID.index("  models:")] + "  models:" + model * count + "\n"
    found = validate(manifest(tmp_path, text), regions=REGIONS)
    assert [p.message for p in found] == problems
    assert all((p.path, p.line) == ("spec.models", 53) for p in found)


def test_jsonschema_fallback_messages_are_cut_short() -> None:
    error = next(
        Draft202012Validator({"maxProperties": 1}).iter_errors({str(i): i for i in range(500)})
    )
    (finding,) = explain(error, {}, ())
    assert len(finding.message) <= 200 and finding.message.endswith("…")
