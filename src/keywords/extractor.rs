//! A TF-IDF extractor's settings beside its segmenter, with jieba's
//! defaults, and their saved form (pickles).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use super::{default_stop_words, Filters, IdfTable};
use crate::segment::{absolute, read_checked, read_text, sha1_of, Error};

/// Where an IDF table came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdfSource {
    /// jieba's `idf.txt`, embedded.
    Embedded,
    /// A file (absolute path) and the SHA-1 of its bytes.
    File { path: PathBuf, sha1: [u8; 20] },
    /// Fitted on a corpus or given as pairs: the table is the state.
    Table,
}

/// The IDF table, stop words and filters of a TF-IDF extractor. The default
/// is jieba's: its IDF table, its stop words, no filters.
///
/// ```
/// use zhtext::keywords::Extractor;
/// let saved = Extractor::default().state();
/// assert_eq!(Extractor::from_state(&saved).unwrap().state(), saved);
/// ```
#[derive(Debug, Clone)]
pub struct Extractor {
    pub idf: Arc<IdfTable>,
    pub idf_source: IdfSource,
    pub stop_words: Arc<FxHashSet<String>>,
    pub filters: Filters,
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor {
            idf: IdfTable::embedded(),
            idf_source: IdfSource::Embedded,
            stop_words: Arc::new(default_stop_words()),
            filters: Filters::default(),
        }
    }
}

/// An extractor in a form to save and load: the IDF table by its source
/// (a file by path and content hash, a fitted table in full), the stop
/// words added to jieba's, the filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractorState {
    pub idf: IdfState,
    pub added_stop_words: Vec<String>,
    pub filters: Filters,
}

/// [`IdfSource`] with a fitted table's pairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum IdfState {
    Embedded,
    File { path: PathBuf, sha1: [u8; 20] },
    Table(Vec<(String, f64)>),
}

impl Extractor {
    /// Read an `idf.txt`; a relative path is resolved against the current
    /// directory now.
    pub fn read_idf(path: &Path) -> Result<(IdfTable, IdfSource), Error> {
        let text = read_text(path)?;
        let path = absolute(path);
        let table = IdfTable::parse(&text, &path.display().to_string())?;
        let sha1 = sha1_of(text.as_bytes());
        Ok((table, IdfSource::File { path, sha1 }))
    }

    /// What to save (see [`ExtractorState`]).
    pub fn state(&self) -> ExtractorState {
        let defaults = default_stop_words();
        let mut added_stop_words: Vec<String> = self
            .stop_words
            .iter()
            .filter(|w| !defaults.contains(*w))
            .cloned()
            .collect();
        added_stop_words.sort_unstable();
        let idf = match &self.idf_source {
            IdfSource::Embedded => IdfState::Embedded,
            IdfSource::File { path, sha1 } => IdfState::File {
                path: path.clone(),
                sha1: *sha1,
            },
            IdfSource::Table => {
                let mut pairs: Vec<(String, f64)> =
                    self.idf.iter().map(|(w, v)| (w.to_owned(), v)).collect();
                pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                IdfState::Table(pairs)
            }
        };
        ExtractorState {
            idf,
            added_stop_words,
            filters: self.filters,
        }
    }

    /// The extractor a saved state describes. Reads no file but an IDF file
    /// the state names, and fails with [`Error::Changed`] if its content
    /// changed since.
    pub fn from_state(state: &ExtractorState) -> Result<Extractor, Error> {
        let (idf, idf_source) = match &state.idf {
            IdfState::Embedded => (IdfTable::embedded(), IdfSource::Embedded),
            IdfState::File { path, sha1 } => {
                let text = read_checked(path, sha1)?;
                let table = IdfTable::parse(&text, &path.display().to_string())?;
                (
                    Arc::new(table),
                    IdfSource::File {
                        path: path.clone(),
                        sha1: *sha1,
                    },
                )
            }
            IdfState::Table(pairs) => (
                Arc::new(IdfTable::from_pairs(pairs.iter().cloned())?),
                IdfSource::Table,
            ),
        };
        let mut stop_words = default_stop_words();
        stop_words.extend(state.added_stop_words.iter().cloned());
        Ok(Extractor {
            idf,
            idf_source,
            stop_words: Arc::new(stop_words),
            filters: state.filters,
        })
    }
}
