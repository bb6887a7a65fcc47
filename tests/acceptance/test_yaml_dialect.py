"""The YAML dialect through the CLI: `check`, `validate`, a waivers file and the configuration.

YAML that reads one way to a reviewer and another to YAML 1.1 is refused with a located error,
in manifests and in the tool's own files alike. Each test tries a hostile case of
tests/data/hostile-cases.yaml, found by the test's name, and asserts the exit code and the
message that docs/security.md's table shows for it.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import typing as t
from pathlib import Path

import pytest
from click.testing import Result

from tests.acceptance.conftest import EXAMPLES, RunLine
from tests.hostile import CASES

HIGH_RISK = (EXAMPLES / "hiring-high-risk" / "llm-project.yaml").read_text()
OVERSIGHT = "    humanOversight: false\n"
NOTE = "    # humanOversight: to be agreed with the works council"
# A reviewer sees the note: high risk without oversight, which fails. YAML 1.1 reads a key.
HIDDEN = NOTE + "\u2028    humanOversight: true\n"
MAU_CAP = (EXAMPLES / "llama-mau-cap" / "llm-project.yaml").read_text()
ASSISTANT = (EXAMPLES / "internal-assistant" / "llm-project.yaml").read_text()
IN_30_DAYS = (dt.date.today() + dt.timedelta(days=30)).isoformat()


def expect(result: Result, name: str) -> str:
    """The run ended as the hostile case `name` says (exit code, located message); its output."""
    (case,) = [c for c in CASES if c.id == name]
    output = result.stdout + result.stderr
    assert result.exit_code == case.exit, output
    assert case.says in output, output
    assert "Traceback" not in output and "unexpected" not in output
    return output


def edit(text: str, *changes: tuple[str, str]) -> str:
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_line: RunLine) -> Path:
    """The working directory of the runs: an empty folder, so no configuration applies."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_key_hidden_after_a_line_separator_is_refused(run_line: RunLine, here: Path) -> None:
    (here / "visible.llm-project.yaml").write_text(edit(HIGH_RISK, (OVERSIGHT, NOTE + "\n")))
    (here / "hidden.llm-project.yaml").write_text(edit(HIGH_RISK, (OVERSIGHT, HIDDEN)))
    # What the reviewer reads fails; the same file with the hidden key passed before.
    visible = run_line(["llm-policy", "check", "visible.llm-project.yaml"])
    assert visible.exit_code == 1 and "LLM-REG-002" in visible.stdout
    hidden = run_line(["llm-policy", "check", "hidden.llm-project.yaml", "--color", "never"])
    assert "PASS" not in expect(hidden, "test_a_key_hidden_after_a_line_separator_is_refused")
    # The other characters readers do not see, each where the line separator was.
    for char in ("\x85", "\u2029", "\r", "\x9b", "\u202e"):
        path = here / f"u{ord(char):04x}.llm-project.yaml"
        path.write_text(edit(HIGH_RISK, (OVERSIGHT, HIDDEN.replace("\u2028", char))), newline="")
        result = run_line(["llm-policy", "check", path.name, "--format", "json"])
        assert result.exit_code == 1, result.output
        (error,) = json.loads(result.stdout)["results"][0]["errors"]
        assert (error["line"], error["column"]) == (15, 58)
        assert error["message"].startswith(f"invalid character U+{ord(char):04X} (")


def test_an_octal_user_count_is_refused(run_line: RunLine, here: Path) -> None:
    # 750 million users are over Llama's 700 million cap; YAML 1.1 read 0750000000 as 127,926,272.
    written = edit(MAU_CAP, ("monthlyActiveUsers: 900000000", "monthlyActiveUsers: 750000000"))
    (here / "decimal.llm-project.yaml").write_text(written)
    decimal = run_line(["llm-policy", "check", "decimal.llm-project.yaml"])
    assert decimal.exit_code == 1 and "LLM-LIC-001" in decimal.stdout
    (here / "mau.llm-project.yaml").write_text(written.replace(": 750000000", ": 0750000000"))
    octal = run_line(["llm-policy", "check", "mau.llm-project.yaml", "--color", "never"])
    assert "PASS" not in expect(octal, "test_an_octal_user_count_is_refused")


DISAGREED = (
    ("gpuMemoryGb: 160", "gpuMemoryGb: 0xA0", "'0xA0' is the hexadecimal number 160; write 160"),
    ("selfHostingPlatform: true", "selfHostingPlatform: yes", "'yes' is the boolean true"),
    ("monthlyActiveUsers: 4000", "monthlyActiveUsers: 4_000", "'4_000' is 4000 to YAML 1.1"),
    ("minContextTokens: 32000", "minContextTokens: +32000", "'+32000' is read as the number"),
    ("latencyP95Ms: 2000", "latencyP95Ms: 1:30", "'1:30' is a base-60 number to YAML 1.1"),
    ("{costCenter: cc-2001}", "{costCenter: cc-2001, ratio: .5, eu: no}", "'.5' is read as"),
)


