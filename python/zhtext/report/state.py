"""The report's state: aggregates of analysed articles, fed batch by batch, whose size does not grow
with the number of articles.

Both routes to a report feed the one :class:`ReportState`: ``zhtext analyze --out`` each batch as its
rows are written, and ``zt.report(df)``, :func:`~zhtext.top_terms`, :func:`~zhtext.keyword_trends` and
:func:`~zhtext.report.rising_terms` a frame in slices of :data:`FRAME_BATCH` rows.

What memory holds, and its bounds:

- articles per outlet (or ``group``) and script, per month and outlet, the date range, the number of
  failed files and the first :data:`FAILED_KEPT`: as many entries as outlets × months;
- per outlet, a keyword table (articles having the word among their keywords, per month, and the
  summed weight) kept to the :data:`KEYWORDS_PER_GROUP` words most often keywords there;
- names per kind (:data:`NAMES_PER_KIND`), speakers (:data:`SPEAKERS_KEPT`, each with the outlets
  quoting them and their longest quotation) and reporters per outlet (:data:`REPORTERS_PER_OUTLET`),
  each kept to the most counted; a fixed-size random sample of quotations (:data:`QUOTE_SAMPLE`).

A table kept to its most counted entries (:class:`Tally`) drops its less counted half when it holds
twice its bound and remembers the largest count dropped: a name counted at least that many more
times after it was dropped is counted again, short by at most that much (lossy counting). On news
archives the names and keywords the report shows are counted thousands of times more than what is
dropped; ``ReportState.short`` says how large the drops were.

Each article's distinct words and keywords (traditional ones folded into simplified) are written to a
temporary Parquet file beside the data (the *spill*). When the report is built the few hundred words it
can show (the keyword table's leaders) are counted in it exactly: every "keyword of" and "mentioned
in" figure of the report is exact, whatever the archive's size, and the bounded keyword table only
decides which words are candidates.
"""

from __future__ import annotations

import os
import random
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

from .._ahead import ahead
from .._memory import release_unused
from .._parquet import RowGroupWriter

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from .._zhtext import Tokenizer
    from .builder import Report

#: The columns :meth:`ReportState.add` reads (with the state's group): a batch may bring only these.
COLUMNS_READ = (
    *("error", "path", "outlet", "script", "published", "title", "url", "byline", "duplicate_group"),
    *("keywords", "tokens"),
)
#: Rows per slice of a frame fed to the state.
FRAME_BATCH = 2048
#: Words kept per outlet in the keyword table (the candidates for every keyword ranking).
KEYWORDS_PER_GROUP = 5_000
#: Names kept per kind (person, place, organisation).
NAMES_PER_KIND = 20_000
#: Speakers kept, reporters kept per outlet.
SPEAKERS_KEPT, REPORTERS_PER_OUTLET = 5_000, 500
#: Quotations kept as a uniform random sample of all of them.
QUOTE_SAMPLE = 1_000
#: Failed files kept (their path and error); all are counted.
FAILED_KEPT = 20
#: Example headlines per keyword.
EXAMPLES = 5
#: Candidates counted exactly per ranking: this many times the rows shown.
CANDIDATE_FACTOR = 3
#: Words of the last period compared with the earlier ones for rising terms.
RISING_CANDIDATES = 2_000


