"""The ``zhtext`` command line (also ``python -m zhtext``).

``zhtext analyze`` reads archive files (directories, globs, zip/tar archives;
the bundled sample article when none is given), cuts and tags each article with
keywords, prints a report and optionally writes one row per article::

    zhtext analyze
    zhtext analyze archive/ --out articles.parquet --top-k 10 --errors collect
    zhtext analyze archive/ --dedup --keep latest

``zhtext words`` prints the new words found in archive files (or, with ``--text``,
in plain text files, one document per line)::

    zhtext words archive/ --top 30
    zhtext words --text news.txt --min-count 3

``zhtext cut`` and ``zhtext keywords`` read text from files or standard input,
one document per line, like ``python -m jieba``::

    echo 我来到北京清华大学 | zhtext cut
    zhtext cut --mode search --no-hmm news.txt
    zhtext cut --pos news.txt
    zhtext keywords --top-k 5 --with-weight news.txt
    zhtext keywords --textrank news.txt

``zhtext convert`` converts files or standard input between scripts, as OpenCC::

    zhtext convert --to traditional news.txt
    cat news.txt | zhtext convert --to simplified -

``zhtext mentions`` and ``zhtext quotes`` write one row per mention or quotation
of archive files (or, with ``--lines``, of each input line) as CSV or JSON Lines::

    zhtext mentions archive/ --kinds person,organization --out people.csv
    zhtext quotes archive/ --format jsonl
    echo 王毅说：“我们欢迎。” | zhtext quotes --lines
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any, TextIO

from . import __version__, convert, default_extractor, default_tokenizer
from ._atomic import atomic_write


def _lines(paths: Sequence[str], stdin: TextIO) -> Iterator[str]:
    if not paths:
        yield from _decoded(stdin, "standard input")
        return
    for path in paths:
        with open(path, encoding="utf-8") as f:
            yield from _decoded(f, path)


def _decoded(lines: TextIO, name: str) -> Iterator[str]:
    """The lines of ``lines`` without their line ends; input that is not UTF-8 is a ValueError saying so."""
    try:
        for line in lines:
            yield line.rstrip("\r\n")
    except UnicodeDecodeError as err:
        byte = err.object[err.start : err.start + 1].hex()
        raise ValueError(
            f"{name} is not UTF-8 text (byte 0x{byte} cannot be decoded); convert it first, e.g. iconv -f GBK -t UTF-8"
        ) from err


def _utf8_stdin() -> TextIO:
    """Standard input decoded as strict UTF-8 whatever the locale, so that other bytes are reported.

    A second reader over the same descriptor (``closefd=False``): ``sys.stdin`` stays open and as it was.
    """
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, OSError, ValueError):  # a replaced sys.stdin (an IDE, a test runner)
        return sys.stdin
    return open(fd, encoding="utf-8", errors="strict", closefd=False)


def _cut(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    tok = default_tokenizer()
    if args.user_dict:
        tok.load_userdict(args.user_dict)
    hmm = not args.no_hmm
    for line in _lines(args.files, stdin):
        if args.pos:
            words = [f"{w}{args.pos_sep}{t}" for w, t in tok.tag(line, hmm)]
        elif args.mode == "all":
            words = tok.cut_all(line)
        elif args.mode == "search":
            words = tok.cut_for_search(line, hmm)
        else:
            words = tok.cut(line, hmm)
        out.write(args.delimiter.join(words) + "\n")
    return 0


def _keywords(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    ex = default_extractor()
    allow_pos = tuple(args.allow_pos.split(",")) if args.allow_pos else None
    for line in _lines(args.files, stdin):
        if args.textrank:
            found = ex.textrank(line, args.top_k, args.with_weight, allow_pos)
        else:
            found = ex.extract(line, args.top_k, args.with_weight, allow_pos or ())
        items = [f"{w}:{weight:.6f}" for w, weight in found] if args.with_weight else found
        out.write(args.delimiter.join(items) + "\n")
    return 0


def _convert(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    files = [f for f in args.files if f != "-"]
    if len(files) < len(args.files) and files:
        raise ValueError("read either files or standard input (-), not both")
    lines: list[str] = []

    def flush() -> None:
        to = None if args.config else args.to
        for converted in convert(lines, to, phrases=not args.no_phrases, config=args.config, threads=args.threads):
            out.write(converted + "\n")
        lines.clear()

    # Lines go to the converter in batches: all cores at work, bounded memory.
    for line in _lines(files, stdin):
        lines.append(line)
        if len(lines) == 4096:
            flush()
    flush()
    return 0


def _analyze(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    try:
        import pyarrow  # noqa: F401  (checked before the run: the pass's columns and the report's tables)

        from . import analysis
    except ImportError as err:
        raise ImportError(f"zhtext analyze needs pandas and pyarrow: pip install 'zhtext[pandas]' ({err})") from err
    from . import sample_article_path

    sources = args.sources or [sample_article_path()]
    if args.out and args.out.lower().endswith((".parquet", ".jsonl")) and not args.dedup:
        # Written as read: memory holds about one batch whatever the archive's size.
        streamed_report = analysis.analyze_to(
            sources, args.out, top_k=args.top_k, threads=args.threads, errors=args.errors, learn_words=args.learn_words
        )
        out.write(streamed_report.text() + "\n")
        if args.report:
            streamed_report.save(args.report)
            out.write(f"wrote the HTML report to {args.report}\n")
        out.write(f"wrote {_rows(streamed_report.rows)} to {args.out}\n")
        return 0
    df, report = analysis.analyze_report(
        sources,
        top_k=args.top_k,
        threads=args.threads,
        errors=args.errors,
        progress=False if args.quiet else None,
        dedup=args.dedup,
        keep=args.keep,
        learn_words=args.learn_words,
        tokens=bool(args.out),  # the report alone needs no list of every word
    )
    out.write(report.text() + "\n")
    if args.report:
        report.save(args.report)
        out.write(f"wrote the HTML report to {args.report}\n")
    if args.out:
        analysis.write(df, args.out)
        out.write(f"wrote {_rows(len(df))} to {args.out}\n")
    return 0


def _rows(n: int) -> str:
    return f"{n:,} row" if n == 1 else f"{n:,} rows"


def _output_file(*suffixes: str) -> Any:
    """An argparse type: a file to write, checked before the run starts (extension, folder, permission)."""

    def check(value: str) -> str:
        if suffixes and not value.lower().endswith(suffixes):
            raise argparse.ArgumentTypeError(f"{value!r} must end in {', '.join(suffixes)}")
        folder = os.path.dirname(os.path.abspath(value))
        if not os.path.isdir(folder):
            raise argparse.ArgumentTypeError(f"{value!r}: the folder {folder} does not exist")
        if os.path.isdir(value):
            raise argparse.ArgumentTypeError(f"{value!r} is a folder")
        # The file is written beside itself and renamed: the folder must be writable, not only the file.
        if not os.access(folder, os.W_OK | os.X_OK):
            raise argparse.ArgumentTypeError(f"{value!r}: the folder {folder} is not writable")
        return value

    return check


def _documents(args: argparse.Namespace, stdin: TextIO) -> tuple[list[dict[str, object]], list[str | None]]:
    """Per document: its identifying fields and its text (archive sources, or input lines with --lines)."""
    if args.lines:
        texts: list[str | None] = list(_lines(args.sources, stdin))
        return [{"line": i + 1} for i in range(len(texts))], texts
    from . import read_articles

    if not args.sources:
        raise ValueError("give archive files, directories or globs (or --lines to read text lines)")
    df = read_articles(args.sources, output="arrow", errors=args.errors, threads=args.threads, progress=False)
    columns = df.select(["id", "outlet", "url"]).to_pylist()
    return columns, df.column("text").to_pylist()


def _write_rows(rows: list[dict[str, object]], fmt: str, out: TextIO) -> None:
    import csv
    import json

    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _output(args: argparse.Namespace, out: TextIO) -> AbstractContextManager[TextIO]:
    """The --out file (replaced whole when the writing succeeds), or ``out`` (left open)."""
    return atomic_write(args.out, "w", encoding="utf-8", newline="") if args.out else nullcontext(out)


def _mentions(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    docs, texts = _documents(args, stdin)
    kinds = args.kinds.split(",") if args.kinds else ["person", "place", "organization"]
    found = default_tokenizer().mentions_many(texts, kinds=kinds, missing="empty", threads=args.threads)
    rows = [
        {**doc, "mention": m, "kind": k, "start": s, "end": e}
        for doc, ms in zip(docs, found, strict=True)
        for m, k, s, e in ms
    ]
    with _output(args, out) as sink:
        _write_rows(rows, args.format, sink)
    return 0


def _quotes(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    docs, texts = _documents(args, stdin)
    found = default_tokenizer().quotes_many(texts, missing="empty", threads=args.threads)
    fields = ("speaker", "quote", "cue", "speaker_start", "quote_start", "quote_end", "direct")
    rows = [{**doc, **dict(zip(fields, q, strict=True))} for doc, qs in zip(docs, found, strict=True) for q in qs]
    with _output(args, out) as sink:
        _write_rows(rows, args.format, sink)
    return 0


def _add_extraction_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("sources", nargs="*", help="archive files, directories, globs or .zip/.tar.gz")
    command.add_argument("--lines", action="store_true", help="read UTF-8 text, one document per line (stdin if none)")
    command.add_argument("--format", choices=["csv", "jsonl"], default="csv", help="output format (default csv)")
    command.add_argument("--out", type=_output_file(), help="write to FILE instead of standard output")
    command.add_argument("--threads", type=_threads, default=None, help="threads (default: every core)")
    command.add_argument(
        "--errors", choices=["raise", "skip"], default="raise", help="a bad archive file stops the run or is left out"
    )


def _words(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from . import discover_words, read_articles, sample_article_path

    if args.text:
        texts = [line for line in _lines(args.sources, stdin) if line.strip()]
    else:
        texts = read_articles(args.sources or [sample_article_path()], threads=args.threads, progress=False)[
            "text"
        ].tolist()
    if not texts:
        raise ValueError("no text to discover words in")
    df = discover_words(texts, min_count=args.min_count, max_len=args.max_len, threads=args.threads)
    if not args.all:
        df = df[~df["in_dictionary"] & ~df["compound"]]
    columns = ["word", "count", "documents", "cohesion", "left_entropy", "right_entropy", "score", "in_dictionary"]
    table = df.head(args.top)[columns]
    count = f"{len(df):,} candidate{'' if len(df) == 1 else 's'} in {len(texts):,} text{'' if len(texts) == 1 else 's'}"
    out.write(f"{count}; the top {len(table)}:\n")
    out.write(table.to_string(index=False, float_format=lambda x: f"{x:.2f}") + "\n")
    return 0


#: The largest count an option takes: far above any real use, and within every platform's C ``size_t``.
MAX_COUNT = 2**31 - 1


def _top_k(value: str) -> int:
    """An argparse type: a whole number from 1 to :data:`MAX_COUNT`."""
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 1 <= k <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {MAX_COUNT}, not {value}")
    return k


def _threads(value: str) -> int:
    """An argparse type: a thread count from 1 to 1024 (leave the option out for every core)."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 1 <= n <= 1024:
        raise argparse.ArgumentTypeError(f"must be from 1 to 1024 (leave --threads out for every core), not {value}")
    return n


