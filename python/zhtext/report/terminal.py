"""The report as aligned plain text for a terminal (what ``zhtext analyze`` prints).

Columns are aligned by display width: a Chinese character takes two terminal cells.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from .builder import Report

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def width(text: str) -> int:
    """Terminal cells ``text`` takes: two for wide (CJK) characters, none for combining marks."""
    cells = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        cells += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return cells


def pad(text: str, cells: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``cells`` terminal cells (left-aligned, or right-aligned)."""
    fill = " " * max(0, cells - width(text))
    return fill + text if right else text + fill


def clip(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` terminal cells, with … when cut."""
    if width(text) <= cells:
        return text
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > cells - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def plural(n: int, word: str, words: str | None = None) -> str:
    """``"1 article"``, ``"2 articles"``."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def table(header: list[str], rows: list[list[str]], numeric: set[int] | None = None, indent: str = "  ") -> list[str]:
    """Rows aligned in columns; columns in ``numeric`` (by position) right-aligned."""
    numeric = numeric or set()
    cells = [header, *rows]
    widths = [max(width(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        parts = [pad(v, widths[i], right=i in numeric) for i, v in enumerate(row)]
        lines.append((indent + "  ".join(parts)).rstrip())
    return lines


def _date(value: object) -> str:
    return f"{value:%Y-%m-%d}"


def _headline(rep: Report) -> str:
    first = f"{plural(rep.articles, 'article')} from {plural(len(rep.outlets), 'outlet')}"
    if rep.first is not None and rep.last is not None:
        span = _date(rep.first) if _date(rep.first) == _date(rep.last) else f"{_date(rep.first)} – {_date(rep.last)}"
        first += f", published {span} (UTC)"
    failed = rep.failures
    return first + ("; no file failed" if not failed else f"; {plural(failed, 'file')} failed (see the end)")


def _outlets(rep: Report) -> list[str]:
    columns = ["articles", "simplified", "traditional"]
    if rep.outlets["other"].sum():
        columns.append("other")
    rows = [[str(r["outlet"]), *(f"{int(r[c]):,}" for c in columns)] for _, r in rep.outlets.iterrows()]
    if len(rows) > 1:
        total = rep.outlets[columns].sum()
        rows.append(["all", *(f"{int(total[c]):,}" for c in columns)])
    title = "Articles per outlet, by script"
    if len(columns) > 3:
        title += " (other: mixed, or too little Chinese to tell)"
    return [title, *table(["outlet", *columns], rows, set(range(1, len(columns) + 1)))]


def _calendar(rep: Report) -> list[str]:
    """Articles per month as a year × month grid: every month of the span, · for none."""
    totals = rep.per_month.groupby("period", sort=True)["articles"].sum()
    if totals.empty:
        return []
    counts = {str(p): int(n) for p, n in totals.items()}
    years = sorted({p[:4] for p in counts})
    first, last = min(counts), max(counts)
    cell = max(4, max(len(str(n)) for n in counts.values()) + 2)
    lines = [
        "Articles per month (all outlets; · = none that month)",
        "  year " + "".join(pad(m, cell, right=True) for m in MONTHS) + "   total",
    ]
    for year in years:
        cells = []
        for i in range(12):
            month = f"{year}-{i + 1:02d}"
            if month < first or month > last:
                cells.append(pad("", cell))
            else:
                n = counts.get(month, 0)
                cells.append(pad(str(n) if n else "·", cell, right=True))
        total = sum(n for p, n in counts.items() if p.startswith(year))
        lines.append(f"  {year} " + "".join(cells) + pad(f"{total:,}", 8, right=True))
    empty = sum(1 for n in counts.values() if n == 0)
    busiest = max(counts, key=lambda p: (counts[p], p))
    lines.append(
        f"  {plural(len(counts), 'month')} from first to last article, {empty} without any; "
        f"busiest {busiest} ({plural(counts[busiest], 'article')})"
    )
    return lines


def _keywords(rep: Report) -> list[str]:
    k = rep.keywords_per_article
    lines = [
        f"Top keywords (keyword of = articles with the word among their {k} keywords; "
        "mentioned in = articles whose text contains it)"
    ]
    rows = [
        [str(i + 1), r.word, f"{r.keyword_of:,}", f"{r.articles:,}", f"{r.share:.0%}"]
        for i, r in enumerate(rep.top_keywords.itertuples(index=False))
    ]
    if not rows:
        return [*lines, "  none"]
    lines += table(["#", "keyword", "keyword of", "mentioned in", "of all"], rows, {0, 2, 3, 4})
    return lines


def _outlet_keywords(rep: Report) -> list[str]:
    if rep.outlet_keywords.empty:
        return []
    lines = ["Top keywords per outlet (ranked by keyword of, as above; number = the outlet's articles mentioning it)"]
    groups = list(rep.outlet_keywords.groupby("outlet", sort=False))
    name_width = max(width(str(o)) for o, _ in groups)
    for outlet, group in groups:
        n = int(group["group_articles"].iloc[0])
        words = "  ".join(f"{w} {a}" for w, a in zip(group["word"], group["articles"], strict=True))
        lines.append(f"  {pad(str(outlet), name_width)} {pad(f'({n})', 7, right=True)}  {words}")
    return lines


def _rising(rep: Report) -> list[str]:
    rising = rep.rising
    if "last" not in rising.attrs:
        return []
    first, last = rising.attrs["last"]
    span = first if first == last else f"{first} – {last}"
    earlier = rising.attrs.get("earlier")
    before = f"{earlier[0]} – {earlier[1]}" if earlier else "earlier"
    lines = [
        f"Rising terms: share of articles mentioning each, {span} "
        f"({plural(rising.attrs['last_articles'], 'article')}) against {before} "
        f"({plural(rising.attrs['earlier_articles'], 'article')})"
    ]
    rows = [
        [r.word, f"{r.last_articles} ({r.last_share:.0%})", f"{r.earlier_articles} ({r.earlier_share:.0%})"]
        for r in rising.itertuples(index=False)
    ]
    if not rows:
        return [*lines, "  none: no keyword of the last period is mentioned by a larger share of its articles"]
    return lines + table(["term", "last period", "earlier"], rows, {1, 2})


def _mentions(rep: Report) -> list[str]:
    if rep.mentions.empty:
        return []
    kinds = [("person", "people"), ("place", "places"), ("organization", "organisations")]
    columns = []
    for kind, _ in kinds:
        rows = rep.mentions[rep.mentions["kind"] == kind]
        columns.append([f"{clip(m, 16)} {a}" for m, a in zip(rows["mention"], rows["articles"], strict=True)])
    depth = max(len(c) for c in columns)
    rows_out = [[c[i] if i < len(c) else "" for c in columns] for i in range(depth)]
    return [
        "Most named people, places and organisations (number = articles naming them)",
        *table([label for _, label in kinds], rows_out),
    ]


def _speakers(rep: Report) -> list[str]:
    if rep.speakers.empty:
        return ["Most quoted speakers: no attributed quotation found"]
    lines = [
        f"Most quoted speakers ({plural(rep.quotes, 'attributed quotation')} in all; "
        "quotes = quotations attributed to them, articles = articles quoting them)"
    ]
    rows = [
        [r.speaker, str(r.quotes), str(r.articles), clip(r.outlets, 24), "“" + clip(r.example, 30) + "”"]
        for r in rep.speakers.itertuples(index=False)
    ]
    return lines + table(["speaker", "quotes", "articles", "outlets", "for example"], rows, {1, 2})


def _reporters(rep: Report) -> list[str]:
    outlets = [str(o) for o in rep.outlets["outlet"]]
    if not outlets:
        return []
    lines = ["Reporters per outlet, from the bylines (number = articles bylined)"]
    name_width = max(width(o) for o in outlets)
    for outlet in outlets:
        total = int(rep.outlets.loc[rep.outlets["outlet"] == outlet, "articles"].iloc[0])
        named = int(rep.bylined.get(outlet, 0)) if len(rep.bylined) else 0
        people = rep.reporters[rep.reporters["outlet"] == outlet]
        names = ", ".join(f"{r} {n}" for r, n in zip(people["reporter"], people["articles"], strict=True))
        lines.append(f"  {pad(outlet, name_width)}  {named} of {total} bylined" + (f": {names}" if names else ""))
    return lines


def _duplicates(rep: Report) -> list[str]:
    groups = rep.duplicates
    if groups is None:
        return ["Near-duplicates: not computed (rows were streamed to --out; run without --out to group them)"]
    if not groups and not rep.dedup_removed:
        return ["Near-duplicates (Jaccard ≥ 0.8): none"]
    articles = sum(size for size, _, _ in groups)
    line = f"Near-duplicates (Jaccard ≥ 0.8): {plural(articles, 'article')} in {plural(len(groups), 'group')}"
    if rep.dedup_removed:
        line += f"; {rep.dedup_removed:,} more left out by --dedup"
    return [line, *(f"  {size}× {clip(title, 60)} ({outlets})" for size, title, outlets in groups[:5])]


def _learned(rep: Report) -> list[str]:
    words = rep.learned_words
    if not words:
        return []
    more = f" … and {len(words) - 20} more" if len(words) > 20 else ""
    return [f"Words learned from the archive ({len(words)}): " + " ".join(words[:20]) + more]


def _failed(rep: Report) -> list[str]:
    failed: pd.DataFrame = rep.failed
    if failed.empty:
        return []
    lines = [f"{plural(rep.failures, 'file')} failed; the first:"]
    lines += [f"  {error}" for error in failed["error"].head(5)]
    if rep.failures > 5:
        lines.append(f"  … and {rep.failures - 5:,} more (the error column of --out, or --errors collect)")
    return lines


def render(rep: Report) -> str:
    """The whole text report: sections separated by blank lines, empty sections left out."""
    sections = [[_headline(rep)]]
    if rep.articles:
        sections += [
            _outlets(rep),
            _calendar(rep),
            _keywords(rep),
            _outlet_keywords(rep),
            _rising(rep),
            _mentions(rep),
            _speakers(rep),
            _reporters(rep),
            _duplicates(rep),
            _learned(rep),
        ]
    sections.append(_failed(rep))
    return "\n\n".join("\n".join(s) for s in sections if s)
