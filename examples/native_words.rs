//! `discover` over archive files in a loop, in pure Rust, on one thread:
//! the native baseline of `bench/bench_words.py`, and a target for
//! `perf record`. Times are the thread's CPU time where Linux reports it
//! (`/proc/thread-self/schedstat`): on a shared machine wall time measures
//! the neighbours. With `--dump FILE` the candidates of the last round are
//! written to FILE as tab-separated rows (floats in full precision), so two
//! builds can be compared with `cmp`.
//!
//! `cargo run --profile bench --example native_words -- [--dump FILE] ROUNDS FILE...`

use std::io::Write;

use zhtext::article::{parse_bytes, EncodingErrors};
use zhtext::segment::Segmenter;
use zhtext::words::{discover, Config};

#[allow(dead_code)] // each example uses part of it
mod common;
use common::{median, now};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut option = |name: &str| {
        args.iter().position(|a| a == name).map(|at| {
            args.drain(at..at + 2)
                .nth(1)
                .expect("a value after the option")
        })
    };
    let dump = option("--dump");
    let mut config = Config::default();
    let number = |value: String| value.parse::<usize>().expect("a number");
    if let Some(n) = option("--max-len") {
        config.max_len = number(n);
    }
    if let Some(n) = option("--min-count") {
        config.min_count = number(n) as u32;
    }
    if let Some(n) = option("--max-ngrams") {
        config.max_ngrams = number(n);
    }
    let mut args = args.into_iter();
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let texts: Vec<String> = args
        .flat_map(|path| {
            let bytes = std::fs::read(&path).expect("readable file");
            if path.ends_with(".utf8") || path.ends_with(".txt") {
                let text = String::from_utf8(bytes).expect("UTF-8 text");
                return text.lines().map(str::to_owned).collect();
            }
            parse_bytes(&bytes, Some(&path), EncodingErrors::Strict)
                .ok()
                .map(|article| article.text())
                .into_iter()
                .collect::<Vec<_>>()
        })
        .collect();
    let mb = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    let segmenter = Segmenter::new();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .use_current_thread()
        .build()
        .expect("a thread pool");
    let mut times = Vec::new();
    let mut found = None;
    for _ in 0..rounds {
        let start = now();
        found = Some(pool.install(|| discover(&texts, &segmenter, &config).expect("valid config")));
        times.push(now() - start);
    }
    let seconds = median(times);
    println!(
        "{} texts, {mb:.2} MB; one thread, median of {rounds}: {seconds:.3} s, {:.2} MB/s",
        texts.len(),
        mb / seconds
    );
    if let (Some(path), Some(found)) = (dump, found) {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("writable dump"));
        for c in &found.candidates {
            writeln!(
                out,
                "{}\t{}\t{}\t{:?}\t{:?}\t{:?}\t{:?}\t{}\t{}\t{:?}\t{:?}",
                c.word,
                c.count,
                c.documents,
                c.cohesion,
                c.left_entropy,
                c.right_entropy,
                c.score,
                c.in_dictionary,
                c.compound,
                c.conflicts,
                c.novelty
            )
            .expect("written dump");
        }
    }
}
