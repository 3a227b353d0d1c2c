"""Near-duplicate speed: zhtext's signatures + LSH vs datasketch's MinHash + MinHashLSH, in one run.

usage: python bench/bench_dedup.py [--n 20000] [--subset 400] [--repeats 3] [--shared ../shared] [--corpus DIR]

Builds a corpus of N archive files with ../shared/tools/make_bench_corpus.py (or reads DIR),
reads their text with ``zt.read_articles``, and times (medians, interleaved round by round):

- zhtext: ``zt.minhash`` (signatures) and ``zt.near_duplicates(verify=False)`` (signatures + LSH
  candidates + estimate), 1 and 2 threads, on all N texts; ``verify=True`` too;
- datasketch 2 on a subset of the texts (it is slow), on the same shingles (``zt.shingles``, made
  before timing, so datasketch is not charged for shingling): ``MinHash.bulk`` (``update_batch``,
  its fastest path) and an ``update`` loop per shingle (its documented path), each followed by
  ``MinHashLSH`` insertion and a query per text, with the same banding as zhtext.

Rates are documents per second, so the subset and the full set compare. The LSH index memory
of datasketch is measured with tracemalloc; zhtext's is its band keys and sort buffers
(computed from the sizes). Needs ``pip install '.[bench]'``. The machines are noisy.
"""

from __future__ import annotations

import argparse
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import zhtext as zt
from _common import add_corpus_arguments, article_texts, bench_corpus, interleaved_medians, use_shared

THRESHOLD = 0.8
NUM_PERM = 128


def datasketch_lsh(shingles: list[list[bytes]], bands: int, rows: int, batch: bool) -> int:
    """Signatures, an index and a query per text, as a datasketch user does it; the number of candidate pairs."""
    from datasketch import MinHash, MinHashLSH

    if batch:
        sketches = MinHash.bulk(shingles, num_perm=NUM_PERM)
    else:
        sketches = []
        for doc in shingles:
            m = MinHash(num_perm=NUM_PERM)
            for s in doc:
                m.update(s)
            sketches.append(m)
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, params=(bands, rows))
    with lsh.insertion_session() as session:
        for k, m in enumerate(sketches):
            session.insert(k, m)
    return sum(len(lsh.query(m)) - 1 for m in sketches) // 2


def datasketch_index_bytes(shingles: list[list[bytes]], bands: int, rows: int) -> int:
    from datasketch import MinHash, MinHashLSH

    sketches = MinHash.bulk(shingles, num_perm=NUM_PERM)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, params=(bands, rows))
    for k, m in enumerate(sketches):
        lsh.insert(k, m)
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return used


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_corpus_arguments(ap, 20000)
    ap.add_argument("--subset", type=int, default=400, help="texts datasketch is timed on")
    ap.add_argument("--corpus", type=Path, help="an existing archive directory instead of a generated one")
    a = ap.parse_args()
    use_shared(a.shared)
    if a.corpus:
        texts = article_texts(a.corpus)
    else:
        with bench_corpus(a.shared, a.n) as folder:
            texts = article_texts(folder)
    n = len(texts)
    chars = sum(map(len, texts))
    print(f"{n} texts, {chars / n:.0f} characters each on average")
    signatures = zt.minhash(texts)
    bands, rows = zt.lsh_params(THRESHOLD, NUM_PERM)
    # A spread-out subset: the generated corpus repeats its articles in a shuffled cycle.
    subset = texts[:: max(1, n // a.subset)][: a.subset]
    shingles = [[s.encode("utf-8") for s in zt.shingles(t)] for t in subset]

    zhtext_runs = (
        {f"zhtext minhash threads={t}": (lambda t=t: zt.minhash(texts, threads=t)) for t in (1, 2)}
        | {
            f"zhtext near_duplicates verify=False threads={t}": (
                lambda t=t: zt.near_duplicates(texts, verify=False, threads=t)
            )
            for t in (1, 2)
        }
        | {
            f"zhtext near_duplicates verify=True threads={t}": (lambda t=t: zt.near_duplicates(texts, threads=t))
            for t in (1, 2)
        }
    )
    seconds = interleaved_medians(zhtext_runs, a.repeats)
    rates = {name: n / s for name, s in seconds.items()}
    datasketch_runs = {
        "datasketch MinHash.bulk + MinHashLSH": lambda: datasketch_lsh(shingles, bands, rows, batch=True),
        "datasketch MinHash.update loop + MinHashLSH": lambda: datasketch_lsh(shingles, bands, rows, batch=False),
    }
    ds_seconds = interleaved_medians(datasketch_runs, a.repeats)
    rates |= {name: len(subset) / s for name, s in ds_seconds.items()}
    banding = f"{NUM_PERM} permutations, threshold {THRESHOLD} ({bands} bands of {rows})"
    print(f"\n### signatures + LSH, {banding}; median of {a.repeats}")
    base = "datasketch MinHash.bulk + MinHashLSH"
    loop = "datasketch MinHash.update loop + MinHashLSH"
    print(f"| {'contender':<48} | {'texts':>6} | {'docs/s':>9} | {'× bulk':>7} | {'× loop':>7} |")
    print(f"|{'-' * 50}|{'-' * 7}:|{'-' * 10}:|{'-' * 8}:|{'-' * 8}:|")
    for name, rate in rates.items():
        count = len(subset) if name.startswith("datasketch") else n
        print(f"| {name:<48} | {count:>6} | {rate:9.0f} | {rate / rates[base]:7.1f} | {rate / rates[loop]:7.1f} |")
    ours = rates["zhtext near_duplicates verify=False threads=1"]
    print(
        f"single-threaded signatures + LSH: {ours / rates[base]:.1f}x datasketch bulk, "
        f"{ours / rates[loop]:.1f}x the update loop"
    )
    two = rates["zhtext near_duplicates verify=False threads=2"]
    print(f"threads=2 vs threads=1: {two / ours:.2f}x")

    print("\n### memory")
    print(f"signatures: {signatures.nbytes / n:.0f} bytes per text ({signatures.dtype}, {NUM_PERM} values)")
    # zhtext's index: a u64 key per band and text, and while a band is matched a (key, text) pair per text
    # for each band in flight (one per thread).
    print(f"zhtext LSH index: {bands * 8} bytes per text of band keys + 16 bytes per text per band being matched")
    used = datasketch_index_bytes(shingles, bands, rows)
    print(f"datasketch MinHashLSH index (tracemalloc, {len(subset)} texts): {used / len(subset):.0f} bytes per text")


if __name__ == "__main__":
    main()
