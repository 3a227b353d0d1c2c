"""Article parsing time per MB of input, by the shape of the HTML (issue 20: ≤ 50 ms/MB whatever the shape).

usage: python bench/bench_parse_shapes.py [--mb 1.0] [--repeats 3]

Times ``zt.parse_article`` on bodies of about ``--mb`` MB each made of one
repeated shape (dense tags, tables, misnested formatting, comments, deep
nesting, the rules that look at an element's neighbours), next to an ordinary
article (the bundled sample repeated), and, in the same run, two peers that
read the same bytes: the standard library's ``html.parser`` (a tokenizer that
builds no tree) and ``lxml.html.fragments_fromstring`` (libxml2's parser,
trafilatura's front end) when lxml is installed. Medians of interleaved rounds;
prints ms/MB, the ratio to the 50 ms/MB target and to each peer. Shapes the
shape check rejects (too deep, too many attributes) are timed to the error.

For the corpus throughput against trafilatura see bench/bench_articles.py.
"""

from __future__ import annotations

import argparse
import sys
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import zhtext as zt
from _common import interleaved_medians

TARGET_MS_PER_MB = 50.0
QUADRATIC_FOR_HTML_PARSER = {"a<n"}

HEADERS = {
    "rfa": "<!--1654614058000-->\n[t](https://www.rfa.org/mandarin/a/b.html)\n------\n\n",
    "nyt": "<!--1654614058000-->\n[t](https://cn.nytimes.com/world/20220601/x/)\n------\n\n",
    "dw": "<!--1654614058000-->\n[t](https://www.dw.com/zh/x/a-1)\n------\n\n",
}


def shapes(mb: float) -> dict[str, tuple[str, str]]:
    """Shape name -> (outlet header, body) of about ``mb`` MB."""

    def fill(unit: str) -> str:
        return unit * max(1, int(mb * 1e6 / len(unit.encode())))

    sample = (Path(zt.__file__).parent / "data" / "sample_article.md").read_text(encoding="utf-8")
    sample_body = sample.split("------\n", 1)[1]
    return {
        "ordinary article (sample)": ("rfa", fill(sample_body)),
        "<p>字</p>": ("rfa", fill("<p>字</p>")),
        "<span>a</span>": ("rfa", fill("<span>a</span>")),
        "tables": ("rfa", fill("<table><tr><td>x</td></tr></table>")),
        "<b><i>x</b></i>": ("rfa", fill("<b><i>x</b></i>")),
        "comments": ("rfa", fill("<!--c-->")),
        "a<n": ("rfa", fill("a<n")),
        "1,500 nested divs": ("rfa", "<div>" * 1500 + "x" + "</div>" * 1500),
        "1,500 nested divs + <p>x</p>": ("rfa", "<div>" * 1500 + fill("<p>x</p>")),
        "<div> of <small>s": ("dw", "<div>" + fill("<small>x</small>")),
        "nyt: 1,500 divs over empty tags": ("nyt", "<div> " * 1500 + fill("<b></b>")),
        "rfa: 600 nested lists": ("rfa", "<ol><li>" * 600 + fill("<span>x</span>")),
        "200 figures over images": ("rfa", "<figure>" * 200 + fill('<img src="a.jpg">')),
        "stray end tags": ("rfa", fill("<div></span>")),
        # Markup html5ever's builder read before zhtext's had rules for it.
        "forms and buttons": ("rfa", fill("<form action=s><p>字<input name=q><button>搜</button></form>")),
        "<select>s": ("rfa", fill("<select><option>甲<option>乙<optgroup><option>丙</select>")),
        "elements a table moves out": ("rfa", fill("<table><tr><div>字</div><td>x</td></tr></table>")),
        "ruby": ("rfa", fill("<ruby>字<rp>(<rt>zi<rp>)</ruby>")),
        "<nobr>, <object>, <marquee>": ("rfa", fill("<nobr>字</nobr><object><p>x</object><marquee>y</marquee>")),
        "<html>/<body> tags in the body": ("rfa", fill("<p>字</p><body class=a></body><html lang=zh>")),
        "<p>字</p>s, then a <form>": ("rfa", fill("<p>字</p>") + "<form><input></form>"),
        "<p>字</p>s, then <svg>": ("rfa", fill("<p>字</p>") + "<svg></svg>"),
        "inline SVG icons": ("rfa", fill('<p>字<svg viewBox="0 0 9 9"><path d="M0 0"/></svg></p>')),
        "table captions": ("rfa", fill("<table><caption>字</caption><tr><td>x</table>")),
        # The one element left to html5ever's builder: a body with a
        # `<template` goes there before zhtext's builder reads anything.
        "<p>字</p>s, then <template>": ("rfa", fill("<p>字</p>") + "<template>x</template>"),
    }


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.count += 1


def html_parser(body: str) -> int:
    parser = _Tokens()
    parser.feed(body)
    parser.close()
    return parser.count


def parse_or_error(document: str) -> object:
    try:
        return zt.parse_article(document)
    except zt.ArticleError as err:
        return err


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=1.0, help="size of each shape's body")
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    try:
        import lxml.html

        def lxml_fragments(body: str) -> object:
            return lxml.html.fragments_fromstring(body)
    except ImportError:
        lxml_fragments = None
    peers = ["html.parser"] + (["lxml"] if lxml_fragments else [])
    peer_heads = " | ".join(f"{'× ' + p:>13}" for p in peers)
    print(f"| {'shape':<34} | {'MB':>5} | {'zhtext ms/MB':>12} | {'× target':>8} | {peer_heads} | outcome")
    print(f"|{'-' * 36}|{'-' * 6}:|{'-' * 13}:|{'-' * 9}:|" + "|".join("-" * 14 + ":" for _ in peers) + "|---")
    for name, (outlet, body) in shapes(a.mb).items():
        document = HEADERS[outlet] + body
        mb = len(document.encode()) / 1e6
        contenders = {"zhtext": lambda d=document: parse_or_error(d)}
        # html.parser rescans the rest of the input at each `<` that starts no tag (quadratic: minutes).
        if name not in QUADRATIC_FOR_HTML_PARSER:
            contenders["html.parser"] = lambda b=body: html_parser(b)
        if lxml_fragments:
            contenders["lxml"] = lambda b=body: lxml_fragments(b)
        seconds = interleaved_medians(contenders, a.repeats, min_seconds=0.2)
        outcome = parse_or_error(document)
        outcome = type(outcome).__name__ if isinstance(outcome, Exception) else f"{len(outcome.paragraphs)} paragraphs"
        ms_per_mb = seconds["zhtext"] * 1e3 / mb
        ratios = " | ".join(f"{seconds[p] / seconds['zhtext']:13.2f}" if p in seconds else f"{'–':>13}" for p in peers)
        target = ms_per_mb / TARGET_MS_PER_MB
        print(f"| {name:<34} | {mb:5.2f} | {ms_per_mb:12.1f} | {target:8.2f} | {ratios} | {outcome}")
    print("\n× target: zhtext's ms/MB over 50 (≤ 1 meets issue 20's target); × peer: the peer's time over zhtext's")


if __name__ == "__main__":
    main()
