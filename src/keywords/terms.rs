//! Term counting for corpus TF-IDF: each document's words, filtered, counted
//! into a sparse document-term matrix (CSR) over a sorted vocabulary, in
//! parallel on the current rayon pool. Called outside any pool (a batch too
//! small to be worth handing to one, see [`crate::parallel::INLINE_MAX_BYTES`])
//! the counting runs on the calling thread.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::hash::BuildHasher;
use std::sync::Mutex;

use rayon::prelude::ParallelSliceMut;
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use crate::convert::{fold_to_simplified, Script};
use crate::segment::{Mode, Segmenter};

/// Which words count as terms, which runs of them, and how a text is read
/// into words.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TermFilter {
    /// How traditional text is cut (words keep the text's characters).
    pub script: Script,
    /// Count terms in simplified characters (`fold_script="simplified"`):
    /// texts are converted as [`fold_to_simplified`] does before cutting.
    pub fold_to_simplified: bool,
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
    /// Terms are the runs of `n` consecutive kept words, for `n` from the
    /// first to the second number, joined by a space: scikit-learn's word
    /// n-grams (`(1, 1)`: the words themselves).
    pub ngram_range: (usize, usize),
}

/// How an analyzer turns a text into terms: the cutting mode, the HMM and
/// the filter. Saved with serde (pickles).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TermSettings {
    pub mode: Mode,
    pub hmm: bool,
    pub filter: TermFilter,
}

/// What [`TermFilter::apply`] needs to know of a word, from one pass over
/// its characters.
pub(super) struct Shape {
    pub(super) chars: usize,
    pub(super) any_alphanumeric: bool,
    pub(super) any_numeric: bool,
    /// Only numerals and the signs that go with numbers (`.,%-+`).
    pub(super) number_like: bool,
}

pub(super) fn shape(word: &str) -> Shape {
    let mut s = Shape {
        chars: 0,
        any_alphanumeric: false,
        any_numeric: false,
        number_like: true,
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
        let term = if self.lowercase {
            super::lowercase(word)
        } else {
            Cow::Borrowed(word)
        };
        (!self.stop_words.contains(term.as_ref())).then_some(term)
    }
}

impl TermFilter {
    /// Whether terms are the words themselves (no longer n-grams).
    fn words_only(&self) -> bool {
        self.ngram_range == (1, 1)
    }
}

/// The terms of one document, in scikit-learn's order: the kept words, then
/// the n-grams by increasing `n`, each in order.
pub fn document_terms<'a>(
    segmenter: &Segmenter,
    text: &'a str,
    mode: Mode,
    hmm: bool,
    filter: &TermFilter,
) -> Vec<Cow<'a, str>> {
    let mut words = Vec::new();
    if filter.fold_to_simplified {
        let folded = fold_to_simplified(text, filter.script);
        segmenter.cut_each(&folded, mode, hmm, |w| {
            words.extend(filter.apply(w).map(|t| Cow::Owned(t.into_owned())))
        });
    } else {
        segmenter.cut_in_script_each(text, filter.script, mode, hmm, |w| {
            words.extend(filter.apply(w))
        });
    }
    if filter.words_only() {
        return words;
    }
    let (min_n, max_n) = filter.ngram_range;
    let mut terms = Vec::new();
    for n in min_n..=max_n.min(words.len()) {
        for window in words.windows(n) {
            terms.push(if n == 1 {
                window[0].clone()
            } else {
                Cow::Owned(window.join(" "))
            });
        }
    }
    terms
}

