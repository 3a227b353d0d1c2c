//! IDF tables in jieba's `idf.txt` format (`word idf` per line): the
//! embedded jieba table, tables read from files, and tables fitted on a
//! user's own corpus.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::embedded_idf::EmbeddedIdf;
use super::{is_candidate, Filters};
use crate::convert::{fold_to_simplified, Script};
use crate::segment::dictionary::EntryError;
use crate::segment::{Error, Mode, Segmenter};

/// Inverse document frequencies, and the median jieba uses for unknown words.
#[derive(Debug, Clone)]
pub struct IdfTable {
    words: Words,
    median: f64,
}

/// Where a table's words are: jieba's, read in place from the library, or
/// a hash map of a file's or a fitted table's.
#[derive(Debug, Clone)]
enum Words {
    Embedded(EmbeddedIdf),
    Map(FxHashMap<Box<str>, f64>),
}

impl IdfTable {
    /// jieba 0.42.1's `analyse/idf.txt`, embedded as a hash table that is
    /// read in place: nothing is parsed, so this returns at once.
    pub fn embedded() -> Arc<IdfTable> {
        let words = EmbeddedIdf::get();
        Arc::new(IdfTable {
            median: words.median(),
            words: Words::Embedded(words),
        })
    }

    /// A table from `word idf` pairs; later pairs replace earlier ones.
    /// Every pair must be one an `idf.txt` can hold, so that
    /// [`IdfTable::to_text`] writes a file that reads back: a word that is
    /// not empty and holds no whitespace, and a finite IDF. The error names
    /// the first word that is not.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, f64)>) -> Result<IdfTable, Error> {
        let mut idf = FxHashMap::default();
        for (word, value) in pairs {
            let reason = if word.is_empty() {
                Some("a word cannot be empty")
            } else if word.chars().any(char::is_whitespace) {
                Some("an IDF table's word cannot hold whitespace")
            } else if !value.is_finite() {
                Some("its IDF must be a finite number")
            } else {
                None
            };
            if let Some(reason) = reason {
                return Err(Error::InvalidWord(word, reason));
            }
            idf.insert(word.into_boxed_str(), value);
        }
        if idf.is_empty() {
            return Err(Error::Empty("the IDF table is empty"));
        }
        Ok(Self::from_map(idf))
    }

    fn from_map(idf: FxHashMap<Box<str>, f64>) -> IdfTable {
        let median = median_of(&idf);
        IdfTable {
            words: Words::Map(idf),
            median,
        }
    }

    /// Parse the text of an `idf.txt`; errors name `source_name` and the line.
    pub fn parse(text: &str, source_name: &str) -> Result<IdfTable, EntryError> {
        let mut idf = FxHashMap::default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let error = |reason: String| EntryError {
                source_name: source_name.to_owned(),
                line: index + 1,
                reason,
            };
            let mut fields = line.split_whitespace();
            let (Some(word), Some(value), None) = (fields.next(), fields.next(), fields.next())
            else {
                return Err(error(format!("expected `word idf`, found {line:?}")));
            };
            let value: f64 = value
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or_else(|| error(format!("`{value}` is not a number")))?;
            idf.insert(word.into(), value);
        }
        if idf.is_empty() {
            return Err(EntryError {
                source_name: source_name.to_owned(),
                line: 0,
                reason: "the IDF table is empty".to_owned(),
            });
        }
        Ok(Self::from_map(idf))
    }

    /// Read an `idf.txt` file.
    pub fn read(path: &Path) -> Result<IdfTable, Error> {
        let text = crate::segment::read_text(path)?;
        Ok(IdfTable::parse(&text, &path.display().to_string())?)
    }

    /// Learn a table from documents given as their words: `ln(N / df)` as in
    /// jieba's own table, smoothed (`ln((N + 1) / (df + 1)) + 1`) so that a
    /// word in every document still weighs a little.
    pub fn fit<'a, D, W>(docs: D) -> Result<IdfTable, Error>
    where
        D: IntoIterator<Item = W>,
        W: IntoIterator<Item = &'a str>,
    {
        let mut counts = DocumentFrequencies::default();
        for doc in docs {
            counts.add_document(doc);
        }
        counts.idf_table()
    }

    /// The IDF of `word`, or the median for a word not in the table.
    #[inline]
    pub fn get(&self, word: &str) -> f64 {
        self.lookup(word).unwrap_or(self.median)
    }

    #[inline]
    fn lookup(&self, word: &str) -> Option<f64> {
        match &self.words {
            Words::Embedded(table) => table.lookup(word),
            Words::Map(map) => map.get(word).copied(),
        }
    }

    pub fn median(&self) -> f64 {
        self.median
    }

    pub fn len(&self) -> usize {
        match &self.words {
            Words::Embedded(table) => table.len(),
            Words::Map(map) => map.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every `(word, idf)` pair, in no particular order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = (&str, f64)> + '_> {
        match &self.words {
            Words::Embedded(table) => Box::new(table.iter()),
            Words::Map(map) => Box::new(map.iter().map(|(w, v)| (&**w, *v))),
        }
    }

    /// The table as `idf.txt` text, words sorted, values round-tripping exactly.
    pub fn to_text(&self) -> String {
        let mut pairs: Vec<(&str, f64)> = self.iter().collect();
        pairs.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut out = String::with_capacity(pairs.len() * 16);
        for (word, value) in pairs {
            out.push_str(word);
            out.push(' ');
            out.push_str(&format!("{value:?}"));
            out.push('\n');
        }
        out
    }
}

