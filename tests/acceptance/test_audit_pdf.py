"""audit.pdf through the real CLI, read back with poppler: pdftotext for the words, pdftoppm for
the pages.

poppler-utils comes from the Debian package (scripts/install-poppler, run by scripts/test). In
CI a missing poppler fails these tests; elsewhere they skip and say why. Rendering the PDF takes
a while, so each report is written once per module, of one small example.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from PIL import Image

from checker.cli.main import main
from tests.acceptance.conftest import EXAMPLES

TIMESTAMP = "2025-01-31T12:00:00Z"
# passes, yet two high-severity violations explain why the vendor-API mode is not allowed: the
# report whose chart used to read "High 2"
ALL_PASS = EXAMPLES / "export-controlled-defense"
SIGNERS = (
    "--prepared-by",
    "Jane Doe 2026-12-01",
    "--reviewed-by",
    "Ravi Patel",
    "--approved-by",
    "Ana Lima, 2026-12-02",
)
# pixels at 72 dpi (one per PDF point): A4 is 595.28 x 841.89 pt, which pdftoppm rounds up
A4 = (596, 842)
LETTER = (612, 792)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        reason = f"{name} not installed: run scripts/install-poppler (as root in CI)"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="module")
def poppler():
    return {name: _tool(name) for name in ("pdftotext", "pdftoppm", "pdfinfo")}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The example, copied outside any repository: its git evidence cannot change between runs
    (other work in this checkout moves HEAD and the dirty state)."""
    folder = tmp_path_factory.mktemp("work")
    shutil.copytree(ALL_PASS, folder / ALL_PASS.name)
    return folder


