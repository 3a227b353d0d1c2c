//! Keyword extraction with `jieba.analyse` semantics: TF-IDF over an IDF
//! table (jieba's, a file, or one fitted on the user's corpus) and TextRank.

mod extract;
mod idf;
pub mod terms;

pub use extract::{extract_tags, textrank, Keyword, Options};
pub use idf::IdfTable;

use rustc_hash::FxHashSet;

/// jieba's default stop words (`KeywordExtractor.STOP_WORDS`).
pub const DEFAULT_STOP_WORDS: [&str; 32] = [
    "the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are", "by", "be", "as", "on",
    "with", "can", "if", "from", "which", "you", "it", "this", "then", "at", "have", "all", "not",
    "one", "has", "or", "that",
];

/// The default stop words as a set.
pub fn default_stop_words() -> FxHashSet<String> {
    DEFAULT_STOP_WORDS.iter().map(|w| (*w).to_owned()).collect()
}

/// Whether jieba would count `word` as a keyword candidate: not
/// `len(w.strip()) < 2 or w.lower() in stop_words`.
pub fn is_candidate(word: &str, stop_words: &FxHashSet<String>) -> bool {
    word.trim().chars().nth(1).is_some() && !stop_words.contains(&word.to_lowercase())
}
