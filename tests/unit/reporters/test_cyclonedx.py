"""The CycloneDX 1.6 AI-BOM (`--format cyclonedx`), rendered from results built in the test.

Every document is checked with cyclonedx-python-lib's strict 1.6 JSON validator; the catalog is
the shipped one, so vendors, licences and releases are the catalog's own.
"""

from __future__ import annotations

import dataclasses
import json
import typing as t

import pytest
from cyclonedx import spdx
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from checker.policy_set import build_policy_set
from checker.reporters import build_reporter
from checker.reporters.cyclonedx import match_evidence, serial_number, timestamp
from checker.result import Decision, ManifestResult, ModelVerdict, ModeVerdict, RunReport
from checker.scan.reference import ENDPOINT, MODEL_ID, SDK_CALL, ScanReference
from tests import factories

VALIDATOR = JsonStrictValidator(SchemaVersion.V1_6)
MANIFEST = "services/claims/llm-project.yaml"
PROJECT = f"project:{MANIFEST}"


@pytest.fixture(scope="module")
def catalog() -> dict[str, t.Any]:
    return build_policy_set(catalog=None).data["catalog"]


def facts(*models: dict[str, t.Any], classification: str = "confidential", **data: t.Any):
    return {
        "metadata": {"name": "claims-triage", "owner": "claims@example.com"},
        "spec": {"data": {"classification": classification, **data}, "models": list(models)},
    }


CLAUDE = {"id": "anthropic.claude-3-5-sonnet-20240620-v1:0", "hosting": "vendor-api"}
CLAUDE |= {"provider": "aws-bedrock", "region": "eu", "deploymentType": "regional"}
LLAMA = {"id": "llama-4-scout", "hosting": "self-hosted", "region": "eu", "quantization": "int4"}
GPTJ = {"id": "gpt-j-6b", "hosting": "self-hosted", "quantization": "fp16"}


def result(
    *models: dict[str, t.Any],
    verdicts: t.Sequence[ModelVerdict] = (),
    evidence: t.Sequence[ScanReference] = (),
    manifest: str = MANIFEST,
    project: str = "claims-triage",
    sha256: str = "ab" * 32,
    **data: t.Any,
) -> ManifestResult:
    decision = Decision(
        self_hosted=ModeVerdict(True),
        vendor_api=ModeVerdict(False),
        models=tuple(verdicts),
        recommendation="self-hosted",
    )
    return ManifestResult(
        manifest=manifest,
        project=project,
        sha256=sha256,
        decision=decision,
        facts=facts(*models, **data),
        evidence=tuple(evidence),
    )


def three_models(**kwargs: t.Any) -> ManifestResult:
    verdicts = (
        ModelVerdict(
            0,
            "claude-3.5-sonnet",
            "vendor-api",
            "aws-bedrock",
            False,
            ("LLM-DATA-002", "LLM-RES-001"),
            CLAUDE["id"],
        ),
        ModelVerdict(1, "llama-4-scout", "self-hosted", None, True, (), "llama-4-scout"),
        ModelVerdict(2, "gpt-j-6b", "self-hosted", None, True, (), "gpt-j-6b"),
    )
    return result(CLAUDE, LLAMA, GPTJ, verdicts=verdicts, categories=["personal"], **kwargs)


def report_of(catalog: dict[str, t.Any], *results: ManifestResult) -> RunReport:
    return dataclasses.replace(factories.run_report(*results, rules={}), catalog=catalog)


def render(report: RunReport) -> str:
    return build_reporter("cyclonedx").render(report)


def bom(report: RunReport) -> dict[str, t.Any]:
    text = render(report)
    error = VALIDATOR.validate_str(text)
    assert error is None, getattr(error, "data", error)
    return t.cast("dict[str, t.Any]", json.loads(text))


def props(item: dict[str, t.Any]) -> dict[str, str]:
    return {p["name"]: p.get("value", "") for p in item.get("properties", ())}


def component(document: dict[str, t.Any], ref: str) -> dict[str, t.Any]:
    (found,) = [c for c in document["components"] if c["bom-ref"] == ref]
    return found


