"""Both engines agree on a scanned manifest (`check --scan`): the LLM-EVD rules and the rest.

The generated manifests of test_engines.py carry no scan; this runs the real scanner on the
shipped example examples/scan-undeclared-claude and on a tree with a Bedrock region and an
unknown model id, with regorus and a real OPA server, and requires the same result.
"""

from __future__ import annotations

from pathlib import Path

from checker.run import catalog_regions
from checker.runner import Runner
from tests.conformance.test_engines import ROOT, assert_python_agrees, exit_code

EXAMPLE = ROOT / "examples" / "scan-undeclared-claude" / "llm-project.yaml"


def _both(path, regorus, opa, rules, policy_set):
    outcomes = []
    for engine in (regorus, opa):
        runner = Runner(
            engine,
            rules,
            regions=catalog_regions(policy_set),
            catalog=policy_set.data["catalog"],
            scan=True,
        )
        outcomes.append((runner.check(path), engine.last))
    (ours, our_raw), (theirs, their_raw) = outcomes
    assert theirs == ours
    assert their_raw == our_raw
    assert exit_code(theirs) == exit_code(ours)
    assert_python_agrees(ours, our_raw)
    return ours


def test_engines_agree_on_the_scanned_example(regorus, opa, rules, policy_set):
    result = _both(EXAMPLE, regorus, opa, rules, policy_set)
    evd = {f.rule for f in result.findings if f.rule.startswith("LLM-EVD")}
    assert evd == {"LLM-EVD-001", "LLM-EVD-002", "LLM-EVD-003", "LLM-EVD-005"}
    located = {f.rule: f.source_file for f in result.findings}
    assert Path(str(located["LLM-EVD-001"])).name == "app.py"
    assert located["LLM-EVD-005"] is None
    assert result.evidence


def test_engines_agree_on_regions_and_unknown_models(regorus, opa, rules, policy_set, tmp_path):
    (tmp_path / "llm-project.yaml").write_text(
        EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "app.py").write_text(
        "import boto3\n"
        'bedrock = boto3.client("bedrock-runtime", region_name="us-east-1")\n'
        'bedrock.converse(modelId="us.anthropic.claude-sonnet-5-5", messages=[])\n'
        "import anthropic\n"
        'anthropic.Anthropic().messages.create(model="claude-9-ultra", max_tokens=1)\n',
        encoding="utf-8",
    )
    result = _both(tmp_path / "llm-project.yaml", regorus, opa, rules, policy_set)
    evd = {f.rule for f in result.findings if f.rule.startswith("LLM-EVD")}
    assert {"LLM-EVD-001", "LLM-EVD-003", "LLM-EVD-004"} <= evd
    messages = " ".join(f.message for f in result.findings)
    assert "claude-9-ultra" in messages and "region us" in messages
