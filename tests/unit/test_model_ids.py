"""The ids people write: aliases resolved to catalog ids, and hints that never cross a version."""

from __future__ import annotations

import pytest

from checker.aliases import Alias, build_alias_index, resolve_models
from checker.errors import UsageError
from checker.suggest import family_version, suggest_model

CATALOG = {
    "models": {"claude-3.5-sonnet": {}, "gpt-4o": {}, "llama-4-scout": {}},
    "aliases": {
        "claude-3.5-sonnet": {
            "ids": ["claude-3-5-sonnet-20241022"],
            "providers": {"aws-bedrock": ["us.anthropic.claude-3-5-sonnet-20241022-v2:0"]},
        },
        "llama-4-scout": {"huggingface": ["meta-llama/Llama-4-Scout-17B-16E-Instruct"]},
    },
}


def manifest(*ids):
    return {"spec": {"models": [{"id": i, "hosting": "vendor-api"} for i in ids]}}


def test_catalog_ids_and_every_kind_of_alias_resolve_case_insensitively():
    index = build_alias_index(CATALOG)
    assert index["gpt-4o"] == Alias("gpt-4o")
    assert index["claude-3-5-sonnet-20241022"] == Alias("claude-3.5-sonnet")
    assert index["us.anthropic.claude-3-5-sonnet-20241022-v2:0"] == Alias(
        "claude-3.5-sonnet", "aws-bedrock"
    )
    written = ("GPT-4o", "meta-llama/Llama-4-Scout-17B-16E-Instruct", "no-such-model")
    resolved, kept = resolve_models(manifest(*written), index)
    assert [m["id"] for m in resolved["spec"]["models"]] == [
        "gpt-4o",
        "llama-4-scout",
        "no-such-model",
    ]
    assert kept == written


def test_a_manifest_of_catalog_ids_is_returned_as_it_is():
    data = manifest("gpt-4o")
    resolved, kept = resolve_models(data, build_alias_index(CATALOG))
    assert resolved is data and kept == ("gpt-4o",)


def test_an_alias_of_two_models_is_a_usage_error_naming_both():
    clash = {
        **CATALOG,
        "aliases": {**CATALOG["aliases"], "gpt-4o": {"ids": ["Claude-3-5-Sonnet-20241022"]}},
    }
    with pytest.raises(UsageError, match=r"names two models, claude-3\.5-sonnet and gpt-4o"):
        build_alias_index(clash)
    with pytest.raises(UsageError, match="not a catalog model id"):
        build_alias_index({**CATALOG, "aliases": {"gpt-9": {"ids": ["x"]}}})


@pytest.mark.parametrize(
    ("model_id", "expected"),
    [
        ("gpt-5", ("gpt", 5.0)),
        ("claude-3.5-sonnet", ("claude-sonnet", 3.5)),
        ("claude-sonnet-4.5", ("claude-sonnet", 4.5)),
        ("qwen3-235b-a22b", ("qwen", 3.0)),
        ("deepseek-v3-0324", ("deepseek-v", 3.0)),
        ("llama-3.2-11b-vision", ("llama-vision", 3.2)),
        ("gpt-oss-120b", None),
        ("command-r-plus", None),
    ],
)
def test_family_and_version(model_id, expected):
    assert family_version(model_id) == expected


IDS = ["gpt-4", "gpt-4o", "gpt-4.1", "gpt-5", "gpt-5-mini", "claude-sonnet-4.5", "llama-3.1-70b"]


def test_a_hint_never_crosses_a_version():
    assert suggest_model("gpt-5-nano", IDS) == " (did you mean 'gpt-5-mini'?)"
    assert "did you mean" not in suggest_model("gpt-5", ["gpt-4", "gpt-4o"])
    assert suggest_model("gpt-4o-turbo", IDS) == " (did you mean 'gpt-4o'?)"
    assert suggest_model("lama-3.1-70b", IDS) == " (did you mean 'llama-3.1-70b'?)"


def test_a_newer_version_than_the_catalog_has_says_the_catalog_may_be_out_of_date():
    hint = suggest_model("gpt-7", IDS)
    assert "no gpt model newer than gpt-5 is in the catalog" in hint
    assert "llm-policy catalog update" in hint
    assert "claude-sonnet-4.5" in suggest_model("claude-sonnet-5", IDS)
    assert (
        suggest_model("gpt-4.5", IDS)
        == " (the catalog's gpt models: gpt-4, gpt-4.1, gpt-4o, gpt-5)"
    )