/// `texts` as [`fold_to_simplified`] gives them, and the filter to count
/// them with (one that reads them as they are); `None` when not folding.
fn folded<'t, T: AsRef<str> + Sync>(
    texts: &'t [T],
    filter: &TermFilter,
) -> Option<(Vec<Cow<'t, str>>, TermFilter)> {
    filter.fold_to_simplified.then(|| {
        let fold = |t: &'t T| fold_to_simplified(t.as_ref(), filter.script);
        let texts = if crate::parallel::in_pool() {
            let chunk_len = crate::parallel::task_len(texts.len(), 64);
            crate::parallel::map_chunks_collect(texts, chunk_len, |chunk| {
                chunk.iter().map(fold).collect::<Vec<_>>()
            })
            .concat()
        } else {
            texts.iter().map(fold).collect()
        };
        let as_is = TermFilter {
            script: Script::AsIs,
            fold_to_simplified: false,
            ..filter.clone()
        };
        (texts, as_is)
    })
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
        // Each part's vocabulary is sorted: merge them, noting where each
        // part's terms land in the union.
        let mut terms: Vec<String> = Vec::new();
        let mut columns: Vec<Vec<i32>> = parts
            .iter()
            .map(|p| Vec::with_capacity(p.terms.len()))
            .collect();
        let mut heads: BinaryHeap<Reverse<(&str, usize)>> = parts
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Some(Reverse((p.terms.first()?.as_str(), i))))
            .collect();
        while let Some(Reverse((term, i))) = heads.pop() {
            if terms.last().map(String::as_str) != Some(term) {
                terms.push(term.to_owned());
            }
            columns[i].push(terms.len() as i32 - 1);
            if let Some(next) = parts[i].terms.get(columns[i].len()) {
                heads.push(Reverse((next.as_str(), i)));
            }
        }
        let mut out = CountMatrix::empty();
        for (part, column) in parts.iter().zip(&columns) {
            out.append_rows(part, |i| column[i as usize]);
        }
        out.terms = terms;
        out
    }

    /// The rows of `parts`, which share their columns, one after another.
    pub fn stack(parts: &[CountMatrix]) -> CountMatrix {
        let mut out = CountMatrix::empty();
        for part in parts {
            out.append_rows(part, |i| i);
        }
        out
    }

    /// No rows, no terms.
    fn empty() -> CountMatrix {
        CountMatrix {
            indptr: vec![0],
            ..CountMatrix::default()
        }
    }

    /// Append the rows of `part`, its columns mapped through `column`.
    fn append_rows(&mut self, part: &CountMatrix, column: impl Fn(i32) -> i32) {
        let base = self.indices.len() as i64;
        self.indptr
            .extend(part.indptr[1..].iter().map(|p| p + base));
        self.indices.extend(part.indices.iter().map(|&i| column(i)));
        self.data.extend_from_slice(&part.data);
    }
}

/// The first 8 bytes of `term` as a big-endian number (zero-padded): terms
/// whose keys differ sort as their keys do, so sorting `(key, term)` pairs
/// sorts terms in code point order (Python's) while comparing most pairs
/// as integers rather than through `memcmp`.
fn sort_key(term: &str) -> u64 {
    let mut prefix = [0; 8];
    let n = term.len().min(8);
    prefix[..n].copy_from_slice(&term.as_bytes()[..n]);
    u64::from_be_bytes(prefix)
}

/// The id a word the filter drops is given.
const DROPPED: u32 = u32::MAX;

/// The terms of one count, shared by its threads. Each thread keeps its own
/// [`WordColumns`] in front of it, so a lock is taken once per distinct word per
/// thread, and the terms are spread over [`SHARDS`] locks by hash, so two
/// threads seldom wait for the same one.
struct Interner<'a> {
    shards: Vec<Mutex<Shard<'a>>>,
}

const SHARDS: usize = 16;

#[derive(Default)]
struct Shard<'a> {
    ids: FxHashMap<Cow<'a, str>, u32>,
    terms: Vec<Cow<'a, str>>,
}

impl<'a> Interner<'a> {
    fn new() -> Self {
        Interner {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }

    /// The id of `term`: its number within its shard, times [`SHARDS`],
    /// plus its shard.
    fn id(&self, term: Cow<'a, str>) -> u32 {
        let shard = (FxBuildHasher.hash_one(&term) as usize) % SHARDS;
        let mut guard = self.shards[shard].lock().unwrap_or_else(|e| e.into_inner());
        let Shard { ids, terms } = &mut *guard;
        let next = (terms.len() * SHARDS + shard) as u32;
        *ids.entry(term).or_insert_with_key(|term| {
            terms.push(term.clone());
            next
        })
    }

    /// Every term with its id.
    fn into_terms(self) -> Vec<(u32, Cow<'a, str>)> {
        let mut all = Vec::new();
        for (shard, lock) in self.shards.into_iter().enumerate() {
            let terms = lock.into_inner().unwrap_or_else(|e| e.into_inner()).terms;
            all.extend(
                terms
                    .into_iter()
                    .enumerate()
                    .map(|(i, term)| ((i * SHARDS + shard) as u32, term)),
            );
        }
        all
    }
}

/// A map from words to small values, for maps consulted at every word of
/// a text: words of up to 15 bytes, nearly all, are keyed by [`packed`],
/// because an integer hashes and compares faster than a string.
pub(super) struct WordMap<'a, V> {
    short: FxHashMap<u128, V>,
    long: FxHashMap<&'a str, V>,
}

