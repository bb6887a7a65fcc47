import dataclasses
import json

from checker.emit import TRUNCATED, emit, fit_summary
from checker.header import ReportHeader
from checker.reporters import REPORTERS
from checker.result import RunReport
from checker.settings import OutputSettings
from checker.severity import Threshold

HEADER = ReportHeader("0.1.0", "regorus", "0", "sha256:x", as_of="2026-12-01")
REPORT = RunReport(results=(), threshold=Threshold(), header=HEADER)


def test_fit_summary_keeps_small_text_and_cuts_large_text_at_a_line():
    assert fit_summary("small\n", limit=100) == "small\n"
    big = "".join(f"| row {i} é |\n" for i in range(1000))
    cut = fit_summary(big, limit=500)
    assert len(cut.encode("utf-8")) <= 500
    assert cut.endswith(TRUNCATED)
    assert cut[: -len(TRUNCATED)].endswith("|\n")  # whole rows only


def test_emit_writes_the_same_text_to_every_target_and_appends_the_summary_once(tmp_path, capsys):
    summary = tmp_path / "summary.md"
    settings = OutputSettings(
        format="github",
        reports=(("json", tmp_path / "r.json"), ("github", tmp_path / "g.txt")),
    )
    emit(REPORT, REPORTERS, settings, environ={"GITHUB_STEP_SUMMARY": str(summary)})
    assert json.loads((tmp_path / "r.json").read_text())["summary"]["manifests"] == 0
    assert (tmp_path / "g.txt").read_text() == capsys.readouterr().out
    assert summary.read_text().count("# llm-policy report") == 1


def test_emit_without_summary_variable_writes_no_summary(tmp_path, capsys):
    settings = OutputSettings(format="github", output=tmp_path / "out.txt")
    emit(REPORT, REPORTERS, settings, environ={})
    assert capsys.readouterr().out == ""
    written = (tmp_path / "out.txt").read_text().splitlines()
    assert written[0].startswith("llm-policy: 0.1.0 · engine regorus")
    assert written[-1].startswith("llm-policy: 0 of 0")


def test_unwritable_summary_is_a_warning_not_a_failure(tmp_path, capsys):
    settings = OutputSettings(format="github")
    emit(
        REPORT,
        REPORTERS,
        dataclasses.replace(settings),
        environ={"GITHUB_STEP_SUMMARY": str(tmp_path)},
    )
    assert "cannot write the job summary" in capsys.readouterr().err
