"""``jieba.analyse`` on zhtext: keywords by TF-IDF and TextRank, with jieba's arithmetic.

>>> import zhtext.jieba.analyse as analyse
>>> analyse.extract_tags("吉林欧亚置业有限公司增资4.3亿元，吉林欧亚置业注册资本增加到5亿元", topK=3)
['欧亚', '吉林', '置业']
"""

from __future__ import annotations

import os
from typing import Any

from .. import _zhtext
from . import _get_abs_path, strdecode
from . import dt as _jieba_dt
from .posseg import pair

__all__ = [
    "TFIDF",
    "KeywordExtractor",
    "TextRank",
    "default_textrank",
    "default_tfidf",
    "extract_tags",
    "set_idf_path",
    "set_stop_words",
    "textrank",
    "tfidf",
]


class KeywordExtractor:
    """What :class:`TFIDF` and :class:`TextRank` share: stop words on top of jieba's English ones."""

    STOP_WORDS = frozenset(
        (
            "the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are", "by", "be", "as", "on",
            "with", "can", "if", "from", "which", "you", "it", "this", "then", "at", "have", "all", "not",
            "one", "has", "or",
        )
    )  # fmt: skip

    def __init__(self) -> None:
        self.tokenizer = _jieba_dt
        self._extractor = _zhtext.TfidfExtractor(self.tokenizer.core)

    def set_stop_words(self, stop_words_path: str | os.PathLike[str]) -> None:
        """Add the words of a file (one per line) to the stop words, as jieba's ``set_stop_words``."""
        abs_path = _get_abs_path(stop_words_path)
        if not os.path.isfile(abs_path):
            raise Exception("jieba: file does not exist: " + abs_path)
        self._extractor.set_stop_words(abs_path)

    @property
    def stop_words(self) -> set[str]:
        """The stop words (a copy)."""
        return set(self._extractor.stop_words)

    def extract_tags(self, *args: Any, **kwargs: Any) -> list[Any]:
        raise NotImplementedError


def _as_jieba(keywords: list[Any], top_k: Any, with_flag: bool, with_weight: bool) -> list[Any]:
    """zhtext's keywords as jieba returns them: flags as :class:`pair`, ``tags[:topK]`` for a
    negative ``topK``."""
    if with_flag:
        if with_weight:
            keywords = [(pair(*item), weight) for item, weight in keywords]
        else:
            keywords = [pair(*item) for item in keywords]
    if top_k and top_k < 0:
        keywords = keywords[:top_k]
    return keywords


def _top_k(top_k: Any) -> int | None:
    # jieba: `tags[:topK] if topK else tags`.
    return int(top_k) if top_k and top_k > 0 else None


class TFIDF(KeywordExtractor):
    """``jieba.analyse.TFIDF``: keywords by TF-IDF with ``idf_path`` (``None``: jieba's table)."""

    def __init__(self, idf_path: str | os.PathLike[str] | None = None) -> None:
        self.tokenizer = _jieba_dt
        self._extractor = _zhtext.TfidfExtractor(self.tokenizer.core, idf=idf_path)

    def set_idf_path(self, idf_path: str | os.PathLike[str]) -> None:
        """Use another ``idf.txt``, as ``jieba.analyse.set_idf_path``."""
        new_abs_path = _get_abs_path(idf_path)
        if not os.path.isfile(new_abs_path):
            raise Exception("jieba: file does not exist: " + new_abs_path)
        self._extractor.set_idf_path(new_abs_path)

    def extract_tags(
        self,
        sentence: str | bytes,
        topK: int | None = 20,
        withWeight: bool = False,
        allowPOS: Any = (),
        withFlag: bool = False,
    ) -> list[Any]:
        """Keywords of ``sentence`` by TF-IDF, as ``jieba.analyse.extract_tags``."""
        sentence = strdecode(sentence)
        self.tokenizer.check_initialized()
        with_flag = bool(withFlag and allowPOS)
        keywords = self._extractor.extract(sentence, _top_k(topK), withWeight, tuple(allowPOS or ()), with_flag)
        return _as_jieba(keywords, topK, with_flag, withWeight)


class TextRank(KeywordExtractor):
    """``jieba.analyse.TextRank``: keywords by TextRank over a window of 5 words."""

    def __init__(self) -> None:
        super().__init__()
        self.span = 5

    def textrank(
        self,
        sentence: str | bytes,
        topK: int | None = 20,
        withWeight: bool = False,
        allowPOS: Any = ("ns", "n", "vn", "v"),
        withFlag: bool = False,
    ) -> list[Any]:
        """Keywords of ``sentence`` by TextRank, as ``jieba.analyse.textrank``."""
        sentence = strdecode(sentence)
        self.tokenizer.check_initialized()
        if not allowPOS:  # jieba keeps only words whose flag is allowed: none
            return []
        with_flag = bool(withFlag)
        keywords = self._extractor.textrank(sentence, _top_k(topK), withWeight, tuple(allowPOS), with_flag)
        return _as_jieba(keywords, topK, with_flag, withWeight)

    extract_tags = textrank


default_tfidf = TFIDF()
default_textrank = TextRank()

extract_tags = tfidf = default_tfidf.extract_tags
set_idf_path = default_tfidf.set_idf_path
textrank = default_textrank.extract_tags


def set_stop_words(stop_words_path: str | os.PathLike[str]) -> None:
    """Add stop words (a file, one per line) to both extractors, as ``jieba.analyse.set_stop_words``."""
    default_tfidf.set_stop_words(stop_words_path)
    default_textrank.set_stop_words(stop_words_path)