impl<V> Default for WordMap<'_, V> {
    fn default() -> Self {
        WordMap {
            short: FxHashMap::default(),
            long: FxHashMap::default(),
        }
    }
}

/// The bytes of a word of up to 15 bytes and its length, in one integer.
#[inline]
fn packed(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    (bytes.len() < 16).then(|| {
        let mut key = [0; 16];
        key[..bytes.len()].copy_from_slice(bytes);
        key[15] = bytes.len() as u8;
        u128::from_le_bytes(key)
    })
}

impl<'a, V: Copy> WordMap<'a, V> {
    /// A map with room for `words` words.
    pub(super) fn with_capacity(words: usize) -> Self {
        WordMap {
            short: FxHashMap::with_capacity_and_hasher(words, Default::default()),
            long: FxHashMap::default(),
        }
    }

    /// The value of `word`, from `first_sight` if it is new.
    #[inline]
    pub(super) fn get_or_insert_with(
        &mut self,
        word: &'a str,
        first_sight: impl FnOnce(&'a str) -> V,
    ) -> V {
        match packed(word) {
            Some(key) => *self.short.entry(key).or_insert_with(|| first_sight(word)),
            None => *self.long.entry(word).or_insert_with(|| first_sight(word)),
        }
    }
}

/// One thread's cache of the column of every word it has seen: a word's
/// first occurrence goes through the filter (and a shared map), later ones
/// cost one lookup in this unshared map.
#[derive(Default)]
struct WordColumns<'a>(WordMap<'a, u32>);

impl<'a> WordColumns<'a> {
    /// The column of `word`, from `first_sight` if it is new ([`DROPPED`]
    /// for none).
    fn get(&mut self, word: &'a str, first_sight: impl FnOnce(&'a str) -> u32) -> Option<u32> {
        let column = self.0.get_or_insert_with(word, first_sight);
        (column != DROPPED).then_some(column)
    }
}

/// Rows of a CSR matrix, built one document at a time with a slot per
/// column that is reset after each document, so a term is counted without
/// a second lookup.
struct RowBuilder {
    /// Position in `row` of each column's count, `u32::MAX` if absent.
    slot: Vec<u32>,
    row: Vec<(i32, i64)>,
    indptr: Vec<i64>,
    indices: Vec<i32>,
    data: Vec<i64>,
}

impl Default for RowBuilder {
    fn default() -> Self {
        RowBuilder {
            slot: Vec::new(),
            row: Vec::new(),
            indptr: vec![0],
            indices: Vec::new(),
            data: Vec::new(),
        }
    }
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

    /// End the document: its counts become the next row, with columns in
    /// order if `sorted`, else in order of first occurrence.
    fn finish_row(&mut self, sorted: bool) {
        if sorted {
            self.row.sort_unstable();
        }
        for &(column, count) in &self.row {
            self.slot[column as usize] = u32::MAX;
            self.indices.push(column);
            self.data.push(count);
        }
        self.row.clear();
        self.indptr.push(self.indices.len() as i64);
    }

    fn into_matrix(self) -> CountMatrix {
        CountMatrix {
            indptr: self.indptr,
            indices: self.indices,
            data: self.data,
            terms: Vec::new(),
        }
    }
}

