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

/// What [`TermFilter::apply`] needs to know of a word, from one pass over
/// its characters.
struct Shape {
    chars: usize,
    any_alphanumeric: bool,
    any_numeric: bool,
    /// Only numerals and the signs that go with numbers (`.,%-+`).
    number_like: bool,
    any_uppercase: bool,
}

fn shape(word: &str) -> Shape {
    let mut s = Shape {
        chars: 0,
        any_alphanumeric: false,
        any_numeric: false,
        number_like: true,
        any_uppercase: false,
    };
    for c in word.chars() {
        s.chars += 1;
        if matches!(c, '\u{4E00}'..='\u{9FFF}') {
            // Nearly every character of Chinese text: a letter (category
            // Lo), never a numeral. Checked first, because the general
            // Unicode tables are slow for it.
            s.any_alphanumeric = true;
            s.number_like = false;
        } else if c.is_numeric() {
            s.any_alphanumeric = true;
            s.any_numeric = true;
        } else if c.is_alphabetic() {
            s.any_alphanumeric = true;
            s.number_like = false;
            s.any_uppercase |= c.is_uppercase();
        } else if !matches!(c, '.' | ',' | '%' | '-' | '+') {
            s.number_like = false;
        }
    }
    s
}

impl TermFilter {
    /// The term `word` stands for, or `None` if it is filtered out.
    pub fn apply<'a>(&self, word: &'a str) -> Option<Cow<'a, str>> {
        let shape = shape(word);
        if shape.chars < self.min_length.max(1)
            || (self.drop_punctuation && !shape.any_alphanumeric)
            || (self.drop_numbers && shape.any_numeric && shape.number_like)
        {
            return None;
        }
        let term = if self.lowercase && shape.any_uppercase {
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

impl CountMatrix {
    /// The rows of `parts` one after another, over the union of their
    /// vocabularies (sorted, as [`count_fit`] makes it): equal to counting
    /// all their texts at once. Each part's vocabulary is sorted, so mapping
    /// its columns into the union keeps every row sorted.
    pub fn concat(parts: Vec<CountMatrix>) -> CountMatrix {
        if parts.len() == 1 {
            return parts.into_iter().next().expect("one part");
        }
        let mut terms: Vec<&str> = parts
            .iter()
            .flat_map(|p| p.terms.iter().map(String::as_str))
            .collect();
        terms.par_sort_unstable();
        terms.dedup();
        let column: FxHashMap<&str, i32> = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (*t, i as i32))
            .collect();
        let mut out = CountMatrix {
            indptr: vec![0],
            ..CountMatrix::default()
        };
        for part in &parts {
            let remap: Vec<i32> = part.terms.iter().map(|t| column[t.as_str()]).collect();
            let base = out.indices.len() as i64;
            out.indptr.extend(part.indptr[1..].iter().map(|p| p + base));
            out.indices
                .extend(part.indices.iter().map(|&i| remap[i as usize]));
            out.data.extend_from_slice(&part.data);
        }
        out.terms = terms.into_iter().map(str::to_owned).collect();
        out
    }
}

/// One document's counts by column, built with a slot per column that is
/// reset after each document, so counting does not hash a term twice.
#[derive(Default)]
struct RowBuilder {
    /// Position in `row` of each column's count, `u32::MAX` if absent.
    slot: Vec<u32>,
    row: Vec<(i32, i64)>,
}

impl RowBuilder {
    fn add(&mut self, column: u32) {
        if column as usize >= self.slot.len() {
            self.slot.resize(column as usize + 1, u32::MAX);
        }
        let slot = &mut self.slot[column as usize];
        if *slot == u32::MAX {
            *slot = self.row.len() as u32;
            self.row.push((column as i32, 1));
        } else {
            self.row[*slot as usize].1 += 1;
        }
    }

    fn finish(&mut self) -> Vec<(i32, i64)> {
        for &(column, _) in &self.row {
            self.slot[column as usize] = u32::MAX;
        }
        std::mem::take(&mut self.row)
    }
}

/// Texts per rayon task.
fn chunk_size(n: usize) -> usize {
    (n / (rayon::current_num_threads() * 4)).clamp(1, 512)
}

