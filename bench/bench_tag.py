"""Part-of-speech tagging speed: ``Tokenizer.tag_many`` against ``cut_many`` and ``jieba.posseg``, in one run;
and the memory of ``tag`` and ``textrank`` on one long run of Han characters (issue 20, item 15).

usage: python bench/bench_tag.py [--n 300] [--repeats 3] [--shared ../shared] [--memory-mb 3] [--memory-only]

Builds a corpus of N archive files with ../shared/tools/make_bench_corpus.py, reads their text with
``zt.read_articles`` and times, interleaved round by round (medians), single-threaded:
``tag_many`` (output identical to ``jieba.posseg``), ``cut_many`` (what tagging costs on top of
cutting) and ``jieba.posseg.lcut`` in a loop (on a tenth of the texts, scaled: it is slow). Then
``tag_many`` over ``cut_many`` pair by pair, which cancels the drift of a shared machine.

The memory probe runs each call in a fresh process on one run of Han characters with no break
(``--memory-mb`` MB of UTF-8, 3 bytes per character; the input size is counted in UTF-8 bytes). The
child loads the tables, reads the text, then resets its peak RSS (``/proc/self/clear_refs``) and
reads ``VmHWM`` after the call: the peak above the RSS just before the call, result included, over
the input's size. Three runs: Han-only news text (the corpus with every other character removed,
tiled), random characters from the 100 most common ones, and random characters from the whole
CJK Unified Ideographs block (nearly every two-character word distinct: the worst case for a
result of one Python object per distinct word). Linux only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import zhtext as zt
from _common import (
    add_corpus_arguments,
    article_texts,
    bench_corpus,
    conftest,
    interleaved_medians,
    paired_ratios,
    print_table,
    use_shared,
)

# The 100 most common characters, as tests/test_runtime.py draws its long run from.
COMMON = (
    "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去"
    "行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从"
)

_PROBE = """
import gc, json, sys
import zhtext as zt

def status(field):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith(field))

tok = zt.Tokenizer()
extractor = zt.TfidfExtractor(tok)
with open(sys.argv[1], encoding="utf-8") as f:
    text = f.read()
# Everything built once per process before the call: the dictionary and IDF table (import builds
# them on a thread), the HMM models (on their first use) and the thread pool that tags a long text
# in pieces, with its threads' scratch, by both calls on the run's start.
tok.tag(text[:100_000]), extractor.textrank(text[:2000]), extractor.extract("北京天安门广场")
call = {"tag": lambda: tok.tag(text), "textrank": lambda: extractor.textrank(text)}[sys.argv[2]]
gc.collect()
base = status("VmRSS:")
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # VmHWM := VmRSS
result = call()
print(json.dumps({"bytes": len(text.encode()), "base": base, "peak": status("VmHWM:"), "items": len(result)}))
"""


def han_runs(size: int) -> dict[str, str]:
    """Runs of Han characters of about ``size`` UTF-8 bytes, without a single other character."""
    chars = size // 3
    rng = random.Random(20)
    news = "".join(re.findall(r"[\u4e00-\u9fff]+", "".join(conftest.corpus_paragraphs())))
    return {
        "news text, Han only": (news * (chars // len(news) + 1))[:chars],
        "random, 100 common characters": "".join(rng.choices(COMMON, k=chars)),
        "random, U+4E00–U+9FA5": "".join(chr(c) for c in rng.choices(range(0x4E00, 0x9FA6), k=chars)),
    }


def memory(size_mb: float) -> None:
    """Peak RSS above the baseline of ``tag`` and ``textrank`` on runs of ``size_mb`` MB, each in its own process."""
    if not sys.platform.startswith("linux"):
        print("\n(memory probe skipped: it reads /proc)")
        return
    print(f"\n### One run of Han characters, {size_mb:g} MB of UTF-8: peak RSS above the baseline")
    print("| run | call | words / keywords | peak above base (MB) | × input |")
    print("|---|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in han_runs(int(size_mb * 1e6)).items():
            path = Path(tmp) / "run.txt"
            path.write_text(text, encoding="utf-8")
            for call in ("tag", "textrank"):
                out = subprocess.run(
                    [sys.executable, "-c", _PROBE, str(path), call], capture_output=True, text=True, check=True
                )
                r = json.loads(out.stdout)
                above = r["peak"] - r["base"]
                print(f"| {name} | {call} | {r['items']:,} | {above / 1e6:.1f} | {above / r['bytes']:.1f} |")


def bench(docs: list[str], repeats: int) -> None:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    tok = zt.Tokenizer()
    mb = sum(len(d.encode()) for d in docs) / 1e6
    sample = docs[: max(1, len(docs) // 10)]
    scale = mb / (sum(len(d.encode()) for d in sample) / 1e6)
    contenders = {
        "tag_many threads=1": lambda: tok.tag_many(docs, threads=1),
        "cut_many threads=1": lambda: tok.cut_many(docs, threads=1),
        "jieba.posseg.lcut (loop, scaled)": lambda: [jieba.posseg.lcut(d) for d in sample],
    }
    seconds = interleaved_medians(contenders, repeats)
    seconds["jieba.posseg.lcut (loop, scaled)"] *= scale
    print_table(f"{len(docs)} articles, {mb:.2f} MB, median of {repeats}", seconds, mb, "tag_many threads=1")
    rounds = 4 * repeats + 1
    ratios = paired_ratios(lambda: tok.tag_many(docs, threads=1), lambda: tok.cut_many(docs, threads=1), rounds)
    print(
        f"\ntag_many time / cut_many time (threads=1, {rounds} paired rounds): median "
        f"{statistics.median(ratios):.2f} (range {ratios[0]:.2f}–{ratios[-1]:.2f})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_corpus_arguments(ap, n=300)
    ap.add_argument("--memory-mb", type=float, default=3.0, help="size of the Han run for the memory probe")
    ap.add_argument("--memory-only", action="store_true", help="run only the memory probe")
    args = ap.parse_args()
    use_shared(args.shared)
    if not args.memory_only:
        with bench_corpus(args.shared, args.n) as folder:
            docs = article_texts(folder)
        bench(docs, args.repeats)
    memory(args.memory_mb)


if __name__ == "__main__":
    main()
