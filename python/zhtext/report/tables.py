"""The tidy tables behind the report: plain pandas DataFrames, one row per observation.

Every count says what it counts in its column name: ``articles`` is a number of articles,
``keyword_of`` the number of articles that have the word among their extracted keywords,
``share`` a fraction of the articles of the row's group. Periods are continuous calendars:
a month (or quarter, or year) without articles is a row with zeros, never left out.

The functions take a frame of articles as :func:`zhtext.read_articles` returns it. Those that
need ``tokens`` and ``keywords`` compute them (as ``zhtext analyze`` does, with the archive's
learned words) when the frame does not have them yet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

Period = Literal["month", "quarter", "year"]
#: pandas period frequencies of the ``by=`` names.
_FREQ = {"month": "M", "quarter": "Q", "year": "Y"}


def ok_articles(df: pd.DataFrame) -> pd.DataFrame:
    """The rows that were read (no ``error``), with ``tokens`` and ``keywords`` (computed when missing)."""
    if "error" in df.columns:
        df = df[df["error"].isna()]
    if "tokens" not in df.columns or "keywords" not in df.columns:
        from ..analysis import annotate

        df = df.copy()
        annotate(df)
    return df


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
    Rows without a date are not counted (``df["published"].isna()``).

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
    import pandas as pd

    df = df[df["published"].notna()]
    months = calendar(df["published"], by)
    key = periods(df["published"], by)
    if group is None:
        counts = key.value_counts().reindex(months, fill_value=0)
        return pd.DataFrame({"period": months, "articles": counts.to_numpy()})
    groups = sorted(df[group].dropna().unique())
    counts = pd.crosstab(key, df[group]).reindex(index=months, columns=groups, fill_value=0)
    table = counts.stack().rename("articles").reset_index()
    table.columns = ["period", group, "articles"]
    return table


def _folded_tokens(df: pd.DataFrame) -> list[frozenset[str]]:
    """Each article's distinct words, traditional ones folded into simplified (as keywords are)."""
    from .. import convert

    sets: list[frozenset[str]] = []
    scripts = df["script"].tolist() if "script" in df.columns else [None] * len(df)
    for tokens, script in zip(df["tokens"].tolist(), scripts, strict=True):
        if tokens is None or (isinstance(tokens, float) and tokens != tokens):
            sets.append(frozenset())
            continue
        words = list(tokens)
        sets.append(frozenset(convert(words, to="simplified") if script == "traditional" else words))
    return sets


def _keyword_lists(df: pd.DataFrame) -> list[list[tuple[str, float]]]:
    """Each article's keywords with their weights (weight 1 for keywords given without)."""
    out: list[list[tuple[str, float]]] = []
    for keywords in df["keywords"].tolist():
        if keywords is None or (isinstance(keywords, float) and keywords != keywords):
            out.append([])
        else:
            out.append([(k["word"], float(k["weight"])) if isinstance(k, dict) else (str(k), 1.0) for k in keywords])
    return out


#: Parts of speech left out of the keyword rankings: pronouns, adverbs, prepositions, conjunctions,
#: particles, numerals, measure words, interjections (我们, 正在, ...: never what an archive is about).
FUNCTION_TAGS = frozenset({"r", "rr", "rz", "ry", "d", "p", "c", "u", "uj", "ul", "m", "q", "e", "y", "o", "zg"})


def _content_words(lists: list[list[tuple[str, float]]]) -> list[list[tuple[str, float]]]:
    """The keyword lists without the words whose part of speech is in :data:`FUNCTION_TAGS`."""
    from .. import default_tokenizer

    tokenizer = default_tokenizer()
    tags: dict[str, bool] = {}
    for words in lists:
        for word, _ in words:
            if word not in tags:
                tagged = tokenizer.tag(word)
                tags[word] = len(tagged) == 1 and tagged[0][1] in FUNCTION_TAGS
    return [[(w, weight) for w, weight in words if not tags[w]] for words in lists]


class Vocabulary:
    """Per-article keyword lists and word sets of the articles read, computed once for all the tables.

    The keyword lists leave out function words (:data:`FUNCTION_TAGS`), so that the rankings
    name what the articles are about.
    """

    def __init__(self, df: pd.DataFrame) -> None:
        self.df = ok_articles(df)
        self.weighted = _content_words(_keyword_lists(self.df))
        self.keywords = [[w for w, _ in kws] for kws in self.weighted]
        self.words = _folded_tokens(self.df)

    def keyword_of(self, rows: Sequence[int] | None = None) -> Counter[str]:
        """How many of the articles (positions ``rows``; all when None) have each word among their keywords."""
        counts: Counter[str] = Counter()
        for i in range(len(self.keywords)) if rows is None else rows:
            counts.update(self.keywords[i])
        return counts

    def keyword_weight(self, rows: Sequence[int] | None = None) -> Counter[str]:
        """Each keyword's weight summed over the articles (positions ``rows``; all when None)."""
        weights: Counter[str] = Counter()
        for i in range(len(self.weighted)) if rows is None else rows:
            for word, weight in self.weighted[i]:
                weights[word] += weight
        return weights

    def mentioning(self, word: str, rows: Iterable[int] | None = None) -> int:
        """How many of the articles contain ``word`` among their words."""
        pool = range(len(self.words)) if rows is None else rows
        return sum(1 for i in pool if word in self.words[i])


