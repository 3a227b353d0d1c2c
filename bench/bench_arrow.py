"""The Arrow data path against the ways it replaced, in one run.

usage: python bench/bench_arrow.py [--n 300] [--repeats 3] [--shared ../shared]

Builds a corpus of N archive files with ../shared/tools/make_bench_corpus.py, reads it with
``zt.read_articles`` (reporting the chunks per column) and times, interleaved round by round (medians):

- ``cut_many(output="arrow")`` (built in Rust, exported through the PyCapsule interface) against the
  former route, ``output="numpy"`` buffers wrapped with ``pa.LargeStringArray.from_buffers``, and against
  ``output="list"`` converted by ``pa.array``;
- the ``.zh`` accessor's ``tokenize``, ``tag`` and ``textrank`` (one batch call on the Arrow column) against
  what they did before: a Python loop of per-text calls whose results ``pa.array`` converts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd
import pyarrow as pa
import zhtext as zt
import zhtext.accessor
from _common import add_corpus_arguments, bench_corpus, interleaved_medians, print_table


def from_buffers(tok: zt.Tokenizer, texts: list[str]) -> object:
    data, word_offsets, text_offsets = tok.cut_many(texts, output="numpy")
    words = pa.LargeStringArray.from_buffers(len(word_offsets) - 1, pa.py_buffer(word_offsets), pa.py_buffer(data))
    return pa.LargeListArray.from_arrays(pa.array(text_offsets), words)


def per_row(series: pd.Series, call: object, type_: pa.DataType) -> pd.Series:
    rows = [call(t) for t in series.tolist()]  # type: ignore[operator]
    return pd.Series(pa.array(rows, type=type_), index=series.index, dtype=pd.ArrowDtype(type_))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_corpus_arguments(ap, 300)
    args = ap.parse_args()
    with bench_corpus(args.shared, args.n) as folder:
        seconds = interleaved_medians({"read_articles": lambda: zt.read_articles(folder)}, args.repeats)
        table = zt.read_articles(folder, output="arrow")
    print(
        f"read_articles: {table.num_rows} files, {table.column('text').num_chunks} chunk(s) per column, "
        f"{seconds['read_articles'] / table.num_rows * 1e6:.0f} µs per file"
    )
    texts = table.column("text").to_pylist()
    series = pd.Series(table.column("text").to_pandas(types_mapper=pd.ArrowDtype))
    mb = sum(len(t.encode()) for t in texts) / 1e6
    tok, ex = zt.Tokenizer(), zt.TfidfExtractor()

    cut = {
        "cut_many output=arrow": lambda: tok.cut_many(texts, output="arrow"),
        "cut_many numpy + from_buffers (before)": lambda: from_buffers(tok, texts),
        "cut_many list + pa.array": lambda: pa.array(tok.cut_many(texts)),
    }
    print_table("cut_many to Arrow", interleaved_medians(cut, args.repeats), mb, "cut_many output=arrow")

    tokens = pa.large_list(pa.struct([("word", pa.large_string()), ("start", pa.int64()), ("end", pa.int64())]))
    tags = pa.large_list(pa.struct([("word", pa.large_string()), ("flag", pa.string())]))
    accessor = {
        ".zh.tokenize": lambda: series.zh.tokenize(),
        "tokenize per row (before)": lambda: per_row(
            series, lambda t: [{"word": w, "start": s, "end": e} for w, s, e in tok.tokenize(t)], tokens
        ),
        ".zh.tag": lambda: series.zh.tag(),
        "tag per row (before)": lambda: per_row(
            series, lambda t: [{"word": w, "flag": f} for w, f in tok.tag(t)], tags
        ),
        ".zh.textrank": lambda: series.zh.textrank(),
        "textrank per row (before)": lambda: per_row(series, ex.textrank, pa.large_list(pa.large_string())),
    }
    timed = interleaved_medians(accessor, args.repeats)
    for name in ("tokenize", "tag", "textrank"):
        pair = {f".zh.{name}": timed[f".zh.{name}"], f"{name} per row (before)": timed[f"{name} per row (before)"]}
        print_table(f".zh.{name}", pair, mb, f".zh.{name}")


if __name__ == "__main__":
    main()
