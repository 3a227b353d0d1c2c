//! Term counting for corpus TF-IDF: each document's words, filtered, counted
//! into a sparse document-term matrix (CSR) over a sorted vocabulary, in
//! parallel on the current rayon pool.

use std::borrow::Cow;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::segment::{Mode, Segmenter};

/// Which words count as terms.
#[derive(Debug, Clone, Default)]
pub struct TermFilter {
    /// Lowercase Latin letters (and any other cased script).
    pub lowercase: bool,
    /// Drop words made only of punctuation, symbols and whitespace.
    pub drop_punctuation: bool,
    /// Drop words that are numbers (`2020`, `4.3`, `15%`, `１２`).
    pub drop_numbers: bool,
    /// Drop words shorter than this many characters.
    pub min_length: usize,
    /// Drop these words (compared after lowercasing).
    pub stop_words: FxHashSet<String>,
}

fn is_number(word: &str) -> bool {
    word.chars().any(char::is_numeric)
        && word
            .chars()
            .all(|c| c.is_numeric() || matches!(c, '.' | ',' | '%' | '-' | '+'))
}

impl TermFilter {
    /// The term `word` stands for, or `None` if it is filtered out.
    pub fn apply<'a>(&self, word: &'a str) -> Option<Cow<'a, str>> {
        if word.chars().count() < self.min_length.max(1) {
            return None;
        }
        if self.drop_punctuation && !word.chars().any(char::is_alphanumeric) {
            return None;
        }
        if self.drop_numbers && is_number(word) {
            return None;
        }
        let term = if self.lowercase && word.chars().any(char::is_uppercase) {
            Cow::Owned(word.to_lowercase())
        } else {
            Cow::Borrowed(word)
        };
        (!self.stop_words.contains(term.as_ref())).then_some(term)
    }
}

/// The terms of one document, in order.
pub fn document_terms<'a>(
    segmenter: &Segmenter,
    text: &'a str,
    mode: Mode,
    hmm: bool,
    filter: &TermFilter,
) -> Vec<Cow<'a, str>> {
    let mut terms = Vec::new();
    segmenter.cut_each(text, mode, hmm, |w| terms.extend(filter.apply(w)));
    terms
}

/// A document-term count matrix in CSR form, as scipy takes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountMatrix {
    pub indptr: Vec<i64>,
    /// Column of each stored count; sorted within each row.
    pub indices: Vec<i32>,
    pub data: Vec<i64>,
    /// The vocabulary, sorted (column `i` is `terms[i]`); empty when the
    /// vocabulary was given.
    pub terms: Vec<String>,
}

fn counts<'a>(terms: Vec<Cow<'a, str>>) -> FxHashMap<Cow<'a, str>, i64> {
    let mut counts = FxHashMap::default();
    for term in terms {
        *counts.entry(term).or_insert(0) += 1;
    }
    counts
}

fn to_csr(rows: Vec<Vec<(i32, i64)>>, terms: Vec<String>) -> CountMatrix {
    let nnz = rows.iter().map(Vec::len).sum();
    let mut m = CountMatrix {
        indptr: Vec::with_capacity(rows.len() + 1),
        indices: Vec::with_capacity(nnz),
        data: Vec::with_capacity(nnz),
        terms,
    };
    m.indptr.push(0);
    for row in rows {
        for (column, count) in row {
            m.indices.push(column);
            m.data.push(count);
        }
        m.indptr.push(m.indices.len() as i64);
    }
    m
}

/// Count the terms of `texts`, learning the vocabulary.
pub fn count_fit<T: AsRef<str> + Sync>(
    segmenter: &Segmenter,
    texts: &[T],
    mode: Mode,
    hmm: bool,
    filter: &TermFilter,
) -> CountMatrix {
    let docs: Vec<FxHashMap<Cow<'_, str>, i64>> = texts
        .par_iter()
        .map(|t| counts(document_terms(segmenter, t.as_ref(), mode, hmm, filter)))
        .collect();
    let mut vocabulary: Vec<&str> = docs
        .iter()
        .flat_map(|d| d.keys().map(|k| k.as_ref()))
        .collect::<FxHashSet<&str>>()
        .into_iter()
        .collect();
    vocabulary.par_sort_unstable();
    let column: FxHashMap<&str, i32> = vocabulary
        .iter()
        .enumerate()
        .map(|(i, t)| (*t, i as i32))
        .collect();
    let rows = docs
        .par_iter()
        .map(|d| {
            let mut row: Vec<(i32, i64)> =
                d.iter().map(|(t, c)| (column[t.as_ref()], *c)).collect();
            row.sort_unstable();
            row
        })
        .collect();
    let terms = vocabulary.into_iter().map(str::to_owned).collect();
    to_csr(rows, terms)
}

/// Count the terms of `texts` that are in `vocabulary` (term to column).
pub fn count_transform<T: AsRef<str> + Sync>(
    segmenter: &Segmenter,
    texts: &[T],
    mode: Mode,
    hmm: bool,
    filter: &TermFilter,
    vocabulary: &FxHashMap<String, i32>,
) -> CountMatrix {
    let rows = texts
        .par_iter()
        .map(|t| {
            let mut row: Vec<(i32, i64)> =
                counts(document_terms(segmenter, t.as_ref(), mode, hmm, filter))
                    .into_iter()
                    .filter_map(|(term, c)| vocabulary.get(term.as_ref()).map(|&col| (col, c)))
                    .collect();
            row.sort_unstable();
            row
        })
        .collect();
    to_csr(rows, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter() -> TermFilter {
        TermFilter {
            lowercase: true,
            drop_punctuation: true,
            drop_numbers: true,
            min_length: 1,
            stop_words: ["的".to_owned()].into_iter().collect(),
        }
    }

    #[test]
    fn the_filter_drops_punctuation_numbers_and_stop_words() {
        let f = filter();
        assert_eq!(f.apply("，"), None);
        assert_eq!(f.apply("2020"), None);
        assert_eq!(f.apply("4.3"), None);
        assert_eq!(f.apply("的"), None);
        assert_eq!(f.apply("GDP").as_deref(), Some("gdp"));
        assert_eq!(f.apply("新闻").as_deref(), Some("新闻"));
        assert_eq!(TermFilter { min_length: 2, ..f }.apply("我"), None);
    }

    #[test]
    fn counts_form_a_csr_matrix_over_a_sorted_vocabulary() {
        let segmenter = Segmenter::new();
        let texts = ["台风登陆福建，台风", "福建的新闻"];
        let m = count_fit(&segmenter, &texts, Mode::Default, true, &filter());
        assert_eq!(m.terms, ["台风", "新闻", "登陆", "福建"]);
        assert_eq!(m.indptr, [0, 3, 5]);
        assert_eq!(m.indices, [0, 2, 3, 1, 3]);
        assert_eq!(m.data, [2, 1, 1, 1, 1]);
        let vocabulary = m
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as i32))
            .collect();
        let t = count_transform(
            &segmenter,
            &["新闻台风新闻，暴雨"],
            Mode::Default,
            true,
            &filter(),
            &vocabulary,
        );
        assert_eq!(
            (t.indptr, t.indices, t.data),
            (vec![0, 2], vec![0, 1], vec![1, 2])
        );
    }
}
