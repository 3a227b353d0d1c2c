"""The main job behind ``zhtext analyze``: archive files → one row per article with
tokens and keywords, and a file pandas can read back (the report on it: :func:`zhtext.report`).

Keywords here are for reading an archive, not jieba's: words learned from the
archive itself are kept whole (``Tokenizer.learn_words``), numbers, dates,
percentages, punctuation, Latin fragments and newsroom boilerplate are left out
(``zhtext.ANALYSIS_FILTERS``), and from :data:`IDF_FIT_MIN_DOCUMENTS` articles on,
IDF is fitted on the archive itself, so that a word in every article weighs little.

>>> from zhtext import analysis, sample_article_path
>>> df = analysis.analyze([sample_article_path()], top_k=3)
>>> [k["word"] for k in df.loc[0, "keywords"]]
['中亚', '王毅', '访问']
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any, Literal

import pandas as pd

from . import ANALYSIS_FILTERS, TfidfExtractor, Tokenizer, read_articles
from ._atomic import atomic_path

Errors = Literal["raise", "skip", "collect"]
#: Formats ``write`` picks from the file's extension.
FORMATS = (".parquet", ".csv", ".jsonl")
#: From this many articles on, ``analyze`` fits IDF on the archive instead of using jieba's table.
#: A fitted IDF has only as many levels as there are articles, and below about a hundred a
#: word's document count is mostly chance (one article more or less moves its IDF by up to
#: ln 2); jieba's table, from a large general corpus, ranks rarity better there. From a hundred
#: on, what the archive repeats (an outlet's boilerplate, the story of the month) matters more.
IDF_FIT_MIN_DOCUMENTS = 100


def analyze(
    sources: Iterable[str | os.PathLike[str]],
    *,
    top_k: int = 10,
    threads: int | None = None,
    errors: Errors = "raise",
    progress: bool | None = None,
    dedup: bool = False,
    keep: Literal["earliest", "latest"] = "earliest",
    learn_words: bool = True,
) -> pd.DataFrame:
    """Read the articles, cut their text and extract ``top_k`` TF-IDF keywords with weights.

    The frame has the columns of :func:`zhtext.read_articles` plus ``duplicate_group``
    (``Int64``: articles that are near-duplicates of each other, by
    :func:`zhtext.duplicate_groups` at Jaccard similarity 0.8, share a number), ``tokens``
    (``list<string>``) and ``keywords`` (``list<struct<word, weight>>``); rows that
    failed (``errors="collect"``) keep their ``error`` and have missing tokens, keywords and group.
    With ``learn_words`` (the default) a fresh tokenizer first learns the archive's new
    words; ``df.attrs["learned_words"]`` lists them. Keywords use ``ANALYSIS_FILTERS`` and,
    from ``IDF_FIT_MIN_DOCUMENTS`` articles on, an IDF fitted on the archive.
    Traditional articles are cut through their simplified form (``script="auto"``; tokens keep
    the article's characters) and their keywords are given in simplified characters
    (``fold_script="simplified"``), so that the report counts 俄羅斯 and 俄罗斯 as one keyword.
    With ``dedup=True`` only one article of each group is kept (the ``keep="earliest"``
    published, or the ``"latest"``) before anything is counted; ``df.attrs["dedup_removed"]``
    says how many were left out.

    >>> from zhtext import sample_article_path
    >>> analyze([sample_article_path()], top_k=2).loc[0, "tokens"][:3]
    ['中国', '外长', '王毅']
    """
    if keep not in ("earliest", "latest"):
        raise ValueError(f'keep must be "earliest" or "latest", not {keep!r}')
    df = read_articles(list(sources), errors=errors, threads=threads, progress=progress)
    text = df["text"].where(df["error"].isna())
    df["duplicate_group"] = text.zh.duplicate_groups(threads=threads)
    removed = 0
    if dedup:
        grouped = df[df["duplicate_group"].notna()]
        # Ties on the date go to the first file read, as a stable sort keeps it.
        order = grouped.sort_values("published", ascending=keep == "earliest", kind="stable")
        kept = order.drop_duplicates("duplicate_group").index
        dropped = grouped.index.difference(kept)
        removed = len(dropped)
        df = df.drop(index=dropped).reset_index(drop=True)
    df.attrs["dedup_removed"] = removed
    annotate(df, top_k=top_k, threads=threads, learn_words=learn_words)
    return df


def annotate(
    df: pd.DataFrame, *, top_k: int = 10, threads: int | None = None, learn_words: bool = True
) -> Tokenizer:
    """Add ``tokens`` and ``keywords`` to a frame of articles, as :func:`analyze` does; returns the tokenizer.

    The tokenizer returned knows the words learned from the archive (listed in
    ``df.attrs["learned_words"]``): use it for mentions and quotes so that names stay whole.

    >>> from zhtext import read_articles, sample_article_path
    >>> df = read_articles([sample_article_path()], progress=False)
    >>> tokenizer = annotate(df, top_k=2)
    >>> [k["word"] for k in df.loc[0, "keywords"]]
    ['中亚', '王毅']
    """
    texts = df["text"].dropna().tolist()
    tokenizer = Tokenizer()
    learned: list[str] = []
    if learn_words and texts:
        learned = tokenizer.learn_words(texts, threads=threads)["word"].tolist()
    extractor = TfidfExtractor(tokenizer, filters=ANALYSIS_FILTERS)
    if len(texts) >= IDF_FIT_MIN_DOCUMENTS:
        extractor.fit(texts, threads=threads)
    df["tokens"] = df["text"].zh.cut(tokenizer=tokenizer, threads=threads, script="auto")
    df["keywords"] = df["text"].zh.keywords(
        top_k=top_k, with_weight=True, extractor=extractor, threads=threads, script="auto", fold_script="simplified"
    )
    df.attrs["learned_words"] = learned
    return tokenizer


def _jsonable(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if value is pd.NA or value is None or (isinstance(value, float) and value != value):
        return None
    return value


def write(df: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write ``df`` as Parquet, CSV (nested columns as JSON text) or JSON Lines, by the extension.

    >>> import os, tempfile
    >>> from zhtext import sample_article_path
    >>> path = os.path.join(tempfile.mkdtemp(), "articles.parquet")
    >>> write(analyze([sample_article_path()]), path)
    >>> pd.read_parquet(path).shape
    (1, 21)
    """
    target = os.fspath(path)
    suffix = os.path.splitext(target)[1].lower()
    if suffix not in FORMATS:
        raise ValueError(f"--out must end in {', '.join(FORMATS)}, not {target!r}")
    # Written beside the target and renamed: a failed write (a full disk, a size limit) leaves the old file.
    with atomic_path(target) as tmp:
        _write(df, tmp, suffix)


def _write(df: pd.DataFrame, target: str, suffix: str) -> None:
    import pyarrow as pa

    if suffix == ".parquet":
        import pyarrow.parquet as pq

        # Without pandas' metadata: readers then map the Arrow types themselves
        # (pandas cannot parse its own names for nested Arrow dtypes back).
        pq.write_table(pa.Table.from_pandas(df, preserve_index=False).replace_schema_metadata(None), target)
        return
    table = pa.Table.from_pandas(df, preserve_index=False)
    rows = table.to_pylist()
    if suffix == ".jsonl":
        with open(target, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps({k: _jsonable(v) for k, v in row.items()}, ensure_ascii=False, default=str) + "\n")
        return
    flat = pd.DataFrame(
        [
            {
                k: json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, (list, dict)) else v
                for k, v in r.items()
            }
            for r in rows
        ],
        columns=df.columns,
    )
    flat.to_csv(target, index=False)
