"""Shared fixtures: the read-only material in ../shared (skipped when absent)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a message saying what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs the shared material next to the checkout")
    return path


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
    """Paragraph texts of each article in ../shared/corpus, one list per article."""
    corpus = shared_path("corpus")
    articles: list[list[str]] = []
    for path in sorted(corpus.glob("*/*.md")):
        body = path.read_text(encoding="utf-8").split("\n", 4)[-1]
        parser = _Paragraphs()
        parser.feed(html.unescape(body) if "&lt;" in body else body)
        parser.close()
        articles.append(parser.paragraphs)
    return articles


def corpus_paragraphs() -> list[str]:
    """Paragraph texts of every article in ../shared/corpus."""
    return [p for article in corpus_article_paragraphs() for p in article]


def corpus_texts() -> list[str]:
    """The text of each article in ../shared/corpus (paragraphs joined by newlines)."""
    return ["\n".join(article) for article in corpus_article_paragraphs()]


def pku_documents(size: int = 2000) -> list[str]:
    """PKU test lines grouped into documents of about ``size`` characters."""
    docs, current = [], ""
    for line in pku_lines():
        current += line + "\n"
        if len(current) >= size:
            docs.append(current)
            current = ""
    if current:
        docs.append(current)
    return docs


def pku_lines() -> list[str]:
    return shared_path("sighan", "pku_test.utf8").read_text(encoding="utf-8").splitlines()
