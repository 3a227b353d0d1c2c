"""Article parsing speed: zhtext.read_articles vs a loop of trafilatura.extract, in one run.

usage: python bench/bench_articles.py [--n 20000] [--sample 1000] [--repeats 3] [--shared ../shared]

Builds an archive of N files with ../shared/tools/make_bench_corpus.py and times,
interleaved round by round (medians):

- ``trafilatura.extract`` over the body of each file (read + extract), on the
  first ``--sample`` files (a full pass would take minutes; rates are per file);
- ``zt.read_articles(folder, threads=1)`` and ``threads=2`` (pandas output), and
  ``threads=1`` with ``output="arrow"``, on all N files.

Prints files/s, MB/s and the ratio to trafilatura, then the peak memory (VmHWM)
of one pass of each in a fresh process. Needs ``pip install '.[bench]'``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import zhtext as zt
from _common import add_corpus_arguments, bench_corpus, interleaved_medians


def trafilatura_pass(files: list[Path]) -> int:
    import trafilatura

    extracted = 0
    for path in files:
        body = path.read_text(encoding="utf-8").split("\n", 4)[-1]
        extracted += trafilatura.extract(body) is not None
    return extracted


CONTENDERS = {
    "trafilatura.extract (loop)": lambda folder, files: trafilatura_pass(files),
    "zhtext read_articles threads=1": lambda folder, files: zt.read_articles(folder, threads=1),
    "zhtext read_articles threads=2": lambda folder, files: zt.read_articles(folder, threads=2),
    "zhtext read_articles threads=1 arrow": lambda folder, files: zt.read_articles(folder, threads=1, output="arrow"),
}


def is_trafilatura(name: str) -> bool:
    return name.startswith("trafilatura")


def bind(fn, folder: Path, files: list[Path]):
    return lambda: fn(folder, files)


def peak_memory(name: str, folder: Path, sample: int) -> float:
    """Peak resident memory in MB of one pass of ``name`` in a fresh interpreter.

    Read from ``VmHWM`` in /proc: ``ru_maxrss`` would carry over this process's
    own peak through fork and exec.
    """
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import bench_articles as b; from pathlib import Path; "
        "folder = Path(sys.argv[3]); files = sorted(folder.rglob('*.md'))[: int(sys.argv[4])]; "
        "b.CONTENDERS[sys.argv[2]](folder, files); "
        "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])"
    )
    args = [sys.executable, "-c", code, str(Path(__file__).parent), name, str(folder), str(sample)]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return int(out.split()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_corpus_arguments(ap, 20000)
    ap.add_argument("--sample", type=int, default=1000, help="files trafilatura reads per round")
    a = ap.parse_args()
    with bench_corpus(a.shared, a.n) as folder:
        files = sorted(folder.rglob("*.md"))
        sample = files[: a.sample]
        mb_all = sum(f.stat().st_size for f in files) / 1e6
        mb_sample = sum(f.stat().st_size for f in sample) / 1e6
        zt.read_articles(sample)  # imports pyarrow and pandas outside the timing
        trafilatura_pass(sample[:5])
        contenders = {
            name: bind(fn, folder, sample if is_trafilatura(name) else files) for name, fn in CONTENDERS.items()
        }
        seconds = interleaved_medians(contenders, a.repeats)
        print(f"\n### read_articles: {len(files)} files ({mb_all:.1f} MB); trafilatura on {len(sample)} of them")
        print(f"| {'contender':<40} | {'files/s':>9} | {'MB/s':>7} | {'× trafilatura':>13} |")
        print(f"|{'-' * 42}|{'-' * 10}:|{'-' * 8}:|{'-' * 14}:|")
        rates = {}
        for name, secs in seconds.items():
            n, mb = (len(sample), mb_sample) if is_trafilatura(name) else (len(files), mb_all)
            rates[name] = n / secs
            base = rates["trafilatura.extract (loop)"]
            print(f"| {name:<40} | {n / secs:9.0f} | {mb / secs:7.2f} | {rates[name] / base:13.1f} |")
        two, one = rates["zhtext read_articles threads=2"], rates["zhtext read_articles threads=1"]
        print(f"threads=2 vs threads=1: {two / one:.2f}x")
        print("\n### peak memory (VmHWM of one pass in a fresh process)")
        for name in CONTENDERS:
            count = a.sample if is_trafilatura(name) else len(files)
            print(f"- {name} ({count} files): {peak_memory(name, folder, count):.0f} MB")


if __name__ == "__main__":
    main()
