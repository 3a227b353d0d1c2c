//! Parse archive files in a loop, in pure Rust: the native baseline that
//! `bench/bench_articles.py` compares the Python call with, and a target for
//! `perf record`.
//!
//! `cargo run --release --example native_articles -- ROUNDS FILE...`

use std::time::Instant;

use zhtext::article::{parse_bytes, EncodingErrors};

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let files: Vec<(String, Vec<u8>)> = args
        .map(|path| {
            let bytes = std::fs::read(&path).expect("readable file");
            (path, bytes)
        })
        .collect();
    let total_bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut times = Vec::new();
    for _ in 0..rounds {
        let start = Instant::now();
        let mut paragraphs = 0;
        for (path, bytes) in &files {
            if let Ok(article) = parse_bytes(bytes, Some(path), EncodingErrors::Strict) {
                paragraphs += article.paragraphs.len();
            }
        }
        times.push(start.elapsed().as_secs_f64());
        std::hint::black_box(paragraphs);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "{} files, median {:.1} µs/file, {:.1} MB/s",
        files.len(),
        median / files.len() as f64 * 1e6,
        total_bytes as f64 / median / 1e6
    );
}
