"""The licence files: zhtext's MIT licence and the third-party notices, declared for the sdist and the wheel.

scripts/check_wheel.sh reads both from a built wheel; here the notices are checked against Cargo.lock.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "third_party_notices.py"


def notices_module():
    spec = importlib.util.spec_from_file_location("third_party_notices", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_project_declares_mit_and_both_licence_files() -> None:
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python >= 3.11")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE", "THIRD_PARTY_NOTICES"]
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))["package"]
    assert cargo["license"] == "MIT"
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Permission is hereby granted" in licence


@pytest.mark.skipif(shutil.which("cargo") is None, reason="regenerating the notices needs cargo")
def test_notices_are_up_to_date_with_cargo_lock() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_notices_cover_the_jieba_data_and_the_crates() -> None:
    notices = (ROOT / "THIRD_PARTY_NOTICES").read_text(encoding="utf-8")
    assert "Copyright (c) 2013 Sun Junyi" in notices and "dict.txt" in notices and "idf.txt" in notices
    listed = set(re.findall(r"^(\S+) \S+  \(", notices, flags=re.M))
    assert {"jieba-rs", "pyo3", "rayon", "html5ever", "mimalloc", "numpy"} <= listed
    assert "zstd-sys" not in listed  # jieba-rs's default-dict is off: nothing links zstd
    # The HTML tree is html5ever's into src/article/dom.rs: no CSS machinery (scraper's MPL-2.0 stack) is linked.
    assert not {"scraper", "selectors", "cssparser", "ego-tree"} & listed


@pytest.mark.parametrize(
    ("expression", "allowed"),
    [
        ("MIT", True),
        ("MIT/Apache-2.0", True),
        ("(MIT OR Apache-2.0) AND Unicode-3.0", True),
        ("Apache-2.0 WITH LLVM-exception", True),
        ("MIT OR GPL-2.0-or-later", True),
        ("GPL-3.0-only", False),
        ("LGPL-2.1-or-later AND MIT", False),
        ("AGPL-3.0-only OR (MIT AND GPL-2.0-only)", False),
    ],
)
def test_gpl_family_licences_are_refused(expression: str, allowed: bool) -> None:
    assert notices_module().allows_non_copyleft(expression) is allowed