def test_numbers_and_booleans_readers_disagree_on_are_refused(
    run_line: RunLine, here: Path
) -> None:
    text = edit(ASSISTANT, *((old, new) for old, new, _ in DISAGREED))
    (here / "dialect.llm-project.yaml").write_text(text)
    result = run_line(["llm-policy", "validate", "dialect.llm-project.yaml", "--color", "never"])
    output = expect(result, "test_numbers_and_booleans_readers_disagree_on_are_refused")
    for _, _, message in DISAGREED:
        assert message in output
    assert "'no' is the boolean false in YAML 1.1 but text in YAML 1.2; write false" in output
    report = run_line(["llm-policy", "validate", "dialect.llm-project.yaml", "--format", "json"])
    errors = json.loads(report.stdout)["results"][0]["errors"]
    assert [e["path"] for e in errors] == [
        "metadata.labels.ratio",
        "metadata.labels.eu",
        "spec.deployment.gpuMemoryGb",
        "spec.deployment.selfHostingPlatform",
        "spec.deployment.monthlyActiveUsers",
        "spec.requirements.minContextTokens",
        "spec.requirements.latencyP95Ms",
    ]
    assert all(e["line"] and e["column"] for e in errors)
    # Written as JSON writes them, the same values are a valid manifest.
    (here / "fixed.llm-project.yaml").write_text(ASSISTANT)
    assert run_line(["llm-policy", "validate", "fixed.llm-project.yaml"]).exit_code == 0


def test_a_block_scalar_identifier_is_refused(run_line: RunLine, here: Path) -> None:
    text = edit(
        ASSISTANT,
        ("  name: hr-policy-assistant\n", "  name: |\n    hr-policy-assistant\n"),
        ("    - id: llama-3.1-70b\n", "    - id: >\n        llama-3.1-70b\n"),
    )
    (here / "block.llm-project.yaml").write_text(text)
    for command in ("validate", "check"):
        result = run_line(["llm-policy", command, "block.llm-project.yaml", "--color", "never"])
        output = expect(result, "test_a_block_scalar_identifier_is_refused")
        assert (
            "block.llm-project.yaml:40:11 spec.models[0].id: 'llama-3.1-70b' is written as a "
            "block scalar ('>'), so the value is 'llama-3.1-70b\\n'"
        ) in output
        assert "LLM-GOV-001" not in output  # it reached the policies as an unknown model before
    stripped = text.replace("name: |", "name: |-").replace("id: >", "id: >-")
    (here / "stripped.llm-project.yaml").write_text(stripped)  # '|-' reads as it looks
    assert run_line(["llm-policy", "check", "stripped.llm-project.yaml"]).exit_code == 0


@pytest.fixture
def project(here: Path) -> Path:
    """A repository whose one manifest (restricted-to-vendor) fails LLM-DATA-001, LLM-RES-004."""
    (here / "services" / "memo").mkdir(parents=True)
    shutil.copy(EXAMPLES / "restricted-to-vendor" / "llm-project.yaml", here / "services" / "memo")
    return here


def waiver(rule: str) -> list[str]:
    return [
        f"  - rule: {rule}",
        "    manifest: services/**",
        "    reason: Legal signed off the pilot (TICKET-12)",
        "    approver: legal@example.com",
        f"    expires: {IN_30_DAYS}",
    ]


WITHDRAWN = "  # LLM-DATA-001: waiver withdrawn by legal (TICKET-31)"
LIVE = (
    "  - {rule: LLM-DATA-001, manifest: services/**, reason: Pilot, "
    f"approver: legal@example.com, expires: {IN_30_DAYS}}}"
)


def write_lines(path: Path, lines: t.Iterable[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_waiver_hidden_after_a_line_separator_is_refused(
    run_line: RunLine, project: Path
) -> None:
    waivers = project / ".llm-policy-waivers.yaml"
    write_lines(waivers, ["waivers:", *waiver("LLM-RES-004"), WITHDRAWN])
    visible = run_line(["llm-policy", "check", "services"])
    assert visible.exit_code == 1 and "LLM-DATA-001" in visible.stdout  # as the reviewer reads
    write_lines(waivers, ["waivers:", *waiver("LLM-RES-004"), WITHDRAWN + "\u2028" + LIVE])
    expect(
        run_line(["llm-policy", "check", "services"]),
        "test_a_waiver_hidden_after_a_line_separator_is_refused",
    )
    # A rule id padded by a block scalar would waive nothing while looking right: refused too.
    block = waiver("LLM-RES-004")
    block[0] = "  - rule: |\n      LLM-RES-004"
    write_lines(waivers, ["waivers:", *block])
    result = run_line(["llm-policy", "check", "services"])
    assert result.exit_code == 2
    assert (
        ".llm-policy-waivers.yaml:2:11: waivers[0].rule: 'LLM-RES-004' is written as a block "
        "scalar ('|')"
    ) in result.stderr


def test_configuration_follows_the_same_dialect(run_line: RunLine, project: Path) -> None:
    config = project / ".llm-policy.yaml"
    note = "# fail-on: never was dropped after the audit (SEC-7)"
    write_lines(config, ["format: text", note])
    assert run_line(["llm-policy", "check", "services"]).exit_code == 1  # as the reviewer reads
    write_lines(config, ["format: text", note + "\u2028fail-on: never"])
    expect(
        run_line(["llm-policy", "check", "services"]), "test_configuration_follows_the_same_dialect"
    )
    # `off` would be YAML 1.1's false, that is `--no-waivers`; the text "off" is no file either.
    write_lines(config, ["waivers: off"])
    result = run_line(["llm-policy", "check", "services"])
    assert result.exit_code == 2
    assert (
        ".llm-policy.yaml:1:10: waivers: 'off' is the boolean false in YAML 1.1 but text in "
        "YAML 1.2; write false, or quote it if it is text"
    ) in result.stderr
