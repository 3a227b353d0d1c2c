"""Shared fixtures: the read-only material in ../shared (skipped when absent)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a message saying what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip("../shared is absent: the whole-corpus runs and benches need it (the rest uses tests/fixtures)")
    return path


def has_shared() -> bool:
    """Whether ../shared is next to the checkout (the whole corpus and the PKU set)."""
    return (SHARED / "corpus").is_dir()


def corpus_root() -> Path:
    """../shared/corpus, or the excerpt in tests/fixtures/corpus (three articles per outlet) on a plain clone."""
    return SHARED / "corpus" if has_shared() else FIXTURES / "corpus"


def corpus_files() -> list[Path]:
    return sorted(corpus_root().glob("*/*.md"))


class _Paragraphs(HTMLParser):
    """Text of block-level elements, a test-side stand-in for the article parser."""

    BLOCKS: frozenset[str] = frozenset(
        {"p", "div", "li", "h1", "h2", "h3", "h4", "br", "figcaption", "blockquote", "td"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._buf: list[str] = []

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._buf)).strip()
        if text:
            self.paragraphs.append(text)
        self._buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._buf.append(data)


def corpus_article_paragraphs() -> list[list[str]]:
    """Paragraph texts of each article of the corpus (see corpus_root), one list per article."""
    articles: list[list[str]] = []
    for path in corpus_files():
        body = path.read_text(encoding="utf-8").split("\n", 4)[-1]
        parser = _Paragraphs()
        parser.feed(html.unescape(body) if "&lt;" in body else body)
        parser.close()
        articles.append(parser.paragraphs)
    return articles


def corpus_paragraphs() -> list[str]:
    """Paragraph texts of every article of the corpus."""
    return [p for article in corpus_article_paragraphs() for p in article]


def corpus_texts() -> list[str]:
    """The text of each article of the corpus (paragraphs joined by newlines)."""
    return ["\n".join(article) for article in corpus_article_paragraphs()]


def pku_documents(size: int = 2000) -> list[str]:
    """PKU test lines grouped into documents of about ``size`` characters (40 for the plain clone's sentences)."""
    if _gold_path().parent != SHARED / "sighan":
        size = min(size, 40)
    docs, current = [], ""
    for line in pku_lines():
        current += line + "\n"
        if len(current) >= size:
            docs.append(current)
            current = ""
    if current:
        docs.append(current)
    return docs


def _gold_path() -> Path:
    pku = SHARED / "sighan" / "pku_test_gold.utf8"
    return pku if pku.exists() else FIXTURES / "segmented.txt"


def gold_segmentation() -> list[list[str]]:
    """Hand-segmented sentences: the PKU gold standard, or tests/fixtures/segmented.txt on a plain clone."""
    return [line.split() for line in _gold_path().read_text(encoding="utf-8").splitlines()]


def pku_lines() -> list[str]:
    """The PKU test text, or the unsegmented sentences of tests/fixtures/segmented.txt on a plain clone."""
    if _gold_path().parent == SHARED / "sighan":
        return (SHARED / "sighan" / "pku_test.utf8").read_text(encoding="utf-8").splitlines()
    return ["".join(words) for words in gold_segmentation()]