def depends_on(document: dict[str, t.Any], ref: str) -> list[str]:
    (found,) = [d for d in document["dependencies"] if d["ref"] == ref]
    return t.cast("list[str]", found.get("dependsOn", []))


def test_the_shared_report_is_a_valid_bom(report, catalog):
    # three manifests (failing, passing, invalid with hostile text) and no facts: still valid
    document = bom(dataclasses.replace(report, catalog=catalog))
    assert document["bomFormat"] == "CycloneDX"
    assert document["specVersion"] == "1.6"
    assert list(document)[:3] == ["$schema", "bomFormat", "specVersion"]
    assert document["metadata"]["component"]["bom-ref"] == "run"


def test_one_manifest_is_the_bom_component(catalog):
    document = bom(report_of(catalog, three_models()))
    project = document["metadata"]["component"]
    assert project["type"] == "application"
    assert project["name"] == "claims-triage"
    assert project["bom-ref"] == PROJECT
    p = props(project)
    assert p["llm-policy:manifest"] == MANIFEST
    assert p["llm-policy:manifest-sha256"] == "ab" * 32
    assert p["llm-policy:data-classification"] == "confidential"
    assert p["llm-policy:passed"] == "true"
    assert p["llm-policy:recommendation"] == "self-hosted"
    assert p["llm-policy:vendor-api-allowed"] == "false"
    # the project depends on each model and on the vendor API
    assert set(depends_on(document, PROJECT)) == {
        f"{PROJECT}#model-0",
        f"{PROJECT}#model-1",
        f"{PROJECT}#model-2",
        f"{PROJECT}#service-aws-bedrock",
    }


def test_a_closed_vendor_model_has_its_vendor_and_no_licence(catalog):
    document = bom(report_of(catalog, three_models()))
    claude = component(document, f"{PROJECT}#model-0")
    assert claude["type"] == "machine-learning-model"
    assert claude["name"] == "claude-3.5-sonnet"
    assert claude["description"] == "Claude 3.5 Sonnet"
    assert claude["supplier"] == {"name": "Anthropic"}
    assert claude["version"] == catalog["models"]["claude-3.5-sonnet"]["released"]
    assert "licenses" not in claude
    p = props(claude)
    assert p["llm-policy:hosting"] == "vendor-api"
    assert p["llm-policy:provider"] == "aws-bedrock"
    assert p["llm-policy:region"] == "eu"
    assert p["llm-policy:deployment-type"] == "regional"
    assert p["llm-policy:written-id"] == CLAUDE["id"]
    assert p["llm-policy:allowed"] == "false"
    assert p["llm-policy:violations"] == "LLM-DATA-002, LLM-RES-001"
    # the model is called through its provider's service
    assert depends_on(document, f"{PROJECT}#model-0") == [f"{PROJECT}#service-aws-bedrock"]


def test_an_apache_model_has_its_spdx_id(catalog):
    gptj = component(bom(report_of(catalog, three_models())), f"{PROJECT}#model-2")
    assert gptj["licenses"] == [{"license": {"id": "Apache-2.0", "acknowledgement": "declared"}}]
    assert gptj["supplier"] == {"name": "EleutherAI"}
    p = props(gptj)
    assert p["llm-policy:quantization"] == "fp16"
    assert p["llm-policy:allowed"] == "true"
    assert "llm-policy:violations" not in p
    assert "llm-policy:written-id" not in p


def test_a_community_licence_is_a_licence_ref_with_its_name_and_url(catalog):
    llama = component(bom(report_of(catalog, three_models())), f"{PROJECT}#model-1")
    licences = {item["license"]["name"]: item["license"] for item in llama["licenses"]}
    assert set(licences) == {
        "LicenseRef-llama4_community",
        "LicenseRef-llama4_multimodal_eu_carveout",
    }
    community = licences["LicenseRef-llama4_community"]
    entry = catalog["licenses"]["llama4_community"]
    assert community["url"] == entry.get("url", entry["sources"][0])
    assert props(community) == {
        "llm-policy:license-id": "llama4_community",
        "llm-policy:license-name": entry["name"],
    }
    assert "id" not in community
    # both bind: the conjunction is spelled out
    assert props(llama)["llm-policy:license-expression"] == (
        "LicenseRef-llama4_community AND LicenseRef-llama4_multimodal_eu_carveout"
    )
    assert props(llama)["llm-policy:quantization"] == "int4"


