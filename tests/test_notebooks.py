"""The notebooks run from top to bottom (nbclient), and are kept in git without outputs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def execute(name: str) -> list[Any]:
    """Run the notebook top to bottom; returns its code cells with their outputs."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    outputs = [o for cell in cells for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    streams = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "Glyph" not in streams and "Warning" not in streams, streams
    return cells


def _charts(cells: list[Any]) -> list[str]:
    """The SVG charts the cells displayed."""
    html = [o["data"].get("text/html", "") for cell in cells for o in cell.outputs if "data" in o]
    return [h for h in html if h.lstrip().startswith("<svg")]


def test_quickstart_runs() -> None:
    execute("01_quickstart.ipynb")


def test_archive_analysis_draws_its_charts_and_scores_against_a_baseline() -> None:
    pytest.importorskip("sklearn")
    cells = execute("02_archive_analysis.ipynb")
    charts = _charts(cells)
    assert len(charts) == 3  # articles per month, keyword trends, people
    for chart in charts:
        assert chart.count("<rect") >= 2 and "<text" in chart
    # The month axis is a continuous calendar: the chart has a slot for every month of the span.
    months = re.search(r"(\d+) months from (\d{4}-\d\d) to (\d{4}-\d\d)", _text(cells))
    assert months, _text(cells)
    first, last = (int(months[2][:4]), int(months[2][5:])), (int(months[3][:4]), int(months[3][5:]))
    assert int(months[1]) == (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    # The model is scored against the baseline, both on balanced accuracy and macro-F1.
    scores = next(c for c in cells if "DummyClassifier" in c.source)
    table = scores.outputs[-1]["data"]["text/plain"]
    assert "baseline" in table and "balanced_accuracy" in table and "f1_macro" in table
    found = re.search(r"RFA or not, balanced accuracy: model ([\d.]+), baseline ([\d.]+)", _text(cells))
    assert found, _text(cells)
    if "105 articles" in _text(cells):  # the whole corpus: the finding the notebook states holds
        assert float(found[1]) >= float(found[2]) + 0.15


def _text(cells: list[Any]) -> str:
    return "".join(o.get("text", "") for cell in cells for o in cell.outputs if o.output_type == "stream")


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_are_stored_without_outputs(path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip the outputs"
