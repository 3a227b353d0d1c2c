//! Where parsing time goes, by the shape of the HTML: the shape check,
//! html5ever's own tokenizer alone (no tree; for comparison, zhtext does
//! not use it), the tree into `article::dom`
//! (zhtext's tokenizer and html5ever's tree builder), and the whole
//! `parse_article`, in ms per MB (best of five). The native side of
//! `bench/bench_parse_shapes.py` and a target for `perf record`.
//!
//! `cargo run --profile iter --example native_shapes [SHAPE]`

use std::time::Instant;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer};
use zhtext::article::dom::Dom;
use zhtext::article::{parse_article, shape};

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

fn seconds(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64()
}

fn main() {
    let only = std::env::args().nth(1);
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
    ];
    for (name, body) in shapes {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let document = format!("{header}{body}");
        let mb = document.len() as f64 / 1e6;
        let mut best = [f64::MAX; 4];
        for _ in 0..5 {
            let mut accepted = false;
            let times = [
                seconds(|| accepted = shape::check(&body).is_ok()),
                // Only shapes the check accepts reach the tokenizer and tree builder.
                seconds(|| {
                    if accepted {
                        tokenize(&body)
                    }
                }),
                seconds(|| {
                    if accepted {
                        drop(Dom::parse_fragment(&body))
                    }
                }),
                seconds(|| drop(std::hint::black_box(parse_article(&document, None)))),
            ];
            for (b, t) in best.iter_mut().zip(times) {
                *b = b.min(t);
            }
        }
        let [check, tokens, tree, total] = best.map(|s| s * 1e3 / mb);
        println!("{name:14} {mb:5.2} MB  check {check:6.1}  html5ever tokenizer {tokens:6.1}  tree {tree:6.1}  parse_article {total:6.1} ms/MB");
    }
}
