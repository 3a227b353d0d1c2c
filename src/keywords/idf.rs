//! IDF tables in jieba's `idf.txt` format (`word idf` per line): the
//! embedded jieba table, tables read from files, and tables fitted on a
//! user's own corpus.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::segment::dictionary::EntryError;
use crate::segment::Error;

// Embedded as plain text: a compressor would cost build time (zstd is C) and first-call time;
// the wheel is a zip, so the download stays compressed anyway.
static DEFAULT_IDF: &str = include_str!("data/idf.txt");

/// Inverse document frequencies, and the median jieba uses for unknown words.
#[derive(Debug, Clone, PartialEq)]
pub struct IdfTable {
    idf: FxHashMap<Box<str>, f64>,
    median: f64,
}

impl IdfTable {
    /// jieba 0.42.1's `analyse/idf.txt`, parsed once per process.
    pub fn embedded() -> Arc<IdfTable> {
        static TABLE: OnceLock<Arc<IdfTable>> = OnceLock::new();
        Arc::clone(TABLE.get_or_init(|| {
            Arc::new(
                IdfTable::parse(DEFAULT_IDF, "<embedded idf.txt>")
                    .expect("the embedded table is well formed"),
            )
        }))
    }

    /// A table from `word idf` pairs; later pairs replace earlier ones.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, f64)>) -> IdfTable {
        let idf: FxHashMap<Box<str>, f64> = pairs
            .into_iter()
            .map(|(w, v)| (w.into_boxed_str(), v))
            .collect();
        let median = median_of(&idf);
        IdfTable { idf, median }
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
        let median = median_of(&idf);
        Ok(IdfTable { idf, median })
    }

    /// Read an `idf.txt` file.
    pub fn read(path: &Path) -> Result<IdfTable, Error> {
        let text = crate::segment::read_text(path)?;
        Ok(IdfTable::parse(&text, &path.display().to_string())?)
    }

    /// Learn a table from documents given as their words: `ln(N / df)` as in
    /// jieba's own table, smoothed (`ln((N + 1) / (df + 1)) + 1`) so that a
    /// word in every document still weighs a little.
    pub fn fit<'a, D, W>(docs: D) -> IdfTable
    where
        D: IntoIterator<Item = W>,
        W: IntoIterator<Item = &'a str>,
    {
        let mut df: FxHashMap<&str, u64> = FxHashMap::default();
        let mut n_docs = 0u64;
        let mut seen = FxHashSet::default();
        for doc in docs {
            n_docs += 1;
            seen.clear();
            for word in doc {
                if seen.insert(word) {
                    *df.entry(word).or_insert(0) += 1;
                }
            }
        }
        Self::from_document_frequencies(df.into_iter().map(|(w, c)| (w.to_owned(), c)), n_docs)
    }

    /// The table [`IdfTable::fit`] makes, from document frequencies already
    /// counted (for example combined across partitions).
    pub fn from_document_frequencies(
        df: impl IntoIterator<Item = (String, u64)>,
        n_docs: u64,
    ) -> IdfTable {
        let n = n_docs as f64;
        Self::from_pairs(
            df.into_iter()
                .map(|(w, c)| (w, ((n + 1.0) / (c as f64 + 1.0)).ln() + 1.0)),
        )
    }

    /// The IDF of `word`, or the median for a word not in the table.
    #[inline]
    pub fn get(&self, word: &str) -> f64 {
        self.idf.get(word).copied().unwrap_or(self.median)
    }

    pub fn median(&self) -> f64 {
        self.median
    }

    pub fn len(&self) -> usize {
        self.idf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.idf.is_empty()
    }

    /// Every `(word, idf)` pair, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        self.idf.iter().map(|(w, v)| (&**w, *v))
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
        let table = IdfTable::fit(docs.iter().map(|d| d.iter().copied()));
        assert!(table.get("台风") > table.get("新闻"));
        assert_eq!(table.get("新闻"), 1.0);
    }
}
