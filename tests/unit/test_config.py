import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from checker.config import KEYS, find_config, resolve
from checker.errors import UsageError
from checker.reporters import REPORTERS
from checker.severity import FAIL_ON_CHOICES
from checker.user_files import load_schema

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "restricted-to-vendor" / "llm-project.yaml"  # fails: high


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_schema_choices_match_the_code():
    props = load_schema("config.schema.json")["properties"]
    assert tuple(props) == KEYS
    assert props["format"]["enum"] == list(REPORTERS)
    assert props["fail-on"]["enum"] == list(FAIL_ON_CHOICES)


def test_no_configuration_gives_defaults(here):
    config = find_config()
    assert config.path is None
    settings = resolve(config, {})
    assert {k: s.value for k, s in settings.items()} == {
        "policies": (),
        "data": (),
        "format": "text",
        "fail-on": "low",
        "waivers": False,
    }
    assert all(s.source.startswith("default") for s in settings.values())


def test_yaml_configuration_with_paths_relative_to_its_folder(tmp_path):
    write(
        tmp_path / ".llm-policy.yaml",
        "policies: [org]\ndata: [overlay.yaml]\nformat: sarif\nfail-on: high\nwaivers: w.yaml\n",
    )
    config = find_config(tmp_path)
    assert config.label == str(tmp_path / ".llm-policy.yaml")
    settings = resolve(config, {})
    assert settings["policies"].value == (tmp_path / "org",)
    assert settings["data"].value == (tmp_path / "overlay.yaml",)
    assert settings["waivers"].value == tmp_path / "w.yaml"
    assert settings["fail-on"].value == "high"
    assert settings["format"].source == config.label


def test_pyproject_table(tmp_path):
    write(
        tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.llm-policy]\nwaivers = false\n'
    )
    config = find_config(tmp_path)
    assert config.label.endswith("pyproject.toml [tool.llm-policy]")
    assert resolve(config, {})["waivers"].value is False


def test_pyproject_without_our_table_is_no_configuration(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert find_config(tmp_path).path is None


def test_flags_override_the_file(tmp_path):
    write(tmp_path / ".llm-policy.yaml", "fail-on: high\nformat: json\n")
    settings = resolve(find_config(tmp_path), {"fail-on": "critical", "format": None})
    assert settings["fail-on"].value == "critical"
    assert settings["fail-on"].source == "command line (--fail-on)"
    assert settings["format"].value == "json"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (".llm-policy.yaml", "fail-on: hgh\n", ".llm-policy.yaml:1:1: fail-on: 'hgh' is not one"),
        (".llm-policy.yaml", "failOn: high\n", "'failOn' was unexpected"),
        (".llm-policy.yaml", "policies: org\n", "policies: 'org' is not of type 'array'"),
        (".llm-policy.yaml", "waivers: true\n", "waivers: True is not valid"),
        ("pyproject.toml", '[tool.llm-policy]\nformat = "pdf"\n', "pyproject.toml:2:1: [tool"),
        ("pyproject.toml", "[tool.llm-policy\n", "cannot read"),
    ],
)
def test_bad_configuration_is_a_usage_error(tmp_path, name, text, expected):
    write(tmp_path / name, text)
    with pytest.raises(UsageError) as info:
        find_config(tmp_path)
    assert expected in str(info.value)


def test_both_files_is_an_error(tmp_path):
    write(tmp_path / ".llm-policy.yaml", "fail-on: high\n")
    write(tmp_path / "pyproject.toml", '[tool.llm-policy]\nformat = "json"\n')
    with pytest.raises(UsageError, match="keep one"):
        find_config(tmp_path)


def invoke(*argv):
    return CliRunner().invoke(main, list(argv), catch_exceptions=False)


def test_check_uses_the_configuration_and_flags_win(here):
    write(here / ".llm-policy.yaml", "fail-on: critical\nformat: json\n")
    result = invoke("check", str(EXAMPLE))
    assert result.exit_code == 0  # only high findings: below critical
    assert json.loads(result.stdout)["failOn"] == "critical"
    assert invoke("check", str(EXAMPLE), "--fail-on", "high").exit_code == 1
    assert invoke("check", str(EXAMPLE), "-f", "text").stdout.startswith("PASS")


def test_bad_configuration_exits_2(here):
    write(here / ".llm-policy.yaml", "fail-on: hgh\n")
    result = invoke("check", str(EXAMPLE))
    assert result.exit_code == 2
    assert ".llm-policy.yaml:1:1: fail-on:" in result.stderr


def test_config_command_shows_values_and_sources(here):
    write(here / "pyproject.toml", '[tool.llm-policy]\nfail-on = "high"\npolicies = ["org"]\n')
    write(here / ".llm-policy-waivers.yaml", "waivers: []\n")
    result = invoke("config", "--format", "sarif")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "configuration: pyproject.toml [tool.llm-policy]"
    rows = {line.split(" ")[0]: line for line in lines[1:]}
    assert rows["fail-on"].split() == [
        "fail-on",
        "=",
        "high",
        "#",
        "pyproject.toml",
        "[tool.llm-policy]",
    ]
    assert rows["format"].endswith("# command line (--format)")
    assert "= [org]" in rows["policies"]
    assert rows["data"].endswith("# default")
    assert ".llm-policy-waivers.yaml" in rows["waivers"]
    assert rows["waivers"].endswith("# default (found in the current folder)")
    no = invoke("config", "--no-waivers").stdout
    assert "waivers  = none" in no and "# command line (--no-waivers)" in no
