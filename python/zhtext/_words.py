"""New-word discovery as pandas tables (the counting and statistics run in Rust)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from ._zhtext import Tokenizer, _discover_words

#: Column order of a discovery table.
COLUMNS = (
    "word",
    "count",
    "documents",
    "cohesion",
    "left_entropy",
    "right_entropy",
    "score",
    "in_dictionary",
    "compound",
    "conflicts",
    "novelty",
    "freq",
)


def frame(columns: dict[str, Any], attrs: dict[str, Any]) -> Any:
    """The DataFrame of a candidate table, with the run's statistics in ``attrs``."""
    try:
        import pandas as pd
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("discover_words and learn_words return DataFrames: pip install 'zhtext[pandas]'") from err
    df = pd.DataFrame({name: columns[name] for name in COLUMNS if name in columns})
    df.attrs.update(attrs)
    return df


def discover_words(
    texts: Iterable[str],
    *,
    min_count: int = 5,
    max_len: int = 6,
    threads: int | None = None,
    missing: Literal["raise", "empty"] = "raise",
    tokenizer: Tokenizer | None = None,
    max_ngrams: int = 8_000_000,
    function_chars: bool = True,
    nested_share: float = 0.8,
    script: Literal["auto", "as_is", "simplified"] = "auto",
) -> Any:
    """Candidate new words found in ``texts`` by their own statistics, best first, as a pandas DataFrame.

    Candidates are runs of 2 to ``max_len`` (at most 7) Han characters occurring at
    least ``min_count`` times, with the published statistics of mutual information
    plus boundary entropy:

    - ``word``, ``count`` (occurrences), ``documents`` (texts it occurs in);
    - ``cohesion``: the pointwise mutual information (natural log) of the word's
      weakest split into two parts; phrases of independent words score low;
    - ``left_entropy`` / ``right_entropy``: entropy (nats) of the character before /
      after it; a fragment of a longer word has one of them low;
    - ``score``: ``(min(left, right) + cohesion / 4) * ln(count)``, the ranking;
    - ``in_dictionary``: the tokenizer's dictionary already has it;
    - ``compound``: the dictionary cuts it into known words of two or more
      characters (``中国政府``): a phrase, not a new word (``learn_words`` skips it).

    Candidates that begin or end with a function character (的, 了, 在, ...;
    ``function_chars=False`` keeps them) and candidates that occur mostly (at least
    ``nested_share`` of their count) inside one longer candidate are left out.
    ``tokenizer`` supplies the dictionary (default: :func:`default_tokenizer`).

    ``script="auto"`` (the default) counts a text that looks traditional in its
    simplified form (OpenCC ``t2s``), so ``俄羅斯`` and ``俄罗斯`` are one word, counted
    together, and every ``word`` is given in **simplified characters** (convert it with
    :func:`convert` for display). ``"as_is"`` counts characters as written, so the two
    spellings are two candidates; ``"simplified"`` folds every text.

    Counting runs in Rust on ``threads`` threads (``None``: every core) in bounded
    memory: texts are counted in rounds of at least 1 MB per thread, each thread's
    share of a round sorted at once, and merged into one table; when the table holds more than ``max_ngrams``
    distinct n-grams (about 40 bytes each), the rarest are dropped (lossy counting),
    so counts near the dropped level may be a little low. ``df.attrs`` tells:
    ``han_chars`` counted and ``pruned_at``, the highest count dropped (0: exact).

    ``missing="empty"`` treats ``None``/NaN as empty texts; otherwise ``None`` and
    non-str items raise a ``TypeError`` naming their position, and NaN a ``ValueError``
    (scikit-learn's error for a NaN document). An empty list raises ``ValueError``.

    Examples
    --------
    >>> import zhtext as zt
    >>> texts = [f"{a}，斯托尔滕贝格{b}。" for a in ("他说", "此外", "同时") for b in ("表示", "指出", "强调")]
    >>> df = zt.discover_words(texts, min_count=3)
    >>> df.loc[0, ["word", "count", "documents", "in_dictionary"]].tolist()
    ['斯托尔滕贝格', 9, 9, False]
    >>> mixed = texts + [zt.convert(t, to="traditional") for t in texts]
    >>> zt.discover_words(mixed, min_count=3).loc[0, ["word", "count"]].tolist()
    ['斯托尔滕贝格', 18]
    """
    if tokenizer is None:
        from . import default_tokenizer

        tokenizer = default_tokenizer()
    return _discover_words(
        texts,
        tokenizer,
        min_count=min_count,
        max_len=max_len,
        threads=threads,
        missing=missing,
        max_ngrams=max_ngrams,
        function_chars=function_chars,
        nested_share=nested_share,
        script=script,
    )
