"""The HTML report in a real browser: headless Chromium loads it offline, every chart draws, nothing errs.

Needs Debian's ``chromium`` (``.ci/run`` installs it); without it the tests skip saying so.
"""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import corpus_root

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium on PATH: apt-get install chromium (.ci/run does) to check the HTML report"
)

# Runs first in <head>: records errors (script errors, failed loads, console.error) and, once the
# page has loaded, how each chart drew (its box and the boxes of its marks) and what was fetched.
PROBE = """<script>
window.__errors = [];
window.addEventListener("error", e => {
  window.__errors.push(String(e.message || (e.target && e.target.outerHTML)));
}, true);
const consoleError = console.error;
console.error = (...a) => { window.__errors.push(a.join(" ")); consoleError(...a); };
window.addEventListener("load", () => {
  const charts = [...document.querySelectorAll("svg.chart")].map(svg => {
    const box = svg.getBoundingClientRect();
    const marks = [...svg.querySelectorAll("rect, line, path")].filter(m => {
      const b = m.getBBox(); return b.width > 0 || b.height > 0;
    });
    const labels = [...svg.querySelectorAll("text")].filter(t => t.getComputedTextLength() > 0);
    return {width: box.width, height: box.height, marks: marks.length, labels: labels.length};
  });
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify({
    charts, errors: window.__errors, fetched: performance.getEntriesByType("resource").map(r => r.name),
  });
  document.body.appendChild(out);
});
</script>"""


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
        "--disable-extensions",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
        *(["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),  # root in a container
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report on the corpus (or its excerpt on a plain clone), written as zhtext analyze --report does."""
    from zhtext.cli import main

    folder = tmp_path_factory.mktemp("report")
    path = folder / "report.html"
    assert main(["analyze", str(corpus_root()), "-q", "--errors", "collect", "--report", str(path)]) == 0
    return path


def _console_messages(stderr: str) -> list[str]:
    # Chromium logs every console message of the page as an INFO:CONSOLE line, whatever its level. The
    # report has no script and the probe logs nothing, so any such line is an error (an uncaught one too).
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@needs_chromium
def test_every_chart_draws_offline_without_errors(report_html: Path, tmp_path: Path) -> None:
    html = report_html.read_text(encoding="utf-8")
    charts = html.count('<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart"')
    assert charts >= 3  # articles over time, keyword trends, at least one kind of mention
    probed = tmp_path / "probed.html"
    probed.write_text(html.replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    result = _chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", probed.as_uri())
    found = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.S)
    assert found, f"the page did not finish loading: {result.stderr[-2000:]}"
    probe = json.loads(html_lib.unescape(found.group(1)))
    assert probe["errors"] == []
    assert _console_messages(result.stderr) == []
    assert probe["fetched"] == []  # self-contained: nothing loaded from anywhere
    assert len(probe["charts"]) == charts
    for chart in probe["charts"]:
        assert chart["width"] > 100 and chart["height"] > 50, chart
        assert chart["marks"] >= 2 and chart["labels"] >= 2, chart


@needs_chromium
def test_the_screenshot_is_not_blank(report_html: Path, tmp_path: Path) -> None:
    image = pytest.importorskip("PIL.Image")
    stat = pytest.importorskip("PIL.ImageStat")
    shot = tmp_path / "report.png"
    result = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1000,1400", report_html.as_uri())
    assert shot.exists(), result.stderr[-2000:]
    assert _console_messages(result.stderr) == []
    with image.open(shot) as png:
        grey = png.convert("L")
        assert grey.size == (1000, 1400)
        ink = sum(grey.histogram()[:200]) / (grey.size[0] * grey.size[1])  # pixels clearly darker than white
        assert stat.Stat(grey).stddev[0] > 10
        assert 0.01 < ink < 0.6, ink  # text and bars drawn, not a blank (or all-dark) page
    keep = os.environ.get("ZHTEXT_REPORT_SCREENSHOT")
    if keep:  # the lead's note shows the screenshot the test took
        shutil.copy(shot, keep)