def test_every_spdx_key_of_the_licence_catalog_is_an_spdx_id(catalog):
    keys = {lic_id: e["spdx"] for lic_id, e in catalog["licenses"].items() if "spdx" in e}
    assert keys == {"apache_2_0": "Apache-2.0", "mit": "MIT"}
    assert all(spdx.is_supported_id(value) for value in keys.values())


def test_a_vendor_api_is_a_service_with_the_data_classification(catalog):
    document = bom(report_of(catalog, three_models()))
    (service,) = document["services"]
    assert service["bom-ref"] == f"{PROJECT}#service-aws-bedrock"
    assert service["name"] == catalog["providers"]["aws-bedrock"]["name"]
    assert service["data"] == [{"flow": "bi-directional", "classification": "confidential"}]
    assert service["x-trust-boundary"] is True
    assert props(service) == {
        "llm-policy:provider-id": "aws-bedrock",
        "llm-policy:declared": "true",
        "llm-policy:in-catalog": "true",
        "llm-policy:data-categories": "personal",
    }
    assert service["provider"] == {"name": "Amazon Web Services"}
    # the provider catalog lists no endpoints: none is invented
    assert "endpoints" not in service


def test_every_catalog_provider_names_its_organisation(catalog):
    assert all(entry.get("organisation") for entry in catalog["providers"].values())


def test_provider_organisation_and_endpoints_come_from_the_catalog(catalog):
    changed = json.loads(json.dumps(catalog))
    del changed["providers"]["aws-bedrock"]["organisation"]
    changed["providers"]["aws-bedrock"]["endpoints"] = [
        "https://bedrock-runtime.eu-central-1.amazonaws.com"
    ]
    (service,) = bom(report_of(changed, three_models()))["services"]
    assert "provider" not in service  # no organisation in the catalog: none is guessed
    assert service["endpoints"] == ["https://bedrock-runtime.eu-central-1.amazonaws.com"]


def test_self_hosted_models_need_no_service(catalog):
    verdicts = [ModelVerdict(0, "llama-4-scout", "self-hosted", None, True, ())]
    document = bom(report_of(catalog, result(LLAMA, verdicts=verdicts)))
    assert "services" not in document
    assert depends_on(document, f"{PROJECT}#model-0") == []


def test_an_unknown_model_has_no_supplier_and_says_so(catalog):
    model = {"id": "gpt-4o-turbo", "hosting": "vendor-api", "provider": "openai"}
    verdicts = [ModelVerdict(0, "gpt-4o-turbo", "vendor-api", "openai", False, ("LLM-CAT-001",))]
    document = bom(report_of(catalog, result(model, verdicts=verdicts)))
    unknown = component(document, f"{PROJECT}#model-0")
    assert unknown["name"] == "gpt-4o-turbo"
    assert "supplier" not in unknown
    assert "version" not in unknown
    assert "licenses" not in unknown
    assert props(unknown)["llm-policy:in-catalog"] == "false"


EVIDENCE = (
    ScanReference(
        "app/claims.py",
        12,
        9,
        SDK_CALL,
        'client.invoke_model(modelId="anthropic.claude-3-5-sonnet-20240620-v1:0")',
        "claude-3.5-sonnet",
        "aws-bedrock",
        "vendor-api",
        "eu",
    ),
    ScanReference("serve/values.yaml", 4, 3, MODEL_ID, "meta-llama/Llama-4-Scout", "llama-4-scout"),
    ScanReference(
        "app/summary.py",
        30,
        5,
        SDK_CALL,
        'client.responses.create(model="gpt-4o-2024-08-06")',
        "gpt-4o",
        "openai",
        "vendor-api",
    ),
    ScanReference(
        "app/summary.py", 31, 5, ENDPOINT, "https://api.openai.com/v1", None, "openai", "vendor-api"
    ),
)


