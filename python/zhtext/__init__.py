"""zhtext: Chinese news text analytics in Rust, for pandas and Jupyter.

Segmentation matches Python jieba 0.42.1 token for token and runs on every core:

>>> import zhtext as zt
>>> zt.cut("我来到北京清华大学")
['我', '来到', '北京', '清华大学']
>>> zt.tag("我来到北京清华大学")
[('我', 'r'), ('来到', 'v'), ('北京', 'ns'), ('清华大学', 'nt')]

The module-level functions use one default :class:`Tokenizer`, created on first
use (like ``jieba.dt``); create your own ``Tokenizer`` for a separate dictionary.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable
from typing import Any, Literal

# The extension's allocator (mimalloc 3) keeps freed pages for 1 s before returning them, so the
# buffers of one batch or phase stay resident beside the next's (zhtext analyze peaked 55 MB higher).
# 100 ms keeps them over the gap between two small calls, which at 10 ms fault them in afresh (70 page
# faults, 5-10% of a 357-document fit), for 3 MB of that peak. Read when the extension loads; a user's
# setting wins.
os.environ.setdefault("MIMALLOC_PURGE_DELAY", "100")
# First: starts building the embedded tables in the background (see _preload).
from . import _preload  # noqa: F401
from ._dedup import duplicate_groups, near_duplicates
from ._keyterms import ANALYSIS_FILTERS, outlet_terms
from ._mentions import mentions, quote_table, quotes, top_mentions
from ._words import discover_words
from ._zhtext import (
    Analyzer,
    Article,
    ArticleError,
    DictionaryError,
    TfidfExtractor,
    Tokenizer,
    ZhtextError,
    __version__,
    article_schema,
    convert,
    lsh_params,
    minhash,
    parse_article,
    read_article,
    shingles,
)
from .report import Report, keyword_trends, report, top_terms

CutMode = Literal["default", "all", "search"]
Script = Literal["as_is", "auto", "simplified"]
TokenizeMode = Literal["default", "search"]

__all__ = [
    "ANALYSIS_FILTERS",
    "Analyzer",
    "Article",
    "ArticleError",
    "CountVectorizer",
    "CutMode",
    "DictionaryError",
    "Report",
    "Script",
    "TfidfExtractor",
    "TfidfVectorizer",
    "TokenizeMode",
    "Tokenizer",
    "ZhtextError",
    "__version__",
    "add_word",
    "article_schema",
    "convert",
    "cut",
    "cut_all",
    "cut_for_search",
    "cut_many",
    "default_extractor",
    "default_tokenizer",
    "del_word",
    "discover_words",
    "duplicate_groups",
    "extract_tags",
    "iter_articles",
    "keyword_trends",
    "load_userdict",
    "lsh_params",
    "mentions",
    "minhash",
    "near_duplicates",
    "outlet_terms",
    "parse_article",
    "quote_table",
    "quotes",
    "read_article",
    "read_articles",
    "report",
    "sample_article_path",
    "set_idf_path",
    "set_stop_words",
    "shingles",
    "suggest_freq",
    "tag",
    "textrank",
    "tokenize",
    "top_mentions",
    "top_terms",
]

_default: Tokenizer | None = None
_default_extractor: TfidfExtractor | None = None
_default_lock = threading.Lock()


def __getattr__(name: str) -> Any:
    # The vectorizers need scikit-learn, an optional dependency: import them on first use.
    if name in ("TfidfVectorizer", "CountVectorizer"):
        from . import _vectorizer

        return getattr(_vectorizer, name)
    raise AttributeError(f"module 'zhtext' has no attribute {name!r}")


def default_tokenizer() -> Tokenizer:
    """The tokenizer behind the module-level functions, created on first use.

    Examples
    --------
    >>> import zhtext as zt
    >>> zt.default_tokenizer().cut("清华大学")
    ['清华大学']
    """
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Tokenizer()
    return _default


def default_extractor() -> TfidfExtractor:
    """The keyword extractor behind :func:`extract_tags` and :func:`textrank`, created on first use.

    It cuts with :func:`default_tokenizer`, so words added there count here too.

    >>> default_extractor().tokenizer is default_tokenizer()
    True
    """
    global _default_extractor
    if _default_extractor is None:
        tokenizer = default_tokenizer()
        with _default_lock:
            if _default_extractor is None:
                _default_extractor = TfidfExtractor(tokenizer)
    return _default_extractor


def extract_tags(
    text: str,
    top_k: int | None = 20,
    with_weight: bool = False,
    allow_pos: Iterable[str] = (),
    with_flag: bool = False,
    *,
    script: Script | None = None,
    fold_script: Literal["simplified"] | None = None,
) -> list[Any]:
    """Keywords of ``text`` by TF-IDF, as ``jieba.analyse.extract_tags``; see :meth:`TfidfExtractor.extract`.

    >>> extract_tags("吉林欧亚置业有限公司增资4.3亿元，吉林欧亚置业注册资本增加到5亿元", top_k=3)
    ['欧亚', '吉林', '置业']
    """
    return default_extractor().extract(
        text, top_k, with_weight, allow_pos, with_flag, script=script, fold_script=fold_script
    )


def textrank(
    text: str,
    top_k: int | None = 20,
    with_weight: bool = False,
    allow_pos: Iterable[str] = ("ns", "n", "vn", "v"),
    with_flag: bool = False,
    *,
    script: Script | None = None,
    fold_script: Literal["simplified"] | None = None,
) -> list[Any]:
    """Keywords of ``text`` by TextRank, as ``jieba.analyse.textrank``.

    >>> textrank("吉林欧亚置业有限公司增资，吉林欧亚置业注册资本增加", top_k=2)
    ['吉林', '欧亚']
    """
    return default_extractor().textrank(
        text, top_k, with_weight, allow_pos, with_flag, script=script, fold_script=fold_script
    )


def set_stop_words(source: str | os.PathLike[str] | Iterable[str]) -> None:
    """Add stop words for :func:`extract_tags` and :func:`textrank`, as ``jieba.analyse.set_stop_words``.

    >>> set_stop_words(["一个"])
    """
    default_extractor().set_stop_words(source)


def set_idf_path(path: str | os.PathLike[str]) -> None:
    """Use another jieba-format ``idf.txt`` for :func:`extract_tags`, as ``jieba.analyse.set_idf_path``."""
    default_extractor().set_idf_path(path)


def cut(text: str, hmm: bool = True, *, script: Script | None = None) -> list[str]:
    """Cut ``text`` into words, as ``jieba.lcut(text, HMM=hmm)``.

    ``script="auto"`` cuts traditional text through its simplified form and gives the words in
    the text's own characters (see :class:`Tokenizer`).

    >>> cut("他来到了网易杭研大厦")
    ['他', '来到', '了', '网易', '杭研', '大厦']
    >>> cut("他來到了網易杭研大廈", script="auto")
    ['他', '來到', '了', '網易', '杭研', '大廈']
    """
    return default_tokenizer().cut(text, hmm, script=script)


def cut_all(text: str) -> list[str]:
    """Every dictionary word in ``text`` (full mode), as ``jieba.lcut(text, cut_all=True)``.

    >>> cut_all("清华大学")
    ['清华', '清华大学', '华大', '大学']
    """
    return default_tokenizer().cut_all(text)


def cut_for_search(text: str, hmm: bool = True, *, script: Script | None = None) -> list[str]:
    """Search-engine mode, as ``jieba.lcut_for_search``: long words also give their parts.

    >>> cut_for_search("中国科学院")
    ['中国', '科学', '学院', '科学院', '中国科学院']
    """
    return default_tokenizer().cut_for_search(text, hmm, script=script)


def tokenize(
    text: str, mode: TokenizeMode = "default", hmm: bool = True, *, script: Script | None = None
) -> list[tuple[str, int, int]]:
    """Words with their character offsets ``(word, start, end)``, as ``jieba.tokenize``.

    >>> tokenize("永和服装")
    [('永和', 0, 2), ('服装', 2, 4)]
    """
    return default_tokenizer().tokenize(text, mode, hmm, script=script)


def tag(text: str, hmm: bool = True, *, script: Script | None = None) -> list[tuple[str, str]]:
    """Words with part-of-speech tags, as ``jieba.posseg.lcut``.

    >>> tag("我爱北京天安门")
    [('我', 'r'), ('爱', 'v'), ('北京', 'ns'), ('天安门', 'ns')]
    """
    return default_tokenizer().tag(text, hmm, script=script)


def cut_many(
    texts: Iterable[str],
    *,
    mode: CutMode = "default",
    hmm: bool = True,
    threads: int | None = None,
    output: str = "list",
    progress: bool | None = None,
    script: Script | None = None,
) -> Any:
    """Cut many texts on all cores; see :meth:`Tokenizer.cut_many`.

    >>> cut_many(["我来到北京", "清华大学"])
    [['我', '来到', '北京'], ['清华大学']]
    """
    return default_tokenizer().cut_many(
        texts,
        mode=mode,
        hmm=hmm,
        threads=threads,
        output=output,
        progress=progress,
        script=script,  # type: ignore[call-overload]
    )


def load_userdict(source: str | os.PathLike[str] | Iterable[str | bytes]) -> None:
    """Load a user dictionary into the default tokenizer; see :meth:`Tokenizer.load_userdict`.

    >>> load_userdict(["侍建宇 nr"])
    """
    default_tokenizer().load_userdict(source)


def add_word(word: str, freq: int | None = None, tag: str | None = None) -> int:
    """Add a word to the default tokenizer, as ``jieba.add_word``; returns its frequency.

    >>> add_word("石墨烯") > 0
    True
    """
    return default_tokenizer().add_word(word, freq, tag)


def del_word(word: str) -> None:
    """Stop the default tokenizer from producing ``word``, as ``jieba.del_word``.

    >>> del_word("今天天气")
    """
    default_tokenizer().del_word(word)


def suggest_freq(segment: str | tuple[str, ...], tune: bool = False) -> int:
    """A frequency that keeps ``segment`` whole (str) or splits it so (tuple), as ``jieba.suggest_freq``.

    With ``tune=True`` the frequency is also applied.

    >>> suggest_freq(("中", "将"), tune=True) >= 0
    True
    """
    return default_tokenizer().suggest_freq(segment, tune)


def read_articles(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    errors: Literal["raise", "skip", "collect"] = "raise",
    threads: int | None = None,
    progress: bool | None = None,
    output: Literal["pandas", "arrow"] = "pandas",
    encoding_errors: Literal["strict", "replace"] = "strict",
    max_file_size: int = 64 * 1024 * 1024,
) -> Any:
    """Read archive files into a pandas DataFrame (or a ``pyarrow.Table``), one row per article.

    ``source`` is a directory (walked recursively, following symlinks; a loop is
    reported once), a glob pattern, a ``.zip``/``.tar``/``.tar.gz``/``.tgz`` archive,
    a file, or a list of these; files ending in ``.md``/``.txt`` are read. Sources
    are resolved, read and parsed in Rust on ``threads`` threads (``None``: every
    core) without the GIL; archive members are read in stream order, nothing is
    extracted. For archives larger than memory, use :func:`iter_articles`.

    ``errors``: ``"raise"`` raises for the first bad input (``zhtext.ArticleError``
    naming the file and the line or byte, or an ``OSError`` such as
    ``FileNotFoundError``); ``"skip"`` leaves bad inputs out and warns with their
    count; ``"collect"`` keeps one row per input with the message in the ``error``
    column. FIFOs, devices, link members, member names with ``..`` and inputs over
    ``max_file_size`` bytes (64 MB) are bad inputs, never opened or followed (see
    ``docs/sources.md``). ``progress``: a ``tqdm.auto`` bar (``None``: on for large
    inputs when interactive). Lists and structs are Arrow-backed columns;
    ``published`` is ``datetime64[ns, UTC]`` from the header.

    >>> import zhtext as zt
    >>> df = zt.read_articles(zt.sample_article_path())
    >>> df.loc[0, ["outlet", "section", "n_chars"]].tolist()
    ['rfa', 'yataibaodao/junshiwaijiao', 1195]
    >>> str(df.published.dtype), df.loc[0, "byline"]["reporters"]
    ('datetime64[ns, UTC]', ['黄春梅'])
    """
    from ._articles import finish, read_tables

    if output not in ("pandas", "arrow"):
        raise ValueError(f'output must be "pandas" or "arrow", not {output!r}')
    table = read_tables(
        source,
        errors=errors,
        threads=threads,
        progress=progress,
        encoding_errors=encoding_errors,
        max_file_size=max_file_size,
    )
    return finish(table, output)


def iter_articles(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    batch_size: int = 2048,
    errors: Literal["raise", "skip", "collect"] = "raise",
    threads: int | None = None,
    encoding_errors: Literal["strict", "replace"] = "strict",
    max_file_size: int = 64 * 1024 * 1024,
) -> Any:
    """Stream the rows of :func:`read_articles` as a ``pyarrow.RecordBatchReader``.

    The same sources, schema and ``errors`` policy as ``read_articles(output="arrow")``,
    in batches of at most ``batch_size`` rows. Each batch is read (archive members
    in stream order) and parsed when it is asked for, so memory holds about one
    batch whatever the archive's size. With ``errors="raise"`` the first bad input
    raises while its batch is read.

    >>> import zhtext as zt
    >>> reader = zt.iter_articles([zt.sample_article_path()] * 3, batch_size=2)
    >>> [batch.num_rows for batch in reader]
    [2, 1]
    >>> zt.iter_articles(zt.sample_article_path()).read_all().column("outlet").to_pylist()
    ['rfa']
    """
    from ._articles import iter_articles as _iter

    return _iter(
        source,
        batch_size=batch_size,
        errors=errors,
        threads=threads,
        encoding_errors=encoding_errors,
        max_file_size=max_file_size,
    )


def sample_article_path() -> str:
    """Path of the bundled sample article (one file of the news archive format).

    >>> sample_article_path().endswith("sample_article.md")
    True
    """
    return os.path.join(os.path.dirname(__file__), "data", "sample_article.md")


if "pandas" in sys.modules:
    # pandas is already in use: offer the .zh Series accessor right away (otherwise: import zhtext.accessor).
    try:
        from . import accessor as _accessor  # noqa: F401
    except ImportError:  # pyarrow missing: the accessor needs it, the rest of zhtext does not
        pass