class Tally:
    """Values per key in partitions (words per outlet, names per kind), each kept to ``capacity`` keys.

    A value is a list whose first item is the count that ranks it. When a partition holds twice
    its capacity, its less counted half is dropped and ``short[partition]`` keeps the largest count
    dropped: no kept count falls short of the truth by more, and no key counted more often than
    that is missing.

    >>> t = Tally(1)
    >>> for word in ["a", "a", "b", "c"]:
    ...     t.entry("", word, lambda: [0])[0] += 1
    ...     t.prune()
    >>> t.parts[""], t.short[""]
    ({'a': [2]}, 1)
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.parts: dict[Any, dict[Any, list[Any]]] = {}
        self.short: dict[Any, int] = {}

    def entry(self, part: Any, key: Any, make: Callable[[], list[Any]]) -> list[Any]:
        """The value of ``key`` in ``part``, made by ``make`` if absent."""
        table = self.parts.setdefault(part, {})
        value = table.get(key)
        if value is None:
            value = table[key] = make()
        return value

    def prune(self) -> None:
        """Drop the less counted half of every partition that holds twice its capacity."""
        for part, table in self.parts.items():
            if len(table) >= 2 * self.capacity:
                ranked = sorted(table.items(), key=lambda kv: kv[1][0], reverse=True)
                self.short[part] = max(self.short.get(part, 0), ranked[self.capacity][1][0])
                self.parts[part] = dict(ranked[: self.capacity])


class Speakers:
    """Quotations per speaker (bounded, :data:`SPEAKERS_KEPT`): count, articles, outlets, longest quote."""

    def __init__(self, capacity: int = SPEAKERS_KEPT) -> None:
        self.tally = Tally(capacity)

    def add(
        self,
        speakers: Sequence[str] | pa.Array,
        quotes: Sequence[str] | pa.Array,
        direct: Sequence[bool] | pa.Array,
        articles: Sequence[int],
        outlets: Sequence[Any],
    ) -> None:
        """One quotation a row, in columns (sequences, or Arrow arrays for the first three): its speaker, the
        quotation, whether it is direct, its article and outlet. ``articles`` tells apart the articles of one
        call (a speaker's articles are counted per call: an article's quotations come in one call).

        Counted per speaker with Arrow and numpy (a Python loop over every quotation cost about a second per
        20,000 articles; only the speakers and their examples become Python strings), entries made in the
        order of first appearance; a speaker's example is their first quotation of the highest (direct,
        length), replaced by a later call's only when that ranks higher."""
        import numpy as np
        import pandas as pd
        import pyarrow as pa
        import pyarrow.compute as pc

        speakers, quotes, direct = (c if isinstance(c, pa.Array) else pa.array(c) for c in (speakers, quotes, direct))
        n = len(speakers)
        if n:
            # Arrow numbers the speakers in the order of first appearance, as the entries are made.
            encoded = pc.dictionary_encode(speakers)
            codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
            names = encoded.dictionary.to_pylist()
            article_codes = pd.factorize(np.asarray(articles))[0].astype(np.int64)
            width = int(article_codes.max()) + 1
            counts = np.bincount(codes, minlength=len(names)).tolist()
            pairs = _distinct(codes * width + article_codes)
            per_article = np.bincount(pairs // width, minlength=len(names)).tolist()
            is_direct = pc.fill_null(direct.cast(pa.bool_()), False).to_numpy(zero_copy_only=False)
            length = pc.utf8_length(quotes).to_numpy(zero_copy_only=False).astype(np.int64)
            # Per speaker (codes ascending), the first quotation of the highest (direct, length).
            order = np.lexsort((np.arange(n), -length, ~is_direct, codes))
            best = order[np.concatenate([[True], codes[order][1:] != codes[order][:-1]])]
            examples = quotes.take(pa.array(best)).to_pylist()
            outlet_codes, outlet_names = pd.factorize(np.asarray(outlets, dtype=object))
            named = np.array([isinstance(o, str) for o in outlet_names] + [False], bool)
            outlet_codes = np.where(named[outlet_codes], outlet_codes, -1)  # -1 (missing) indexes the False
            said_in: list[set[str]] = [set() for _ in range(len(names))]
            for key in _distinct(codes * (len(outlet_names) + 1) + outlet_codes + 1).tolist():
                code, outlet = divmod(key, len(outlet_names) + 1)
                if outlet:
                    said_in[code].add(outlet_names[outlet - 1])
            for code, speaker in enumerate(names):
                # quotes, articles, outlets, (direct, length) of the example, the example
                value = self.tally.entry("", speaker, lambda: [0, 0, set(), (False, -1), ""])
                value[0] += counts[code]
                value[1] += per_article[code]
                value[2] |= said_in[code]
                i = best[code]
                rank = (bool(is_direct[i]), int(length[i]))
                if rank > value[3]:
                    value[3], value[4] = rank, examples[code]
        self.tally.prune()

    def table(self, top_k: int | None = 10) -> pd.DataFrame:
        """``speaker``, ``quotes``, ``articles``, ``outlets`` (comma-separated), ``example`` (their longest
        direct quotation, else their longest), most quoted first."""
        import pandas as pd

        items = sorted(self.tally.parts.get("", {}).items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
        rows = [(s, v[0], v[1], ", ".join(sorted(v[2])), v[4]) for s, v in items[:top_k]]
        return pd.DataFrame(rows, columns=["speaker", "quotes", "articles", "outlets", "example"])


class Reporters:
    """Articles bylined per outlet and reporter (bounded, :data:`REPORTERS_PER_OUTLET` per outlet)."""

    def __init__(self, capacity: int = REPORTERS_PER_OUTLET) -> None:
        self.tally = Tally(capacity)
        self.bylined: Counter[Any] = Counter()

    def add(self, outlets: Iterable[Any], bylines: Iterable[Any]) -> None:
        for outlet, byline in zip(outlets, bylines, strict=True):
            names = byline.get("reporters") if isinstance(byline, dict) else None
            names = set(names) if names is not None else set()
            if names:
                self.bylined[outlet] += 1
            for name in names:
                self.tally.entry(outlet, name, lambda: [0])[0] += 1
        self.tally.prune()

    def table(self, top_k: int | None = 5) -> pd.DataFrame:
        """``outlet``, ``reporter``, ``articles``: ``top_k`` per outlet, most articles first."""
        import pandas as pd

        rows = []
        for outlet in sorted(self.tally.parts, key=str):
            ranked = sorted(self.tally.parts[outlet].items(), key=lambda kv: (-kv[1][0], kv[0]))
            rows += [(outlet, name, v[0]) for name, v in ranked[:top_k]]
        return pd.DataFrame(rows, columns=["outlet", "reporter", "articles"])


_FUNCTION_WORDS: dict[str, bool] = {}


def _is_function_word(word: str) -> bool:
    """Whether ``word`` tags as one word whose part of speech is in :data:`~.tables.FUNCTION_TAGS` (cached)."""
    known = _FUNCTION_WORDS.get(word)
    if known is None:
        from .. import default_tokenizer
        from .tables import FUNCTION_TAGS

        if len(_FUNCTION_WORDS) > 200_000:  # a bound on the cache, not on correctness
            _FUNCTION_WORDS.clear()
        tagged = default_tokenizer().tag(word)
        known = _FUNCTION_WORDS[word] = len(tagged) == 1 and tagged[0][1] in FUNCTION_TAGS
    return known


def _content_keywords(keywords: pa.Array) -> tuple[Any, pa.Array, Any]:
    """Each article's keywords without function words, flattened in their order: the article (row index),
    the word and its weight (1 for bare words), each word once per article (its first place).

    Function words are looked up once per distinct word of the batch, and the repeats found as
    packed (row, word) keys with numpy: a loop over every keyword cost a second per 4,000 articles."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = pc.list_parent_indices(keywords).to_numpy().astype(np.int64)
    flat = pc.list_flatten(keywords)
    if pa.types.is_struct(flat.type):
        words = flat.field("word").cast(pa.string())
        weights = flat.field("weight").cast(pa.float64()).to_numpy(zero_copy_only=False)
    else:
        words = flat.cast(pa.string())
        weights = np.ones(len(flat))
    if words.null_count:  # a keyword without its word: nothing to count
        present = words.is_valid().to_numpy(zero_copy_only=False)
        rows, words, weights = rows[present], words.filter(pa.array(present)), weights[present]
    encoded = pc.dictionary_encode(words)
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    function = np.array([_is_function_word(w) for w in encoded.dictionary.to_pylist()], bool)
    keep = ~function[codes]
    first = np.unique(rows << 32 | codes, return_index=True)[1]
    once = np.zeros(len(codes), bool)
    once[first] = True
    keep &= once
    return rows[keep], words.filter(pa.array(keep)), weights[keep]


def _keyword_value() -> list[Any]:
    """A new entry of the keyword table: articles, summed weight, Counter(month → articles)."""
    return [0, 0.0, Counter()]


def _name_value() -> list[int]:
    """A new entry of the names table: articles, occurrences."""
    return [0, 0]


def _arrow(values: Any) -> pa.Array:
    """A pandas column (Arrow-backed or of Python lists) or pyarrow column as one pyarrow array."""
    import pyarrow as pa

    array = values if isinstance(values, (pa.Array, pa.ChunkedArray)) else pa.array(values, from_pandas=True)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _matches(chosen: pa.Array, batch: pa.RecordBatch) -> dict[str, tuple[Any, Any]]:
    """Per list column of the spill (``keywords``, ``words``), where ``batch``'s rows hold one of ``chosen``:
    the word's position in ``chosen`` and the row, as numpy arrays."""
    import pyarrow.compute as pc

    found_in = {}
    for column in ("keywords", "words"):
        lists = batch.column(column)
        flat = pc.list_flatten(lists)  # compared in its own type: a cast would copy every word
        index = pc.index_in(flat, value_set=chosen.cast(flat.type))
        found = index.is_valid()
        found_in[column] = (
            pc.filter(index, found).to_numpy(),
            pc.filter(pc.list_parent_indices(lists), found).to_numpy(),
        )
    return found_in


def _distinct(keys: Any) -> Any:
    """The distinct values of an integer numpy array, ascending: sorted, then the repeats dropped (numpy 2's
    hash-based ``np.unique`` took seconds per batch on the report's packed keys)."""
    import numpy as np

    keys = np.sort(keys)
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys


def _distinct_folded(tokens: pa.Array, traditional: list[bool]) -> pa.Array:
    """Each article's distinct tokens, those of traditional articles folded into simplified (as keywords are).

    Tokens are dictionary-encoded and made distinct per article as packed integer keys with numpy:
    pyarrow's hash aggregation took 70 MB more memory per batch."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from .. import convert

    rows = pc.list_parent_indices(tokens).to_numpy().astype(np.int64)
    encoded = pc.dictionary_encode(pc.list_flatten(tokens).cast(pa.large_string()))
    words = encoded.dictionary
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    trad = np.asarray(traditional, dtype=bool)
    if trad.any() and len(codes):
        # Folded forms follow the words, as codes len(words) + i.
        words = pa.concat_arrays([words, pa.array(convert(words.to_pylist(), to="simplified"), pa.large_string())])
        codes = codes + trad[rows] * len(encoded.dictionary)
    keys = _distinct(rows << 32 | codes)
    counts = np.bincount(keys >> 32, minlength=len(tokens))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return pa.LargeListArray.from_arrays(pa.array(offsets), words.take(pa.array(keys & 0xFFFFFFFF)))


def _months(published: pd.Series) -> list[str | None]:
    """Each date's month as ``"2022-06"``; None without a date."""
    from .tables import periods

    return [m if isinstance(m, str) else None for m in periods(published, "month").tolist()]


def _missing(value: Any) -> bool:
    """None, pandas' NA or a float NaN."""
    import pandas as pd

    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _script_class(script: Any) -> str:
    return script if script in ("simplified", "traditional") else "other"


#: Rows of the spill read back at a time (row groups are larger: :mod:`zhtext._parquet`): each row holds an article's
#: distinct words, and counting a batch makes several arrays of them (flattened words, masks, groups).
#: On 20,000 files the report's peak was 697 MB reading 16,384 rows at a time, 482 MB at 2,048, 439 MB at 512;
#: with 256 (then one batch of analyze_to, now two) the whole run's peak went from 416 to 396 MB.
SPILL_BATCH = 256


class _Spill:
    """Each article's group, month, date, headline, keywords and distinct words, in a temporary Parquet
    file (written in row groups of a bounded size, whose metadata grows slowly): read back to count
    the words the report shows exactly."""

    SCHEMA_FIELDS = ("group", "month", "published", "outlet", "title", "url", "keywords", "words")

    def __init__(self, folder: str | None) -> None:
        fd, self.path = tempfile.mkstemp(prefix=".zhtext-report-", suffix=".parquet", dir=folder)
        os.close(fd)
        self._writer = RowGroupWriter(self.path)

    @property
    def rows(self) -> int:
        return self._writer.rows

    def write(self, table: pa.Table) -> None:
        self._writer.write(table)

    def batches(self, columns: list[str]) -> Iterable[pa.RecordBatch]:
        import pyarrow.parquet as pq

        self._writer.close()
        if not self.rows:
            return
        file = pq.ParquetFile(self.path)
        for group in range(file.num_row_groups):
            # A reader per row group: one reader over the whole file kept memory for every row group it
            # had read of the list columns (pyarrow 26: 117 MB more at the end of 200,000 rows), one per
            # row group keeps none.
            for batch in file.iter_batches(SPILL_BATCH, row_groups=[group], columns=columns, use_threads=False):
                yield batch
                del batch
                release_unused()  # the arrays and frames of the batches the caller is done with

    def take(self, rows: Any, columns: list[str]) -> pa.Table:
        """``columns`` of the rows at the positions ``rows`` (numpy integers), in that order: only the row
        groups holding them are read, one at a time."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._writer.close()
        file = pq.ParquetFile(self.path)
        wanted = np.unique(rows)
        parts, start = [], 0
        for group in range(file.num_row_groups):
            end = start + file.metadata.row_group(group).num_rows
            local = wanted[(wanted >= start) & (wanted < end)] - start
            if len(local):
                parts.append(file.read_row_group(group, columns=columns, use_threads=False).take(pa.array(local)))
            start = end
        if not parts:
            return file.schema_arrow.empty_table().select(columns)
        # The rows were taken in ascending order: put them back in the order asked for.
        return pa.concat_tables(parts).take(pa.array(np.searchsorted(wanted, rows)))

    def close(self) -> None:
        self._writer.close()
        if os.path.exists(self.path):
            os.unlink(self.path)


class _MemorySpill:
    """:class:`_Spill`'s rows kept as the Arrow tables written, for a frame already in memory, instead of
    a file written and read back: the frame is in memory anyway. The words column refers to the analysis
    pass's column when every row of a batch succeeded (else it is a filtered copy); the other columns are
    new arrays, held until the report is made."""

    def __init__(self) -> None:
        self._tables: list[pa.Table] = []
        self.rows = 0

    def write(self, table: pa.Table) -> None:
        self._tables.append(table)
        self.rows += table.num_rows

    def batches(self, columns: list[str]) -> Iterable[pa.RecordBatch]:
        for table in self._tables:
            yield from table.select(columns).to_batches()

    def take(self, rows: Any, columns: list[str]) -> pa.Table:
        """``columns`` of the rows at the positions ``rows`` (numpy integers), in that order."""
        import pyarrow as pa

        return pa.concat_tables(t.select(columns) for t in self._tables).take(pa.array(rows))

    def close(self) -> None:
        self._tables = []


class Exact:
    """Exact counts of some words in the spill: per word and cell (a group and a month, None when undated),
    the articles having it among their keywords (``keyword_of``) and among their words (``mentioned``);
    example headlines.

    The counts are two numpy matrices, a row per word and a column per cell: a word found in every
    outlet and month of an archive costs 4 bytes a cell, where a dict of ``(group, month)`` tuples cost
    about 100 and made the report's peak grow with the archive (words × groups × months in all).
    Words and cells are added by their indices (``words`` order, :meth:`cell_indices`).

    >>> exact = Exact(["王毅"], [("新华社", "2022-06")])
    >>> exact.add("mentioned", [0, 0, 0], exact.cell_indices(["新华社"] * 3, ["2022-06"] * 3))
    >>> exact.total(exact.mentioned, "王毅", {"新华社"}), exact.total(exact.mentioned, "中亚")
    (3, 0)
    """

    def __init__(self, words: Iterable[str] = (), cells: Iterable[tuple[Any, Any]] = ()) -> None:
        import numpy as np

        self.words = {w: i for i, w in enumerate(words)}
        self.cells: dict[tuple[Any, Any], int] = {}
        for cell in cells:
            self.cells.setdefault(cell, len(self.cells))
        self.keyword_of = np.zeros((len(self.words), len(self.cells)), np.int32)
        self.mentioned = np.zeros_like(self.keyword_of)
        # The example headlines of every word that has some: one frame sorted by word, and each word's slice.
        self._headlines: pd.DataFrame | None = None
        self._slices: dict[str, tuple[int, int]] = {}
        self._masks: dict[tuple[Any, Any], Any] = {}

    def cell_indices(self, groups: Iterable[Any], months: Iterable[Any]) -> Any:
        """The column of each (group, month) pair, as a numpy array; a cell the state did not announce
        widens both matrices."""
        import numpy as np

        pairs = zip(groups, months, strict=True)
        columns = np.fromiter((self.cells.setdefault(cell, len(self.cells)) for cell in pairs), np.int64)
        if len(self.cells) > self.keyword_of.shape[1]:
            extra = ((0, 0), (0, len(self.cells) - self.keyword_of.shape[1]))
            self.keyword_of, self.mentioned = np.pad(self.keyword_of, extra), np.pad(self.mentioned, extra)
            self._masks.clear()
        return columns

    def add(self, table: Literal["keyword_of", "mentioned"], words: Any, cells: Any) -> None:
        """Add an article to the matrix named ``table`` at each (word index, cell index) pair."""
        import numpy as np

        counts = getattr(self, table)
        # Each (word, cell) once with its count, then one fancy add: np.add.at took most of the report's
        # exact count (a third of a second per 20,000 articles).
        flat, times = np.unique(
            np.asarray(words, np.int64) * counts.shape[1] + np.asarray(cells, np.int64), return_counts=True
        )
        width = counts.shape[1]
        # Indexed by (row, column), never through a reshaped view, which would be a copy were the matrix not
        # contiguous; the pairs are distinct, so one fancy add counts each.
        counts[flat // width, flat % width] += times.astype(counts.dtype)

    def total(self, counts: Any, word: str, groups: Any = None, months: Any = None) -> int:
        """The count of ``word`` in ``counts`` summed over ``groups`` and ``months`` (None: all)."""
        row = self.words.get(word)
        if row is None:
            return 0
        key = (None if groups is None else frozenset(groups), None if months is None else frozenset(months))
        mask = self._masks.get(key)
        if mask is None:
            import numpy as np

            mask = self._masks[key] = np.array(
                [(groups is None or g in groups) and (months is None or m in months) for g, m in self.cells], bool
            )
        return int(counts[row, : len(mask)][mask].sum())

    def set_examples(self, headlines: pd.DataFrame, words: list[str]) -> None:
        """The example headlines: ``headlines`` sorted by word, ``words`` the word of each of its rows."""
        self._headlines, self._slices = headlines, {}
        starts = [i for i in range(len(words)) if i == 0 or words[i] != words[i - 1]]
        for start, end in zip(starts, [*starts[1:], len(words)], strict=True):
            self._slices[words[start]] = (start, end)

    def examples(self, word: str) -> pd.DataFrame | None:
        """The example headlines of ``word`` (``published``, ``outlet``, ``title``, ``url``, newest first),
        or None when it has none (or none were picked)."""
        span = self._slices.get(word)
        if span is None or self._headlines is None:
            return None
        return self._headlines.iloc[span[0] : span[1]].reset_index(drop=True)


class _Newest:
    """The positions of the ``per_word`` newest rows of each word, among (word, date, position) triples fed
    batch by batch: newest first, undated last, ties in the order of the positions. Integer arrays of at
    most words × ``per_word`` entries plus a batch's.

    >>> import numpy as np
    >>> newest = _Newest(2)
    >>> day = np.datetime64("2022-06-01", "ns")
    >>> newest.add(np.array([0, 0, 0, 1]), np.array([day, day + 1, "NaT", day], "datetime64[ns]"), np.arange(4))
    >>> newest.add(np.array([0]), np.array([day + 1], "datetime64[ns]"), np.array([4]))
    >>> newest.word.tolist(), newest.row.tolist()
    ([0, 0, 1], [1, 4, 3])
    """

    def __init__(self, per_word: int) -> None:
        import numpy as np

        self.per_word = per_word
        self.word = np.zeros(0, np.int64)
        self.row = np.zeros(0, np.int64)
        self._age = np.zeros(0, np.int64)  # minus the date in ns: sorted ascending, newest first; undated: the largest

    def add(self, words: Any, dates: Any, rows: Any) -> None:
        """Add rows: each one's word index, date (numpy ``datetime64[ns]``, NaT when undated) and position."""
        import numpy as np

        dates = np.asarray(dates, "datetime64[ns]")
        age = np.where(np.isnat(dates), np.iinfo(np.int64).max, -dates.view(np.int64))
        word = np.concatenate([self.word, np.asarray(words, np.int64)])
        age = np.concatenate([self._age, age])
        row = np.concatenate([self.row, np.asarray(rows, np.int64)])
        order = np.lexsort((row, age, word))
        word, age, row = word[order], age[order], row[order]
        first = np.flatnonzero(np.concatenate([[True], word[1:] != word[:-1]])) if len(word) else word
        rank = np.arange(len(word)) - np.repeat(first, np.diff(np.append(first, len(word))))
        keep = rank < self.per_word
        self.word, self._age, self.row = word[keep], age[keep], row[keep]


class ReportState:
    """The report's aggregates, fed batch by batch (:meth:`add`), of a size bounded whatever the archive's.

    ``group`` is the column the keyword tables are kept per (the outlet, or any other column
    :func:`~zhtext.top_terms` is asked to group by; None: one group). ``duplicates``: whether
    near-duplicate groups (the ``duplicate_group`` column) are counted (the report says "not
    computed" otherwise). ``spill_dir``: where the temporary file of
    words goes (default: the system's temporary folder). Use it as a context manager, or call
    :meth:`close`, to remove that file. ``in_memory``: keep the words as the Arrow tables added instead
    (for batches whose ``words`` are already in memory, as :meth:`of_frame`'s from the analysis pass).

    >>> import zhtext as zt
    >>> from zhtext.report.state import ReportState
    >>> with ReportState.of_frame(zt.analysis.analyze([zt.sample_article_path()], top_k=3)) as state:
    ...     state.top_terms(None, top_k=2)[["word", "keyword_of", "articles"]]
      word  keyword_of  articles
    0   中亚           1         1
    1   王毅           1         1
    """

    def __init__(
        self,
        group: str | None = "outlet",
        *,
        spill_dir: str | None = None,
        duplicates: bool = True,
        in_memory: bool = False,
    ) -> None:
        self.group = group
        self.rows = 0
        self.failures = 0
        self.failed: list[tuple[str, str]] = []
        self.scripts: Counter[tuple[Any, str]] = Counter()
        self.group_articles: Counter[Any] = Counter()
        self.months: Counter[tuple[str, Any]] = Counter()
        self.first: Any = None
        self.last: Any = None
        # group → word → [articles with it among their keywords, summed weight, Counter(month → articles)]
        self.keywords = Tally(KEYWORDS_PER_GROUP)
        self.keywords_per_article = 0
        # kind → name → [articles, occurrences]
        self.names = Tally(NAMES_PER_KIND)
        self.speakers = Speakers()
        self.reporters = Reporters()
        self.quotes = 0
        self.quote_sample: list[dict[str, Any]] = []
        self._random = random.Random(0)
        # Algorithm L's state (:meth:`_draw_next_quote`): the number of the next quotation kept, and the weight.
        self._next_quote, self._quote_weight = 0, 1.0
        # near-duplicate group → [articles, first title, outlets]; None when not computed
        self.duplicates: dict[Any, list[Any]] | None = {} if duplicates else None
        self._spill: _Spill | _MemorySpill = _MemorySpill() if in_memory else _Spill(spill_dir)

    def __enter__(self) -> ReportState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the temporary file of words."""
        self._spill.close()

    @property
    def columns_read(self) -> list[str]:
        """The columns :meth:`add` reads: :data:`COLUMNS_READ` and the group's."""
        return list(dict.fromkeys([*COLUMNS_READ, *([self.group] if self.group is not None else [])]))

    @property
    def short(self) -> dict[str, dict[Any, int]]:
        """Per bounded table and partition, the largest count dropped (see :class:`Tally`); empty when nothing was."""
        tables = {
            "keywords": self.keywords.short,
            "names": self.names.short,
            "speakers": self.speakers.tally.short,
            "reporters": self.reporters.tally.short,
        }
        return {name: dict(short) for name, short in tables.items() if short}

    @classmethod
    def of_frame(
        cls,
        df: pd.DataFrame,
        *,
        group: str | None = "outlet",
        tokenizer: Tokenizer | None = None,
        threads: int | None = None,
        names: bool = False,
        annotate: bool = True,
        mentions: Any = None,
        quotes: Any = None,
        words: Any = None,
    ) -> ReportState:
        """The state of a frame of articles, fed in slices of :data:`FRAME_BATCH` rows.

        With ``annotate``, a frame without ``tokens``/``keywords`` gets them first
        (:func:`zhtext.analysis.annotate`); without, only what the frame has is counted. With ``names``
        the mentions and quotes of the texts are tallied too: ``mentions`` and ``quotes``, the frame's
        Arrow columns of them row for row when given, else found with ``tokenizer``. ``words``: the
        frame's distinct words per article (:meth:`add`), row for row, when the pass gave them."""
        from .. import analysis

        if annotate and ("tokens" not in df.columns or "keywords" not in df.columns):
            df = df.copy()
            tokenizer = analysis.annotate(df, threads=threads)
        if group is not None and group not in df.columns:
            raise KeyError(f"by={group!r}: the DataFrame has no such column")
        # The pass's words are in memory with the frame: the state refers to them instead of spilling them.
        state = cls(group, in_memory=words is not None)
        try:
            for start in range(0, max(len(df), 1), FRAME_BATCH):
                part = df.iloc[start : start + FRAME_BATCH]
                found: tuple[Any, Any] = (None, None)
                if names and mentions is not None and quotes is not None:
                    found = (mentions.slice(start, FRAME_BATCH), quotes.slice(start, FRAME_BATCH))
                elif names and "text" in part.columns:
                    ok = part["text"].where(part["error"].isna()) if "error" in part.columns else part["text"]
                    found = analysis.names_of(ok, tokenizer=tokenizer, threads=threads)
                distinct = words.slice(start, FRAME_BATCH) if words is not None else None
                state.add(part, mentions=found[0], quotes=found[1], words=distinct)
        except BaseException:
            state.close()
            raise
        return state

    def add(self, batch: pd.DataFrame, *, mentions: Any = None, quotes: Any = None, words: Any = None) -> None:
        """Count a batch of analysed articles (columns of :func:`zhtext.read_articles` plus ``tokens`` and
        ``keywords``); ``mentions`` and ``quotes``: the batch's Arrow columns of
        ``Tokenizer.mentions_many``/``quotes_many(output="arrow")``, row for row, or None; ``words``:
        each article's distinct words in simplified characters, row for row (the ``words`` column of
        :func:`zhtext.analysis.annotate_batch`), or None to take them from ``tokens``."""
        import numpy as np
        import pyarrow as pa

        self.rows += len(batch)
        error = batch["error"] if "error" in batch.columns else None
        ok_mask = error.isna().to_numpy() if error is not None else [True] * len(batch)
        if error is not None:
            failed = batch[~error.isna()]
            self.failures += len(failed)
            room = FAILED_KEPT - len(self.failed)
            if room > 0:
                paths = failed["path"].tolist() if "path" in failed.columns else [""] * len(failed)
                self.failed += list(zip(map(str, paths), map(str, failed["error"].tolist()), strict=True))[:room]
        ok = batch[ok_mask]
        if mentions is not None:
            self._add_mentions(_arrow(mentions).filter(pa.array(ok_mask)))
        if quotes is not None:
            self._add_quotes(_arrow(quotes).filter(pa.array(ok_mask)), ok)
        if ok.empty:
            return
        n = len(ok)
        groups = ok[self.group].tolist() if self.group is not None else [None] * n
        outlets = ok["outlet"].tolist() if "outlet" in ok.columns else [None] * n
        scripts = ok["script"].tolist() if "script" in ok.columns else [None] * n
        published = ok["published"] if "published" in ok.columns else None
        months = _months(published) if published is not None else [None] * n
        if published is not None and published.notna().any():
            lo, hi = published.min(), published.max()
            self.first = lo if self.first is None or lo < self.first else self.first
            self.last = hi if self.last is None or hi > self.last else self.last
        for g, o, s, m in zip(groups, outlets, scripts, months, strict=True):
            self.group_articles[g] += 1
            self.scripts[(o, _script_class(s))] += 1
            if m is not None:
                self.months[(m, g)] += 1
        if "byline" in ok.columns:
            # Arrow-backed: through Arrow, as pandas makes each struct a Python dict one element at a time (0.4 s
            # per 20,000 rows). A user's object column may hold what Arrow cannot type; Reporters skips non-dicts.
            import pandas as pd

            bylines = ok["byline"]
            arrow_backed = isinstance(bylines.dtype, pd.ArrowDtype)
            self.reporters.add(outlets, _arrow(bylines).to_pylist() if arrow_backed else bylines.tolist())
        if self.duplicates is not None and "duplicate_group" in ok.columns:
            titles = ok["title"].tolist() if "title" in ok.columns else [""] * n
            for dup, title, outlet in zip(ok["duplicate_group"].tolist(), titles, outlets, strict=True):
                if _missing(dup):
                    continue
                value = self.duplicates.setdefault(dup, [0, title, set()])
                value[0] += 1
                if isinstance(outlet, str):
                    value[2].add(outlet)
        if "keywords" not in ok.columns or (words is None and "tokens" not in ok.columns):
            return
        kw_rows, kw_words, kw_weights = _content_keywords(_arrow(ok["keywords"]))
        per_article = np.bincount(kw_rows, minlength=n)
        self.keywords_per_article = max(self.keywords_per_article, int(per_article.max()))
        self._add_keywords(groups, months, kw_rows, kw_words, kw_weights)
        traditional = [s == "traditional" for s in scripts]
        if words is not None:
            words = _arrow(words)
            if not np.all(ok_mask):
                words = words.filter(pa.array(ok_mask))
        else:
            words = _distinct_folded(_arrow(ok["tokens"]), traditional)
        column = lambda name: ok[name].tolist() if name in ok.columns else [None] * n  # noqa: E731
        self._spill.write(
            pa.table(
                {
                    "group": pa.array([None if g is None else str(g) for g in groups], pa.string()),
                    "month": pa.array(months, pa.string()),
                    "published": pa.array(
                        published if published is not None else [None] * n, pa.timestamp("ns", "UTC")
                    ),
                    "outlet": pa.array(outlets, pa.string()),
                    "title": pa.array(column("title"), pa.string()),
                    "url": pa.array(column("url"), pa.string()),
                    "keywords": pa.ListArray.from_arrays(
                        pa.array(np.concatenate([[0], np.cumsum(per_article)]), pa.int32()), kw_words
                    ),
                    "words": words,
                }
            )
        )

    def _add_keywords(self, groups: list[Any], months: list[Any], rows: Any, words: pa.Array, weights: Any) -> None:
        """Tally each (group, word): articles, summed weight (added in the articles' order, as one at a time
        would), articles per month; entries made in the order of first appearance (ties in
        :meth:`Tally.prune` keep it)."""
        import numpy as np
        import pandas as pd
        import pyarrow.compute as pc

        if not len(rows):
            self.keywords.prune()
            return
        group_codes: dict[Any, int] = {}
        month_codes: dict[Any, int] = {}
        g = np.array([group_codes.setdefault(x, len(group_codes)) for x in groups], np.int64)[rows]
        m = np.array([month_codes.setdefault(x, len(month_codes)) for x in months], np.int64)[rows]
        encoded = pc.dictionary_encode(words)
        vocabulary = encoded.dictionary.to_pylist()
        w = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        pair, uniques = pd.factorize(g * len(vocabulary) + w)
        group_list, month_list = list(group_codes), list(month_codes)
        entries = [
            self.keywords.entry(group_list[key // len(vocabulary)], vocabulary[key % len(vocabulary)], _keyword_value)
            for key in uniques.tolist()
        ]
        articles = np.bincount(pair, minlength=len(entries))
        summed = np.array([e[1] for e in entries], np.float64)
        np.add.at(summed, pair, weights)
        for entry, k, total in zip(entries, articles.tolist(), summed.tolist(), strict=True):
            entry[0] += k
            entry[1] = total
        cells, per_cell = np.unique(pair * len(month_list) + m, return_counts=True)
        for cell, k in zip(cells.tolist(), per_cell.tolist(), strict=True):
            entries[cell // len(month_list)][2][month_list[cell % len(month_list)]] += k
        self.keywords.prune()

    def _add_mentions(self, mentions: pa.Array) -> None:
        """Tally each (kind, name): articles naming it, occurrences; entries made in the order of first appearance."""
        import numpy as np
        import pandas as pd
        import pyarrow.compute as pc

        parents = pc.list_parent_indices(mentions).to_numpy().astype(np.int64)
        flat = pc.list_flatten(mentions)
        texts, kinds = (pc.dictionary_encode(flat.field(f)) for f in ("text", "kind"))
        text_list, kind_list = texts.dictionary.to_pylist(), kinds.dictionary.to_pylist()
        t, k = (a.indices.to_numpy(zero_copy_only=False).astype(np.int64) for a in (texts, kinds))
        pair, uniques = pd.factorize(k * len(text_list) + t)
        occurrences = np.bincount(pair, minlength=len(uniques))
        articles = np.bincount(_distinct(parents * len(uniques) + pair) % max(len(uniques), 1), minlength=len(uniques))
        for key, n_articles, n in zip(uniques.tolist(), articles.tolist(), occurrences.tolist(), strict=True):
            value = self.names.entry(kind_list[key // len(text_list)], text_list[key % len(text_list)], _name_value)
            value[0] += n_articles
            value[1] += n
        self.names.prune()

    def _add_quotes(self, quotes: pa.Array, ok: pd.DataFrame) -> None:
        import numpy as np
        import pyarrow.compute as pc

        parents = pc.list_parent_indices(quotes).to_numpy()
        flat = pc.list_flatten(quotes)
        speakers, said, direct = (flat.field(f) for f in ("speaker", "quote", "direct"))
        outlets = ok["outlet"].to_numpy(dtype=object) if "outlet" in ok.columns else np.full(len(ok), None, object)
        self.speakers.add(speakers, said, direct, parents, outlets[parents])
        # Algorithm L (Li, 1994): every quotation seen so far is in the sample with the same chance, and
        # once the sample is full the random draws are per quotation kept (the gap to the next one), not
        # per quotation seen (Algorithm R's loop over every quotation). The slots are drawn first; the
        # articles' columns are read for the quotations kept only.
        kept: list[tuple[int, int]] = []
        before, sampled = self.quotes, len(self.quote_sample)
        self.quotes += len(speakers)
        for i in range(min(QUOTE_SAMPLE - sampled, len(speakers))):
            kept.append((i, sampled + i))
            if sampled + i + 1 == QUOTE_SAMPLE:
                self._draw_next_quote(before + i + 1)
        while sampled + len(kept) >= QUOTE_SAMPLE and self._next_quote <= self.quotes:
            kept.append((self._next_quote - before - 1, self._random.randrange(QUOTE_SAMPLE)))
            self._draw_next_quote(self._next_quote)
        if not kept:
            return
        chosen = np.array([i for i, _ in kept], np.int64)
        rows = parents[chosen]
        meta = {c: ok[c].iloc[rows].tolist() for c in ("url", "published") if c in ok.columns}
        columns = {"speaker": speakers, "quote": said, "direct": direct}
        said_kept = {c: v.take(chosen).to_pylist() for c, v in columns.items()}
        for k, (_, slot) in enumerate(kept):
            item = {"outlet": outlets[rows[k]], **{c: v[k] for c, v in meta.items()}}
            item.update({c: v[k] for c, v in said_kept.items()})
            if slot == len(self.quote_sample):
                self.quote_sample.append(item)
            else:
                self.quote_sample[slot] = item

    def _draw_next_quote(self, seen: int) -> None:
        """Algorithm L's step, ``seen`` quotations counted: the number of the next quotation to replace one of
        the full sample (``_next_quote``, from 1), drawn from the shrinking weight ``_quote_weight``."""
        import math

        draw = lambda: 1.0 - self._random.random()  # noqa: E731  (in (0, 1]: its logarithm is finite)
        self._quote_weight *= math.exp(math.log(draw()) / QUOTE_SAMPLE)
        gap = math.floor(math.log(draw()) / math.log1p(-self._quote_weight)) if self._quote_weight < 1 else 0
        self._next_quote = seen + gap + 1

    # ---- the tables -------------------------------------------------------------------------------

    def _keyword_totals(self, groups: Any = None, months: Any = None) -> Counter[str]:
        """Per word, its keyword count summed over ``groups`` and ``months`` (None: all), in the bounded table."""
        totals: Counter[str] = Counter()
        for g, table in self.keywords.parts.items():
            if groups is not None and g not in groups:
                continue
            for word, (n, _, per_month) in table.items():
                c = n if months is None else sum(per_month.get(m, 0) for m in months)
                if c:
                    totals[word] += c
        return totals

    def _weights(self, groups: Any = None) -> Counter[str]:
        weights: Counter[str] = Counter()
        for g, table in self.keywords.parts.items():
            if groups is None or g in groups:
                for word, value in table.items():
                    weights[word] += value[1]
        return weights

    def candidates(self, top_k: int, groups: Any = None, months: Any = None) -> list[str]:
        """The ``CANDIDATE_FACTOR × top_k`` words most often keywords (of ``groups``, ``months``) in the table."""
        totals = self._keyword_totals(groups, months)
        weights = self._weights(groups)
        ranked = sorted(totals, key=lambda w: (-totals[w], -weights[w], w))
        return ranked[: CANDIDATE_FACTOR * top_k]

    def exact(self, words: Iterable[str], *, examples: bool = False) -> Exact:
        """Count ``words`` exactly in the spill (and pick their example headlines, newest first).

        The spill is read :data:`SPILL_BATCH` rows at a time, only the columns counted: each batch's
        matches become integer arrays (word, cell, position) added to the matrices, and the
        :data:`EXAMPLES` newest positions per word are kept across batches (:class:`_Newest`); their
        headlines are read at the end, row group by row group. Memory holds three batches (two matched
        ahead) and words × (cells + examples), whatever the archive's size."""
        import pyarrow as pa

        chosen = pa.array(sorted(set(words)), pa.string())
        # The cells counted: every group and month the state saw (undated articles: month None).
        cells = [(self._group_key(g), m) for m, g in self.months] + [
            (self._group_key(g), None) for g in self.group_articles
        ]
        exact = Exact(chosen.to_pylist(), cells)
        if not len(chosen):
            return exact
        newest = _Newest(EXAMPLES) if examples else None
        position = 0
        columns = ["group", "month", "keywords", "words", *(["published"] if examples else [])]
        # The matching runs in Arrow without the GIL, on two threads (two batches ahead) while this one counts.
        for batch, matches in ahead(partial(_matches, chosen), self._spill.batches(columns), threads=2):
            cell = exact.cell_indices(batch.column("group").to_pylist(), batch.column("month").to_pylist())
            for column, (word, rows) in matches.items():
                exact.add("keyword_of" if column == "keywords" else "mentioned", word, cell[rows])
                if newest is not None and column == "keywords":
                    dates = batch.column("published").to_numpy(zero_copy_only=False)
                    newest.add(word, dates[rows], position + rows)
            position += batch.num_rows
        if newest is not None and len(newest.row):
            headlines = self._spill.take(newest.row, ["published", "outlet", "title", "url"]).to_pandas()
            exact.set_examples(headlines, chosen.take(pa.array(newest.word)).to_pylist())
        return exact

    def _group_key(self, value: Any) -> Any:
        """Groups are written to the spill as strings."""
        return None if value is None else str(value)

    def top_terms(self, by: str | None = "outlet", *, top_k: int = 10, exact: Exact | None = None) -> pd.DataFrame:
        """The words that are keywords of the most articles, overall (``by=None``), per group (``by`` = the
        state's group) or per ``"month"``/``"quarter"``/``"year"``: see :func:`zhtext.top_terms`."""
        import pandas as pd

        from .tables import _FREQ

        if by is None:
            keys: list[Any] = [None]
        elif by == self.group:
            keys = sorted(self.group_articles, key=str)
        elif by in _FREQ:
            keys = sorted({_period(m, by) for m, _ in self.months})
        else:
            raise KeyError(f"by={by!r}: this state counts keywords per {self.group!r} and per period")
        selections = [self._selection(by, key) for key in keys]
        if exact is None:
            words = [w for groups, months in selections for w in self.candidates(top_k, groups, months)]
            exact = self.exact(words)
        rows = []
        for key, (groups, months) in zip(keys, selections, strict=True):
            size = self._size(groups, months)
            weights = self._weights(groups)
            candidates = self.candidates(top_k, groups, months)
            sg = None if groups is None else {self._group_key(g) for g in groups}
            counted = {w: exact.total(exact.keyword_of, w, sg, months) for w in candidates}
            ranked = sorted((w for w in candidates if counted[w]), key=lambda w: (-counted[w], -weights[w], w))
            for word in ranked[:top_k]:
                mentioning = exact.total(exact.mentioned, word, sg, months)
                rows.append((key, word, counted[word], mentioning, size, mentioning / size if size else 0.0))
        columns = ["_group", "word", "keyword_of", "articles", "group_articles", "share"]
        table = pd.DataFrame(rows, columns=columns)
        return table.drop(columns="_group") if by is None else table.rename(columns={"_group": by})

    def _selection(self, by: str | None, key: Any) -> tuple[Any, Any]:
        """The (groups, months) a key of ``by`` stands for (None: all)."""
        if by is None:
            return None, None
        if by == self.group:
            return {key}, None
        return None, {m for m, _ in self.months if _period(m, by) == key}

    def _size(self, groups: Any, months: Any) -> int:
        if months is None:
            return sum(n for g, n in self.group_articles.items() if groups is None or g in groups)
        return sum(n for (m, g), n in self.months.items() if m in months and (groups is None or g in groups))

    def calendar(self, by: str = "month", group: Any = None) -> list[str]:
        """Every period from the first dated article (of ``group``) to the last, empty ones included."""
        import pandas as pd

        from .tables import _FREQ

        months = sorted(m for (m, g), n in self.months.items() if n and (group is None or g == group))
        if not months:
            return []
        freq = _FREQ[by]
        first, last = pd.Period(months[0], "M").asfreq(freq), pd.Period(months[-1], "M").asfreq(freq)
        return [str(p) for p in pd.period_range(first, last, freq=freq)]

    def per_period(self, by: str = "month") -> pd.DataFrame:
        """Articles per period and group on a continuous calendar: ``period``, the group (unless the state
        has one group), ``articles``."""
        import pandas as pd

        counts: Counter[tuple[str, Any]] = Counter()
        for (m, g), n in self.months.items():
            counts[(_period(m, by), g)] += n
        if self.group is None:
            rows = [(p, counts.get((p, None), 0)) for p in self.calendar(by)]
            return pd.DataFrame(rows, columns=["period", "articles"])
        groups = sorted({g for _, g in self.months if g is not None}, key=str)
        rows = [(p, g, counts.get((p, g), 0)) for p in self.calendar(by) for g in groups]
        return pd.DataFrame(rows, columns=["period", self.group, "articles"])

    def keyword_trends(
        self,
        by: str = "month",
        outlet: Any = None,
        *,
        words: Iterable[str] | None = None,
        top_k: int = 5,
        exact: Exact | None = None,
    ) -> pd.DataFrame:
        """How many articles mention each word, period by period: see :func:`zhtext.keyword_trends`."""
        import pandas as pd

        groups = None if outlet is None else {outlet}
        sg = None if outlet is None else {self._group_key(outlet)}
        if words is None:
            chosen = self.top_terms(None if outlet is None else self.group, top_k=top_k)
            if outlet is not None:
                chosen = chosen[chosen[self.group] == outlet]
            words = chosen["word"].tolist()
        words = list(words)
        exact = exact or self.exact(words)
        per_period: dict[str, set[str]] = {}
        for m, _ in self.months:
            per_period.setdefault(_period(m, by), set()).add(m)
        rows = []
        for period in self.calendar(by, outlet):
            months = per_period.get(period, set())
            size = self._size(groups, months)
            for word in words:
                n = exact.total(exact.mentioned, word, sg, months) if months else 0
                rows.append((period, word, n, size, n / size if size else 0.0))
        return pd.DataFrame(rows, columns=["period", "word", "articles", "period_articles", "share"])

    def last_period(self, min_share: float = 0.2) -> tuple[str, str] | None:
        """The trailing run of whole months holding at least ``min_share`` of the dated articles."""
        cal = self.calendar("month")
        if len(cal) < 2:
            return None
        counts: Counter[str] = Counter()
        for (m, _), n in self.months.items():
            counts[m] += n
        needed = max(1, int(min_share * sum(counts.values()) + 0.999))
        total = 0
        for start in range(len(cal) - 1, 0, -1):
            total += counts.get(cal[start], 0)
            if total >= needed:
                return cal[start], cal[-1]
        return None

    def rising_candidates(self) -> list[str]:
        """The :data:`RISING_CANDIDATES` words most often keywords in the last period (:meth:`last_period`)."""
        span = self.last_period()
        if span is None:
            return []
        totals = self._keyword_totals(None, {m for m, _ in self.months if m >= span[0]})
        return sorted(totals, key=lambda w: (-totals[w], w))[:RISING_CANDIDATES]

    def rising_terms(self, *, top_k: int = 10, min_articles: int = 3, exact: Exact | None = None) -> pd.DataFrame:
        """Words mentioned by a larger share of the last period's articles: see :func:`zhtext.report.rising_terms`."""
        import pandas as pd

        columns = ["word", "last_articles", "last_share", "earlier_articles", "earlier_share", "ratio"]
        span = self.last_period()
        if span is None:
            return pd.DataFrame([], columns=columns)
        months = {m for m, _ in self.months}
        last = {m for m in months if m >= span[0]}
        earlier = months - last
        n_last, n_earlier = self._size(None, last), self._size(None, earlier)
        candidates = self.rising_candidates()
        exact = exact or self.exact(candidates)
        needed = min(min_articles, 2) if n_last < 20 else min_articles
        rows = []
        for word in candidates:
            a = exact.total(exact.mentioned, word, None, last)
            if a < needed:
                continue
            b = exact.total(exact.mentioned, word, None, earlier)
            ratio = ((a + 1) / (n_last + 1)) / ((b + 1) / (n_earlier + 1))
            if ratio > 1:
                rows.append((word, a, a / n_last, b, b / n_earlier if n_earlier else 0.0, ratio))
        table = pd.DataFrame(rows, columns=columns).sort_values(["ratio", "word"], ascending=[False, True])
        table = table.head(top_k).reset_index(drop=True)
        table.attrs.update(
            last=span,
            last_articles=n_last,
            earlier=(min(earlier), str(pd.Period(span[0], "M") - 1)) if earlier else None,
            earlier_articles=n_earlier,
        )
        return table

    def outlets(self) -> pd.DataFrame:
        """Articles per outlet and script: ``outlet``, ``articles``, ``simplified``, ``traditional``, ``other``."""
        import pandas as pd

        per: dict[Any, Counter[str]] = {}
        for (outlet, script), n in self.scripts.items():
            per.setdefault(outlet, Counter())[script] += n
        rows = [
            (o, sum(c.values()), c["simplified"], c["traditional"], c["other"])
            for o, c in sorted(per.items(), key=lambda kv: (-sum(kv[1].values()), str(kv[0])))
        ]
        return pd.DataFrame(rows, columns=["outlet", "articles", "simplified", "traditional", "other"])

    def mentions(self, top_k: int | None = None) -> pd.DataFrame:
        """``mention``, ``kind``, ``articles``, ``occurrences``: the ``top_k`` most named of each kind."""
        import pandas as pd

        rows = []
        for kind in sorted(self.names.parts):
            ranked = sorted(self.names.parts[kind].items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
            rows += [(name, kind, v[0], v[1]) for name, v in ranked[:top_k]]
        return pd.DataFrame(rows, columns=["mention", "kind", "articles", "occurrences"])

    def report(self, *, title: str | None = None, learned_words: Iterable[str] = (), dedup_removed: int = 0) -> Report:
        """The :class:`~zhtext.report.Report` of everything counted."""
        import pandas as pd

        from .builder import MONTHLY_TREND_LIMIT, TOP_KEYWORDS, TOP_NAMES, TOP_PER_OUTLET, TRENDS, Report

        months = len(self.calendar("month"))
        trend_period = "month" if months <= MONTHLY_TREND_LIMIT else "quarter"
        # One exact count of every word a table may show.
        words = set(self.candidates(TOP_KEYWORDS)) | set(self.rising_candidates())
        for g in self.group_articles:
            words |= set(self.candidates(TOP_PER_OUTLET, {g}))
        exact = self.exact(words, examples=True)
        top_keywords = self.top_terms(None, top_k=TOP_KEYWORDS, exact=exact)
        outlet_keywords = self.top_terms(self.group, top_k=TOP_PER_OUTLET, exact=exact)
        rising = self.rising_terms(exact=exact)
        shown = set(top_keywords["word"]) | set(outlet_keywords["word"]) | set(rising["word"])
        duplicates = None
        if self.duplicates is not None:
            groups = sorted((v for v in self.duplicates.values() if v[0] > 1), key=lambda v: -v[0])
            duplicates = [(int(size), str(t), ", ".join(sorted(o))) for size, t, o in groups]
        failed = pd.DataFrame(self.failed, columns=["path", "error"], dtype=object)
        return Report(
            articles=sum(self.group_articles.values()),
            outlets=self.outlets(),
            per_month=self.per_period("month"),
            top_keywords=top_keywords,
            outlet_keywords=outlet_keywords,
            trends=self.keyword_trends(trend_period, words=top_keywords["word"].head(TRENDS).tolist(), exact=exact),
            rising=rising,
            mentions=self.mentions(TOP_NAMES),
            speakers=self.speakers.table(),
            reporters=self.reporters.table(),
            bylined=pd.Series(dict(self.reporters.bylined), dtype=int),
            failed=failed,
            failures=self.failures,
            duplicates=duplicates,
            learned_words=list(learned_words),
            examples={w: e for w in sorted(shown) if (e := exact.examples(w)) is not None},
            first=self.first,
            last=self.last,
            keywords_per_article=self.keywords_per_article,
            dedup_removed=dedup_removed,
            title=title or "Archive report",
            trend_period=trend_period,
            quotes=self.quotes,
            rows=self.rows,
        )


def _period(month: str, by: str) -> str:
    """The period (``"2022-06"``, ``"2022Q2"``, ``"2022"``) of a month string."""
    if by == "month":
        return month
    if by == "year":
        return month[:4]
    return f"{month[:4]}Q{(int(month[5:7]) - 1) // 3 + 1}"