/// Map every column of `m` through `column` (onto `0..n_columns`) and put
/// each row's columns back in order: by two counting sorts, through the
/// transpose, which costs less than sorting every row.
fn renumber_columns(m: &mut CountMatrix, column: &[i32], n_columns: usize) {
    // Where each column's entries start in the transpose.
    let mut start = vec![0; n_columns + 1];
    for &id in &m.indices {
        start[column[id as usize] as usize + 1] += 1;
    }
    for c in 0..n_columns {
        start[c + 1] += start[c];
    }
    // The transpose: (row, count) by column, rows in order within a column.
    let mut by_column = vec![(0u32, 0i64); m.indices.len()];
    let mut next = start.clone();
    for (row, bounds) in m.indptr.windows(2).enumerate() {
        for k in bounds[0] as usize..bounds[1] as usize {
            let c = column[m.indices[k] as usize] as usize;
            by_column[next[c]] = (row as u32, m.data[k]);
            next[c] += 1;
        }
    }
    // And back, columns in order within a row.
    let mut fill: Vec<usize> = m.indptr[..m.indptr.len() - 1]
        .iter()
        .map(|&p| p as usize)
        .collect();
    for c in 0..n_columns {
        for &(row, count) in &by_column[start[c]..start[c + 1]] {
            let k = &mut fill[row as usize];
            m.indices[*k] = c as i32;
            m.data[*k] = count;
            *k += 1;
        }
    }
}

/// One thread's memory for word n-grams: each word's term, by a local id,
/// and the column of each run of ids met, so that an n-gram is hashed as a
/// few integers and joined into a string only the first time.
#[derive(Default)]
struct GramColumns<'a> {
    /// The local id of each word's term ([`DROPPED`] if filtered out).
    words: WordColumns<'a>,
    terms: Vec<Cow<'a, str>>,
    grams: FxHashMap<Box<[u32]>, u32>,
    /// The current document's term ids.
    document: Vec<u32>,
}

impl<'a> GramColumns<'a> {
    /// Count the n-grams of `text` into `rows`; `column_of` gives the column
    /// of an n-gram met for the first time ([`DROPPED`] for none).
    #[allow(clippy::too_many_arguments)]
    fn count(
        &mut self,
        segmenter: &Segmenter,
        text: &'a str,
        mode: Mode,
        hmm: bool,
        filter: &TermFilter,
        column_of: &impl Fn(Cow<'a, str>) -> u32,
        rows: &mut RowBuilder,
    ) {
        let GramColumns {
            words,
            terms,
            grams,
            document,
        } = self;
        document.clear();
        segmenter.cut_in_script_each(text, filter.script, mode, hmm, |word| {
            let id = words.get(word, |w| {
                filter.apply(w).map_or(DROPPED, |term| {
                    terms.push(term);
                    terms.len() as u32 - 1
                })
            });
            document.extend(id);
        });
        let (min_n, max_n) = filter.ngram_range;
        for n in min_n..=max_n.min(document.len()) {
            for window in document.windows(n) {
                let column = match grams.get(window) {
                    Some(&column) => column,
                    None => {
                        let gram = match window {
                            [id] => terms[*id as usize].clone(),
                            _ => Cow::Owned(
                                window
                                    .iter()
                                    .map(|&id| terms[id as usize].as_ref())
                                    .collect::<Vec<_>>()
                                    .join(" "),
                            ),
                        };
                        let column = column_of(gram);
                        grams.insert(window.into(), column);
                        column
                    }
                };
                if column != DROPPED {
                    rows.add(column);
                }
            }
        }
    }
}

/// A thread's caches: words to columns, or for n-grams [`GramColumns`].
#[derive(Default)]
struct ThreadCache<'a> {
    words: WordColumns<'a>,
    grams: GramColumns<'a>,
}

