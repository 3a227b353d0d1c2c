"""Near-duplicate quality: zt.near_duplicates against brute force on the corpus plus synthetic near-copies.

usage: python bench/eval_dedup.py [--threshold 0.8] [--seeds 5] [--shared ../shared]

Every article of ../shared/corpus, and for each one six near-copies: its last paragraph removed, a
paragraph added, a middle paragraph replaced by a correction, a boilerplate footer added, one with
punctuation and spacing changed, and a copy in the other script (OpenCC s2t of a simplified article,
t2s of a traditional one). The truth is the exact Jaccard similarity of the character 5-gram
sets (``zt.shingles``) of every pair, computed in Python; a pair is a near-duplicate when it reaches
the threshold. Prints recall and precision of ``zt.near_duplicates`` with and without verification,
averaged over several MinHash seeds (LSH is random), and how the true pairs spread over similarity.
Shingles are taken with ``script="auto"`` (the default), which folds traditional text to simplified
before shingling; the recall of the article / other-script-copy pairs is printed on its own, and next
to it what ``script="as_is"`` finds of them.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import zhtext as zt
from _common import conftest, use_shared


def near_copies(paragraphs: list[str]) -> list[str]:
    text = "\n".join(paragraphs)
    middle = len(paragraphs) // 2
    return [
        "\n".join(paragraphs[:-1]),
        text + "\n本台记者补充报道：有关部门表示，将继续密切关注事态的发展，并适时公布进一步的消息。",
        "\n".join([*paragraphs[:middle], "更正：本文此前版本中的一处数据有误，现已更正。", *paragraphs[middle + 1 :]]),
        text + "\n（本文版权归原作者所有，未经授权不得转载。欢迎订阅我们的新闻简报。）",
        text.replace("，", ", ").replace("。", ".\n"),
        other_script(text),
    ]


def other_script(text: str) -> str:
    """The text in the other script: traditional when it reads as simplified, and the other way round."""
    traditional = zt.convert(text, to="traditional")
    return zt.convert(text, to="simplified") if traditional == text else traditional


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    a = ap.parse_args()
    use_shared(a.shared)
    articles = [p for p in conftest.corpus_article_paragraphs() if p]
    texts = ["\n".join(p) for p in articles]
    script_pairs = set()
    for i, paragraphs in enumerate(articles):
        copies = near_copies(paragraphs)
        script_pairs.add((i, len(texts) + len(copies) - 1))
        texts.extend(copies)
    sets = [set(zt.shingles(t)) for t in texts]
    truth = {}
    for i, j in itertools.combinations(range(len(texts)), 2):
        if sets[i] and sets[j]:
            similarity = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
            if similarity >= a.threshold:
                truth[(i, j)] = similarity
    n_pairs = len(texts) * (len(texts) - 1) // 2
    print(f"{len(articles)} articles + {len(texts) - len(articles)} near-copies = {len(texts)} texts, {n_pairs} pairs")
    print(f"true pairs at Jaccard >= {a.threshold}: {len(truth)}")
    spread = [0.8, 0.85, 0.9, 0.95, 1.0, 1.01]
    counts = [sum(lo <= s < hi for s in truth.values()) for lo, hi in itertools.pairwise(spread)]
    print(
        "  by similarity: "
        + ", ".join(f"[{lo}, {hi}): {c}" for (lo, hi), c in zip(itertools.pairwise(spread), counts, strict=True))
    )
    bands, rows = zt.lsh_params(a.threshold, 128)
    print(f"\n### threshold {a.threshold}, 128 permutations, {bands} bands of {rows} rows, mean over {a.seeds} seeds")
    print("| verify | recall | precision | pairs found | true pairs |")
    print("|---|---:|---:|---:|---:|")
    for verify in (True, False):
        recalls, precisions, found_counts = [], [], []
        for seed in range(1, a.seeds + 1):
            pairs = zt.near_duplicates(texts, threshold=a.threshold, verify=verify, seed=seed)
            found = set(zip(pairs["i"].tolist(), pairs["j"].tolist(), strict=True))
            hits = len(found & truth.keys())
            recalls.append(hits / len(truth))
            precisions.append(hits / len(found) if found else 1.0)
            found_counts.append(len(found))
        recall = sum(recalls) / len(recalls)
        precision = sum(precisions) / len(precisions)
        print(
            f"| {verify} | {recall:.4f} (min {min(recalls):.4f}) | {precision:.4f} (min {min(precisions):.4f}) "
            f"| {sum(found_counts) / len(found_counts):.0f} | {len(truth)} |"
        )
    print(f"\n### article and its other-script copy ({len(script_pairs)} pairs), seed 1, verify=True")
    print("| script | pairs found | recall |")
    print("|---|---:|---:|")
    for script in ("auto", "as_is"):
        pairs = zt.near_duplicates(texts, threshold=a.threshold, script=script)
        found = set(zip(pairs["i"].tolist(), pairs["j"].tolist(), strict=True)) & script_pairs
        print(f"| {script} | {len(found)} | {len(found) / len(script_pairs):.4f} |")


if __name__ == "__main__":
    main()