def test_scan_references_are_evidence_occurrences_on_their_model(catalog):
    document = bom(report_of(catalog, three_models(evidence=EVIDENCE)))
    claude = component(document, f"{PROJECT}#model-0")
    assert claude["evidence"]["occurrences"] == [
        {
            "location": "app/claims.py",
            "line": 12,
            "additionalContext": "column 9, sdk-call: "
            'client.invoke_model(modelId="anthropic.claude-3-5-sonnet-20240620-v1:0")',
        }
    ]
    assert claude["evidence"]["identity"] == [
        {"field": "name", "concludedValue": "claude-3.5-sonnet", "tools": ["tool:llm-policy"]}
    ]
    llama = component(document, f"{PROJECT}#model-1")
    assert [o["location"] for o in llama["evidence"]["occurrences"]] == ["serve/values.yaml"]
    # a model with no reference has no evidence
    assert "evidence" not in component(document, f"{PROJECT}#model-2")
    # the identity names a tool the BOM lists
    tools = document["metadata"]["tools"]["components"]
    assert "tool:llm-policy" in [tool["bom-ref"] for tool in tools]


def test_a_model_the_code_uses_but_the_manifest_does_not_declare_is_listed(catalog):
    document = bom(report_of(catalog, three_models(evidence=EVIDENCE)))
    used = component(document, f"{PROJECT}#code-model-gpt-4o")
    assert used["type"] == "machine-learning-model"
    assert used["supplier"] == {"name": "OpenAI"}
    assert props(used)["llm-policy:declared"] == "false"
    assert "llm-policy:allowed" not in props(used)
    assert used["evidence"]["occurrences"][0]["location"] == "app/summary.py"
    assert f"{PROJECT}#code-model-gpt-4o" in depends_on(document, PROJECT)
    # the code calls OpenAI, which the manifest does not declare: a service of its own
    (openai,) = [s for s in document["services"] if s["bom-ref"] == f"{PROJECT}#service-openai"]
    assert props(openai)["llm-policy:declared"] == "false"
    assert openai["provider"] == {"name": "OpenAI"}
    assert depends_on(document, f"{PROJECT}#code-model-gpt-4o") == [f"{PROJECT}#service-openai"]
    p = props(document["metadata"]["component"])
    assert p["llm-policy:scan-references"] == "4"
    assert p["llm-policy:scan-references-without-model"] == "1"


def test_evidence_goes_to_the_deployment_the_code_names():
    from checker.reporters.cyclonedx import Deployment

    bedrock = Deployment(0, "claude-3.5-sonnet", "vendor-api", "aws-bedrock")
    anthropic = Deployment(1, "claude-3.5-sonnet", "vendor-api", "anthropic")
    ref = dataclasses.replace(EVIDENCE[0], provider="anthropic")
    vague = dataclasses.replace(EVIDENCE[0], provider=None, hosting=None)
    matched, undeclared, unattributed = match_evidence([bedrock, anthropic], [ref, vague])
    assert matched == {0: [vague], 1: [ref, vague]}
    assert (undeclared, unattributed) == ({}, 0)


def test_without_evidence_there_are_no_scan_properties(catalog):
    p = props(bom(report_of(catalog, three_models()))["metadata"]["component"])
    assert "llm-policy:scan-references" not in p


def test_the_header_is_in_the_metadata(catalog):
    metadata = bom(report_of(catalog, three_models()))["metadata"]
    tools = {tool["bom-ref"]: tool for tool in metadata["tools"]["components"]}
    assert tools["tool:llm-policy"]["name"] == "llm-policy"
    assert tools["tool:llm-policy"]["version"] == "0.1.0"
    assert tools["tool:llm-policy"]["type"] == "application"
    assert (tools["tool:engine"]["name"], tools["tool:engine"]["version"]) == ("regorus", "0.13.0")
    p = props(metadata)
    assert p["llm-policy:policy-digest"] == "sha256:abc"
    assert p["llm-policy:as-of"] == "2026-12-01"
    assert p["llm-policy:fail-on"] == "low"
    assert p["llm-policy:passed"] == "true"
    assert p["llm-policy:exit-code"] == "0"
    assert metadata["timestamp"] == "2026-12-01T00:00:00+00:00"


