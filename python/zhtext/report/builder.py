"""``zt.report``: every table of the report, computed once, rendered as text or as one HTML file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

    from .._zhtext import Tokenizer

#: Keywords shown overall; per outlet; words followed in the trend charts; names per kind.
TOP_KEYWORDS, TOP_PER_OUTLET, TRENDS, TOP_NAMES = 10, 5, 6, 10
#: Above this many months the calendar is drawn by quarter in the trend charts.
MONTHLY_TREND_LIMIT = 24


@dataclass(repr=False)
class Report:
    """The report on an archive: the tables below, as text (``str(report)``) or HTML.

    ``_repr_html_`` shows it in Jupyter; ``save("report.html")`` writes one self-contained
    file (inline CSS and SVG charts, nothing fetched when it is opened). Build it with
    :func:`zhtext.report`. Every table is a tidy pandas DataFrame.
    """

    articles: int
    outlets: pd.DataFrame
    per_month: pd.DataFrame
    top_keywords: pd.DataFrame
    outlet_keywords: pd.DataFrame
    trends: pd.DataFrame
    rising: pd.DataFrame
    mentions: pd.DataFrame
    speakers: pd.DataFrame
    reporters: pd.DataFrame
    bylined: pd.Series
    #: The first files that failed (``path``, ``error``); ``failures`` counts them all.
    failed: pd.DataFrame
    failures: int
    #: ``None`` when not computed (rows streamed to a file).
    duplicates: list[tuple[int, str, str]] | None
    learned_words: list[str]
    examples: dict[str, pd.DataFrame]
    first: Any = None
    last: Any = None
    keywords_per_article: int = 10
    dedup_removed: int = 0
    title: str = "Archive report"
    trend_period: str = "month"
    quotes: int = 0
    #: Rows counted, failed ones included (the rows ``zhtext analyze --out`` wrote).
    rows: int = 0

    def text(self) -> str:
        """The terminal report (what ``zhtext analyze`` prints)."""
        from .terminal import render

        return render(self)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        from .terminal import plural

        parts = plural(self.articles, "article"), plural(len(self.outlets), "outlet"), f"{self.failures:,} failed"
        return f"<Report: {', '.join(parts)}>"

    def html(self) -> str:
        """The whole HTML document: inline style, static SVG charts, no script."""
        from .html import document

        return document(self)

    def _repr_html_(self) -> str:
        from .html import fragment

        return fragment(self)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the HTML report to ``path`` (written to a temporary file beside it, then renamed)."""
        from .._atomic import atomic_write

        with atomic_write(path, "w", encoding="utf-8") as f:
            f.write(self.html())


def report(
    source: Any,
    *,
    top_k: int = 10,
    threads: int | None = None,
    errors: Literal["raise", "skip", "collect"] = "collect",
    progress: bool | None = None,
    learn_words: bool = True,
    title: str | None = None,
) -> Report:
    """The report on an archive: a frame of articles, or sources to read (as :func:`zhtext.read_articles`).

    A frame from :func:`zhtext.analysis.analyze` is used as it is; any other frame of articles
    gets tokens and keywords first (``top_k`` per article). Sources are read with ``errors``
    (default ``"collect"``: failed files are counted in the report, not raised).

    >>> import zhtext as zt
    >>> rep = zt.report(zt.sample_article_path())
    >>> print(str(rep).splitlines()[0])
    1 article from 1 outlet, published 2022-06-07 (UTC); no file failed
    >>> "<svg" in rep._repr_html_()
    True
    """
    import pandas as pd

    from .. import analysis

    if isinstance(source, pd.DataFrame):
        df = source
        if "tokens" in df.columns and "keywords" in df.columns:
            return build(df, threads=threads, title=title)
        df = df.copy()
        _, found = analysis._annotate(df, top_k=top_k, threads=threads, learn_words=learn_words)
        names = {name: found.column(name) for name in ("mentions", "quotes", "words")}
        return build(df, title=title, **names)
    sources = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    _, rep = analysis.analyze_report(
        sources,
        top_k=top_k,
        threads=threads,
        errors=errors,
        progress=progress,
        learn_words=learn_words,
        title=title,
        tokens=False,
    )
    return rep


def _learned_tokenizer(df: pd.DataFrame, threads: int | None) -> Tokenizer:
    """The tokenizer that learned the frame's new words (``df.attrs["learned_words"].tokenizer``, set by
    the analysis), which tags them as the analysis pass did. A frame whose attrs kept only the list of
    words (a plain list, or none) gets a tokenizer that learns them again from the frame's own texts,
    the way the analysis learned them (on the same spread sample)."""
    from .. import Tokenizer
    from ..analysis import _learning_tokenizer, _spread_sample

    learned = df.attrs.get("learned_words") or ()
    learner = getattr(learned, "tokenizer", None)
    if learner is not None:
        return learner
    if not learned:
        return Tokenizer()
    texts = _spread_sample(df["text"].zh._texts())
    return _learning_tokenizer(texts, threads=threads)[0]


def build(
    df: pd.DataFrame,
    *,
    tokenizer: Tokenizer | None = None,
    threads: int | None = None,
    title: str | None = None,
    mentions: Any = None,
    quotes: Any = None,
    words: Any = None,
) -> Report:
    """The report of an analysed frame (``tokens`` and ``keywords`` present), counted by the report's
    state (:class:`~zhtext.report.state.ReportState`) fed the frame in slices, as ``zhtext analyze --out``
    feeds it batch by batch. ``mentions`` and ``quotes``: the frame's Arrow columns of them, row for row
    (:func:`zhtext.analysis.analyze_with_names` gives them); without, they are found in the texts with
    ``tokenizer`` (default: one that knows ``df.attrs["learned_words"]``). ``words``: the pass's
    distinct words per article (``analyze_with_names`` gives them too), else taken from ``tokens``."""
    from .state import ReportState

    learned = df.attrs.get("learned_words") or ()
    if mentions is None or quotes is None:
        tokenizer = tokenizer or _learned_tokenizer(df, threads)
    with ReportState.of_frame(
        df, tokenizer=tokenizer, threads=threads, names=True, mentions=mentions, quotes=quotes, words=words
    ) as state:
        removed = int(df.attrs.get("dedup_removed", 0))
        return state.report(title=title, learned_words=list(learned), dedup_removed=removed)
