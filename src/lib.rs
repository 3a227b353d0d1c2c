//! zhtext: Chinese news text analytics.
//!
//! Pure Rust cores, each usable without Python:
//! - [`analysis`]: one pass over an article (tokens, keywords, mentions,
//!   quotes from one cut and one tagging), for `zhtext analyze`;
//! - [`segment`]: jieba-compatible word segmentation and POS tagging;
//! - [`keywords`]: TF-IDF and TextRank keywords, corpus IDF, term counts;
//! - [`words`]: new-word discovery (n-gram cohesion and boundary entropy);
//! - [`article`]: archive files to clean, structured articles;
//! - [`convert`]: simplified ↔ traditional conversion, OpenCC-compatible;
//! - [`dedup`]: near-duplicate texts by MinHash and LSH;
//! - [`mentions`]: people, places and organisations named, and who is quoted;
//! - [`sources`]: directories, globs, zip and tar archives streamed as one
//!   ordered list of inputs, with size limits and unsafe members reported;
//! - [`error`]: the kinds of core errors, mapped once onto Python exceptions;
//! - [`jsonl`]: Arrow record batches as JSON Lines, written with serde;
//! - [`parallel`]: rayon pools sized per call, for the batch APIs;
//! - [`parquet_writer`]: Arrow record batches streamed into one Parquet file;
//! - [`schema`]: the Arrow types of every table zhtext returns.
//!
//! The Python extension (`zhtext._zhtext`) is the `python` module, built
//! only with the `python` feature; it converts types and nothing more.

pub mod analysis;
pub mod article;
pub mod convert;
pub mod dedup;
pub mod error;
pub mod jsonl;
pub mod keywords;
pub mod mentions;
pub mod parallel;
pub mod parquet_writer;
pub mod schema;
pub mod segment;
pub mod sources;
pub mod words;

#[cfg(feature = "python")]
mod python;

/// Ask for the cache line at `at` to be brought into the cache: a hint, so
/// that several lookups' misses are waited for together rather than in turn.
#[inline(always)]
pub(crate) fn prefetch<T>(at: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it never faults, whatever the address.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(at.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}
