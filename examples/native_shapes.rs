//! Where parsing time goes, by the shape of the HTML: html5ever's own
//! tokenizer alone (no tree; for comparison, zhtext does not use it), the
//! tree into `article::dom` (zhtext's tokenizer with the shape limits and
//! zhtext's tree builder, html5ever's for a body with a `<template>`), the
//! same tree from html5ever's tree builder (the body with an empty
//! `<template></template>` appended, which sends it there: the builder
//! zhtext's is measured against), and the whole `parse_article`, in ms per MB
//! (medians of the thread's CPU time per call: on a shared machine wall time
//! measures the neighbours). The native side of
//! `bench/bench_parse_shapes.py`.
//!
//! `cargo run --profile iter --example native_shapes [SHAPE [--loop N]]`:
//! with `--loop N` only `parse_article` runs, N times, as a target for
//! `perf record`.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer};
use zhtext::article::dom::Dom;
use zhtext::article::parse_article;

#[allow(dead_code)] // each example uses part of it
mod common;
use common::{median, now};

/// Tokens dropped as they come: the tokenizer's own cost.
struct Discard;

impl TokenSink for Discard {
    type Handle = ();

    fn process_token(&self, _token: Token, _line: u64) -> TokenSinkResult<()> {
        TokenSinkResult::Continue
    }
}

fn tokenize(html: &str) {
    let tokenizer = Tokenizer::new(Discard, Default::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
}

/// CPU seconds per call of `f`, called until a tenth of a second has
/// passed (the thread's clock ticks in milliseconds).
fn seconds(mut f: impl FnMut()) -> f64 {
    let start = now();
    let mut calls = 0;
    while calls == 0 || now() - start < 0.1 {
        f();
        calls += 1;
    }
    (now() - start) / f64::from(calls)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let only = args.first().filter(|a| !a.starts_with("--"));
    let loops: Option<usize> = args
        .iter()
        .position(|a| a == "--loop")
        .and_then(|at| args.get(at + 1)?.parse().ok());
    let header = "<!--1654614058000-->\n[t](https://www.rfa.org/a/b.html)\n------\n\n";
    let attributes: Vec<String> = (0..100_000).map(|i| format!("a{i}=1")).collect();
    let shapes = [
        ("stray_end", "<div></span>".repeat(64_000)),
        ("attrs", format!("<p {}>x</p>", attributes.join(" "))),
        ("comments", "<!--c-->".repeat(100_000)),
        (
            "nested_div",
            format!("{}x{}", "<div>".repeat(1500), "</div>".repeat(1500)),
        ),
        ("many_p", "<p>字</p>".repeat(100_000)),
        ("many_span", "<span>a</span>".repeat(100_000)),
        (
            "tables",
            "<table><tr><td>x</td></tr></table>".repeat(30_000),
        ),
        ("lt", "a<n".repeat(200_000)),
        ("b_i", "<b><i>x</b></i>".repeat(40_000)),
        ("formatting", "<a><b><i><u>x".repeat(5_000)),
        (
            "div_of_smalls",
            format!("<div>{}", "<small>x</small>".repeat(60_000)),
        ),
        // Shapes html5ever's whole parser read before the tokenizer
        // covered carriage returns, script data and CDATA.
        ("crlf", "<p>新闻正文。</p>\r\n".repeat(100_000)),
        (
            "scripts",
            "<p>x</p><script>if (a<b) { w('</p>'); }<!--<script></script>--></script>"
                .repeat(30_000),
        ),
        ("svg_cdata", "<svg><![CDATA[a<b]]></svg>".repeat(40_000)),
        // Markup html5ever's builder read before ours had rules for it.
        (
            "forms",
            "<form action=s><p>字<input name=q><button>搜</button></form>".repeat(20_000),
        ),
        (
            "selects",
            "<select><option>甲<option>乙<optgroup><option>丙</select>".repeat(20_000),
        ),
        (
            "table_fostered",
            "<table><tr><div>字</div><td>x</td></tr></table>".repeat(20_000),
        ),
        ("ruby", "<ruby>字<rp>(<rt>zi<rp>)</ruby>".repeat(30_000)),
        (
            "nobr_object",
            "<nobr>字</nobr><object><p>x</object><marquee>y</marquee>".repeat(20_000),
        ),
        (
            "body_tags",
            "<p>字</p><body class=a></body><html lang=zh>".repeat(20_000),
        ),
        (
            "late_form",
            format!("{}<form><input></form>", "<p>字</p>".repeat(100_000)),
        ),
        (
            "late_svg",
            format!("{}<svg></svg>", "<p>字</p>".repeat(100_000)),
        ),
        (
            "svg_icons",
            "<p>字<svg viewBox=\"0 0 9 9\"><path d=\"M0 0\"/></svg></p>".repeat(20_000),
        ),
        (
            "captions",
            "<table><caption>字</caption><tr><td>x</table>".repeat(20_000),
        ),
        // The one element left to html5ever's builder: a body with a
        // `<template` goes there before ours reads anything.
        (
            "late_template",
            format!("{}<template>x</template>", "<p>字</p>".repeat(100_000)),
        ),
    ];
    for (name, body) in shapes {
        if only.is_some_and(|o| o != name) {
            continue;
        }
        let document = format!("{header}{body}");
        if let Some(loops) = loops {
            for _ in 0..loops {
                drop(std::hint::black_box(parse_article(&document, None)));
            }
            continue;
        }
        let mb = document.len() as f64 / 1e6;
        let accepted = Dom::parse_fragment(&body).is_ok();
        let for_html5ever = format!("{body}<template></template>");
        let mut times: [Vec<f64>; 4] = Default::default();
        for _ in 0..5 {
            let round = [
                // Shapes over the limits are not tokenized to their end.
                seconds(|| {
                    if accepted {
                        tokenize(&body)
                    }
                }),
                seconds(|| drop(Dom::parse_fragment(&body))),
                seconds(|| drop(Dom::parse_fragment(&for_html5ever))),
                seconds(|| drop(std::hint::black_box(parse_article(&document, None)))),
            ];
            for (t, s) in times.iter_mut().zip(round) {
                t.push(s);
            }
        }
        let [tokens, tree, html5ever_tree, total] = times.map(|t| median(t) * 1e3 / mb);
        println!(
            "{name:14} {mb:5.2} MB  html5ever tokenizer {tokens:6.1}  tree {tree:6.1}  \
             html5ever's builder {html5ever_tree:6.1} ({:4.2}x)  parse_article {total:6.1} ms/MB",
            html5ever_tree / tree
        );
    }
}
