"""Packaging checks: stubs match the extension, docstrings run, style is clean."""

from __future__ import annotations

import doctest
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import zhtext as zt

ROOT = Path(__file__).resolve().parents[1]


def test_stubs_match_the_extension() -> None:
    pytest.importorskip("mypy", reason="stub check needs mypy (pip install '.[test]')")
    result = subprocess.run([sys.executable, "-m", "mypy.stubtest", "zhtext._zhtext"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_docstring_examples_run() -> None:
    pytest.importorskip("pyarrow")
    failures = 0
    pytest.importorskip("pandas")
    import zhtext.jieba
    import zhtext.jieba.analyse
    import zhtext.jieba.posseg
    from zhtext import _mentions, _vectorizer, accessor, analysis, cli

    modules = [zt, zt._zhtext, _vectorizer, accessor, analysis, cli, _mentions, zhtext.jieba, zhtext.jieba.posseg]
    modules.append(zhtext.jieba.analyse)
    from zhtext import _atomic
    from zhtext.report import builder, html, state, svg, tables, terminal

    modules += [_atomic, builder, state, tables, terminal, html, svg, sys.modules["zhtext.report"]]
    try:
        import zhtext.dask
    except ImportError:  # dask is an extra
        pass
    else:
        modules.append(zhtext.dask)
    for module in modules:
        failures += doctest.testmod(
            module, extraglobs={"Tokenizer": zt.Tokenizer, "TfidfExtractor": zt.TfidfExtractor}
        ).failed
    assert failures == 0


def test_public_api_has_docstrings() -> None:
    for name in zt.__all__:
        obj = getattr(zt, name)
        if callable(obj) and not isinstance(obj, type(zt.CutMode)):
            assert (obj.__doc__ or "").strip(), name
    for name in dir(zt.Tokenizer):
        if not name.startswith("_"):
            assert (getattr(zt.Tokenizer, name).__doc__ or "").strip(), f"Tokenizer.{name}"


def test_sample_article_is_bundled() -> None:
    text = Path(zt.sample_article_path()).read_text(encoding="utf-8")
    assert text.startswith("<!--") and "\n------\n" in text


@pytest.mark.skipif(
    shutil.which("ruff") is None and not Path(sys.executable).with_name("ruff").exists(), reason="ruff not installed"
)
def test_python_code_is_ruff_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    paths = ["python", "tests", "bench", "notebooks", "scripts"]
    result = subprocess.run([ruff, "check", *paths], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_import_does_not_load_numpy_and_the_first_calls_work() -> None:
    # A fresh process: importing does not import numpy (a tenth of a second at import), and
    # the tables the import starts building in the background are the ones the calls use.
    code = (
        "import sys, zhtext as zt\n"
        "assert 'numpy' not in sys.modules\n"
        "zt._preload._load_embedded()  # waits for the thread\n"
        "assert zt.cut('我来到北京清华大学') == ['我', '来到', '北京', '清华大学']\n"
        "assert zt.extract_tags('我来到北京清华大学', top_k=1)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_a_fork_right_after_import_can_cut() -> None:
    # The fork waits for the loading thread, so the child never finds the dictionary half built
    # (it would wait forever for a thread that does not exist in it).
    code = (
        "import os, zhtext as zt\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    os._exit(0 if zt.cut('清华大学') == ['清华大学'] else 1)\n"
        "_, status = os.waitpid(pid, 0)\n"
        "assert os.waitstatus_to_exitcode(status) == 0, status\n"
    )
    run = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", code], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr


def _extras() -> dict[str, list[str]]:
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11's tomllib")
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["optional-dependencies"]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_notebook_extra_installs_what_the_notebooks_import() -> None:
    import ast
    import json
    from importlib.metadata import packages_distributions

    extra = {_name(r) for r in _extras()["notebook"]}
    assert {"ipykernel", "scikit-learn", "pandas", "pyarrow", "tqdm"} <= extra  # the kernel; what zhtext calls
    distributions = packages_distributions()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        modules = set()
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Import):
                modules |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules.add(node.module.split(".")[0])
        for module in modules - set(sys.stdlib_module_names) - {"zhtext"}:
            names = {d.lower() for d in distributions.get(module, [module])}
            assert names & extra, f"{path.name} imports {module}, which [notebook] does not install"


def test_all_extra_installs_every_user_extra() -> None:
    extras = _extras()
    (everything,) = extras["all"]
    listed = set(re.search(r"\[(.*)\]", everything)[1].split(","))  # type: ignore[index]
    assert listed == set(extras) - {"all", "test", "bench"}
