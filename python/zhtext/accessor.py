"""The ``.zh`` accessor on pandas Series of Chinese text.

Registered when this module is imported, which ``import zhtext`` does by itself
when pandas is already imported. Results are Arrow-backed list columns
(``pd.ArrowDtype``) aligned to the Series' index, with missing texts kept
missing; the work runs in Rust on all cores without the GIL.

>>> import pandas as pd
>>> import zhtext.accessor
>>> s = pd.Series(["我来到北京清华大学", None], index=["a", "b"])
>>> s.zh.cut().tolist()
[['我', '来到', '北京', '清华大学'], <NA>]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa

from . import _arrow_dtypes  # noqa: F401  (pandas can read the nested dtypes of these frames back from Parquet)
from ._zhtext import TfidfExtractor, Tokenizer

__all__ = ["ZhAccessor"]

_WORDS = pa.large_list(pa.large_string())


@pd.api.extensions.register_series_accessor("zh")
class ZhAccessor:
    """Segmentation, tagging and keywords for a Series of texts: ``series.zh.cut()`` and friends."""

    def __init__(self, series: pd.Series) -> None:
        self._series = series

    def _present(self) -> tuple[np.ndarray, list[str]]:
        """Which rows hold text, and those texts; anything else but a missing value is an error."""
        values = self._series.to_numpy(dtype=object)
        present = ~pd.isna(values)
        texts = values[present].tolist()
        for i, text in zip(np.flatnonzero(present), texts, strict=True):
            if not isinstance(text, str):
                raise TypeError(
                    f"row {self._series.index[i]!r} is {type(text).__name__}, not str; "
                    "the .zh accessor works on text (str) or missing values"
                )
        return present, texts

    def _series_of(self, present: np.ndarray, values: list[Any], type_: pa.DataType) -> pd.Series:
        full: list[Any] = [None] * len(present)
        for i, value in zip(np.flatnonzero(present), values, strict=True):
            full[i] = value
        array = pa.array(full, type=type_)
        return pd.Series(array, index=self._series.index, name=self._series.name, dtype=pd.ArrowDtype(type_))

    def cut(
        self,
        mode: Literal["default", "all", "search"] = "default",
        hmm: bool = True,
        *,
        tokenizer: Tokenizer | None = None,
        threads: int | None = None,
        script: Literal["as_is", "auto", "simplified"] | None = None,
    ) -> pd.Series:
        """Words of each text, as ``Tokenizer.cut_many``; a ``list<large_string>`` Series.

        ``script="auto"`` cuts traditional texts through their simplified form (see ``Tokenizer``).

        >>> import pandas as pd
        >>> pd.Series(["清华大学"]).zh.cut(mode="search").tolist()
        [['清华', '华大', '大学', '清华大学']]
        """
        from . import default_tokenizer

        present, texts = self._present()
        tok = tokenizer or default_tokenizer()
        data, word_offsets, text_offsets = tok.cut_many(
            texts, mode=mode, hmm=hmm, threads=threads, output="numpy", script=script
        )
        # Missing rows become null lists: every row gets an offset, absent rows repeat the previous one.
        per_row = np.zeros(len(present) + 1, dtype=np.int64)
        counts = np.diff(text_offsets)
        row_counts = np.zeros(len(present), dtype=np.int64)
        row_counts[present] = counts
        np.cumsum(row_counts, out=per_row[1:])
        words = pa.LargeStringArray.from_buffers(len(word_offsets) - 1, pa.py_buffer(word_offsets), pa.py_buffer(data))
        lists = pa.LargeListArray.from_arrays(pa.array(per_row), words, mask=pa.array(~present))
        return pd.Series(lists, index=self._series.index, name=self._series.name, dtype=pd.ArrowDtype(_WORDS))

    def tokenize(
        self,
        mode: Literal["default", "search"] = "default",
        hmm: bool = True,
        *,
        tokenizer: Tokenizer | None = None,
        script: Literal["as_is", "auto", "simplified"] | None = None,
    ) -> pd.Series:
        """Words with character offsets, a ``list<struct<word, start, end>>`` Series.

        >>> import pandas as pd
        >>> pd.Series(["永和服装"]).zh.tokenize().tolist()[0][0]
        {'word': '永和', 'start': 0, 'end': 2}
        """
        from . import default_tokenizer

        present, texts = self._present()
        tok = tokenizer or default_tokenizer()
        rows = [
            [{"word": w, "start": s, "end": e} for w, s, e in tok.tokenize(t, mode, hmm, script=script)] for t in texts
        ]
        type_ = pa.large_list(pa.struct([("word", pa.large_string()), ("start", pa.int64()), ("end", pa.int64())]))
        return self._series_of(present, rows, type_)

    def tag(
        self,
        hmm: bool = True,
        *,
        tokenizer: Tokenizer | None = None,
        script: Literal["as_is", "auto", "simplified"] | None = None,
    ) -> pd.Series:
        """Words with POS tags, a ``list<struct<word, flag>>`` Series, as ``jieba.posseg``.

        >>> import pandas as pd
        >>> pd.Series(["我爱北京"]).zh.tag().tolist()[0][-1]
        {'word': '北京', 'flag': 'ns'}
        """
        from . import default_tokenizer

        present, texts = self._present()
        tok = tokenizer or default_tokenizer()
        rows = [[{"word": w, "flag": f} for w, f in tok.tag(t, hmm, script=script)] for t in texts]
        type_ = pa.large_list(pa.struct([("word", pa.large_string()), ("flag", pa.string())]))
        return self._series_of(present, rows, type_)

    def _keywords(self, rows: list[list[Any]], with_weight: bool, present: np.ndarray) -> pd.Series:
        if with_weight:
            type_ = pa.large_list(pa.struct([("word", pa.large_string()), ("weight", pa.float64())]))
            rows = [[{"word": w, "weight": x} for w, x in row] for row in rows]
        else:
            type_ = _WORDS
        return self._series_of(present, rows, type_)

    def keywords(
        self,
        top_k: int | None = 10,
        with_weight: bool = False,
        allow_pos: Iterable[str] = (),
        *,
        extractor: TfidfExtractor | None = None,
        threads: int | None = None,
        script: Literal["as_is", "auto", "simplified"] | None = None,
        fold_script: Literal["simplified"] | None = None,
    ) -> pd.Series:
        """TF-IDF keywords of each text, as ``TfidfExtractor.extract_many``.

        ``script`` and ``fold_script`` as in ``TfidfExtractor.extract``: ``fold_script="simplified"``
        gives 俄羅斯 and 俄罗斯 as one keyword, 俄罗斯.

        A ``list<large_string>`` Series, or ``list<struct<word, weight>>`` with ``with_weight``.

        >>> import pandas as pd
        >>> pd.Series(["吉林欧亚置业有限公司增资，吉林欧亚置业注册资本增加", None]).zh.keywords(top_k=2).tolist()
        [['欧亚', '吉林'], <NA>]
        """
        from . import default_extractor

        present, texts = self._present()
        ex = extractor or default_extractor()
        rows = ex.extract_many(
            texts, top_k, with_weight, tuple(allow_pos), False, threads, script=script, fold_script=fold_script
        )
        return self._keywords(rows, with_weight, present)

    def discover_words(self, **options: Any) -> pd.DataFrame:
        """New words found in the Series' texts (missing ones skipped), as :func:`zhtext.discover_words`.

        >>> import pandas as pd
        >>> texts = [f"{a}，斯托尔滕贝格{b}。" for a in ("他说", "此外", "同时") for b in ("表示", "指出", "强调")]
        >>> pd.Series([*texts, None]).zh.discover_words(min_count=3).loc[0, "word"]
        '斯托尔滕贝格'
        """
        from . import discover_words

        _, texts = self._present()
        return discover_words(texts, **options)

    def textrank(
        self,
        top_k: int | None = 10,
        with_weight: bool = False,
        allow_pos: Iterable[str] = ("ns", "n", "vn", "v"),
        *,
        extractor: TfidfExtractor | None = None,
    ) -> pd.Series:
        """TextRank keywords of each text, as ``jieba.analyse.textrank``.

        >>> import pandas as pd
        >>> pd.Series(["吉林欧亚置业有限公司增资，吉林欧亚置业注册资本增加"]).zh.textrank(top_k=2).tolist()
        [['吉林', '欧亚']]
        """
        from . import default_extractor

        present, texts = self._present()
        ex = extractor or default_extractor()
        rows = [ex.textrank(t, top_k, with_weight, tuple(allow_pos)) for t in texts]
        return self._keywords(rows, with_weight, present)

    def convert(
        self,
        to: Literal["simplified", "traditional", "taiwan", "hongkong"] | None = None,
        *,
        phrases: bool = True,
        config: str | None = None,
        threads: int | None = None,
    ) -> pd.Series:
        """Each text converted between scripts, as :func:`zhtext.convert`; a ``large_string`` Series.

        Missing texts stay missing.

        >>> import pandas as pd
        >>> pd.Series(["汉字转换", None]).zh.convert(to="traditional").tolist()
        ['漢字轉換', <NA>]
        """
        from . import convert

        present, texts = self._present()
        converted = convert(texts, to, phrases=phrases, threads=threads, config=config)  # type: ignore[arg-type]
        return self._series_of(present, converted, pa.large_string())

    def near_duplicates(
        self,
        threshold: float = 0.8,
        *,
        verify: bool = True,
        threads: int | None = None,
        **options: Any,
    ) -> pd.DataFrame:
        """Pairs of near-duplicate texts, as :func:`zhtext.near_duplicates`, with ``i`` and ``j`` as index labels.

        Missing texts are in no pair. ``options`` are :func:`zhtext.near_duplicates`' (``num_perm``,
        ``bands``, ``shingle``, ``seed``, ``scheme``, ``script``).

        >>> import pandas as pd
        >>> s = pd.Series(["外交部发言人今天回答了提问。", None, "外交部发言人今天回答了提问！"], index=["a", "b", "c"])
        >>> s.zh.near_duplicates()
           i  j  jaccard
        0  a  c      1.0
        """
        from . import near_duplicates

        present, texts = self._present()
        pairs = near_duplicates(texts, threshold=threshold, verify=verify, threads=threads, **options)
        labels = self._series.index[np.flatnonzero(present)]
        return pd.DataFrame(
            {"i": labels[pairs["i"].to_numpy()], "j": labels[pairs["j"].to_numpy()], "jaccard": pairs["jaccard"]}
        )

    def duplicate_groups(
        self,
        threshold: float = 0.8,
        *,
        verify: bool = True,
        threads: int | None = None,
        **options: Any,
    ) -> pd.Series:
        """A group number per text, as :func:`zhtext.duplicate_groups`; missing texts get ``<NA>``.

        >>> import pandas as pd
        >>> s = pd.Series(["外交部发言人今天回答了提问。", None, "外交部发言人今天回答了提问！", "另一件事情发生了"])
        >>> s.zh.duplicate_groups().tolist()
        [0, <NA>, 0, 1]
        """
        from . import duplicate_groups

        present, texts = self._present()
        groups = duplicate_groups(texts, threshold=threshold, verify=verify, threads=threads, **options)
        full = pd.array([pd.NA] * len(present), dtype="Int64")
        full[present] = groups
        return pd.Series(full, index=self._series.index, name=self._series.name)

    def mentions(
        self,
        kinds: str | Iterable[str] = ("person", "place", "organization"),
        *,
        script: Literal["auto", "as_is", "simplified"] = "auto",
        tokenizer: Tokenizer | None = None,
        threads: int | None = None,
    ) -> pd.Series:
        """People, places and organisations of each text, a ``list<struct<text, kind, start, end>>`` Series.

        See :func:`zhtext.mentions`; offsets are characters.

        >>> import pandas as pd
        >>> pd.Series(["外交部长王毅访问北京", None]).zh.mentions(kinds="person").tolist()
        [[{'text': '王毅', 'kind': 'person', 'start': 4, 'end': 6}], <NA>]
        """
        from . import _arrow, default_tokenizer

        present, texts = self._present()
        tok = tokenizer or default_tokenizer()
        kinds = [kinds] if isinstance(kinds, str) else list(kinds)
        rows = tok.mentions_many(texts, kinds=kinds, script=script, threads=threads)
        return self._series_of_lists(present, rows, _arrow.mention_lists)

    def quotes(
        self,
        *,
        script: Literal["auto", "as_is", "simplified"] = "auto",
        tokenizer: Tokenizer | None = None,
        threads: int | None = None,
    ) -> pd.Series:
        """Attributed quotations of each text, a ``list<struct<speaker, quote, cue, speaker_start,
        quote_start, quote_end, direct>>`` Series; see :func:`zhtext.quotes`.

        >>> import pandas as pd
        >>> pd.Series(["王毅说：“我们欢迎。”"]).zh.quotes().tolist()[0][0]["speaker"]
        '王毅'
        """
        from . import _arrow, default_tokenizer

        present, texts = self._present()
        tok = tokenizer or default_tokenizer()
        rows = tok.quotes_many(texts, script=script, threads=threads)
        return self._series_of_lists(present, rows, _arrow.quote_lists)

    def _series_of_lists(self, present: np.ndarray, rows: list[Any], build: Any) -> pd.Series:
        full: list[Any] = [None] * len(present)
        for i, row in zip(np.flatnonzero(present), rows, strict=True):
            full[i] = row
        array = build(full)
        return pd.Series(array, index=self._series.index, name=self._series.name, dtype=pd.ArrowDtype(array.type))
