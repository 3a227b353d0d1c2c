"""Who, where and who said what: mentions and quotes of one text, and tables over an archive.

The extraction runs in Rust (``Tokenizer.mentions_many``/``quotes_many``); this module adds the
module-level functions and the tidy pandas tables :func:`top_mentions` and :func:`quote_table`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

    from ._zhtext import Tokenizer

KINDS = ("person", "place", "organization")
Script = Literal["auto", "as_is", "simplified"]


def _tokenizer(tokenizer: Tokenizer | None) -> Tokenizer:
    from . import default_tokenizer

    return tokenizer or default_tokenizer()


def mentions(
    text: str,
    *,
    kinds: str | Iterable[str] = KINDS,
    script: Script = "auto",
    tokenizer: Tokenizer | None = None,
) -> list[tuple[str, str, int, int]]:
    """People, places and organisations named in ``text``: ``(text, kind, start, end)`` with character offsets.

    ``kind`` is ``"person"``, ``"place"`` or ``"organization"``; ``kinds`` keeps only some. Names come
    from the POS tagger (``nr``/``ns``/``nt``, and words added with ``add_word(w, tag="nr")``) and the
    conventions of news writing: titles before names (not part of the mention), foreign names joined
    by ``·``, organisation and administrative suffixes. The outlets' own names are not mentions.
    With ``script="auto"`` a traditional-script text is tagged through its simplified form (OpenCC
    ``t2s``: the dictionary and the rules know simplified names best); the mentions are given in the
    text's own characters at their offsets in it. ``"as_is"`` tags the text as written.

    >>> import zhtext as zt
    >>> zt.mentions("美国总统拜登在白宫会见了外交部长王毅。")  # doctest: +NORMALIZE_WHITESPACE
    [('美国', 'place', 0, 2), ('拜登', 'person', 4, 6), ('白宫', 'organization', 7, 9),
     ('王毅', 'person', 16, 18)]
    >>> zt.mentions("阿里巴巴集团总部位于杭州市", kinds="organization")
    [('阿里巴巴集团', 'organization', 0, 6)]
    >>> zt.mentions("俄羅斯總統普京", kinds="person")
    [('普京', 'person', 5, 7)]
    """
    return _tokenizer(tokenizer).mentions(text, kinds=_kinds(kinds), script=script)


def quotes(
    text: str, *, script: Script = "auto", tokenizer: Tokenizer | None = None
) -> list[tuple[str, str, str, int, int, int, bool]]:
    """Attributed quotations: ``(speaker, quote, cue, speaker_start, quote_start, quote_end, direct)``.

    Direct quotations are in ``“”``/``「」``/``""`` marks with their speaker and verb of saying before
    (``X说：“…”``) or after (``“…”，X说。``); reported speech (``X表示，…。``) has ``direct=False``. A
    pronoun speaker (``他``/``她``) is given as the last named speaker. Offsets are characters.
    ``script`` as in :func:`mentions`: strings and offsets are always in the text's own characters.

    >>> import zhtext as zt
    >>> zt.quotes("外交部发言人汪文斌说：“中方坚决反对。”他表示，中方将采取必要措施。")
    [('汪文斌', '中方坚决反对。', '说', 6, 12, 19, True), ('汪文斌', '中方将采取必要措施', '表示', 20, 24, 33, False)]
    """
    return _tokenizer(tokenizer).quotes(text, script=script)


def _kinds(kinds: str | Iterable[str]) -> list[str]:
    if isinstance(kinds, str):
        return [kinds]
    return list(kinds)


def _texts(df: pd.DataFrame, text: str) -> list[Any]:
    if text not in df.columns:
        raise KeyError(f"the DataFrame has no {text!r} column (pass text= to name the column of article texts)")
    return df[text].tolist()


def top_mentions(
    df: pd.DataFrame,
    by: Literal["outlet", "month"] | str | None = None,
    kind: str | Iterable[str] | None = None,
    *,
    top_k: int | None = 20,
    text: str = "text",
    tokenizer: Tokenizer | None = None,
    threads: int | None = None,
) -> pd.DataFrame:
    """The most mentioned people, places and organisations of an archive, as a tidy DataFrame.

    ``df`` holds one article per row (as :func:`zhtext.read_articles` returns) with the texts in
    column ``text``. ``by`` groups the counts: ``"outlet"``, ``"month"`` (of ``published``), any other
    column, or ``None`` for the whole archive. Columns: the group (if any), ``mention``, ``kind``,
    ``articles`` (how many articles name it) and ``occurrences``, most occurrences first, ``top_k``
    rows per group (``None``: all). Missing texts count as empty.

    >>> import pandas as pd, zhtext as zt
    >>> df = pd.DataFrame({"outlet": ["a", "a", "b"], "text": ["王毅访问北京。", "王毅说，北京欢迎。", None]})
    >>> zt.top_mentions(df, kind="person").to_dict("records")
    [{'mention': '王毅', 'kind': 'person', 'articles': 2, 'occurrences': 2}]
    >>> zt.top_mentions(df, by="outlet", kind="place")[["outlet", "mention", "articles"]]
      outlet mention  articles
    0      a      北京         2
    """
    kinds = KINDS if kind is None else tuple(_kinds(kind))
    found = _tokenizer(tokenizer).mentions_many(
        _texts(df, text), kinds=kinds, missing="empty", threads=threads, output="arrow"
    )
    return mention_counts(found, _group_keys(df, by), by=by, top_k=top_k)


def mention_counts(found: Any, keys: list[Any], *, by: str | None = None, top_k: int | None = None) -> pd.DataFrame:
    """:func:`top_mentions`'s table from mentions already found: ``found`` is a ``mentions_many(...,
    output="arrow")`` array (one list per article; a null list counts as none) and ``keys`` the group of each
    article (named ``by``)."""
    import numpy as np
    import pandas as pd
    import pyarrow.compute as pc

    articles = pc.list_parent_indices(found).to_numpy()
    items = pc.list_flatten(found)
    group = [by] if by is not None else []
    table = pd.DataFrame(
        {
            "_group": np.asarray(keys, dtype=object)[articles],
            "mention": items.field("text").to_numpy(zero_copy_only=False),
            "kind": items.field("kind").to_numpy(zero_copy_only=False),
            "_article": articles,
        }
    )
    counts = (
        table.groupby(["_group", "mention", "kind"], sort=False, dropna=False)
        .agg(articles=("_article", "nunique"), occurrences=("_article", "size"))
        .reset_index()
        .sort_values(["_group", "occurrences", "articles", "mention"], ascending=[True, False, False, True])
    )
    if top_k is not None:
        counts = counts.groupby("_group", sort=False, dropna=False).head(top_k)
    counts = counts.rename(columns={"_group": by}) if by is not None else counts.drop(columns="_group")
    return counts[[*group, "mention", "kind", "articles", "occurrences"]].reset_index(drop=True)


def _group_keys(df: pd.DataFrame, by: str | None) -> list[Any]:
    if by is None:
        return [""] * len(df)
    if by == "month" and "month" not in df.columns:
        if "published" not in df.columns:
            raise KeyError("by='month' needs a 'published' column of dates")
        import pandas as pd

        published = pd.to_datetime(df["published"], utc=True)
        return published.dt.strftime("%Y-%m").tolist()
    if by not in df.columns:
        raise KeyError(f"by={by!r}: the DataFrame has no such column ('outlet', 'month' or None)")
    return df[by].tolist()


def quote_table(
    df: pd.DataFrame,
    *,
    text: str = "text",
    tokenizer: Tokenizer | None = None,
    threads: int | None = None,
) -> pd.DataFrame:
    """Every attributed quotation of an archive, one row each: a tidy DataFrame.

    Columns: the article's ``id``, ``url``, ``published`` and ``outlet`` (those present in ``df``;
    otherwise ``id`` is the row's index label), then ``speaker``, ``quote``, ``cue``, ``direct``,
    ``speaker_start``, ``quote_start``, ``quote_end`` (character offsets into the text).

    >>> import pandas as pd, zhtext as zt
    >>> df = pd.DataFrame({"id": ["a1"], "text": ["王毅说：“我们欢迎。”"]})
    >>> zt.quote_table(df)[["id", "speaker", "quote", "direct"]]
       id speaker  quote  direct
    0  a1      王毅  我们欢迎。    True
    """
    found = _tokenizer(tokenizer).quotes_many(_texts(df, text), missing="empty", threads=threads, output="arrow")
    return quote_rows(df, found)


def quote_rows(df: pd.DataFrame, found: Any) -> pd.DataFrame:
    """:func:`quote_table` from quotations already found: ``found`` is a ``quotes_many(..., output="arrow")``
    array with one list per row of ``df`` (a null list counts as none)."""
    import pandas as pd
    import pyarrow.compute as pc

    rows = pc.list_parent_indices(found).to_numpy()
    items = pc.list_flatten(found)
    meta = [c for c in ("id", "url", "published", "outlet") if c in df.columns]
    front = df[meta].iloc[rows].reset_index(drop=True)
    if "id" not in df.columns:
        front.insert(0, "id", df.index.to_numpy(dtype=object)[rows])
    order = ["speaker", "quote", "cue", "direct", "speaker_start", "quote_start", "quote_end"]
    table = pd.DataFrame({name: items.field(name).to_numpy(zero_copy_only=False) for name in order})
    return pd.concat([front, table], axis=1)