/// Equal tables hold the same words with the same IDFs (wherever they are held).
impl PartialEq for IdfTable {
    fn eq(&self, other: &IdfTable) -> bool {
        self.len() == other.len()
            && self.median.to_bits() == other.median.to_bits()
            && self
                .iter()
                .all(|(word, idf)| other.lookup(word) == Some(idf))
    }
}

/// In how many documents each word occurs, and how many documents there
/// are: what an IDF table is fitted on. Counts of parts of a corpus add up
/// ([`DocumentFrequencies::merge`]), so parts can be counted in parallel or
/// on different machines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentFrequencies {
    pub df: FxHashMap<String, u64>,
    pub n_docs: u64,
}

impl DocumentFrequencies {
    /// Count one document, given as its words (repeats count once).
    pub fn add_document<'a>(&mut self, words: impl IntoIterator<Item = &'a str>) {
        let seen: FxHashSet<&str> = words.into_iter().collect();
        for word in seen {
            match self.df.get_mut(word) {
                Some(count) => *count += 1,
                None => {
                    self.df.insert(word.to_owned(), 1);
                }
            }
        }
        self.n_docs += 1;
    }

    /// The candidate keywords of `texts` as the TF-IDF extractor sees them
    /// (cut in default mode, jieba's candidates, not `stop_words`, kept by
    /// `filters`), counted on the current rayon pool. With `fold`, each
    /// text is counted in simplified characters as
    /// [`fold_to_simplified`](crate::convert::fold_to_simplified) reads it
    /// under that script (the words `extract_in_script` gives with `fold`).
    pub fn of_texts<T: AsRef<str> + Sync>(
        segmenter: &Segmenter,
        texts: &[T],
        stop_words: &FxHashSet<String>,
        filters: Filters,
        fold: Option<Script>,
    ) -> DocumentFrequencies {
        let chunk_len = crate::parallel::task_len(texts.len(), 64);
        let parts = crate::parallel::map_chunks_collect(texts, chunk_len, |chunk| {
            let mut counts = DocumentFrequencies::default();
            for text in chunk {
                let text = match fold {
                    Some(script) => fold_to_simplified(text.as_ref(), script),
                    None => Cow::Borrowed(text.as_ref()),
                };
                let mut words = Vec::new();
                segmenter.cut_each(&text, Mode::Default, true, |w| {
                    if is_candidate(w, stop_words) && !filters.drops(w) {
                        words.push(w);
                    }
                });
                counts.add_document(words.iter().copied());
            }
            counts
        });
        let mut all = DocumentFrequencies::default();
        for part in parts {
            all.merge(part);
        }
        all
    }

    /// Add the counts of another part of the corpus.
    pub fn merge(&mut self, other: DocumentFrequencies) {
        if self.df.len() < other.df.len() {
            let mine = std::mem::replace(self, other);
            return self.merge(mine);
        }
        for (word, count) in other.df {
            *self.df.entry(word).or_insert(0) += count;
        }
        self.n_docs += other.n_docs;
    }

    /// The table [`IdfTable::fit`] makes from these counts.
    pub fn idf_table(&self) -> Result<IdfTable, Error> {
        if self.n_docs == 0 {
            return Err(Error::Empty("cannot fit an IDF table on an empty corpus"));
        }
        if self.df.is_empty() {
            return Err(Error::Empty(
                "the corpus has no candidate keywords to fit an IDF table on",
            ));
        }
        let n = self.n_docs as f64;
        Ok(Self::smoothed(
            self.df.iter().map(|(w, &c)| (w.as_str(), c)),
            n,
        ))
    }

    /// `ln((N + 1) / (df + 1)) + 1` for each word.
    fn smoothed<'a>(df: impl Iterator<Item = (&'a str, u64)>, n: f64) -> IdfTable {
        IdfTable::from_map(
            df.map(|(w, c)| (w.into(), ((n + 1.0) / (c as f64 + 1.0)).ln() + 1.0))
                .collect(),
        )
    }
}

