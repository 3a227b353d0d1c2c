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
import pyarrow.compute as pc

from . import _arrow_dtypes  # noqa: F401  (pandas can read the nested dtypes of these frames back from Parquet)
from ._zhtext import TfidfExtractor, Tokenizer

__all__ = ["ZhAccessor"]


@pd.api.extensions.register_series_accessor("zh")
class ZhAccessor:
    """Segmentation, tagging and keywords for a Series of texts: ``series.zh.cut()`` and friends."""

    def __init__(self, series: pd.Series) -> None:
        self._series = series

    def _texts(self) -> Any:
        """The Series as an Arrow string column for Rust, missing values as nulls.

        Arrow-backed columns (``string[pyarrow]``, ``ArrowDtype``) are handed over as they are, chunks and
        all; others are converted by pyarrow in C++. No Python ``str`` is made either way.
        """
        values = self._series.array
        try:
            if hasattr(values, "__arrow_array__") and not isinstance(values, pd.arrays.NumpyExtensionArray):
                texts = pa.array(values)
            else:
                texts = pa.array(self._series.to_numpy(dtype=object), from_pandas=True)
        except (pa.ArrowTypeError, pa.ArrowInvalid):
            texts = None
        if texts is None or not (
            pa.types.is_string(texts.type)
            or pa.types.is_large_string(texts.type)
            or pa.types.is_string_view(texts.type)
            or pa.types.is_null(texts.type)
        ):
            raise self._not_text()
        return texts

    def _not_text(self) -> TypeError:
        """The error for a Series that is not text, naming its first row that is neither str nor missing."""
        # A loop only to name the row in the error message.
        for label, value in self._series.items():
            if not isinstance(value, str) and not pd.isna(value):
                return TypeError(
                    f"row {label!r} is {type(value).__name__}, not str; "
                    "the .zh accessor works on text (str) or missing values"
                )
        return TypeError(f"the .zh accessor works on text, not {self._series.dtype}")

    def _series_of(self, array: Any) -> pd.Series:
        """A Series over the Arrow ``array`` Rust returned, aligned to this one."""
        return pd.Series(array, index=self._series.index, name=self._series.name, dtype=pd.ArrowDtype(array.type))

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

        tok = tokenizer or default_tokenizer()
        words = tok.cut_many(
            self._texts(), mode=mode, hmm=hmm, threads=threads, output="arrow", script=script, missing="null"
        )
        return self._series_of(words)

    def tokenize(
        self,
        mode: Literal["default", "search"] = "default",
        hmm: bool = True,
        *,
        tokenizer: Tokenizer | None = None,
        threads: int | None = None,
        script: Literal["as_is", "auto", "simplified"] | None = None,
    ) -> pd.Series:
        """Words with character offsets, a ``list<struct<word, start, end>>`` Series.

        >>> import pandas as pd
        >>> pd.Series(["永和服装"]).zh.tokenize().tolist()[0][0]
        {'word': '永和', 'start': 0, 'end': 2}
        """
        from . import default_tokenizer

        tok = tokenizer or default_tokenizer()
        tokens = tok.tokenize_many(
            self._texts(), mode, hmm, missing="null", threads=threads, script=script, output="arrow"
        )
        return self._series_of(tokens)

    def tag(
        self,
        hmm: bool = True,
        *,
        tokenizer: Tokenizer | None = None,
        threads: int | None = None,
        script: Literal["as_is", "auto", "simplified"] | None = None,
    ) -> pd.Series:
        """Words with POS tags, a ``list<struct<word, flag>>`` Series, as ``jieba.posseg``.

        >>> import pandas as pd
        >>> pd.Series(["我爱北京"]).zh.tag().tolist()[0][-1]
        {'word': '北京', 'flag': 'ns'}
        """
        from . import default_tokenizer

        tok = tokenizer or default_tokenizer()
        tags = tok.tag_many(self._texts(), hmm=hmm, missing="null", threads=threads, script=script, output="arrow")
        return self._series_of(tags)

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

        ex = extractor or default_extractor()
        keywords = ex.extract_many(
            self._texts(),
            top_k,
            with_weight,
            tuple(allow_pos),
            False,
            threads,
            "null",
            script=script,
            fold_script=fold_script,
            output="arrow",
        )
        return self._series_of(keywords)

    def discover_words(self, **options: Any) -> pd.DataFrame:
        """New words found in the Series' texts (missing ones skipped), as :func:`zhtext.discover_words`.

        >>> import pandas as pd
        >>> texts = [f"{a}，斯托尔滕贝格{b}。" for a in ("他说", "此外", "同时") for b in ("表示", "指出", "强调")]
        >>> pd.Series([*texts, None]).zh.discover_words(min_count=3).loc[0, "word"]
        '斯托尔滕贝格'
        """
        from . import discover_words

        return discover_words(self._texts().drop_null(), **options)

    def textrank(
        self,
        top_k: int | None = 10,
        with_weight: bool = False,
        allow_pos: Iterable[str] = ("ns", "n", "vn", "v"),
        *,
        extractor: TfidfExtractor | None = None,
        threads: int | None = None,
    ) -> pd.Series:
        """TextRank keywords of each text, as ``jieba.analyse.textrank``.

        >>> import pandas as pd
        >>> pd.Series(["吉林欧亚置业有限公司增资，吉林欧亚置业注册资本增加"]).zh.textrank(top_k=2).tolist()
        [['吉林', '欧亚']]
        """
        from . import default_extractor

        ex = extractor or default_extractor()
        keywords = ex.textrank_many(
            self._texts(), top_k, with_weight, tuple(allow_pos), False, threads, "null", output="arrow"
        )
        return self._series_of(keywords)

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

        texts = self._texts()
        present = pa.chunked_array([texts.is_valid()]).combine_chunks()
        converted = convert(texts.drop_null(), to, phrases=phrases, threads=threads, config=config)  # type: ignore[arg-type]
        # The converted texts take the places of the present ones; missing ones stay null.
        full = pc.replace_with_mask(
            pa.nulls(len(texts), pa.large_string()), present, pa.array(converted, pa.large_string())
        )
        return self._series_of(full)

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

        texts = self._texts()
        pairs = near_duplicates(texts.drop_null(), threshold=threshold, verify=verify, threads=threads, **options)
        labels = self._series.index[np.flatnonzero(texts.is_valid().to_numpy(zero_copy_only=False))]
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

        texts = self._texts()
        present = texts.is_valid().to_numpy(zero_copy_only=False)
        groups = duplicate_groups(texts.drop_null(), threshold=threshold, verify=verify, threads=threads, **options)
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
        from . import default_tokenizer

        tok = tokenizer or default_tokenizer()
        kinds = [kinds] if isinstance(kinds, str) else list(kinds)
        found = tok.mentions_many(
            self._texts(), kinds=kinds, script=script, missing="null", threads=threads, output="arrow"
        )
        return self._series_of(found)

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
        from . import default_tokenizer

        tok = tokenizer or default_tokenizer()
        found = tok.quotes_many(self._texts(), script=script, missing="null", threads=threads, output="arrow")
        return self._series_of(found)
