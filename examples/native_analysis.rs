//! Native speed of the analysis pass and its parts, single-threaded, on the
//! articles of an archive folder: the script views (`Script::Auto`), a plain
//! `cut` for scale, the tagging alone, the tagging with the mention and quote
//! rules, and the whole pass (`analysis::annotate`, its own views included).
//!
//! usage: cargo run --profile iter --example native_analysis -- DIR [FILES] [REPEATS] [DUMP]
//! prints one JSON object: median CPU seconds per pass for each step. FILES are
//! taken evenly from DIR's outlet folders. With DUMP, also writes every
//! article's annotation (tokens, keywords, mentions, quotes) to that file,
//! to compare the output of two builds.

use std::path::Path;

use zhtext::analysis::annotate;
use zhtext::article::{read_article, EncodingErrors};
use zhtext::convert::{Script, ScriptView};
use zhtext::keywords::Extractor;
use zhtext::mentions::{mentions_and_quotes, Kind};
use zhtext::segment::{Mode, Segmenter};

#[allow(dead_code)] // each example uses part of it
mod common;
use common::{median, now};

/// The median CPU seconds over `repeats` runs of `pass`, each on a thread of
/// its own: with four builds sharing two cores, wall time measures the
/// neighbours, and a fresh thread starts without the runs the posseg HMM
/// remembers per thread, as a pass over texts it has not seen would.
fn time(repeats: usize, pass: impl Fn() -> usize + Sync) -> f64 {
    let times = (0..repeats)
        .map(|_| {
            std::thread::scope(|s| {
                s.spawn(|| {
                    let start = now();
                    std::hint::black_box(pass());
                    now() - start
                })
                .join()
                .expect("the pass does not panic")
            })
        })
        .collect();
    median(times)
}

/// The texts of the articles under `dir`, in path order, until `out` holds `limit`.
fn collect(dir: &Path, limit: usize, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("a readable folder")
        .map(|e| e.expect("a readable entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if out.len() >= limit {
            return;
        }
        if path.is_dir() {
            collect(&path, limit, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            if let Ok(article) = read_article(&path, EncodingErrors::Replace, u64::MAX) {
                out.push(article.text());
            }
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .expect("usage: native_analysis DIR [FILES] [REPEATS] [DUMP]");
    let max: usize = args
        .next()
        .map_or(500, |n| n.parse().expect("FILES is a number"));
    let repeats: usize = args
        .next()
        .map_or(3, |n| n.parse().expect("REPEATS is a number"));
    let dump = args.next();
    let mut outlets: Vec<_> = std::fs::read_dir(&dir)
        .expect("a readable folder")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    outlets.sort();
    let mut texts = Vec::new();
    for outlet in &outlets {
        let limit = texts.len() + max.div_ceil(outlets.len());
        collect(outlet, limit, &mut texts);
    }
    if outlets.is_empty() {
        collect(Path::new(&dir), max, &mut texts);
    }
    let seg = Segmenter::shared_embedded();
    let extractor = Extractor::default();
    let views: Vec<ScriptView<'_>> = texts
        .iter()
        .map(|t| ScriptView::new(t, Script::Auto))
        .collect();
    if let Some(dump) = dump {
        use std::fmt::Write;
        let mut out = String::new();
        for text in &texts {
            for script in [Script::Auto, Script::AsIs] {
                let found = annotate(&seg, &extractor, text, script, Some(10), true);
                writeln!(out, "{found:?}").expect("writes to a string");
            }
        }
        std::fs::write(dump, out).expect("a writable dump file");
    }
    let view = time(repeats, || {
        texts
            .iter()
            .map(|t| ScriptView::new(t, Script::Auto).text().len())
            .sum()
    });
    let cut = time(repeats, || {
        let mut n = 0;
        for view in &views {
            seg.cut_each(view.text(), Mode::Default, true, |_| n += 1);
        }
        n
    });
    let tag = time(repeats, || {
        let mut n = 0;
        for view in &views {
            seg.tag_each(view.text(), true, |_, _| n += 1);
        }
        n
    });
    let rules = time(repeats, || {
        views
            .iter()
            .map(|view| mentions_and_quotes(&seg, view, &Kind::ALL).0.len())
            .sum()
    });
    let pass = time(repeats, || {
        texts
            .iter()
            .map(|t| {
                annotate(&seg, &extractor, t, Script::Auto, Some(10), true)
                    .mentions
                    .len()
            })
            .sum()
    });
    println!(
        "{{\"files\": {}, \"script_view\": {view:.4}, \"cut\": {cut:.4}, \"tag\": {tag:.4}, \"tag_mentions_quotes\": {rules:.4}, \"annotate\": {pass:.4}}}",
        texts.len()
    );
}