EXIT_CODES = """exit codes:
  0  done
  1  the run failed: a file could not be read or written (with --errors raise, the first bad file),
     input that is not UTF-8, a missing optional dependency
  2  bad arguments (an unknown option, a value out of range, an --out or --report that cannot be written)
  130  interrupted (Ctrl-C)"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhtext",
        description="Chinese news text analytics.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"zhtext {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    analyze = commands.add_parser(
        "analyze",
        help="read archive files, cut, extract keywords, report",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    analyze.add_argument(
        "sources", nargs="*", help="archive files, directories, globs or .zip/.tar.gz; the sample article when none"
    )
    analyze.add_argument(
        "--out",
        type=_output_file(".parquet", ".csv", ".jsonl"),
        help="write one row per article to FILE.parquet, .csv or .jsonl",
    )
    analyze.add_argument(
        "--report",
        type=_output_file(".html", ".htm"),
        help="write the report as one self-contained HTML page with charts (opens offline)",
    )
    analyze.add_argument("-k", "--top-k", type=_top_k, default=10, help="keywords per article (default 10)")
    analyze.add_argument("--threads", type=_threads, default=None, help="threads (default: every core)")
    analyze.add_argument(
        "--errors",
        choices=["raise", "skip", "collect"],
        default="raise",
        help="a bad file stops the run (raise, exit code 1), is left out (skip) or becomes a row (collect)",
    )
    analyze.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    analyze.add_argument(
        "--dedup", action="store_true", help="keep one article of each group of near-duplicates (Jaccard >= 0.8)"
    )
    analyze.add_argument(
        "--keep",
        choices=["earliest", "latest"],
        default="earliest",
        help="with --dedup: the article of a group to keep, by publication time (default earliest)",
    )
    analyze.add_argument(
        "--learn-words",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="learn the archive's new words first, so names stay whole (default: on)",
    )
    analyze.set_defaults(run=_analyze)

    words = commands.add_parser("words", help="new words found in archive files (or plain text), best first")
    words.add_argument("sources", nargs="*", help="archive files, directories, globs; the sample article when none")
    words.add_argument("--text", action="store_true", help="sources are UTF-8 text files, one document per line")
    words.add_argument("-n", "--top", type=_top_k, default=30, help="candidates to print (default 30)")
    words.add_argument("--min-count", type=_top_k, default=5, help="fewest occurrences (default 5)")
    words.add_argument("--max-len", type=_top_k, default=6, help="longest word in characters (default 6, at most 7)")
    words.add_argument("--all", action="store_true", help="also print dictionary words and phrases of known words")
    words.add_argument("--threads", type=_threads, default=None, help="threads (default: every core)")
    words.set_defaults(run=_words)

    cut = commands.add_parser("cut", help="cut each line of the input into words (like python -m jieba)")
    cut.add_argument("files", nargs="*", help="UTF-8 text files; standard input when none")
    cut.add_argument("--mode", choices=["default", "all", "search"], default="default")
    cut.add_argument("--no-hmm", action="store_true", help="do not use the HMM for unknown words")
    cut.add_argument("--pos", action="store_true", help="tag parts of speech (word_tag)")
    cut.add_argument("--pos-sep", default="_", help="between word and tag with --pos (default _)")
    cut.add_argument("-d", "--delimiter", default=" / ", help="between words (default ' / ')")
    cut.add_argument("-u", "--user-dict", help="a user dictionary to load first")
    cut.set_defaults(run=_cut)

    keywords = commands.add_parser("keywords", help="keywords of each line of the input (TF-IDF or TextRank)")
    keywords.add_argument("files", nargs="*", help="UTF-8 text files; standard input when none")
    keywords.add_argument("-k", "--top-k", type=_top_k, default=20)
    keywords.add_argument("--textrank", action="store_true", help="TextRank instead of TF-IDF")
    keywords.add_argument("--with-weight", action="store_true", help="print word:weight")
    keywords.add_argument("--allow-pos", help="comma-separated POS tags to keep, e.g. ns,n,vn")
    keywords.add_argument("-d", "--delimiter", default=" ", help="between keywords (default ' ')")
    keywords.set_defaults(run=_keywords)

    conv = commands.add_parser("convert", help="convert between simplified and traditional script (OpenCC)")
    conv.add_argument("files", nargs="*", help="UTF-8 text files; standard input when none or -")
    conv.add_argument(
        "--to", choices=["simplified", "traditional", "taiwan", "hongkong"], default="simplified", help="target script"
    )
    conv.add_argument("--no-phrases", action="store_true", help="--to taiwan: characters only (s2tw, not s2twp)")
    conv.add_argument("--config", choices=["s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "tw2sp", "s2twp"])
    conv.add_argument("--threads", type=_threads, default=None, help="threads (default: every core)")
    conv.set_defaults(run=_convert)

    mentions = commands.add_parser("mentions", help="people, places and organisations named: one row per mention")
    _add_extraction_options(mentions)
    mentions.add_argument("--kinds", help="comma-separated kinds to keep: person,place,organization")
    mentions.set_defaults(run=_mentions)

    quotes = commands.add_parser("quotes", help="attributed quotations: one row per quote (speaker, quote, cue)")
    _add_extraction_options(quotes)
    quotes.set_defaults(run=_quotes)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, stdin: TextIO | None = None) -> int:
    """Run the command line; returns the exit code.

    >>> import io
    >>> main(["cut"], out=(buf := io.StringIO()), stdin=io.StringIO("我来到北京清华大学\\n"))
    0
    >>> buf.getvalue()
    '我 / 来到 / 北京 / 清华大学\\n'
    """
    args = build_parser().parse_args(argv)
    out = out or sys.stdout
    stdin = stdin or _utf8_stdin()
    name = f"zhtext {args.command}"

    def plain_warning(message: Warning | str, category: type[Warning], *_: object, **__: object) -> None:
        print(f"{name}: warning: {message}", file=sys.stderr)

    try:
        with warnings.catch_warnings():
            warnings.showwarning = plain_warning  # one line, not Python's source location and code line
            return args.run(args, out, stdin)
    except BrokenPipeError:  # pragma: no cover - `zhtext cut big.txt | head`
        return 0
    except KeyboardInterrupt:
        print(f"{name}: interrupted", file=sys.stderr)
        return 130
    except (OSError, ValueError, ImportError) as err:
        print(f"{name}: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
