//! The segmenter and its dictionary: loading, user words, frequencies.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use jieba_rs::Jieba;
use rustc_hash::{FxHashMap, FxHashSet};

use super::dictionary::{self, EntryError, Misread};

// Plain text, not compressed: see `keywords::idf` for why.
static DEFAULT_DICT: &str = include_str!("data/dict.txt");

/// jieba's total frequency counts every dictionary line and never subtracts
/// a replaced frequency; jieba-rs counts each word once. This key, which no
/// text block can ever contain, carries the difference inside jieba-rs so
/// that both use the same total, and so the same route probabilities.
const TOTAL_ADJUSTMENT_KEY: &str = "\u{0}zhtext:total";

/// jieba's `total` for its `dict.txt`: the sum of every line's frequency.
const EMBEDDED_TOTAL: usize = 60_101_967;
/// jieba-rs keeps one frequency per word, so the duplicated `B超 3 n` line
/// counts once and its total is 3 lower (jieba's own counts that word twice).
const EMBEDDED_JIEBA_RS_TOTAL: usize = EMBEDDED_TOTAL - 3;
/// The longest word of `dict.txt`, in characters.
const EMBEDDED_MAX_WORD_CHARS: usize = 16;

/// A word with its character offsets in the input (`end` exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub word: &'a str,
    pub start: usize,
    pub end: usize,
}

/// jieba's three cutting modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// `jieba.cut` (precise mode).
    Default,
    /// `jieba.cut(cut_all=True)` (full mode).
    All,
    /// `jieba.cut_for_search`.
    Search,
}

/// Where the main dictionary came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DictionarySource {
    /// jieba 0.42.1's `dict.txt`, embedded in the library.
    Embedded,
    File(PathBuf),
}

impl DictionarySource {
    /// The dictionary file, `None` for the embedded dictionary.
    pub fn path(&self) -> Option<&Path> {
        match self {
            DictionarySource::Embedded => None,
            DictionarySource::File(path) => Some(path),
        }
    }
}

