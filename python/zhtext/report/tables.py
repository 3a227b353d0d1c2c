"""The tidy tables behind the report: plain pandas DataFrames, one row per observation.

Every count says what it counts in its column name: ``articles`` is a number of articles,
``keyword_of`` the number of articles that have the word among their extracted keywords,
``share`` a fraction of the articles of the row's group. Periods are continuous calendars:
a month (or quarter, or year) without articles is a row with zeros, never left out.

The functions take a frame of articles as :func:`zhtext.read_articles` returns it. Those that
need ``tokens`` and ``keywords`` compute them (as ``zhtext analyze`` does, with the archive's
learned words) when the frame does not have them yet. They count through the report's state
(:class:`zhtext.report.state.ReportState`), fed the frame in slices: the one mechanism behind
``zt.report(df)`` and the streamed ``zhtext analyze --out``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

Period = Literal["month", "quarter", "year"]
#: pandas period frequencies of the ``by=`` names.
_FREQ = {"month": "M", "quarter": "Q", "year": "Y"}
#: Parts of speech left out of the keyword rankings: pronouns, adverbs, prepositions, conjunctions,
#: particles, numerals, measure words, interjections (我们, 正在, ...: never what an archive is about).
FUNCTION_TAGS = frozenset({"r", "rr", "rz", "ry", "d", "p", "c", "u", "uj", "ul", "m", "q", "e", "y", "o", "zg"})


def periods(published: pd.Series, by: Period = "month") -> pd.Series:
    """The calendar period of each date as a string: ``"2022-06"``, ``"2022Q2"`` or ``"2022"``."""
    import pandas as pd

    if by not in _FREQ:
        raise ValueError(f'by must be "month", "quarter" or "year", not {by!r}')
    dates = pd.to_datetime(published, utc=True).dt.tz_localize(None)
    return dates.dt.to_period(_FREQ[by]).astype("string")


def calendar(published: pd.Series, by: Period = "month") -> list[str]:
    """Every period from the first date to the last, those without any date included."""
    import pandas as pd

    dates = pd.to_datetime(published, utc=True).dropna()
    if dates.empty:
        return []
    dates = dates.dt.tz_localize(None)
    freq = _FREQ[by]
    return [str(p) for p in pd.period_range(dates.min().to_period(freq), dates.max().to_period(freq), freq=freq)]


def articles_per_period(df: pd.DataFrame, by: Period = "month", group: str | None = "outlet") -> pd.DataFrame:
    """Articles published per period (and per ``group``, e.g. outlet), on a continuous calendar.

    Columns: ``period``, the group (if any) and ``articles``; periods without articles have 0.
    Rows without a date are not counted (``df["published"].isna()``), nor rows that failed.

    >>> import pandas as pd
    >>> from zhtext.report import articles_per_period
    >>> df = pd.DataFrame({"outlet": ["a", "a", "b"],
    ...                    "published": pd.to_datetime(["2022-01-05", "2022-03-01", "2022-03-09"], utc=True)})
    >>> articles_per_period(df, group=None)
        period  articles
    0  2022-01         1
    1  2022-02         0
    2  2022-03         2
    """
    from .state import ReportState

    if by not in _FREQ:
        raise ValueError(f'by must be "month", "quarter" or "year", not {by!r}')
    with ReportState.of_frame(df, group=group, annotate=False) as state:
        return state.per_period(by)


def top_terms(df: pd.DataFrame, by: str | None = "outlet", *, top_k: int = 10) -> pd.DataFrame:
    """The words that are keywords of the most articles, overall (``by=None``) or per group (``"outlet"``).

    Columns: the group (if any), ``word``, ``keyword_of`` (articles with the word among their
    extracted keywords: what ranks it), ``articles`` (articles whose text contains it),
    ``group_articles`` (articles in the group) and ``share`` (``articles / group_articles``);
    ``top_k`` rows per group, most ``keyword_of`` first (ties: the larger summed keyword weight).
    ``by`` may be any column, or ``"month"``/``"quarter"``/``"year"`` of ``published``. Counted by the
    report's bounded state (:mod:`zhtext.report.state`), fed the frame in slices: the counts are exact.

    >>> import zhtext as zt
    >>> df = zt.read_articles([zt.sample_article_path()], progress=False)
    >>> zt.top_terms(df, by=None, top_k=2)[["word", "keyword_of", "articles"]]
      word  keyword_of  articles
    0   中亚           1         1
    1   王毅           1         1
    """
    from .state import ReportState

    group = by if by is not None and (by in df.columns or by not in _FREQ) else None
    with ReportState.of_frame(df, group=group) as state:
        return state.top_terms(by, top_k=top_k)


def keyword_trends(
    df: pd.DataFrame,
    by: Period = "month",
    outlet: str | None = None,
    *,
    words: Iterable[str] | None = None,
    top_k: int = 5,
) -> pd.DataFrame:
    """How many articles mention each keyword, period by period, on a continuous calendar.

    ``words`` to follow (default: the ``top_k`` words that are keywords of the most articles);
    ``outlet`` keeps one outlet's articles. Columns: ``period`` (``"2022-06"``, ``"2022Q2"`` or
    ``"2022"``), ``word``, ``articles`` (articles of the period whose text contains the word),
    ``period_articles`` (articles published in the period) and ``share`` (their ratio; 0 for a
    period without articles). Every period from the first article to the last has a row per word.

    >>> import zhtext as zt
    >>> df = zt.read_articles([zt.sample_article_path()], progress=False)
    >>> zt.keyword_trends(df, top_k=1)
        period word  articles  period_articles  share
    0  2022-06   中亚         1                1    1.0
    """
    from .state import ReportState

    if by not in _FREQ:
        raise ValueError(f'by must be "month", "quarter" or "year", not {by!r}')
    with ReportState.of_frame(df, group=None if outlet is None else "outlet") as state:
        return state.keyword_trends(by, outlet, words=words, top_k=top_k)


def rising_terms(df: pd.DataFrame, *, top_k: int = 10, min_articles: int = 3) -> pd.DataFrame:
    """Words mentioned by a larger share of the articles of the last period than of the earlier ones.

    The last period is the trailing run of months holding a fifth of the dated articles.
    Candidates are the keywords of the last period (the 2,000 most frequent), kept when at least
    ``min_articles`` articles of the last period mention them, ranked by the ratio of the shares
    (each smoothed by one article, so that one mention among few articles does not top the list).
    Columns: ``word``, ``last_articles``, ``last_share``, ``earlier_articles``, ``earlier_share``,
    ``ratio``; ``df.attrs`` of the result holds the two periods and their sizes.
    """
    from .state import ReportState

    with ReportState.of_frame(df, group=None) as state:
        return state.rising_terms(top_k=top_k, min_articles=min_articles)


def reporters(df: pd.DataFrame, *, top_k: int | None = 5) -> pd.DataFrame:
    """Reporters named in the bylines, per outlet: ``outlet``, ``reporter``, ``articles`` (bylined by them).

    ``top_k`` reporters per outlet, most articles first.

    >>> import pandas as pd
    >>> from zhtext.report import reporters
    >>> df = pd.DataFrame({"outlet": ["rfa", "rfa"], "byline": [{"reporters": ["王允"]}, {"reporters": ["王允"]}]})
    >>> reporters(df)
      outlet reporter  articles
    0    rfa       王允         2
    """
    from .state import Reporters

    tally = Reporters(capacity=len(df) + 1)
    if "byline" in df.columns:
        tally.add(df["outlet"].tolist(), df["byline"].tolist())
    return tally.table(top_k)


def speakers(quotes: pd.DataFrame, *, top_k: int = 10) -> pd.DataFrame:
    """The most quoted speakers of a :func:`zhtext.quote_table`: ``speaker``, ``quotes``, ``articles``,
    ``outlets`` (comma-separated), ``example`` (their longest direct quotation, else their longest)."""
    from .state import Speakers

    tally = Speakers(capacity=len(quotes) + 1)
    n = len(quotes)
    outlets = quotes["outlet"].tolist() if "outlet" in quotes.columns else [None] * n
    ids = quotes["id"].tolist() if "id" in quotes.columns else list(range(n))
    tally.add(*(quotes[c].tolist() for c in ("speaker", "quote", "direct")), ids, outlets)
    return tally.table(top_k)
