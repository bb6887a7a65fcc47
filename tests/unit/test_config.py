import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from checker.config import KEYS, find_config, load_config
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


def test_no_configuration_gives_no_defaults(here):
    config = find_config()
    assert config.path is None
    assert config.default_map(KEYS) == {}


def test_yaml_configuration_with_paths_relative_to_its_folder(tmp_path):
    write(
        tmp_path / ".llm-policy.yaml",
        "policies: [org]\ndata: [overlay.yaml]\nformat: sarif\nfail-on: high\nwaivers: w.yaml\n",
    )
    config = find_config(tmp_path)
    assert config.label == str(tmp_path / ".llm-policy.yaml")
    assert config.default_map(KEYS) == {
        "policies": (tmp_path / "org",),
        "data": (tmp_path / "overlay.yaml",),
        "fmt": "sarif",
        "fail_on": "high",
        "waivers": tmp_path / "w.yaml",
    }
    # a command takes only the keys it declares
    assert config.default_map(("fail-on",)) == {"fail_on": "high"}


def test_pyproject_table(tmp_path):
    write(
        tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.llm-policy]\nwaivers = false\n'
    )
    config = find_config(tmp_path)
    assert config.label.endswith("pyproject.toml [tool.llm-policy]")
    assert config.default_map(KEYS) == {"no_waivers": True}


def test_pyproject_without_our_table_is_no_configuration(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert find_config(tmp_path).path is None


def test_config_file_is_read_from_either_kind_of_file(tmp_path):
    yaml_file = write(tmp_path / "ci.yaml", "fail-on: critical\n")
    assert load_config(yaml_file).default_map(KEYS) == {"fail_on": "critical"}
    toml_file = write(tmp_path / "pyproject.toml", '[tool.llm-policy]\nfail-on = "medium"\n')
    assert load_config(toml_file).default_map(KEYS) == {"fail_on": "medium"}
    with pytest.raises(UsageError, match="no such file"):
        load_config(tmp_path / "missing.yaml")
    write(tmp_path / "other.toml", "[tool.ruff]\n")
    with pytest.raises(UsageError, match=r"no \[tool.llm-policy\] table"):
        load_config(tmp_path / "other.toml")


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
    write(
        here / "pyproject.toml",
        '[tool.llm-policy]\nfail-on = "high"\npolicies = ["org"]\nscan = true\n',
    )
    write(here / ".llm-policy-waivers.yaml", "waivers: []\n")
    (here / "org").mkdir()
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
    assert rows["scan"].split()[:3] == ["scan", "=", "true"]
    assert rows["scan"].endswith("# pyproject.toml [tool.llm-policy]")
    no = invoke("config", "--no-waivers").stdout
    assert "waivers  = none" in no and "# command line (--no-waivers)" in no


def test_flags_override_the_file(here):
    write(here / ".llm-policy.yaml", "fail-on: high\nformat: json\n")
    out = invoke("config", "--fail-on", "critical").stdout
    rows = {line.split(" ")[0]: line for line in out.splitlines()[1:]}
    assert rows["fail-on"].split()[2] == "critical"
    assert rows["fail-on"].endswith("# command line (--fail-on)")
    assert rows["format"].split()[2] == "json"
    assert rows["format"].endswith("# .llm-policy.yaml")


def test_no_config_ignores_the_repository_configuration(here):
    write(here / ".llm-policy.yaml", "fail-on: never\n")
    assert invoke("check", str(EXAMPLE)).exit_code == 0  # the repository turned the gate off
    result = invoke("check", str(EXAMPLE), "--no-config")
    assert result.exit_code == 1
    out = invoke("config", "--no-config").stdout
    assert out.splitlines()[0].startswith("configuration: none")
    assert "fail-on  = low" in out


def test_no_config_even_ignores_a_broken_configuration(here):
    write(here / ".llm-policy.yaml", "fail-on: hgh\n")
    assert invoke("check", str(EXAMPLE), "--no-config").exit_code == 1


def test_config_option_reads_another_file(here):
    write(here / ".llm-policy.yaml", "fail-on: never\n")
    ci = write(here / "ci-policy.yaml", "fail-on: high\nformat: json\n")
    result = invoke("check", str(EXAMPLE), "--config", str(ci))
    assert result.exit_code == 1
    assert json.loads(result.stdout)["failOn"] == "high"


def test_config_and_no_config_contradict(here):
    write(here / "ci.yaml", "fail-on: high\n")
    result = invoke("check", str(EXAMPLE), "--config", "ci.yaml", "--no-config")
    assert result.exit_code == 2
    assert "contradict" in result.stderr


def test_a_missing_path_in_the_configuration_names_the_file(here):
    write(here / ".llm-policy.yaml", "policies: [no-such-folder]\n")
    result = invoke("check", str(EXAMPLE))
    assert result.exit_code == 2
    assert "no-such-folder" in result.stderr and ".llm-policy.yaml" in result.stderr


def test_a_waivers_flag_wins_over_waivers_false_in_the_file(here):
    write(here / ".llm-policy.yaml", "waivers: false\n")
    write(here / "w.yaml", "waivers: []\n")
    out = invoke("config", "--waivers", "w.yaml").stdout
    assert "# command line (--waivers)" in out
    assert "# .llm-policy.yaml" in invoke("config").stdout


def test_help_works_with_a_broken_configuration(here):
    write(here / ".llm-policy.yaml", "fail-on: hgh\n")
    result = invoke("check", "--help")
    assert result.exit_code == 0
    assert "--no-config" in result.stdout and "--config FILE" in result.stdout
