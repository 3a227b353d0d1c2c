"""jieba's API on zhtext's Rust core: ``import zhtext.jieba as jieba``.

The functions, classes and return types are jieba 0.42.1's (``cut`` returns a
generator, ``lcut`` a list, ``posseg.cut`` yields :class:`~zhtext.jieba.posseg.pair`
objects, ...), and so are the words. ``enable_parallel`` is not needed: zhtext's
batch functions (``zhtext.cut_many``) already cut on threads.

>>> import zhtext.jieba as jieba
>>> "/".join(jieba.cut("我来到北京清华大学"))
'我/来到/北京/清华大学'
>>> jieba.lcut("我来到北京清华大学", cut_all=True)
['我', '来到', '北京', '清华', '清华大学', '华大', '大学']
>>> jieba.lcut_for_search("小明硕士毕业于中国科学院计算所")
['小明', '硕士', '毕业', '于', '中国', '科学', '学院', '科学院', '中国科学院', '计算', '计算所']

The default tokenizer ``jieba.dt`` is this module's own (as in jieba), separate
from ``zhtext.default_tokenizer()``; ``jieba.dt.core`` is its
:class:`zhtext.Tokenizer`, for zhtext's batch and pandas functions.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Generator, Iterable
from typing import IO, Any

from .._zhtext import Tokenizer as _CoreTokenizer

__version__ = "0.42.1"
__license__ = "MIT"

__all__ = [
    "DEFAULT_DICT",
    "Tokenizer",
    "add_word",
    "cut",
    "cut_for_search",
    "del_word",
    "disable_parallel",
    "dt",
    "enable_parallel",
    "get_FREQ",
    "initialize",
    "lcut",
    "lcut_for_search",
    "load_userdict",
    "setLogLevel",
    "set_dictionary",
    "suggest_freq",
    "tokenize",
]

DEFAULT_DICT = None

log_console = logging.StreamHandler(sys.stderr)
default_logger = logging.getLogger(__name__)
default_logger.setLevel(logging.DEBUG)
if not default_logger.handlers:  # a reload keeps the handler, as jieba's would add a second
    default_logger.addHandler(log_console)


def setLogLevel(log_level: int | str) -> None:
    """Set the level of this module's logger (jieba's messages go to stderr), as ``jieba.setLogLevel``.

    >>> setLogLevel(logging.INFO)
    """
    default_logger.setLevel(log_level)


def _get_abs_path(path: str | os.PathLike[str]) -> str:
    return os.path.normpath(os.path.join(os.getcwd(), path))


def strdecode(sentence: str | bytes) -> str:
    """Text as jieba takes it: ``bytes`` are decoded as UTF-8, else as GBK (ignoring errors).

    >>> strdecode("中文".encode("gbk"))
    '中文'
    """
    if not isinstance(sentence, str):
        try:
            return sentence.decode("utf-8")
        except UnicodeDecodeError:
            return sentence.decode("gbk", "ignore")
    return sentence


class Tokenizer:
    """``jieba.Tokenizer`` on a :class:`zhtext.Tokenizer` (``self.core``).

    ``dictionary`` is a jieba-format main dictionary file, read on first use
    (``initialize``); ``None`` is jieba's dictionary, embedded in zhtext.

    >>> tok = Tokenizer()
    >>> list(tok.cut("他来到了网易杭研大厦"))
    ['他', '来到', '了', '网易', '杭研', '大厦']
    """

    def __init__(self, dictionary: str | os.PathLike[str] | None = DEFAULT_DICT) -> None:
        self.lock = threading.RLock()
        self.dictionary = dictionary if dictionary == DEFAULT_DICT else _get_abs_path(dictionary)  # type: ignore[arg-type]
        self.initialized = False
        self.core = _CoreTokenizer()

    def __repr__(self) -> str:
        return f"<Tokenizer dictionary={self.dictionary!r}>"

    def initialize(self, dictionary: str | os.PathLike[str] | None = None) -> None:
        """Load the dictionary now rather than on first use, as ``jieba.initialize``."""
        if dictionary:
            abs_path = _get_abs_path(dictionary)
            if self.dictionary == abs_path and self.initialized:
                return
            self.dictionary = abs_path
            self.initialized = False
        with self.lock:
            if self.initialized:
                return
            default_logger.debug("Building prefix dict from %s ...", self.dictionary or "the default dictionary")
            self.core.set_dictionary(self.dictionary)
            self.initialized = True
            default_logger.debug("Prefix dict has been built successfully.")

    def check_initialized(self) -> None:
        if not self.initialized:
            self.initialize()

    def cut(
        self, sentence: str | bytes, cut_all: bool = False, HMM: bool = True, use_paddle: bool = False
    ) -> Generator[str, None, None]:
        """Cut ``sentence`` (a generator of words), as ``jieba.cut``; ``use_paddle`` is ignored
        (as jieba ignores it without paddle installed)."""
        sentence = strdecode(sentence)
        self.check_initialized()
        yield from self.core.cut_all(sentence) if cut_all else self.core.cut(sentence, HMM)

    def lcut(self, *args: Any, **kwargs: Any) -> list[str]:
        """``list(self.cut(...))``."""
        return list(self.cut(*args, **kwargs))

    def cut_for_search(self, sentence: str | bytes, HMM: bool = True) -> Generator[str, None, None]:
        """Search-engine mode (a generator), as ``jieba.cut_for_search``."""
        sentence = strdecode(sentence)
        self.check_initialized()
        yield from self.core.cut_for_search(sentence, HMM)

    def lcut_for_search(self, *args: Any, **kwargs: Any) -> list[str]:
        """``list(self.cut_for_search(...))``."""
        return list(self.cut_for_search(*args, **kwargs))

    def tokenize(
        self, unicode_sentence: str, mode: str = "default", HMM: bool = True
    ) -> Generator[tuple[str, int, int], None, None]:
        """``(word, start, end)`` tuples (a generator), as ``jieba.tokenize``; any ``mode``
        but ``"default"`` is search mode, as in jieba."""
        if not isinstance(unicode_sentence, str):
            raise ValueError("jieba: the input parameter should be unicode.")
        self.check_initialized()
        yield from self.core.tokenize(unicode_sentence, "default" if mode == "default" else "search", HMM)

    def load_userdict(self, f: str | os.PathLike[str] | IO[Any] | Iterable[str | bytes]) -> None:
        """Add the words of a user dictionary (a path or an open file), as ``jieba.load_userdict``.

        Lines are read with jieba's rule (see :meth:`zhtext.Tokenizer.load_userdict`).
        """
        self.check_initialized()
        self.core.load_userdict(f)

    def add_word(self, word: str | bytes, freq: int | str | None = None, tag: str | None = None) -> None:
        """Add a word, as ``jieba.add_word`` (``freq=None``: a frequency that keeps it whole)."""
        self.check_initialized()
        self.core.add_word(strdecode(word), None if freq is None else int(freq), tag or None)

    def del_word(self, word: str | bytes) -> None:
        """Stop producing ``word``, as ``jieba.del_word``."""
        self.check_initialized()
        self.core.del_word(strdecode(word))

    def suggest_freq(self, segment: str | bytes | Iterable[str | bytes], tune: bool = False) -> int:
        """The frequency that keeps ``segment`` whole (a str) or cuts it into the given parts,
        applied with ``tune=True``, as ``jieba.suggest_freq``."""
        self.check_initialized()
        if isinstance(segment, (str, bytes)):
            return self.core.suggest_freq(strdecode(segment), tune)
        return self.core.suggest_freq(tuple(map(strdecode, segment)), tune)

    def set_dictionary(self, dictionary_path: str | os.PathLike[str]) -> None:
        """Use another main dictionary from the next call on, as ``jieba.set_dictionary``
        (words added so far are dropped)."""
        with self.lock:
            abs_path = _get_abs_path(dictionary_path)
            if not os.path.isfile(abs_path):
                raise Exception("jieba: file does not exist: " + abs_path)
            self.dictionary = abs_path
            self.initialized = False

    @property
    def total(self) -> int:
        """jieba's total of all frequencies."""
        self.check_initialized()
        return self.core.total

    def get_FREQ(self, k: str, d: Any = None) -> Any:
        """jieba's ``FREQ.get(k, d)``: the frequency of a word, 0 for a prefix of a word, else ``d``
        (``d`` before the dictionary is loaded, as in jieba)."""
        if not self.initialized:
            return d
        freq = self.core.word_freq(k)
        return d if freq is None else freq


dt = Tokenizer()

get_FREQ = dt.get_FREQ
add_word = dt.add_word
cut = dt.cut
lcut = dt.lcut
cut_for_search = dt.cut_for_search
lcut_for_search = dt.lcut_for_search
del_word = dt.del_word
initialize = dt.initialize
load_userdict = dt.load_userdict
set_dictionary = dt.set_dictionary
suggest_freq = dt.suggest_freq
tokenize = dt.tokenize


def enable_parallel(processnum: int | None = None) -> None:
    """Accepted for jieba's scripts; does nothing: zhtext's batch functions already use threads.

    For many texts at once use ``zhtext.cut_many`` (or ``jieba.dt.core.cut_many``),
    which cuts on all cores without the GIL; a single ``cut`` stays in order, as here.
    """
    default_logger.info(
        "enable_parallel: not needed, zhtext cuts batches on threads (zhtext.cut_many); cutting goes on as before"
    )


def disable_parallel() -> None:
    """Accepted for jieba's scripts; does nothing (see :func:`enable_parallel`)."""


def __getattr__(name: str) -> Any:
    # `jieba.posseg` / `jieba.analyse` after a bare `import zhtext.jieba as jieba`.
    if name in ("posseg", "analyse"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