def _top_words(vocab: Vocabulary, rows: Sequence[int] | None, top_k: int) -> list[tuple[str, int]]:
    """The words that are keywords of the most of the articles; ties go to the larger summed keyword weight
    (with few articles, most words are a keyword of one: the weight then says which matter most)."""
    counts = vocab.keyword_of(rows)
    weights = vocab.keyword_weight(rows)
    ranked = sorted(counts, key=lambda w: (-counts[w], -weights[w], w))
    return [(w, counts[w]) for w in ranked[:top_k]]


def top_terms(
    df: pd.DataFrame, by: str | None = "outlet", *, top_k: int = 10, vocabulary: Vocabulary | None = None
) -> pd.DataFrame:
    """The words that are keywords of the most articles, overall (``by=None``) or per group (``"outlet"``).

    Columns: the group (if any), ``word``, ``keyword_of`` (articles with the word among their
    extracted keywords: what ranks it), ``articles`` (articles whose text contains it),
    ``group_articles`` (articles in the group) and ``share`` (``articles / group_articles``);
    ``top_k`` rows per group, most ``keyword_of`` first. ``by`` may be any column, or
    ``"month"``/``"quarter"``/``"year"`` of ``published``.

    >>> import zhtext as zt
    >>> df = zt.read_articles([zt.sample_article_path()], progress=False)
    >>> zt.top_terms(df, by=None, top_k=2)[["word", "keyword_of", "articles"]]
      word  keyword_of  articles
    0   中亚           1         1
    1   王毅           1         1
    """
    import pandas as pd

    vocab = vocabulary or Vocabulary(df)
    ok = vocab.df
    keys = _group_keys(ok, by)
    groups: dict[Any, list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    rows = []
    for key in sorted(groups, key=str):
        members = groups[key]
        for word, keyword_of in _top_words(vocab, members, top_k):
            mentioning = vocab.mentioning(word, members)
            rows.append((key, word, keyword_of, mentioning, len(members), mentioning / len(members)))
    columns = ["_group", "word", "keyword_of", "articles", "group_articles", "share"]
    table = pd.DataFrame(rows, columns=columns)
    return table.drop(columns="_group") if by is None else table.rename(columns={"_group": by})


def _group_keys(df: pd.DataFrame, by: str | None) -> list[Any]:
    if by is None:
        return [None] * len(df)
    if by in _FREQ and by not in df.columns:
        return periods(df["published"], by).tolist()  # type: ignore[arg-type]
    if by not in df.columns:
        raise KeyError(f"by={by!r}: the DataFrame has no such column")
    return df[by].tolist()


def keyword_trends(
    df: pd.DataFrame,
    by: Period = "month",
    outlet: str | None = None,
    *,
    words: Iterable[str] | None = None,
    top_k: int = 5,
    vocabulary: Vocabulary | None = None,
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
    import pandas as pd

    vocab = vocabulary or Vocabulary(df)
    ok = vocab.df
    rows_of = range(len(ok))
    if outlet is not None:
        rows_of = [i for i, o in enumerate(ok["outlet"].tolist()) if o == outlet]
    members = list(rows_of)
    chosen = list(words) if words is not None else [w for w, _ in _top_words(vocab, members, top_k)]
    published = ok["published"].iloc[members] if members else ok["published"].iloc[:0]
    keys = periods(published, by).tolist()
    cal = calendar(published, by)
    per_period: dict[str, list[int]] = {p: [] for p in cal}
    for i, key in zip(members, keys, strict=True):
        if key is not pd.NA and key in per_period:
            per_period[key].append(i)
    rows = []
    for period in cal:
        pool = per_period[period]
        for word in chosen:
            n = vocab.mentioning(word, pool)
            rows.append((period, word, n, len(pool), n / len(pool) if pool else 0.0))
    return pd.DataFrame(rows, columns=["period", "word", "articles", "period_articles", "share"])


def last_period(df: pd.DataFrame, min_share: float = 0.2) -> tuple[str, str] | None:
    """The trailing run of whole months holding at least ``min_share`` of the dated articles.

    Returns ``(first_month, last_month)``, or None when the articles do not span two months.
    """
    ok = df[df["published"].notna()]
    cal = calendar(ok["published"], "month")
    if len(cal) < 2:
        return None
    counts = periods(ok["published"], "month").value_counts()
    needed = max(1, int(min_share * len(ok) + 0.999))
    total = 0
    for start in range(len(cal) - 1, 0, -1):
        total += int(counts.get(cal[start], 0))
        if total >= needed:
            return cal[start], cal[-1]
    return None


def rising_terms(
    df: pd.DataFrame, *, top_k: int = 10, min_articles: int = 3, vocabulary: Vocabulary | None = None
) -> pd.DataFrame:
    """Words mentioned by a larger share of the articles of the last period than of the earlier ones.

    The last period is the trailing run of months holding a fifth of the dated articles
    (:func:`last_period`). Candidates are the keywords of at least ``min_articles`` articles of
    the last period, ranked by the ratio of the shares (each smoothed by one article, so
    that one mention among few articles does not top the list). Columns: ``word``,
    ``last_articles``, ``last_share``, ``earlier_articles``, ``earlier_share``, ``ratio``;
    ``df.attrs`` of the result holds the two periods and their sizes.
    """
    import pandas as pd

    vocab = vocabulary or Vocabulary(df)
    ok = vocab.df
    columns = ["word", "last_articles", "last_share", "earlier_articles", "earlier_share", "ratio"]
    span = last_period(ok)
    if span is None:
        return pd.DataFrame([], columns=columns)
    month = periods(ok["published"], "month").tolist()
    last = [i for i, m in enumerate(month) if m is not pd.NA and m >= span[0]]
    earlier = [i for i, m in enumerate(month) if m is not pd.NA and m < span[0]]
    needed = min(min_articles, 2) if len(last) < 20 else min_articles
    rows = []
    for word in vocab.keyword_of(last):
        a = vocab.mentioning(word, last)
        if a < needed:
            continue
        b = vocab.mentioning(word, earlier)
        ratio = ((a + 1) / (len(last) + 1)) / ((b + 1) / (len(earlier) + 1))
        if ratio > 1:
            rows.append((word, a, a / len(last), b, b / len(earlier), ratio))
    table = pd.DataFrame(rows, columns=columns).sort_values(["ratio", "word"], ascending=[False, True])
    table = table.head(top_k).reset_index(drop=True)
    table.attrs.update(
        last=span,
        last_articles=len(last),
        earlier=(min(month[i] for i in earlier), _month_before(span[0])) if earlier else None,
        earlier_articles=len(earlier),
    )
    return table


def _month_before(month: str) -> str:
    import pandas as pd

    return str(pd.Period(month, "M") - 1)


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
    import pandas as pd

    counts: Counter[tuple[str, str]] = Counter()
    if "byline" in df.columns:
        for outlet, byline in zip(df["outlet"].tolist(), df["byline"].tolist(), strict=True):
            names = byline.get("reporters") if isinstance(byline, dict) else None
            for name in set(names or ()):
                counts[(outlet, name)] += 1
    table = pd.DataFrame([(o, r, n) for (o, r), n in counts.items()], columns=["outlet", "reporter", "articles"])
    table = table.sort_values(["outlet", "articles", "reporter"], ascending=[True, False, True])
    if top_k is not None:
        table = table.groupby("outlet", sort=False).head(top_k)
    return table.reset_index(drop=True)


def bylined(df: pd.DataFrame) -> pd.Series:
    """Per outlet, how many articles name at least one reporter in their byline."""
    has = [bool(isinstance(b, dict) and len(b.get("reporters") or ())) for b in df["byline"].tolist()]
    import pandas as pd

    return pd.Series(has, index=df.index).groupby(df["outlet"]).sum().astype(int)


def speakers(quotes: pd.DataFrame, *, top_k: int = 10) -> pd.DataFrame:
    """The most quoted speakers of a :func:`zhtext.quote_table`: ``speaker``, ``quotes``, ``articles``,
    ``outlets`` (comma-separated), ``example`` (their longest direct quotation, else their longest)."""
    import pandas as pd

    columns = ["speaker", "quotes", "articles", "outlets", "example"]
    if quotes.empty:
        return pd.DataFrame([], columns=columns)
    counts = quotes.groupby("speaker", sort=False).agg(quotes=("quote", "size"), articles=("id", "nunique"))
    counts = counts.reset_index().sort_values(["quotes", "articles", "speaker"], ascending=[False, False, True])
    rows = []
    for speaker, n, articles in counts.head(top_k).itertuples(index=False):
        group = quotes[quotes["speaker"] == speaker]
        direct = group[group["direct"]]
        example = max((direct if len(direct) else group)["quote"].tolist(), key=len)
        outlets = ", ".join(sorted(set(group["outlet"].dropna()))) if "outlet" in group else ""
        rows.append((speaker, n, articles, outlets, example))
    return pd.DataFrame(rows, columns=columns)


def examples(vocab: Vocabulary, word: str, *, limit: int = 5) -> pd.DataFrame:
    """Articles with ``word`` among their keywords (else mentioning it), newest first: title, url, date, outlet."""
    ok = vocab.df
    rows = [i for i, kws in enumerate(vocab.keywords) if word in kws]
    if not rows:
        rows = [i for i, words in enumerate(vocab.words) if word in words]
    picked = ok.iloc[rows][["published", "outlet", "title", "url"]]
    return picked.sort_values("published", ascending=False, na_position="last").head(limit)