/// The rows of `texts`, counted in parallel, in runs of consecutive
/// documents (as rayon hands them to threads): each term's column comes
/// from `column_of` the first time a thread meets it ([`DROPPED`] to leave
/// it out), and its columns are in order in each row if `sorted`.
#[allow(clippy::too_many_arguments)]
fn count_rows<'a, T: AsRef<str> + Sync>(
    segmenter: &Segmenter,
    texts: &'a [T],
    mode: Mode,
    hmm: bool,
    filter: &TermFilter,
    sorted: bool,
    column_of: impl Fn(Cow<'a, str>) -> u32 + Sync,
) -> Vec<RowBuilder> {
    // Runs are many (about 16 per thread), so the caches belong to the
    // thread, not the run.
    let caches: Vec<Mutex<ThreadCache<'a>>> = (0..rayon::current_num_threads())
        .map(|_| Mutex::default())
        .collect();
    let count_row = |mut rows: RowBuilder, text: &'a T| {
        let thread = rayon::current_thread_index().unwrap_or(0) % caches.len();
        let mut cache = caches[thread].lock().unwrap_or_else(|e| e.into_inner());
        if filter.words_only() {
            let words = &mut cache.words;
            segmenter.cut_in_script_each(text.as_ref(), filter.script, mode, hmm, |word| {
                let first_sight = |w| filter.apply(w).map_or(DROPPED, &column_of);
                if let Some(column) = words.get(word, first_sight) {
                    rows.add(column);
                }
            });
        } else {
            cache.grams.count(
                segmenter,
                text.as_ref(),
                mode,
                hmm,
                filter,
                &column_of,
                &mut rows,
            );
        }
        rows.finish_row(sorted);
        rows
    };
    if !crate::parallel::in_pool() {
        return vec![texts.iter().fold(RowBuilder::default(), count_row)];
    }
    let chunk_len = crate::parallel::task_len(texts.len(), 64);
    crate::parallel::map_chunks_collect(texts, chunk_len, |chunk| {
        chunk.iter().fold(RowBuilder::default(), &count_row)
    })
}

