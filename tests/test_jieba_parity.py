"""Token-for-token parity with Python jieba 0.42.1 on PKU and the news corpus.

The issue's bar is 99.9% of lines identical per function; the known
differences are pinned in test_known_differences below and in the README.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import zhtext as zt

from .conftest import corpus_paragraphs, pku_lines

jieba = pytest.importorskip("jieba", reason="parity tests need jieba==0.42.1 (pip install '.[test]')")
posseg = pytest.importorskip("jieba.posseg")
jieba.setLogLevel(60)

ZT = zt.Tokenizer()


def _tokenize_search(text: str) -> list:
    return list(jieba.tokenize(text, mode="search"))


FUNCTIONS: dict[str, tuple[Callable[[str], list], Callable[[str], list]]] = {
    "cut": (lambda t: ZT.cut(t), lambda t: jieba.lcut(t)),
    "cut_no_hmm": (lambda t: ZT.cut(t, hmm=False), lambda t: jieba.lcut(t, HMM=False)),
    # jieba's full mode emits "" between consecutive whitespace characters; zhtext does not.
    "cut_all": (lambda t: ZT.cut_all(t), lambda t: [w for w in jieba.lcut(t, cut_all=True) if w]),
    "cut_for_search": (lambda t: ZT.cut_for_search(t), lambda t: jieba.lcut_for_search(t)),
    "tokenize": (lambda t: ZT.tokenize(t), lambda t: list(jieba.tokenize(t))),
    "tokenize_search": (lambda t: ZT.tokenize(t, mode="search"), _tokenize_search),
    "tag": (lambda t: ZT.tag(t), lambda t: [tuple(p) for p in posseg.lcut(t)]),
    "tag_no_hmm": (lambda t: ZT.tag(t, hmm=False), lambda t: [tuple(p) for p in posseg.lcut(t, HMM=False)]),
}


@pytest.fixture(scope="module", params=["pku", "corpus"])
def lines(request: pytest.FixtureRequest) -> list[str]:
    return pku_lines() if request.param == "pku" else corpus_paragraphs()


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_lines_identical_to_jieba(name: str, lines: list[str]) -> None:
    ours, theirs = FUNCTIONS[name]
    differing = [line for line in lines if ours(line) != theirs(line)]
    share = 1 - len(differing) / len(lines)
    assert share >= 0.999, f"{name}: {len(differing)} of {len(lines)} lines differ, e.g. {differing[:3]}"


def test_known_differences() -> None:
    # 1. Full mode: jieba yields "" between consecutive whitespace characters.
    text = "40  分钟"
    assert jieba.lcut(text, cut_all=True) == ["40", "", " ", "", " ", "", "分钟"]
    assert ZT.cut_all(text) == ["40", " ", " ", "分钟"]
