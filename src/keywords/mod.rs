//! Keyword extraction with `jieba.analyse` semantics: TF-IDF over an IDF
//! table (jieba's, a file, or one fitted on the user's corpus) and TextRank.

mod embedded_idf;
mod extract;
mod extractor;
mod filters;
mod idf;
mod script;
pub mod terms;

pub use extract::{extract_tags, textrank, Keyword, Options, TermCounts};
pub use extractor::{Extractor, ExtractorState, IdfSource, IdfState};
pub use filters::{boilerplate, Filters, FILTER_NAMES};
pub use idf::{DocumentFrequencies, IdfTable};
pub use script::{extract_in_script, KeywordBuf, Method};

use std::borrow::Cow;

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
    let mut chars = word.chars();
    let two_chars_stripped = match (chars.next(), chars.next_back()) {
        // Nothing to strip, the common case: two characters or more.
        (Some(first), Some(last)) if !first.is_whitespace() && !last.is_whitespace() => true,
        (Some(_), None) => false,
        _ => word.trim().chars().nth(1).is_some(),
    };
    two_chars_stripped && !stop_words.contains(lowercase(word).as_ref())
}

/// `word.lower()`. Chinese text and lowercase Latin, nearly every word,
/// are returned as they are, without the allocation `to_lowercase` makes.
pub fn lowercase(word: &str) -> Cow<'_, str> {
    if word.chars().all(lowercases_to_itself) {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// Characters that certainly have no lowercase form: ASCII other than
/// `A`-`Z`, and the CJK blocks from U+3000 to U+9FFF.
#[inline]
fn lowercases_to_itself(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9FFF}') || (c.is_ascii() && !c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_agrees_with_to_lowercase() {
        for c in ('\0'..='\u{9FFF}').filter(|&c| lowercases_to_itself(c)) {
            assert_eq!(c.to_lowercase().to_string(), c.to_string(), "{c:?}");
        }
        for word in ["中文", "abc", "ABC", "Covid-19", "ǅ", "ΟΔΟΣ", "İ", "中Ａ"] {
            assert_eq!(lowercase(word), word.to_lowercase(), "{word:?}");
        }
        assert!(matches!(lowercase("台风abc"), Cow::Borrowed(_)));
    }

    #[test]
    fn candidates_have_two_characters_after_stripping_and_are_not_stop_words() {
        let stop_words = default_stop_words();
        let candidate = |w| is_candidate(w, &stop_words);
        // As jieba, the word is stripped to measure it but lowercased unstripped.
        for word in ["台风", "ab", " 台风 ", "a b", "The end", " the"] {
            assert!(candidate(word), "{word:?}");
        }
        for word in [
            "",
            "台",
            " ",
            "  ",
            " 台 ",
            "\u{3000}台",
            "中\u{3000}",
            "the",
            "The",
        ] {
            assert!(!candidate(word), "{word:?}");
        }
    }
}