/// The counts of a run of documents over the run's own vocabulary.
struct ChunkCounts<'a> {
    terms: Vec<Cow<'a, str>>,
    rows: Vec<Vec<(i32, i64)>>,
}

fn count_chunk<'a, T: AsRef<str>>(
    segmenter: &Segmenter,
    texts: &'a [T],
    mode: Mode,
    hmm: bool,
    filter: &TermFilter,
) -> ChunkCounts<'a> {
    let mut ids: FxHashMap<Cow<'a, str>, u32> = FxHashMap::default();
    let mut terms = Vec::new();
    let mut builder = RowBuilder::default();
    let mut rows = Vec::with_capacity(texts.len());
    for text in texts {
        segmenter.cut_each(text.as_ref(), mode, hmm, |w| {
            if let Some(term) = filter.apply(w) {
                let next = terms.len() as u32;
                let id = *ids.entry(term).or_insert_with_key(|t| {
                    terms.push(t.clone());
                    next
                });
                builder.add(id);
            }
        });
        rows.push(builder.finish());
    }
    ChunkCounts { terms, rows }
}

fn to_csr(
    rows: impl IntoIterator<Item = Vec<(i32, i64)>>,
    n_rows: usize,
    terms: Vec<String>,
) -> CountMatrix {
    let mut m = CountMatrix {
        indptr: Vec::with_capacity(n_rows + 1),
        indices: Vec::new(),
        data: Vec::new(),
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
    let chunks: Vec<ChunkCounts<'_>> = texts
        .par_chunks(chunk_size(texts.len()))
        .map(|chunk| count_chunk(segmenter, chunk, mode, hmm, filter))
        .collect();
    let mut vocabulary: Vec<&str> = chunks
        .iter()
        .flat_map(|c| c.terms.iter().map(|t| t.as_ref()))
        .collect::<FxHashSet<&str>>()
        .into_iter()
        .collect();
    vocabulary.par_sort_unstable();
    let column: FxHashMap<&str, i32> = vocabulary
        .iter()
        .enumerate()
        .map(|(i, t)| (*t, i as i32))
        .collect();
    let rows: Vec<Vec<Vec<(i32, i64)>>> = chunks
        .par_iter()
        .map(|chunk| {
            let global: Vec<i32> = chunk.terms.iter().map(|t| column[t.as_ref()]).collect();
            chunk
                .rows
                .iter()
                .map(|row| {
                    let mut row: Vec<(i32, i64)> = row
                        .iter()
                        .map(|&(id, c)| (global[id as usize], c))
                        .collect();
                    row.sort_unstable();
                    row
                })
                .collect()
        })
        .collect();
    let terms = vocabulary.into_iter().map(str::to_owned).collect();
    to_csr(rows.into_iter().flatten(), texts.len(), terms)
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
    let rows: Vec<Vec<Vec<(i32, i64)>>> = texts
        .par_chunks(chunk_size(texts.len()))
        .map(|chunk| {
            let mut builder = RowBuilder::default();
            chunk
                .iter()
                .map(|text| {
                    segmenter.cut_each(text.as_ref(), mode, hmm, |w| {
                        if let Some(&column) =
                            filter.apply(w).and_then(|t| vocabulary.get(t.as_ref()))
                        {
                            builder.add(column as u32);
                        }
                    });
                    let mut row = builder.finish();
                    row.sort_unstable();
                    row
                })
                .collect()
        })
        .collect();
    to_csr(rows.into_iter().flatten(), texts.len(), Vec::new())
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

    #[test]
    fn concatenated_parts_equal_one_count() {
        let segmenter = Segmenter::new();
        let filter = filter();
        let texts = [
            "台风登陆福建",
            "暴雨袭击广东",
            "台风登陆浙江 福建",
            "",
            "广东 暴雨",
        ];
        let whole = count_fit(&segmenter, &texts, Mode::Default, true, &filter);
        let parts = vec![
            count_fit(&segmenter, &texts[..2], Mode::Default, true, &filter),
            count_fit(&segmenter, &texts[2..4], Mode::Default, true, &filter),
            count_fit(&segmenter, &texts[4..], Mode::Default, true, &filter),
        ];
        assert_eq!(CountMatrix::concat(parts), whole);
    }
}
