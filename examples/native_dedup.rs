//! MinHash signatures and LSH over archive files in a loop, in pure Rust,
//! on one thread: the native baseline of `bench/bench_dedup.py`, and a
//! target for `perf record`. Times are the thread's CPU time where Linux
//! reports it (`/proc/thread-self/schedstat`): on a shared machine wall
//! time measures the neighbours.
//!
//! `cargo run --release --example native_dedup -- ROUNDS FILE...`

use zhtext::article::{parse_bytes, EncodingErrors};
use zhtext::dedup::{near_duplicates, Bands, MinHasher, Scheme, Script, Shingler, Signatures};

#[allow(dead_code)] // each example uses part of it
mod common;
use common::{median, now};

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let texts: Vec<String> = args
        .filter_map(|path| {
            let bytes = std::fs::read(&path).expect("readable file");
            parse_bytes(&bytes, Some(&path), EncodingErrors::Strict)
                .ok()
                .map(|article| article.text())
        })
        .collect();
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    let shingler = Shingler::new(5, Script::Auto).expect("a valid size");
    let hasher = MinHasher::new(Scheme::Affine32, 128, 1, shingler).expect("valid parameters");
    let bands = Bands::new(0.8, 128, None).expect("a valid threshold");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .use_current_thread()
        .build()
        .expect("a thread pool");
    let (mut signing, mut matching) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let start = now();
        let Signatures::Affine32(signatures) = pool.install(|| hasher.signatures(&texts)) else {
            unreachable!("affine32 signatures are u32")
        };
        signing.push(now() - start);
        let start = now();
        let pairs =
            pool.install(|| near_duplicates::<u32, String>(signatures.view(), bands, 0.8, None));
        matching.push(now() - start);
        std::hint::black_box(pairs);
    }
    let (signing, matching) = (median(signing), median(matching));
    println!(
        "{} texts, {} characters each on average; one thread, median of {rounds}:",
        texts.len(),
        chars / texts.len().max(1)
    );
    println!(
        "signatures {:.1} µs/text ({:.1} ns/character), LSH {:.2} µs/text, {:.0} texts/s in all",
        signing / texts.len() as f64 * 1e6,
        signing / chars as f64 * 1e9,
        matching / texts.len() as f64 * 1e6,
        texts.len() as f64 / (signing + matching)
    );
}
