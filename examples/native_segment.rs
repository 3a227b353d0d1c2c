//! Native speed of segmentation, for bench/bench_segment.py: jieba-rs alone
//! and zhtext's core, on the lines of a UTF-8 file, single-threaded.
//!
//! usage: cargo run --release --example native_segment -- FILE [REPEATS]
//! prints one JSON object: median CPU seconds per pass for each contender.

use arrow_array::builder::{LargeListBuilder, LargeStringBuilder};
use arrow_array::Array;
use zhtext::segment::{Mode, Segmenter};

#[allow(dead_code)] // each example uses part of it
mod common;
use common::{median, now};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: native_segment FILE [REPEATS]");
    let repeats: usize = args
        .next()
        .map_or(7, |r| r.parse().expect("REPEATS is a number"));
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let lines: Vec<&str> = text.lines().collect();

    // jieba-rs with the same dictionary zhtext embeds.
    let jieba =
        jieba_rs::Jieba::with_dict(&mut include_str!("../src/segment/data/dict.txt").as_bytes())
            .expect("jieba's dictionary loads");
    let segmenter = Segmenter::new();
    // Warm up both (lazy tables, caches).
    for line in &lines {
        jieba.cut(line, true);
        segmenter.cut(line, true);
    }
    // Rounds interleave the contenders, so that a change in the machine's
    // load falls on all of them; each is timed in CPU seconds.
    let mut times: [Vec<f64>; 3] = Default::default();
    for _ in 0..repeats {
        let start = now();
        let words: usize = lines.iter().map(|l| jieba.cut(l, true).len()).sum();
        times[0].push(now() - start);
        let start = now();
        let words = words
            + lines
                .iter()
                .map(|l| segmenter.cut(l, true).len())
                .sum::<usize>();
        times[1].push(now() - start);
        std::hint::black_box(words);
        // The words of every line into one Arrow list array, as
        // `cut_many(output="arrow")` builds it.
        let start = now();
        let mut lists = LargeListBuilder::new(LargeStringBuilder::new());
        for line in &lines {
            segmenter.cut_each(line, Mode::Default, true, |w| {
                lists.values().append_value(w)
            });
            lists.append(true);
        }
        std::hint::black_box(lists.finish().len());
        times[2].push(now() - start);
    }
    let [jieba_rs, zhtext_core, zhtext_columnar] = times.map(median);
    println!(
        "{{\"bytes\": {}, \"jieba_rs\": {jieba_rs}, \"zhtext_core\": {zhtext_core}, \"zhtext_core_columnar\": {zhtext_columnar}}}",
        text.len()
    );
}
