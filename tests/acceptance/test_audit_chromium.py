"""audit.html in a real browser: headless Chromium renders it (not blank, styled, charted) and
prints it on A4 with a page per project.

Chromium comes from the Debian package (scripts/install-chromium, run by scripts/test). In CI a
missing Chromium fails these tests; elsewhere they skip and say why.
"""

from __future__ import annotations

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

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
TIMEOUT = 180
WIDTH, HEIGHT = 1280, 2000
# The report's colours (checker/audit/templates/audit.css and the chart fills).
FAIL_RED, PASS_GREEN, REPORTED_AMBER = (0xB4, 0x23, 0x18), (0x06, 0x76, 0x47), (0xF7, 0x90, 0x09)


@pytest.fixture(scope="session")
def chromium():
    path = shutil.which("chromium")
    if path is None and os.access("/usr/bin/chromium", os.X_OK):
        path = "/usr/bin/chromium"
    if path is None:
        reason = "chromium not installed: run scripts/install-chromium (as root in CI)"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """An audit of examples/, written once for the module."""
    out = tmp_path_factory.mktemp("audit")
    argv = ["audit", str(EXAMPLES), "--out", str(out), "--timestamp", "2025-01-31T12:00:00Z"]
    result = CliRunner().invoke(main, argv, catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return out


def run_chromium(chromium, tmp_path, *args):
    done = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]


def near(pixel, colour, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def test_screenshot_is_rendered_and_styled(chromium, report, tmp_path):
    png = tmp_path / "audit.png"
    page = (report / "audit.html").as_uri()
    run_chromium(chromium, tmp_path, f"--screenshot={png}", f"--window-size={WIDTH},{HEIGHT}", page)
    image = Image.open(png).convert("RGB")
    assert image.size == (WIDTH, HEIGHT)
    colours = image.getcolors(maxcolors=WIDTH * HEIGHT)  # (count, colour) pairs
    assert colours is not None
    white = sum(count for count, colour in colours if colour == (255, 255, 255))
    non_white = WIDTH * HEIGHT - white
    assert len(colours) > 50, "a blank or unstyled page has few colours"
    assert non_white / (WIDTH * HEIGHT) > 0.03, f"only {non_white} non-white pixels"
    # The verdict badges and the chart's bars are drawn: CSS and inline SVG took effect.
    for name, target in (("fail", FAIL_RED), ("pass", PASS_GREEN), ("reported", REPORTED_AMBER)):
        drawn = sum(count for count, colour in colours if near(colour, target))
        assert drawn > 200, f"only {drawn} pixels of the {name} colour on the page"


def test_prints_on_a4_with_a_page_per_project(chromium, report, tmp_path):
    pdf = tmp_path / "audit.pdf"
    page = (report / "audit.html").as_uri()
    run_chromium(chromium, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    projects = len(json.loads((report / "audit.json").read_text())["results"])
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    # the summary, then each project and each appendix starts a new page
    assert pages >= 1 + projects + 2, pages
    boxes = {
        tuple(round(float(v)) for v in box.split())
        for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data)
    }
    assert boxes == {(0, 0, 595, 842)}, boxes  # A4 in points