def _audit(project, out, *args):
    argv = ["audit", ALL_PASS.name, "--out", str(out), "--timestamp", TIMESTAMP, *args]
    cwd = os.getcwd()
    os.chdir(project)  # paths in audit.json relative to where audit ran, as users run it
    try:
        result = CliRunner().invoke(main, argv, catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def a4(project, tmp_path_factory):
    return _audit(project, tmp_path_factory.mktemp("a4"), *SIGNERS)


@pytest.fixture(scope="module")
def letter(project, tmp_path_factory):
    return _audit(project, tmp_path_factory.mktemp("letter"), "--paper", "letter")


def text(poppler, pdf, *pages):
    first_last = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    run = [poppler["pdftotext"], "-layout", *first_last, str(pdf), "-"]
    return subprocess.run(run, check=True, capture_output=True, text=True, timeout=120).stdout


def info(poppler, pdf):
    out = subprocess.run(
        [poppler["pdfinfo"], "-isodates", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def page_count(poppler, pdf):
    return int(info(poppler, pdf)["Pages"])


def render(poppler, pdf, page, tmp_path):
    prefix = tmp_path / f"page-{pdf.parent.name}-{page}"
    run = [poppler["pdftoppm"], "-r", "72", "-png", "-f", str(page), "-l", str(page)]
    subprocess.run([*run, "-singlefile", str(pdf), str(prefix)], check=True, timeout=120)
    with Image.open(f"{prefix}.png") as image:
        return image.size


def test_the_pdf_is_written_sealed_and_verified(a4, project, run_line):
    pdf = a4 / "audit.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    sealed = dict(
        reversed(line.split("  ", 1)) for line in (a4 / "audit.sha256").read_text().splitlines()
    )
    assert sealed["audit.pdf"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    result = run_line(["llm-policy", "verify", str(a4), "--root", str(project)])
    assert result.exit_code == 0, result.stdout
    assert re.search(r"^  ok +audit\.pdf +sha256", result.stdout, re.M), result.stdout


def test_a_flipped_byte_in_the_pdf_is_named(a4, project, run_line, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(a4, copy)
    data = bytearray((copy / "audit.pdf").read_bytes())
    data[len(data) // 2] ^= 0x01
    (copy / "audit.pdf").write_bytes(bytes(data))
    result = run_line(["llm-policy", "verify", str(copy), "--root", str(project)])
    assert result.exit_code == 1
    assert re.search(r"^  ALTERED +audit\.pdf +sha256 is", result.stdout, re.M), result.stdout


def test_title_page_scope_and_sign_off_are_in_the_text(a4, poppler):
    pdf = a4 / "audit.pdf"
    doc = json.loads((a4 / "audit.json").read_text())
    report_id = doc["evidence"]["reportId"]
    first = text(poppler, pdf, 1)
    assert "LLM deployment policy audit" in first and report_id in first
    assert "PASS: 1 of 1 projects pass" in first
    assert re.search(r"Prepared by +Jane Doe, 2026-12-01", first)
    assert re.search(r"Reviewed by +Ravi Patel\n", first)
    assert re.search(r"Approved by +Ana Lima, 2026-12-02", first)
    whole = text(poppler, pdf)
    for words in (
        "Scope",
        "Out of scope:",
        "Source code: not scanned",
        "Organisation rules: none given",
        f"{TIMESTAMP[:10]}: rules, dates in the law and waiver expiry judged on this day",
        doc["evidence"]["policy"]["digest"],
        f"version {doc['evidence']['catalog']['version']}",
        "Management summary",
        "No finding fails a project.",
        "Waivers in force: none",
        "Seal: not signed",
        "Appendix C. Coverage of regulations and licences",
        "Regulation (EU) 2016/679 (GDPR)",
    ):
        assert words in whole, words
    assert doc["signOff"]["reviewedBy"] == {"name": "Ravi Patel", "date": None}


def test_every_page_after_the_first_has_the_header_and_page_n_of_m(a4, poppler):
    pdf = a4 / "audit.pdf"
    pages = page_count(poppler, pdf)
    report_id = json.loads((a4 / "audit.json").read_text())["evidence"]["reportId"]
    assert pages > 5
    assert "Page 1 of" in text(poppler, pdf, 1) and f"Report {report_id}" not in text(
        poppler, pdf, 1
    )
    for page in (2, pages // 2, pages):
        on_page = text(poppler, pdf, page)
        assert f"Page {page} of {pages}" in on_page, page
        assert f"Report {report_id}" in on_page, page


def test_the_contents_give_the_page_each_section_starts_on(a4, poppler):
    pdf = a4 / "audit.pdf"
    contents = text(poppler, pdf, 2)
    assert "Contents" in contents
    entries = {
        "1. Executive summary": "1. Executive summary",
        "2. Evidence": "2. Evidence",
        "Appendix A. Rules evaluated": "Appendix A. Rules evaluated",
        "Appendix C. Coverage of regulations and licences": "Appendix C. Coverage",
    }
    for entry, heading in entries.items():
        match = re.search(rf"{re.escape(entry)}\s*\.*\s*(\d+)\n", contents)
        assert match, f"{entry} not in the contents:\n{contents}"
        page = int(match[1])
        assert page > 2
        assert heading in text(poppler, pdf, page), (entry, page)


def test_a4_and_letter_page_sizes(a4, letter, poppler, tmp_path):
    assert render(poppler, a4 / "audit.pdf", 1, tmp_path) == A4
    assert render(poppler, letter / "audit.pdf", 2, tmp_path) == LETTER
    assert json.loads((letter / "audit.json").read_text())["paper"] == "letter"
    first = text(poppler, letter / "audit.pdf", 1)
    assert re.search(r"Prepared by +\(to sign\)", first)  # a blank line to sign on paper


def test_the_pdf_dates_are_the_timestamp_and_two_runs_give_the_same_bytes(
    a4, project, poppler, tmp_path
):
    meta = info(poppler, a4 / "audit.pdf")
    assert meta["CreationDate"].strip() == meta["ModDate"].strip()
    assert meta["CreationDate"].strip().startswith(TIMESTAMP[:19])
    again = _audit(project, tmp_path / "again", *SIGNERS)
    assert (again / "audit.pdf").read_bytes() == (a4 / "audit.pdf").read_bytes()
    assert (again / "audit.sha256").read_bytes() == (a4 / "audit.sha256").read_bytes()


def test_an_all_pass_report_draws_no_failing_bar(a4, poppler):
    doc = json.loads((a4 / "audit.json").read_text())
    high = next(row for row in doc["summary"]["bySeverity"] if row["name"] == "high")
    assert high == {**high, "fails": 0, "reported": 2}  # the two mode explanations
    html = (a4 / "audit.html").read_text()
    assert 'class="bar-reported"' in html and 'class="bar-fails"' not in html
    whole = text(poppler, a4 / "audit.pdf")
    assert re.search(r"High +2 reported", whole) or re.search(r"High\s+0 fails\s+2 reported", whole)
    assert not re.search(r"\b[1-9]\d* fails\b", whole)


def test_an_unusable_sign_off_is_a_usage_error(run_line, tmp_path):
    out = tmp_path / "bad"
    result = run_line(
        ["llm-policy", "audit", str(ALL_PASS), "--out", str(out), "--approved-by", "Bob 2026-13-40"]
    )
    assert result.exit_code == 2
    assert "--approved-by: 2026-13-40 is not a date" in result.stderr
    assert not out.exists()
