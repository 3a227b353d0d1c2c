"""The report as one self-contained HTML page: inline CSS, static SVG charts, no script, nothing fetched.

Every keyword links to a list of example headlines (with their URLs and dates) further down
the page; charts are drawn by :mod:`zhtext.report.svg`.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from . import svg
from .terminal import plural

if TYPE_CHECKING:
    from .builder import Report

STYLE = f"""
.zhtext-report {{ font-family: {svg.FONT_STACK}; color: #222; max-width: 900px; margin: 0 auto;
  line-height: 1.45; }}
.zhtext-report h1 {{ font-size: 1.5em; margin-bottom: 0.2em; }}
.zhtext-report h2 {{ font-size: 1.15em; border-bottom: 1px solid #ccc; margin-top: 1.6em; }}
.zhtext-report table {{ border-collapse: collapse; margin: 0.4em 0; }}
.zhtext-report th, .zhtext-report td {{ padding: 2px 10px; text-align: left; border-bottom: 1px solid #eee; }}
.zhtext-report td:first-child {{ white-space: nowrap; }}
.zhtext-report td.n, .zhtext-report th.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
.zhtext-report .note {{ color: #555; font-size: 0.9em; }}
.zhtext-report .charts {{ display: flex; flex-wrap: wrap; gap: 8px; }}
.zhtext-report svg.chart {{ max-width: 100%; height: auto; }}
.zhtext-report a {{ color: #1f5fa8; }}
.zhtext-report .examples li {{ margin: 2px 0; }}
"""


def _anchor(rep: Report, word: str) -> str:
    """The in-page id of a keyword's examples (by position: ids stay ASCII)."""
    return f"kw-{sorted(rep.examples).index(word)}"


def _keyword(rep: Report, word: str) -> str:
    if word in rep.examples:
        return f'<a href="#{_anchor(rep, word)}">{escape(word)}</a>'
    return escape(word)


def _table(header: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    """An HTML table; cells are given already escaped."""
    numeric = numeric or set()
    head = "".join(f'<th class="n">{h}</th>' if i in numeric else f"<th>{h}</th>" for i, h in enumerate(header))
    cells = (
        "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r)) for r in rows
    )
    body = "".join(f"<tr>{c}</tr>" for c in cells)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _overview(rep: Report) -> str:
    columns = ["articles", "simplified", "traditional"] + (["other"] if rep.outlets["other"].sum() else [])
    rows = [[escape(str(r["outlet"])), *(f"{int(r[c]):,}" for c in columns)] for _, r in rep.outlets.iterrows()]
    first = f"{rep.first:%Y-%m-%d}" if rep.first is not None else "–"
    last = f"{rep.last:%Y-%m-%d}" if rep.last is not None else "–"
    failed = rep.failures
    return (
        f"<p>{plural(rep.articles, 'article')} from {plural(len(rep.outlets), 'outlet')}, published "
        f"{first} – {last} (UTC); {plural(failed, 'file') if failed else 'no file'} failed.</p>"
        + "<h2>Articles per outlet, by script</h2>"
        + _table(["outlet", *columns], rows, set(range(1, len(columns) + 1)))
    )


def _timeline(rep: Report) -> str:
    pm = rep.per_month
    if pm.empty:
        return ""
    wide = pm.pivot_table(index="period", columns="outlet", values="articles", aggfunc="sum", fill_value=0)
    order = [str(o) for o in rep.outlets["outlet"] if o in wide.columns]
    periods = [str(p) for p in wide.index]
    chart = svg.stacked_bars(
        periods,
        {o: wide[o].tolist() for o in order},
        title="Articles published per month, by outlet",
        y_label="articles",
    )
    empty = int((wide.sum(axis=1) == 0).sum())
    return (
        "<h2>Articles over time</h2>"
        f'<p class="note">Every month from the first article to the last ({len(periods)} months, '
        f"{empty} without any article).</p>{chart}"
    )


def _keywords(rep: Report) -> str:
    k = rep.keywords_per_article
    rows = [
        [str(i + 1), _keyword(rep, r.word), f"{r.keyword_of:,}", f"{r.articles:,}", f"{r.share:.0%}"]
        for i, r in enumerate(rep.top_keywords.itertuples(index=False))
    ]
    out = (
        "<h2>Top keywords</h2>"
        f'<p class="note"><b>keyword of</b>: articles with the word among their {k} keywords (what ranks it); '
        "<b>mentioned in</b>: articles whose text contains it. Click a keyword for example headlines.</p>"
        + _table(["#", "keyword", "keyword of", "mentioned in", "of all articles"], rows, {0, 2, 3, 4})
    )
    if not rep.outlet_keywords.empty:
        rows = []
        for outlet, group in rep.outlet_keywords.groupby("outlet", sort=False):
            words = ", ".join(f"{_keyword(rep, w)} {a}" for w, a in zip(group["word"], group["articles"], strict=True))
            rows.append([escape(str(outlet)), f"{int(group['group_articles'].iloc[0]):,}", words])
        out += (
            "<h3>Per outlet</h3>"
            '<p class="note">Ranked by <b>keyword of</b>, as above; number after each keyword: the outlet\'s '
            "articles mentioning it.</p>" + _table(["outlet", "articles", "top keywords"], rows, {1})
        )
    trends = rep.trends
    if not trends.empty:
        periods = list(dict.fromkeys(trends["period"]))
        series = {str(w): g["share"].tolist() for w, g in trends.groupby("word", sort=False)}
        unit = "month" if rep.trend_period == "month" else "quarter"
        out += str(
            svg.small_multiples(periods, series, title=f"Share of each {unit}'s articles mentioning the top keywords")
        )
    return out


def _rising(rep: Report) -> str:
    rising = rep.rising
    if rising.empty or "last" not in rising.attrs:
        return ""
    first, last = rising.attrs["last"]
    earlier = rising.attrs.get("earlier")
    rows = [
        [
            _keyword(rep, r.word),
            f"{r.last_articles} ({r.last_share:.0%})",
            f"{r.earlier_articles} ({r.earlier_share:.0%})",
        ]
        for r in rising.itertuples(index=False)
    ]
    before = f"{earlier[0]} – {earlier[1]}" if earlier else "earlier"
    return (
        "<h2>Rising terms</h2>"
        f'<p class="note">Articles mentioning each term (and their share): {escape(first)} – {escape(last)} '
        f"({plural(rising.attrs['last_articles'], 'article')}) against {escape(before)} "
        f"({plural(rising.attrs['earlier_articles'], 'article')}).</p>"
        + _table(["term", "last period", "earlier"], rows, {1, 2})
    )


def _mentions(rep: Report) -> str:
    if rep.mentions.empty:
        return ""
    charts = []
    for n, (kind, label) in enumerate((("person", "People"), ("place", "Places"), ("organization", "Organisations"))):
        rows = rep.mentions[rep.mentions["kind"] == kind]
        if rows.empty:
            continue
        charts.append(
            str(
                svg.horizontal_bars(
                    rows["mention"].tolist(), rows["articles"].tolist(), title=label, colour=svg.PALETTE[n]
                )
            )
        )
    return (
        "<h2>Who and where</h2>"
        '<p class="note">Number: articles naming each person, place or organisation.</p>'
        f'<div class="charts">{"".join(charts)}</div>'
    )


def _speakers(rep: Report) -> str:
    if rep.speakers.empty:
        return "<h2>Most quoted speakers</h2><p>No attributed quotation found.</p>"
    rows = [
        [escape(r.speaker), str(r.quotes), str(r.articles), escape(r.outlets), "“" + escape(r.example) + "”"]
        for r in rep.speakers.itertuples(index=False)
    ]
    return (
        "<h2>Most quoted speakers</h2>"
        f'<p class="note">{plural(rep.quotes, "attributed quotation")} in all. <b>quotes</b>: quotations '
        "attributed to the speaker; <b>articles</b>: articles quoting them.</p>"
        + _table(["speaker", "quotes", "articles", "outlets", "for example"], rows, {1, 2})
    )


def _reporters(rep: Report) -> str:
    rows = []
    for r in rep.outlets.itertuples(index=False):
        people = rep.reporters[rep.reporters["outlet"] == r.outlet]
        named = int(rep.bylined.get(r.outlet, 0)) if len(rep.bylined) else 0
        names = ", ".join(f"{escape(p)} {n}" for p, n in zip(people["reporter"], people["articles"], strict=True))
        rows.append([escape(str(r.outlet)), f"{named} of {r.articles}", names])
    return (
        "<h2>Reporters</h2>"
        '<p class="note">From the bylines; number after a name: articles bylined by them.</p>'
        + _table(["outlet", "bylined", "reporters"], rows, {1})
    )


def _duplicates(rep: Report) -> str:
    if not rep.duplicates:
        return ""
    rows = [[str(size), escape(title), escape(outlets)] for size, title, outlets in rep.duplicates[:10]]
    return "<h2>Near-duplicates</h2>" + _table(["articles", "title of the first", "outlets"], rows, {0})


def _examples(rep: Report) -> str:
    if not rep.examples:
        return ""
    parts = ["<h2>Example headlines per keyword</h2>"]
    for word in sorted(rep.examples):
        items = []
        for r in rep.examples[word].itertuples(index=False):
            date = f"{r.published:%Y-%m-%d}" if r.published is not None and r.published == r.published else "undated"
            title = escape(str(r.title or "(untitled)"))
            link = f'<a href="{escape(str(r.url))}">{title}</a>' if r.url else title
            items.append(f"<li>{date} · {escape(str(r.outlet))} · {link}</li>")
        parts.append(
            f'<section id="{_anchor(rep, word)}"><h3>{escape(word)}</h3><ul class="examples">{"".join(items)}</ul>'
            "</section>"
        )
    return "".join(parts)


def _failed(rep: Report) -> str:
    if rep.failed.empty:
        return ""
    rows = [[escape(str(p)), escape(str(e))] for p, e in zip(rep.failed["path"], rep.failed["error"], strict=True)]
    more = f"<p>… and {rep.failures - len(rows):,} more.</p>" if rep.failures > len(rows) else ""
    return f"<h2>{plural(rep.failures, 'file')} failed</h2>" + _table(["file", "error"], rows) + more


def fragment(rep: Report) -> str:
    """The report as an HTML fragment with its own style (for Jupyter's ``_repr_html_``)."""
    body = [f"<h1>{escape(rep.title)}</h1>", _overview(rep)]
    if rep.articles:
        body += [_timeline(rep), _keywords(rep), _rising(rep), _mentions(rep), _speakers(rep), _reporters(rep)]
        body += [_duplicates(rep), _examples(rep)]
    body.append(_failed(rep))
    return f'<div class="zhtext-report"><style>{STYLE}</style>{"".join(body)}</div>'


def document(rep: Report) -> str:
    """The report as a whole HTML document, readable offline."""
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(rep.title)}</title></head><body>{fragment(rep)}</body></html>\n"
    )