/// One change made after loading the main dictionary, with the frequency it
/// resolved to, so replaying the edits rebuilds the same segmenter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub word: String,
    pub freq: usize,
    pub tag: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not valid UTF-8 (first bad byte at offset {offset})", path.display())]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error(transparent)]
    Entry(#[from] EntryError),
    #[error("invalid word {0:?}: {1}")]
    InvalidWord(String, &'static str),
}

/// Read a UTF-8 text file, naming the file in every error.
pub(crate) fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_owned(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// A jieba tokenizer: a dictionary plus the user's changes to it.
///
/// Every method that only reads (`cut`, `tag`, ...) takes `&self` and may
/// run on many threads at once.
pub struct Segmenter {
    pub(super) jieba: Jieba,
    source: DictionarySource,
    /// The main dictionary text, kept for building `freq` on demand.
    dict_text: DictText,
    edits: Vec<Edit>,
    /// jieba's `FREQ`: each word's frequency, and every prefix of a word at 0
    /// unless it is a word itself. Built on first use: only `suggest_freq`
    /// and user words need it, and it costs more than loading.
    freq: OnceLock<FxHashMap<Box<str>, usize>>,
    /// jieba's `total`.
    total: usize,
    /// jieba-rs's own total without the adjustment entry.
    jieba_rs_total: usize,
    /// Words whose frequency is 0: jieba leaves them out of the DAG.
    pub(super) zero_freq: FxHashSet<Box<str>>,
    /// finalseg's `Force_Split_Words`: words added with frequency 0, which
    /// the HMM must not emit whole.
    pub(super) force_split: FxHashSet<Box<str>>,
    /// Tags given to words that were already in the dictionary (jieba-rs
    /// keeps a word's first tag).
    pub(super) user_tags: FxHashMap<Box<str>, Box<str>>,
    /// Length in characters of the longest word, which bounds DAG lookups.
    pub(super) max_word_chars: usize,
}

enum DictText {
    Embedded,
    Owned(Box<str>),
}

impl DictText {
    fn as_str(&self) -> &str {
        match self {
            DictText::Embedded => DEFAULT_DICT,
            DictText::Owned(text) => text,
        }
    }
}

impl Segmenter {
    /// A segmenter with jieba's embedded dictionary.
    pub fn new() -> Self {
        // The embedded text is known to be well formed and its totals are
        // constants (checked by a test), so it skips `from_text`'s validating
        // pass and goes straight into jieba-rs.
        let mut jieba = Jieba::empty();
        jieba
            .load_dict(&mut DEFAULT_DICT.as_bytes())
            .expect("the embedded dictionary is well formed");
        let mut segmenter = Segmenter {
            jieba,
            source: DictionarySource::Embedded,
            dict_text: DictText::Embedded,
            edits: Vec::new(),
            freq: OnceLock::new(),
            total: EMBEDDED_TOTAL,
            jieba_rs_total: EMBEDDED_JIEBA_RS_TOTAL,
            zero_freq: FxHashSet::default(),
            force_split: FxHashSet::default(),
            user_tags: FxHashMap::default(),
            max_word_chars: EMBEDDED_MAX_WORD_CHARS,
        };
        segmenter.sync_total();
        segmenter
    }

    /// The process's one segmenter with the embedded dictionary, loaded on
    /// first use. Tokenizers share it until they change their dictionary.
    pub fn shared_embedded() -> Arc<Segmenter> {
        static SHARED: OnceLock<Arc<Segmenter>> = OnceLock::new();
        Arc::clone(SHARED.get_or_init(|| Arc::new(Segmenter::new())))
    }

    /// A segmenter with a jieba-format main dictionary file (`word freq [tag]`).
    pub fn with_dictionary(path: &Path) -> Result<Self, Error> {
        let text = read_text(path)?;
        let name = path.display().to_string();
        Self::from_text(
            DictText::Owned(text.into_boxed_str()),
            DictionarySource::File(path.to_owned()),
            &name,
        )
    }

    /// A segmenter from its recipe: dictionary source and edits.
    pub fn from_recipe(source: &DictionarySource, edits: &[Edit]) -> Result<Self, Error> {
        let mut segmenter = match source {
            DictionarySource::Embedded => Self::new(),
            DictionarySource::File(path) => Self::with_dictionary(path)?,
        };
        segmenter.apply_edits(edits)?;
        Ok(segmenter)
    }

    /// Replay `edits` (another segmenter's [`Segmenter::edits`]).
    /// Every word is checked first, so a bad edit applies none of them.
    pub fn apply_edits(&mut self, edits: &[Edit]) -> Result<(), Error> {
        for edit in edits {
            dictionary::check_word(&edit.word)
                .map_err(|reason| Error::InvalidWord(edit.word.clone(), reason))?;
        }
        for edit in edits {
            self.add_word(&edit.word, Some(edit.freq), edit.tag.as_deref())?;
        }
        Ok(())
    }

    fn from_text(dict_text: DictText, source: DictionarySource, name: &str) -> Result<Self, Error> {
        let text = dict_text.as_str();
        let entries = dictionary::parse_main(text, name)?;
        let mut total = 0;
        let mut max_word_chars = 1;
        let mut zero_freq = FxHashSet::default();
        let mut last_freq: FxHashMap<&str, usize> = FxHashMap::default();
        last_freq.reserve(entries.len());
        for entry in &entries {
            let freq = entry.freq.unwrap_or(0);
            total += freq;
            max_word_chars = max_word_chars.max(entry.word.chars().count());
            if freq == 0 {
                zero_freq.insert(entry.word.into());
            } else {
                zero_freq.remove(entry.word);
            }
            last_freq.insert(entry.word, freq);
        }
        let jieba_rs_total = last_freq.values().sum();
        drop(last_freq);

        let mut jieba = Jieba::empty();
        jieba
            .load_dict(&mut text.as_bytes())
            .expect("lines were validated above");
        let mut segmenter = Segmenter {
            jieba,
            source,
            dict_text,
            edits: Vec::new(),
            freq: OnceLock::new(),
            total,
            jieba_rs_total,
            zero_freq,
            force_split: FxHashSet::default(),
            user_tags: FxHashMap::default(),
            max_word_chars,
        };
        segmenter.sync_total();
        Ok(segmenter)
    }

    fn sync_total(&mut self) {
        let adjustment = self.total - self.jieba_rs_total;
        self.jieba
            .add_word(TOTAL_ADJUSTMENT_KEY, Some(adjustment), None);
    }

    /// The dictionary this segmenter was built from.
    pub fn source(&self) -> &DictionarySource {
        &self.source
    }

    /// The changes made since loading, in order (the pickling recipe).
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// jieba's total frequency.
    pub fn total(&self) -> usize {
        self.total
    }

    fn freq_map(&self) -> &FxHashMap<Box<str>, usize> {
        self.freq.get_or_init(|| {
            let mut map = FxHashMap::default();
            let entries =
                dictionary::parse_main(self.dict_text.as_str(), "").expect("validated when loaded");
            map.reserve(entries.len() * 2);
            for entry in entries {
                insert_freq(&mut map, entry.word, entry.freq.unwrap_or(0));
            }
            for edit in &self.edits {
                insert_freq(&mut map, &edit.word, edit.freq);
            }
            map
        })
    }

    /// jieba's `FREQ.get(word, default)`.
    fn freq_or(&self, word: &str, default: usize) -> usize {
        self.freq_map().get(word).copied().unwrap_or(default)
    }

    /// jieba's `get_FREQ(word)`: the frequency of `word` in the dictionary,
    /// 0 for a prefix of a word that is not a word itself (jieba's prefix
    /// entries), `None` for anything else.
    pub fn word_freq(&self, word: &str) -> Option<usize> {
        self.freq_map().get(word).copied()
    }

    /// The part-of-speech tag the user gave `word` (`add_word`, a user
    /// dictionary), if any.
    pub fn user_tag(&self, word: &str) -> Option<&str> {
        self.user_tags.get(word).map(|t| &**t)
    }

    /// Whether `word` is a dictionary word (one the tagger did not have to
    /// guess with its HMM).
    pub fn has_word(&self, word: &str) -> bool {
        self.is_word(word)
    }

    /// jieba's `FREQ.get(word)` is truthy: a word with a positive frequency.
    #[inline]
    pub(super) fn is_word(&self, word: &str) -> bool {
        self.jieba.has_word(word) && !self.zero_freq.contains(word)
    }

    /// `jieba.add_word`: with `freq = None` the suggested frequency is used.
    /// Returns the frequency given to the word.
    pub fn add_word(
        &mut self,
        word: &str,
        freq: Option<usize>,
        tag: Option<&str>,
    ) -> Result<usize, Error> {
        dictionary::check_word(word).map_err(|reason| Error::InvalidWord(word.into(), reason))?;
        let freq = match freq {
            Some(freq) => freq,
            None => self.suggest_word_freq(word),
        };
        let tag = tag.filter(|t| !t.is_empty());
        let old_freq = self.jieba.has_word(word).then(|| self.freq_or(word, 0));
        self.freq_map();
        insert_freq(self.freq.get_mut().expect("built above"), word, freq);
        self.total += freq;
        self.jieba_rs_total = self.jieba_rs_total + freq - old_freq.unwrap_or(0);
        self.jieba.add_word(word, Some(freq), tag);
        self.sync_total();
        if let Some(tag) = tag {
            self.user_tags.insert(word.into(), tag.into());
        }
        if freq == 0 {
            self.zero_freq.insert(word.into());
            self.force_split.insert(word.into());
        } else {
            self.zero_freq.remove(word);
        }
        self.max_word_chars = self.max_word_chars.max(word.chars().count());
        self.edits.push(Edit {
            word: word.to_owned(),
            freq,
            tag: tag.map(str::to_owned),
        });
        Ok(freq)
    }

    /// `jieba.del_word`: the word gets frequency 0.
    pub fn del_word(&mut self, word: &str) -> Result<(), Error> {
        self.add_word(word, Some(0), None).map(|_| ())
    }

    /// `jieba.suggest_freq(word)`: a frequency that keeps `word` whole.
    pub fn suggest_word_freq(&self, word: &str) -> usize {
        let ftotal = self.total as f64;
        let mut freq = 1.0;
        for seg in self.cut(word, false) {
            freq *= self.freq_or(seg, 1) as f64 / ftotal;
        }
        ((freq * self.total as f64) as usize + 1).max(self.freq_or(word, 1))
    }

    /// `jieba.suggest_freq((a, b, ...))`: a frequency that splits the joined
    /// word into exactly these segments.
    pub fn suggest_split_freq(&self, segments: &[&str]) -> usize {
        let ftotal = self.total as f64;
        let mut freq = 1.0;
        for seg in segments {
            freq *= self.freq_or(seg, 1) as f64 / ftotal;
        }
        let word: String = segments.concat();
        ((freq * self.total as f64) as usize).min(self.freq_or(&word, 0))
    }

    /// `jieba.load_userdict` on the text of a user dictionary. Every line is
    /// parsed and checked before any word is added. Returns the lines that
    /// jieba (and so zhtext) reads in a way their author probably did not
    /// mean, for a warning.
    pub fn load_userdict_text(
        &mut self,
        text: &str,
        source_name: &str,
    ) -> Result<Vec<Misread>, Error> {
        let dict = dictionary::parse_user(text, source_name)?;
        for entry in dict.entries {
            self.add_word(entry.word, entry.freq, entry.tag)?;
        }
        Ok(dict.misread)
    }

    /// `jieba.load_userdict` on a file.
    pub fn load_userdict(&mut self, path: &Path) -> Result<Vec<Misread>, Error> {
        let text = read_text(path)?;
        self.load_userdict_text(&text, &path.display().to_string())
    }
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::new()
    }
}

impl Clone for Segmenter {
    fn clone(&self) -> Self {
        Segmenter {
            jieba: self.jieba.clone(),
            source: self.source.clone(),
            dict_text: match &self.dict_text {
                DictText::Embedded => DictText::Embedded,
                DictText::Owned(text) => DictText::Owned(text.clone()),
            },
            edits: self.edits.clone(),
            freq: self.freq.clone(),
            total: self.total,
            jieba_rs_total: self.jieba_rs_total,
            zero_freq: self.zero_freq.clone(),
            force_split: self.force_split.clone(),
            user_tags: self.user_tags.clone(),
            max_word_chars: self.max_word_chars,
        }
    }
}

/// jieba's `FREQ[word] = freq` plus its zero entries for the word's prefixes.
fn insert_freq(map: &mut FxHashMap<Box<str>, usize>, word: &str, freq: usize) {
    map.insert(word.into(), freq);
    for (end, _) in word.char_indices().skip(1) {
        map.entry(word[..end].into()).or_insert(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_constants_describe_the_embedded_dictionary() {
        let entries = dictionary::parse_main(DEFAULT_DICT, "dict.txt").unwrap();
        let total: usize = entries.iter().map(|e| e.freq.unwrap()).sum();
        assert_eq!(total, EMBEDDED_TOTAL);
        let max_chars = entries
            .iter()
            .map(|e| e.word.chars().count())
            .max()
            .unwrap();
        assert_eq!(max_chars, EMBEDDED_MAX_WORD_CHARS);
        assert!(entries.iter().all(|e| e.freq != Some(0)));
        // Loaded from the same text the general way, the segmenter agrees.
        let general =
            Segmenter::from_text(DictText::Embedded, DictionarySource::Embedded, "dict.txt")
                .unwrap();
        assert_eq!(general.total, EMBEDDED_TOTAL);
        assert_eq!(general.jieba_rs_total, EMBEDDED_JIEBA_RS_TOTAL);
        let text = "小明硕士毕业于中国科学院计算所，后在日本京都大学深造B超";
        assert_eq!(general.cut(text, true), Segmenter::new().cut(text, true));
    }

    #[test]
    fn user_words_follow_jieba() {
        let mut s = Segmenter::new();
        assert_eq!(s.cut("创新办主任", true), ["创新", "办", "主任"]);
        let freq = s.add_word("创新办", None, Some("i")).unwrap();
        assert!(freq > 0);
        assert_eq!(s.cut("创新办主任", true), ["创新办", "主任"]);
        assert_eq!(s.tag("创新办主任", true)[0], ("创新办", "i"));
        s.del_word("创新办").unwrap();
        assert_eq!(s.cut("创新办主任", true), ["创新", "办", "主任"]);
        assert_eq!(s.edits().len(), 2);
        let replayed = Segmenter::from_recipe(s.source(), s.edits()).unwrap();
        assert_eq!(replayed.total(), s.total());
    }

    #[test]
    fn suggest_freq_matches_jieba() {
        // Values from jieba 0.42.1 on the same dictionary.
        let s = Segmenter::new();
        assert_eq!(s.suggest_split_freq(&["中", "将"]), 494);
        assert_eq!(s.suggest_word_freq("台中"), 69);
    }

    #[test]
    fn missing_and_malformed_dictionaries_are_errors() {
        let err = Segmenter::with_dictionary(Path::new("/nonexistent/dict.txt"))
            .err()
            .unwrap();
        assert!(matches!(err, Error::Io { .. }));
        let mut s = Segmenter::new();
        let err = s
            .load_userdict_text("好词 3 n\n坏\0词 3\n", "user.txt")
            .unwrap_err();
        assert!(err.to_string().contains("user.txt, line 2"), "{err}");
        assert!(
            s.edits().is_empty(),
            "nothing is added from a file with a bad line"
        );
    }
}