def test_the_same_run_gives_the_same_bytes(catalog, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = render(report_of(catalog, three_models(evidence=EVIDENCE)))
    assert render(report_of(catalog, three_models(evidence=EVIDENCE))) == first
    serial = json.loads(first)["serialNumber"]
    # another manifest digest, other evidence or another as-of day: another serial number
    for changed in (
        report_of(catalog, three_models(sha256="cd" * 32)),
        report_of(catalog, three_models(evidence=EVIDENCE[:1])),
        dataclasses.replace(
            report_of(catalog, three_models(evidence=EVIDENCE)),
            header=dataclasses.replace(factories.header(), as_of="2026-12-02"),
        ),
    ):
        assert json.loads(render(changed))["serialNumber"] != serial


def test_source_date_epoch_sets_the_timestamp(catalog, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    document = bom(report_of(catalog, three_models()))
    assert document["metadata"]["timestamp"] == "2023-11-14T22:13:20+00:00"
    assert timestamp("2026-12-01", {"SOURCE_DATE_EPOCH": "not a number"}).isoformat() == (
        "2026-12-01T00:00:00+00:00"
    )


def test_the_serial_number_is_a_uuid5(catalog):
    assert serial_number(report_of(catalog, three_models())).version == 5


def test_several_manifests_hang_under_the_run(catalog):
    other = result(
        GPTJ,
        verdicts=[ModelVerdict(0, "gpt-j-6b", "self-hosted", None, True, ())],
        manifest="services/search/llm-project.yaml",
        project="search",
        classification="internal",
    )
    document = bom(report_of(catalog, three_models(), other))
    root = document["metadata"]["component"]
    assert (root["bom-ref"], root["name"], root["type"]) == ("run", "llm-policy-run", "application")
    projects = {"project:services/search/llm-project.yaml", PROJECT}
    assert set(depends_on(document, "run")) == projects
    names = {c["bom-ref"]: c["name"] for c in document["components"] if c["type"] == "application"}
    assert names == {PROJECT: "claims-triage", "project:services/search/llm-project.yaml": "search"}
    assert depends_on(document, "project:services/search/llm-project.yaml") == [
        "project:services/search/llm-project.yaml#model-0"
    ]


def test_an_invalid_manifest_is_a_project_without_models(catalog):
    from checker.problems import Problem

    invalid = ManifestResult(manifest="bad/llm-project.yaml", errors=(Problem("", "x", 1, 1),))
    document = bom(report_of(catalog, invalid))
    project = document["metadata"]["component"]
    assert project["name"] == "bad/llm-project.yaml"
    p = props(project)
    assert (p["llm-policy:valid"], p["llm-policy:passed"], p["llm-policy:errors"]) == (
        "false",
        "false",
        "1",
    )
    assert "components" not in document


def test_a_validate_only_run_lists_the_models_from_the_manifest(catalog):
    validated = ManifestResult(
        manifest=MANIFEST, project="claims-triage", sha256="ab" * 32, facts=facts(CLAUDE, LLAMA)
    )
    document = bom(report_of(catalog, validated))
    claude = component(document, f"{PROJECT}#model-0")
    assert claude["name"] == "claude-3.5-sonnet"  # the Bedrock id resolved through the aliases
    assert props(claude)["llm-policy:written-id"] == CLAUDE["id"]
    assert "llm-policy:allowed" not in props(claude)
    assert component(document, f"{PROJECT}#model-1")["name"] == "llama-4-scout"
    assert depends_on(document, f"{PROJECT}#model-0") == [f"{PROJECT}#service-aws-bedrock"]
