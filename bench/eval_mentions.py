"""Accuracy of zt.mentions and zt.quotes on the labelled set (tests/fixtures/mentions/mentions.json).

    python bench/eval_mentions.py            # every article, and the development / held-out thirds
    python bench/eval_mentions.py --errors   # also list the misses and false hits (development part)
    python bench/eval_mentions.py --traditional   # also the simplified articles in traditional script

With ``--traditional`` every simplified article is converted to traditional script with OpenCC's s2t
(``zt.convert``; kept when the conversion keeps its length, so the labelled offsets still hold, and
the speakers converted too) and scored with ``script="as_is"`` and ``script="auto"``.

Mentions count when span and kind are exact. A quote counts when its speaker is right (the name, after a
pronoun is resolved) and its span overlaps the labelled one by at least half of their union (reported
speech has no marks to fix its ends exactly). Every third article (index 2, 5, …) is held out: it was not
looked at while the first rules were written (the `quotes` session's rules were written from the misses
of all articles; docs/mentions.md, "Accuracy").
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "mentions" / "mentions.json"
KINDS = ("person", "place", "organization")


def load() -> list[dict]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def split(articles: list[dict]) -> tuple[list[dict], list[dict]]:
    """(development, held out): every third article is held out."""
    dev = [a for i, a in enumerate(articles) if i % 3 != 2]
    held = [a for i, a in enumerate(articles) if i % 3 == 2]
    return dev, held


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "predicted": n_pred, "gold": n_gold}


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def traditional_copies(articles: list[dict]) -> list[dict]:
    """The simplified articles in traditional script (s2t), where that keeps every offset."""
    import zhtext as zt

    copies = []
    for a in articles:
        if a["script"] != "simplified":
            continue
        text = zt.convert(a["text"], to="traditional")
        if len(text) == len(a["text"]):
            quotes = [dict(q, speaker=zt.convert(q["speaker"], to="traditional")) for q in a["quotes"]]
            copies.append(dict(a, text=text, script="traditional", quotes=quotes))
    return copies


def score(
    articles: list[dict], tokenizer=None, errors: list[str] | None = None, script: str = "auto"
) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 per mention kind and for quote attribution."""
    import zhtext as zt

    tok = tokenizer or zt.default_tokenizer()
    texts = [a["text"] for a in articles]
    found_mentions = tok.mentions_many(texts, script=script)
    found_quotes = tok.quotes_many(texts, script=script)
    counts = {k: [0, 0, 0] for k in KINDS}
    q_counts = [0, 0, 0]
    for article, mentions, quotes in zip(articles, found_mentions, found_quotes, strict=True):
        gold = {(m["start"], m["end"], m["kind"]) for m in article["mentions"]}
        pred = {(s, e, k) for _, k, s, e in mentions}
        for kind in KINDS:
            g = {x for x in gold if x[2] == kind}
            p = {x for x in pred if x[2] == kind}
            counts[kind][0] += len(g & p)
            counts[kind][1] += len(p)
            counts[kind][2] += len(g)
        if errors is not None:
            text = article["text"]
            for s, e, k in sorted(gold - pred):
                errors.append(f"{article['id']} miss  {k[:3]} {text[s:e]} …{text[max(0, s - 6) : e + 6]}…")
            for s, e, k in sorted(pred - gold):
                errors.append(f"{article['id']} false {k[:3]} {text[s:e]} …{text[max(0, s - 6) : e + 6]}…")
        matched = set()
        for q in quotes:
            speaker, _, _, _, qs, qe, _ = q
            hit = next(
                (
                    i
                    for i, g in enumerate(article["quotes"])
                    if i not in matched
                    and g["speaker"] == speaker
                    and overlap((qs, qe), (g["quote_start"], g["quote_end"])) >= 0.5
                ),
                None,
            )
            if hit is not None:
                matched.add(hit)
            elif errors is not None:
                errors.append(f"{article['id']} false quote {speaker}|{q[2]}|{q[1][:30]}")
        if errors is not None:
            for i, g in enumerate(article["quotes"]):
                if i not in matched:
                    errors.append(f"{article['id']} miss  quote {g['speaker']}|{g['cue']}|{g['quote'][:30]}")
        q_counts[0] += len(matched)
        q_counts[1] += len(quotes)
        q_counts[2] += len(article["quotes"])
    result = {k: prf(*counts[k]) for k in KINDS}
    result["quotes"] = prf(*q_counts)
    return result


def report(name: str, result: dict[str, dict[str, float]]) -> str:
    lines = [f"{name}:", f"  {'':14}{'precision':>10}{'recall':>8}{'F1':>7}{'gold':>6}"]
    for key, r in result.items():
        lines.append(f"  {key:14}{r['precision']:>10.3f}{r['recall']:>8.3f}{r['f1']:>7.3f}{r['gold']:>6}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="list misses and false hits of the development part")
    parser.add_argument("--traditional", action="store_true", help="also score traditional copies of the articles")
    args = parser.parse_args(argv)
    articles = load()
    dev, held = split(articles)
    errors: list[str] | None = [] if args.errors else None
    print(report(f"all ({len(articles)} articles)", score(articles)))
    print(report(f"development ({len(dev)} articles)", score(dev, errors=errors)))
    print(report(f"held out ({len(held)} articles)", score(held)))
    if args.traditional:
        copies = traditional_copies(articles)
        for script in ("as_is", "auto"):
            print(
                report(f"traditional copies ({len(copies)} articles), script={script!r}", score(copies, script=script))
            )
    if errors:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
