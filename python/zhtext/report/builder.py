"""``zt.report``: every table of the report, computed once, rendered as text or as one HTML file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from . import tables

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
    failed: pd.DataFrame
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

    def text(self) -> str:
        """The terminal report (what ``zhtext analyze`` prints)."""
        from .terminal import render

        return render(self)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        from .terminal import plural

        parts = plural(self.articles, "article"), plural(len(self.outlets), "outlet"), f"{len(self.failed):,} failed"
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
        tokenizer = None
        if "tokens" not in df.columns or "keywords" not in df.columns:
            df = df.copy()
            tokenizer = analysis.annotate(df, top_k=top_k, threads=threads, learn_words=learn_words)
        return build(df, tokenizer=tokenizer, threads=threads, title=title)
    sources = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    df, mentions, quotes = analysis.analyze_with_tables(
        sources, top_k=top_k, threads=threads, errors=errors, progress=progress, learn_words=learn_words
    )
    return build(df, threads=threads, title=title, mentions=mentions, quotes=quotes)


def _learned_tokenizer(words: list[str]) -> Tokenizer:
    from .. import Tokenizer

    tokenizer = Tokenizer()
    for word in words:
        tokenizer.add_word(word)
    return tokenizer


def build(
    df: pd.DataFrame,
    *,
    tokenizer: Tokenizer | None = None,
    threads: int | None = None,
    title: str | None = None,
    mentions: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
) -> Report:
    """The report of an analysed frame (``tokens`` and ``keywords`` present).

    ``mentions`` (a :func:`zhtext.top_mentions` table with ``top_k=None``) and ``quotes`` (a
    :func:`zhtext.quote_table`) are counted from ``df``'s texts unless given: rows streamed to a
    file (``zhtext analyze --out``) keep no texts, and their tables are tallied batch by batch."""
    import pandas as pd

    from .._mentions import quote_table

    failed = df[df["error"].notna()] if "error" in df.columns else df.iloc[:0]
    failed = pd.DataFrame({"path": failed["path"].tolist(), "error": failed["error"].tolist()}, dtype=object)
    vocab = tables.Vocabulary(df)
    ok = vocab.df
    learned = list(df.attrs.get("learned_words") or [])
    tokenizer = tokenizer or _learned_tokenizer(learned)
    outlets = _outlets(ok)
    per_month = tables.articles_per_period(ok, "month", "outlet")
    months = per_month["period"].nunique()
    trend_period = "month" if months <= MONTHLY_TREND_LIMIT else "quarter"
    top_keywords = tables.top_terms(ok, by=None, top_k=TOP_KEYWORDS, vocabulary=vocab)
    outlet_keywords = tables.top_terms(ok, by="outlet", top_k=TOP_PER_OUTLET, vocabulary=vocab)
    followed = top_keywords["word"].head(TRENDS).tolist()
    trends = tables.keyword_trends(ok, by=trend_period, words=followed, vocabulary=vocab)  # type: ignore[arg-type]
    rising = tables.rising_terms(ok, vocabulary=vocab)
    mentions = _top_per_kind(mentions if mentions is not None else _mentions(ok, tokenizer, threads))
    if quotes is None:
        quotes = quote_table(ok, tokenizer=tokenizer, threads=threads)
    words = set(top_keywords["word"]) | set(outlet_keywords["word"]) | set(rising["word"])
    keywords_per_article = max((len(k) for k in vocab.keywords), default=0)
    return Report(
        articles=len(ok),
        outlets=outlets,
        per_month=per_month,
        top_keywords=top_keywords,
        outlet_keywords=outlet_keywords,
        trends=trends,
        rising=rising,
        mentions=mentions,
        speakers=tables.speakers(quotes),
        reporters=tables.reporters(ok),
        bylined=tables.bylined(ok) if "byline" in ok.columns else pd.Series(dtype=int),
        failed=failed,
        duplicates=None if df.attrs.get("streamed") else _duplicates(ok),
        learned_words=learned,
        examples={w: tables.examples(vocab, w) for w in sorted(words)},
        first=ok["published"].min() if len(ok) else None,
        last=ok["published"].max() if len(ok) else None,
        keywords_per_article=keywords_per_article,
        dedup_removed=int(df.attrs.get("dedup_removed", 0)),
        title=title or "Archive report",
        trend_period=trend_period,
        quotes=len(quotes),
    )


def _mentions(ok: pd.DataFrame, tokenizer: Tokenizer, threads: int | None) -> pd.DataFrame:
    from .._mentions import top_mentions

    return top_mentions(ok, top_k=None, tokenizer=tokenizer, threads=threads)


def _top_per_kind(table: pd.DataFrame) -> pd.DataFrame:
    """The ``TOP_NAMES`` most mentioned of each kind."""
    table = table.sort_values(["kind", "articles", "occurrences", "mention"], ascending=[True, False, False, True])
    return table.groupby("kind", sort=False).head(TOP_NAMES).reset_index(drop=True)


def _outlets(ok: pd.DataFrame) -> pd.DataFrame:
    """Articles per outlet and script: ``outlet``, ``articles``, ``simplified``, ``traditional``, ``other``
    (mixed, or too little Chinese to tell)."""
    import pandas as pd

    if ok.empty:
        return pd.DataFrame([], columns=["outlet", "articles", "simplified", "traditional", "other"])
    script = ok["script"].astype(object).where(ok["script"].isin(["simplified", "traditional"]), "other")
    counts = pd.crosstab(ok["outlet"], script)
    for name in ("simplified", "traditional", "other"):
        if name not in counts.columns:
            counts[name] = 0
    counts = counts[["simplified", "traditional", "other"]]
    counts.insert(0, "articles", counts.sum(axis=1))
    counts = counts.sort_values(["articles"], ascending=False, kind="stable")
    return counts.reset_index().rename_axis(columns=None)


def _duplicates(ok: pd.DataFrame) -> list[tuple[int, str, str]]:
    """Groups of near-duplicate articles, largest first: (size, first title, outlets)."""
    if "duplicate_group" not in ok.columns:
        return []
    sizes = ok["duplicate_group"].value_counts()
    sizes = sizes[sizes > 1]
    members = ok.loc[ok["duplicate_group"].isin(sizes.index), ["duplicate_group", "title", "outlet"]]
    grouped = members.groupby("duplicate_group", sort=False)
    titles = grouped["title"].first()
    outlets = grouped["outlet"].agg(lambda s: ", ".join(sorted(set(s.dropna()))))
    return [(int(size), str(titles[group]), str(outlets[group])) for group, size in sizes.items()]