/// Count the terms of `texts`, learning the vocabulary.
pub fn count_fit<T: AsRef<str> + Sync>(
    segmenter: &Segmenter,
    texts: &[T],
    mode: Mode,
    hmm: bool,
    filter: &TermFilter,
) -> CountMatrix {
    if let Some((texts, filter)) = folded(texts, filter) {
        return count_fit(segmenter, &texts, mode, hmm, &filter);
    }
    // Terms are numbered as they are met, across threads, and renumbered
    // to the sorted vocabulary at the end.
    let interner = Interner::new();
    let runs = count_rows(segmenter, texts, mode, hmm, filter, false, |term| {
        interner.id(term)
    });
    let terms = interner.into_terms();
    let mut keyed: Vec<(u64, &str, u32)> = terms
        .iter()
        .map(|(id, t)| (sort_key(t), t.as_ref(), *id))
        .collect();
    if crate::parallel::in_pool() {
        keyed.par_sort_unstable();
    } else {
        keyed.sort_unstable();
    }
    let ids_end = terms
        .iter()
        .map(|(id, _)| *id as usize + 1)
        .max()
        .unwrap_or(0);
    let mut column = vec![0; ids_end];
    for (sorted, &(_, _, id)) in keyed.iter().enumerate() {
        column[id as usize] = sorted as i32;
    }
    let renumbered = |rows: RowBuilder| {
        let mut part = rows.into_matrix();
        renumber_columns(&mut part, &column, terms.len());
        part
    };
    let parts: Vec<CountMatrix> = if crate::parallel::in_pool() {
        // Each run is taken by the one task of its index.
        let runs: Vec<Mutex<RowBuilder>> = runs.into_iter().map(Mutex::new).collect();
        crate::parallel::collect_indices(runs.len(), |i| {
            renumbered(std::mem::take(
                &mut runs[i].lock().unwrap_or_else(|e| e.into_inner()),
            ))
        })
    } else {
        runs.into_iter().map(renumbered).collect()
    };
    let mut out = CountMatrix::stack(&parts);
    out.terms = keyed.into_iter().map(|(_, t, _)| t.to_owned()).collect();
    out
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
    if let Some((texts, filter)) = folded(texts, filter) {
        return count_transform(segmenter, &texts, mode, hmm, &filter, vocabulary);
    }
    let runs = count_rows(segmenter, texts, mode, hmm, filter, true, |term| {
        vocabulary
            .get(term.as_ref())
            .map_or(DROPPED, |&column| column as u32)
    });
    let runs: Vec<CountMatrix> = runs.into_iter().map(RowBuilder::into_matrix).collect();
    CountMatrix::stack(&runs)
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
            script: Script::AsIs,
            fold_to_simplified: false,
            ngram_range: (1, 1),
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
    fn threads_and_runs_do_not_change_the_count() {
        let segmenter = Segmenter::new();
        let filter = filter();
        let texts: Vec<String> = (0..300)
            .map(|i| {
                format!(
                    "第{i}号台风登陆福建，暴雨袭击广东{}省",
                    ["浙江", "江苏", "GDP"][i % 3]
                )
            })
            .collect();
        let one = crate::parallel::install(Some(1), || {
            count_fit(&segmenter, &texts, Mode::Default, true, &filter)
        });
        let four = crate::parallel::install(Some(4), || {
            count_fit(&segmenter, &texts, Mode::Default, true, &filter)
        });
        assert_eq!(one, four);
        // Outside any pool the count runs on the calling thread, the same.
        assert!(!crate::parallel::in_pool());
        let here = count_fit(&segmenter, &texts, Mode::Default, true, &filter);
        assert_eq!(one, here);
        assert!(one.terms.windows(2).all(|w| w[0] < w[1]));
        for row in one.indptr.windows(2) {
            let columns = &one.indices[row[0] as usize..row[1] as usize];
            assert!(columns.windows(2).all(|c| c[0] < c[1]));
        }
        assert!(one.terms.contains(&"gdp".to_owned()));
    }

    #[test]
    fn the_word_cache_tells_short_and_long_words_apart() {
        let words = [
            "a",
            "a\0",
            "台风",
            "abcdefghijklmno",  // 15 bytes: the longest packed word
            "abcdefghijklmnop", // 16 bytes
            "abcdefghijklmnoq",
            "中华人民共和国",
        ];
        let mut cache = WordColumns::default();
        for (i, word) in words.iter().enumerate() {
            assert_eq!(cache.get(word, |_| i as u32), Some(i as u32));
        }
        for (i, word) in words.iter().enumerate() {
            let again = cache.get(word, |_| unreachable!("{word:?} was seen"));
            assert_eq!(again, Some(i as u32));
        }
        assert_eq!(cache.get("的", |_| DROPPED), None);
        assert_eq!(cache.get("的", |_| 0), None);
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

    #[test]
    fn ngrams_join_kept_words_and_count_like_their_strings() {
        let segmenter = Segmenter::new();
        let filter = TermFilter {
            ngram_range: (1, 2),
            ..filter()
        };
        let text = "台风登陆福建的新闻，台风登陆";
        let terms = document_terms(&segmenter, text, Mode::Default, true, &filter);
        assert_eq!(
            terms,
            [
                "台风",
                "登陆",
                "福建",
                "新闻",
                "台风",
                "登陆",
                "台风 登陆",
                "登陆 福建",
                "福建 新闻",
                "新闻 台风",
                "台风 登陆"
            ]
        );
        let texts = [text, "福建台风", "", "台风"];
        let m = count_fit(&segmenter, &texts, Mode::Default, true, &filter);
        // The count equals counting each document's terms.
        for (row, text) in texts.iter().enumerate() {
            let mut expected: Vec<(i32, i64)> = Vec::new();
            for term in document_terms(&segmenter, text, Mode::Default, true, &filter) {
                let column = m.terms.iter().position(|t| *t == term).unwrap() as i32;
                match expected.iter_mut().find(|(c, _)| *c == column) {
                    Some(entry) => entry.1 += 1,
                    None => expected.push((column, 1)),
                }
            }
            expected.sort_unstable();
            let span = m.indptr[row] as usize..m.indptr[row + 1] as usize;
            let got: Vec<(i32, i64)> = m.indices[span.clone()]
                .iter()
                .copied()
                .zip(m.data[span].iter().copied())
                .collect();
            assert_eq!(got, expected, "{text}");
        }
        let only_pairs = TermFilter {
            ngram_range: (2, 3),
            ..filter.clone()
        };
        let terms = document_terms(&segmenter, "台风登陆福建", Mode::Default, true, &only_pairs);
        assert_eq!(terms, ["台风 登陆", "登陆 福建", "台风 登陆 福建"]);
        let vocabulary = [("台风 登陆".to_owned(), 0), ("福建".to_owned(), 1)]
            .into_iter()
            .collect();
        let t = count_transform(
            &segmenter,
            &["台风登陆福建，台风登陆"],
            Mode::Default,
            true,
            &filter,
            &vocabulary,
        );
        assert_eq!((t.indices, t.data), (vec![0, 1], vec![2, 1]));
    }
}
