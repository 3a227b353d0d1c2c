"""``jieba.posseg`` on zhtext: words with part-of-speech tags, as :class:`pair` objects.

>>> import zhtext.jieba.posseg as pseg
>>> [(w.word, w.flag) for w in pseg.cut("我爱北京天安门")]
[('我', 'r'), ('爱', 'v'), ('北京', 'ns'), ('天安门', 'ns')]
>>> pseg.lcut("我爱北京")[0]
pair('我', 'r')
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

from . import Tokenizer, strdecode
from . import dt as _jieba_dt

__all__ = ["POSTokenizer", "cut", "dt", "initialize", "lcut", "pair"]


class pair:
    """A word and its part-of-speech flag, as ``jieba.posseg.pair``: prints as ``word/flag``,
    unpacks as ``word, flag``.

    >>> word, flag = pair("北京", "ns"); str(pair("北京", "ns"))
    '北京/ns'
    """

    __slots__ = ("flag", "word")

    def __init__(self, word: str, flag: str) -> None:
        self.word = word
        self.flag = flag

    def __str__(self) -> str:
        return f"{self.word}/{self.flag}"

    def __repr__(self) -> str:
        return f"pair({self.word!r}, {self.flag!r})"

    def __iter__(self) -> Iterator[str]:
        return iter((self.word, self.flag))

    def __lt__(self, other: pair) -> bool:
        return self.word < other.word

    def __eq__(self, other: object) -> bool:
        return isinstance(other, pair) and self.word == other.word and self.flag == other.flag

    def __hash__(self) -> int:
        return hash(self.word)

    def __getstate__(self) -> tuple[str, str]:
        return (self.word, self.flag)

    def __setstate__(self, state: tuple[str, str]) -> None:
        self.word, self.flag = state

    def encode(self, arg: str) -> bytes:
        return str(self).encode(arg)


class POSTokenizer:
    """``jieba.posseg.POSTokenizer``: tags with the dictionary of ``tokenizer`` (a
    :class:`zhtext.jieba.Tokenizer`; ``None``: a new one with jieba's dictionary)."""

    def __init__(self, tokenizer: Tokenizer | None = None) -> None:
        self.tokenizer = tokenizer or Tokenizer()

    def __repr__(self) -> str:
        return f"<POSTokenizer tokenizer={self.tokenizer!r}>"

    def __getattr__(self, name: str) -> Any:
        if name in ("cut_for_search", "lcut_for_search", "tokenize"):
            raise NotImplementedError
        return getattr(self.tokenizer, name)

    def initialize(self, dictionary: str | None = None) -> None:
        self.tokenizer.initialize(dictionary)

    def cut(self, sentence: str | bytes, HMM: bool = True) -> Generator[pair, None, None]:
        """Words with their flags (a generator of :class:`pair`), as ``jieba.posseg.cut``."""
        sentence = strdecode(sentence)
        self.tokenizer.check_initialized()
        for word, flag in self.tokenizer.core.tag(sentence, HMM):
            yield pair(word, flag)

    def lcut(self, *args: Any, **kwargs: Any) -> list[pair]:
        return list(self.cut(*args, **kwargs))


dt = POSTokenizer(_jieba_dt)

initialize = dt.initialize


def cut(sentence: str | bytes, HMM: bool = True, use_paddle: bool = False) -> Generator[pair, None, None]:
    """Words of ``sentence`` with their flags, as ``jieba.posseg.cut`` (``use_paddle`` is ignored,
    as jieba ignores it without paddle)."""
    yield from dt.cut(sentence, HMM=HMM)


def lcut(sentence: str | bytes, HMM: bool = True, use_paddle: bool = False) -> list[pair]:
    """``list(cut(sentence, HMM))``."""
    return list(cut(sentence, HMM))
