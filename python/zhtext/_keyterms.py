"""Terms that one outlet repeats and the others do not: house style and boilerplate, for review."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ._zhtext import TfidfExtractor

#: The keyword filters of analysis (``TfidfExtractor(filters=ANALYSIS_FILTERS)``, ``zhtext analyze``).
ANALYSIS_FILTERS = ("numbers", "dates", "percentages", "punctuation", "latin", "boilerplate")


def outlet_terms(
    texts: Iterable[str],
    outlets: Iterable[str],
    *,
    min_share: float = 0.2,
    max_share_elsewhere: float = 0.02,
    min_documents: int = 3,
    extractor: TfidfExtractor | None = None,
    threads: int | None = None,
) -> Any:
    """Words frequent in one outlet's articles and rare in the others': candidates for a stop list.

    A word is reported for an outlet when it occurs in at least ``min_share`` of that
    outlet's articles (and in at least ``min_documents`` of them) but in at most
    ``max_share_elsewhere`` of the other outlets' articles taken together: station
    names, bylines, editor credits and page furniture, but also an outlet's own beat.
    Review the table before adding words to ``stop_words``: nothing is dropped for you.

    Document frequencies are counted in Rust by ``extractor.document_frequencies``
    (default: the default tokenizer, with the analysis filters except ``boilerplate``,
    so that listed boilerplate shows up too). Returns a DataFrame, one row per
    (outlet, word), most distinctive first: ``outlet``, ``word``, ``documents``
    (articles of the outlet mentioning it), ``share`` (of the outlet's articles),
    ``share_elsewhere`` and ``ratio`` (share / share elsewhere, elsewhere counted as
    at least half an article).

    >>> import zhtext as zt
    >>> texts = ["本台获悉：台风登陆", "本台报道：暴雨成灾", "本台获悉：台风过境"]
    >>> texts += ["台风登陆福建", "暴雨成灾", "台风过境"]
    >>> zt.outlet_terms(texts, ["rfa"] * 3 + ["bbc"] * 3)[["outlet", "word", "documents"]].values.tolist()
    [['rfa', '本台', 3]]
    """
    import pandas as pd

    texts = list(texts)
    outlets = [str(o) for o in outlets]
    if len(texts) != len(outlets):
        raise ValueError(f"texts and outlets differ in length: {len(texts)} texts, {len(outlets)} outlets")
    if extractor is None:
        from . import default_tokenizer

        extractor = TfidfExtractor(default_tokenizer(), filters=[f for f in ANALYSIS_FILTERS if f != "boilerplate"])
    groups: dict[str, list[str]] = {}
    for text, outlet in zip(texts, outlets, strict=True):
        groups.setdefault(outlet, []).append(text)
    counted = {o: extractor.document_frequencies(g, threads=threads, missing="empty") for o, g in groups.items()}
    total_docs = sum(n for _, n in counted.values())
    all_df: dict[str, int] = {}
    for df, _ in counted.values():
        for word, n in df.items():
            all_df[word] = all_df.get(word, 0) + n
    rows = []
    for outlet, (df, n) in counted.items():
        others = total_docs - n
        if others == 0:
            continue
        for word, docs in df.items():
            share = docs / n
            if docs < min_documents or share < min_share:
                continue
            elsewhere = (all_df[word] - docs) / others
            if elsewhere <= max_share_elsewhere:
                ratio = share / max(elsewhere, 0.5 / others)
                rows.append((outlet, word, docs, share, elsewhere, ratio))
    columns = ["outlet", "word", "documents", "share", "share_elsewhere", "ratio"]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["ratio", "documents", "word"], ascending=[False, False, True], ignore_index=True)