/// jieba's median: `sorted(values)[len // 2]`.
fn median_of(idf: &FxHashMap<Box<str>, f64>) -> f64 {
    let mut values: Vec<f64> = idf.values().copied().collect();
    if values.is_empty() {
        return 0.0;
    }
    let mid = values.len() / 2;
    *values.select_nth_unstable_by(mid, f64::total_cmp).1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_has_jiebas_median() {
        let table = IdfTable::embedded();
        assert_eq!(table.len(), 270_132);
        // jieba: sorted(idf_freq.values())[len // 2]
        assert_eq!(table.median(), 11.9547675029);
        assert_eq!(table.get("劳动防护"), 13.900677652);
        assert_eq!(table.get("没有的词语"), table.median());
    }

    #[test]
    fn text_round_trips_and_errors_name_the_line() {
        let table = IdfTable::parse("甲 1.5\n乙 2.25\n丙 0.1\n", "t").unwrap();
        assert_eq!(IdfTable::parse(&table.to_text(), "again").unwrap(), table);
        let err = IdfTable::parse("甲 1.5\n乙 x\n", "idf.txt").unwrap_err();
        assert_eq!((err.source_name.as_str(), err.line), ("idf.txt", 2));
        assert!(IdfTable::parse("甲\n", "t").is_err());
        assert!(IdfTable::parse("\n\n", "t").is_err());
    }

    #[test]
    fn fitting_weighs_rare_words_up() {
        let docs = [vec!["新闻", "记者"], vec!["新闻", "台风"], vec!["新闻"]];
        let table = IdfTable::fit(docs.iter().map(|d| d.iter().copied())).unwrap();
        assert!(table.get("台风") > table.get("新闻"));
        assert_eq!(table.get("新闻"), 1.0);
    }

    #[test]
    fn counts_of_parts_add_up_to_the_whole() {
        let segmenter = Segmenter::new();
        let texts = ["台风登陆福建", "台风登陆浙江，台风再次登陆", "记者报道新闻"];
        let stop = crate::keywords::default_stop_words();
        let whole =
            DocumentFrequencies::of_texts(&segmenter, &texts, &stop, Filters::default(), None);
        assert_eq!(whole.n_docs, 3);
        assert_eq!(whole.df["台风"], 2);
        let mut parts =
            DocumentFrequencies::of_texts(&segmenter, &texts[..1], &stop, Filters::default(), None);
        parts.merge(DocumentFrequencies::of_texts(
            &segmenter,
            &texts[1..],
            &stop,
            Filters::default(),
            None,
        ));
        assert_eq!(parts, whole);
        assert!(DocumentFrequencies::default().idf_table().is_err());
    }

    #[test]
    fn pairs_that_no_idf_txt_can_hold_are_rejected_by_word() {
        for (word, value) in [
            ("好", f64::NAN),
            ("好", f64::INFINITY),
            ("a b", 1.0),
            ("", 1.0),
        ] {
            let err = IdfTable::from_pairs([(word.to_owned(), value)]).unwrap_err();
            assert!(err.to_string().contains(&format!("{word:?}")), "{err}");
        }
        assert!(IdfTable::from_pairs([]).is_err());
        let table =
            IdfTable::from_pairs([("甲".to_owned(), 1e300), ("乙".to_owned(), -0.5)]).unwrap();
        assert_eq!(IdfTable::parse(&table.to_text(), "t").unwrap(), table);
    }
}
