//! The segmenter and its dictionary: loading, user words, frequencies.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use jieba_rs::Jieba;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::dictionary::{self, EntryError, Misread};
use super::prefix_table::PrefixTable;
use super::tag::{TagId, WordTags};

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

/// The largest total frequency a dictionary may reach: 2**53, below which
/// every whole number is exact as a float (jieba's route compares logs of
/// frequencies over the total), and far below `usize` overflow.
pub const MAX_TOTAL: usize = 1 << 53;
const TOTAL_TOO_LARGE: &str = "its frequency would bring the dictionary's total past 2**53";

/// The process's one segmenter with the embedded dictionary.
static SHARED_EMBEDDED: OnceLock<Arc<Segmenter>> = OnceLock::new();

/// A word with its character offsets in the input (`end` exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub word: &'a str,
    pub start: usize,
    pub end: usize,
}

/// jieba's three cutting modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// The net change made to one word after loading the main dictionary: the
/// frequency it has now (as resolved when it was set) and the tag it was
/// last given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Nothing to work with (an empty IDF table or corpus).
    #[error("{0}")]
    Empty(&'static str),
    /// A file a saved state names no longer has the content it had.
    #[error("{}: the file has changed since this object was saved (its SHA-1 differs); load it anew", .0.display())]
    Changed(PathBuf),
    /// A saved state that no segmenter could have.
    #[error("invalid saved state: {0}")]
    InvalidState(&'static str),
}

/// What a segmenter is, in a form to save and load (pickles): which main
/// dictionary (its content hash, and its path when it is a file) and the net
/// effect of the edits, not their history. Loading reads no file but the
/// one named here, and only if its content still has this hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmenterState {
    /// The main dictionary file (absolute), `None` for the embedded one.
    pub dictionary: Option<PathBuf>,
    /// SHA-1 of the main dictionary's bytes.
    pub dictionary_sha1: [u8; 20],
    /// One entry per word changed, in the order first changed.
    pub edits: Vec<Edit>,
    /// Words once set to frequency 0, which the HMM never emits whole
    /// again (jieba's `Force_Split_Words` only grows).
    pub force_split: Vec<String>,
    /// jieba's total, which every `add_word` raises and none lowers.
    pub total: usize,
}

/// The SHA-1 of `bytes`.
pub(crate) fn sha1_of(bytes: &[u8]) -> [u8; 20] {
    use sha1::Digest;
    sha1::Sha1::digest(bytes).into()
}

/// The SHA-1 of the embedded dictionary, computed once.
fn embedded_sha1() -> [u8; 20] {
    static SHA1: OnceLock<[u8; 20]> = OnceLock::new();
    *SHA1.get_or_init(|| sha1_of(DEFAULT_DICT.as_bytes()))
}

/// Read the file a saved state names, if its content still has `sha1`.
/// The error never quotes the content.
pub(crate) fn read_checked(path: &Path, sha1: &[u8; 20]) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    if sha1_of(&bytes) != *sha1 {
        return Err(Error::Changed(path.to_owned()));
    }
    String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_owned(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// `path` made absolute against the current directory, so that a saved
/// state names the same file from any directory.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
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
    /// The same words laid out for cutting short texts fast (see
    /// `prefix_table`); `None` for a dictionary the table does not hold
    /// (more distinct characters than it can number, or a word longer than
    /// it keeps), which jieba-rs cuts itself.
    pub(super) table: Option<PrefixTable>,
    source: DictionarySource,
    /// SHA-1 of a dictionary file's bytes (`None` for the embedded one).
    source_sha1: Option<[u8; 20]>,
    /// The main dictionary text, kept for building `freq` on demand.
    dict_text: DictText,
    /// The net edits, one per word.
    edits: Vec<Edit>,
    /// Where each edited word is in `edits`.
    edit_index: FxHashMap<Box<str>, usize>,
    /// jieba's `FREQ`: each word's frequency, and every prefix of a word at 0
    /// unless it is a word itself. Built on first use: only `suggest_freq`,
    /// user words and word discovery need it, and it costs more than loading.
    /// The main dictionary's part is shared with copies (see [`Frequencies`]).
    freq: OnceLock<Frequencies>,
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
    pub(super) user_tags: FxHashMap<Box<str>, (Box<str>, TagId)>,
    /// Length in characters of the longest word, which bounds DAG lookups.
    pub(super) max_word_chars: usize,
    /// The main dictionary's tags, for tagging along the prefix table's
    /// route; built on first use (only tagging needs them) and shared by
    /// clones, whose main dictionary is the same.
    word_tags: Arc<OnceLock<Option<WordTags>>>,
}

/// jieba-rs loaded from the dictionary `text`, and the prefix table
/// `build` makes of the same words, built on another thread meanwhile
/// (each takes about as long as the other).
fn load_beside(
    text: &str,
    build: impl Fn() -> Option<PrefixTable> + Sync,
) -> (Jieba, Option<PrefixTable>) {
    let load = || {
        let mut jieba = Jieba::empty();
        jieba
            .load_dict(&mut text.as_bytes())
            .expect("the dictionary's lines were validated");
        jieba
    };
    std::thread::scope(|scope| {
        match std::thread::Builder::new().spawn_scoped(scope, &build) {
            Ok(table) => {
                let jieba = load();
                let table = table
                    .join()
                    .expect("building the prefix table cannot panic");
                (jieba, table)
            }
            // No thread to be had: one after the other.
            Err(_) => (load(), build()),
        }
    })
}

/// The main dictionary's text; a file's is shared by the segmenter's copies.
#[derive(Clone)]
enum DictText {
    Embedded,
    Owned(Arc<str>),
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
        Self::embedded_from(DictText::Embedded, EMBEDDED_JIEBA_RS_TOTAL)
    }

    /// A segmenter of embedded dictionary lines (`dict_text`) whose
    /// jieba-rs total is `jieba_rs_total`, with the whole embedded
    /// dictionary's total and longest word: [`Segmenter::new`] and
    /// [`Segmenter::embedded_for_text`].
    fn embedded_from(dict_text: DictText, jieba_rs_total: usize) -> Segmenter {
        let text = dict_text.as_str();
        let (jieba, table) = load_beside(text, || {
            // Read as jieba-rs's `load_dict` reads them (the lines are known
            // to be well formed).
            let words = text.lines().filter_map(|line| {
                let mut fields = line.split_whitespace();
                let word = fields.next()?;
                Some((word, fields.next().map_or(0, |f| f.parse().unwrap_or(0))))
            });
            let line_count = memchr::memchr_iter(b'\n', text.as_bytes()).count();
            PrefixTable::new(words, line_count, EMBEDDED_TOTAL).ok()
        });
        let mut segmenter = Segmenter {
            jieba,
            table,
            source: DictionarySource::Embedded,
            source_sha1: None,
            dict_text,
            edits: Vec::new(),
            edit_index: FxHashMap::default(),
            freq: OnceLock::new(),
            total: EMBEDDED_TOTAL,
            jieba_rs_total,
            zero_freq: FxHashSet::default(),
            force_split: FxHashSet::default(),
            user_tags: FxHashMap::default(),
            max_word_chars: EMBEDDED_MAX_WORD_CHARS,
            word_tags: Arc::default(),
        };
        segmenter.sync_total();
        segmenter
    }

    /// The process's one segmenter with the embedded dictionary, loaded on
    /// first use. Tokenizers share it until they change their dictionary.
    pub fn shared_embedded() -> Arc<Segmenter> {
        Arc::clone(SHARED_EMBEDDED.get_or_init(|| Arc::new(Segmenter::new())))
    }

    /// [`Segmenter::shared_embedded`] if it is built already, without waiting.
    pub fn shared_embedded_if_built() -> Option<Arc<Segmenter>> {
        SHARED_EMBEDDED.get().map(Arc::clone)
    }

    /// A segmenter that cuts, tokenizes and tags `text` (as it is, in no
    /// other script) exactly as [`Segmenter::new`] does, built in a few
    /// milliseconds for a short text instead of the tenth of a second the
    /// whole dictionary takes: it holds only the embedded words that start
    /// with a character of `text`. Every word, prefix, HMM run or search
    /// gram jieba looks up in a text starts with one of its characters, and
    /// the total stays the whole dictionary's, so every route is the same.
    /// It serves the first calls of a process while the whole dictionary is
    /// being built; it is never edited or kept.
    ///
    /// ```
    /// use zhtext::segment::Segmenter;
    /// let text = "我来到北京清华大学";
    /// let early = Segmenter::embedded_for_text(text);
    /// assert_eq!(early.cut(text, true), ["我", "来到", "北京", "清华大学"]);
    /// assert_eq!(early.total(), Segmenter::new().total());
    /// ```
    pub fn embedded_for_text(text: &str) -> Segmenter {
        let firsts: FxHashSet<char> = text.chars().collect();
        let mut lines = String::new();
        let mut last_freq: FxHashMap<&str, usize> = FxHashMap::default();
        for line in DEFAULT_DICT.lines() {
            if !line.chars().next().is_some_and(|c| firsts.contains(&c)) {
                continue;
            }
            let entry = dictionary::parse_line(line)
                .expect("the embedded dictionary is well formed")
                .expect("the embedded dictionary has no blank line");
            last_freq.insert(entry.word, entry.freq.unwrap_or(0));
            lines.push_str(line);
            lines.push('\n');
        }
        let jieba_rs_total = last_freq.values().sum();
        // Its own lines, so that jieba's prefix entries (`freq_map`) are
        // built from them alone.
        Self::embedded_from(DictText::Owned(lines.into()), jieba_rs_total)
    }

    /// A segmenter with a jieba-format main dictionary file (`word freq [tag]`).
    /// A relative path is resolved against the current directory now.
    pub fn with_dictionary(path: &Path) -> Result<Self, Error> {
        let text = read_text(path)?;
        let sha1 = sha1_of(text.as_bytes());
        Self::from_file_text(text, &absolute(path), sha1)
    }

    fn from_file_text(text: String, path: &Path, sha1: [u8; 20]) -> Result<Self, Error> {
        let name = path.display().to_string();
        let mut segmenter = Self::from_text(
            DictText::Owned(text.into()),
            DictionarySource::File(path.to_owned()),
            &name,
        )?;
        segmenter.source_sha1 = Some(sha1);
        Ok(segmenter)
    }

    /// What this segmenter is, to save (see [`SegmenterState`]).
    pub fn state(&self) -> SegmenterState {
        let mut force_split: Vec<String> = self.force_split.iter().map(|w| w.to_string()).collect();
        force_split.sort_unstable();
        SegmenterState {
            dictionary: self.source.path().map(Path::to_owned),
            dictionary_sha1: self.source_sha1.unwrap_or_else(embedded_sha1),
            edits: self.edits.clone(),
            force_split,
            total: self.total,
        }
    }

    /// [`Segmenter::from_state`], sharing [`Segmenter::shared_embedded`]
    /// when the state is the embedded dictionary unchanged.
    pub fn shared_from_state(state: &SegmenterState) -> Result<Arc<Self>, Error> {
        if state.dictionary.is_none()
            && state.edits.is_empty()
            && state.total == EMBEDDED_TOTAL
            && state.dictionary_sha1 == embedded_sha1()
        {
            return Ok(Self::shared_embedded());
        }
        Self::from_state(state).map(Arc::new)
    }

    /// The segmenter a [`SegmenterState`] describes. Fails with
    /// [`Error::Changed`] if the main dictionary's content changed since.
    pub fn from_state(state: &SegmenterState) -> Result<Self, Error> {
        let mut segmenter = match &state.dictionary {
            None if state.dictionary_sha1 == embedded_sha1() => Self::new(),
            None => return Err(Error::InvalidState("made with another embedded dictionary")),
            Some(path) => {
                let text = read_checked(path, &state.dictionary_sha1)?;
                Self::from_file_text(text, path, state.dictionary_sha1)?
            }
        };
        for edit in &state.edits {
            dictionary::check_word(&edit.word)
                .map_err(|reason| Error::InvalidWord(edit.word.clone(), reason))?;
        }
        for edit in &state.edits {
            segmenter.add_word(&edit.word, Some(edit.freq), edit.tag.as_deref())?;
        }
        for word in &state.force_split {
            if !segmenter.edit_index.contains_key(word.as_str()) {
                return Err(Error::InvalidState(
                    "a force-split word that was never edited",
                ));
            }
            segmenter.force_split.insert(word.as_str().into());
        }
        if state.total < segmenter.total || state.total > MAX_TOTAL {
            return Err(Error::InvalidState("a total that its words cannot have"));
        }
        segmenter.total = state.total;
        segmenter.sync_total();
        Ok(segmenter)
    }

    fn from_text(dict_text: DictText, source: DictionarySource, name: &str) -> Result<Self, Error> {
        // A byte order mark is no part of the first word (`parse_main`
        // skips it too).
        let text = dict_text.as_str().trim_start_matches('\u{feff}');
        let entries = dictionary::parse_main(text, name)?;
        if entries.iter().all(|e| e.freq == Some(0)) {
            return Err(Error::Entry(EntryError {
                source_name: name.to_owned(),
                line: 0,
                reason: "a main dictionary needs at least one word with a frequency above 0"
                    .to_owned(),
            }));
        }
        let mut total: usize = 0;
        let mut max_word_chars = 1;
        let mut zero_freq = FxHashSet::default();
        let mut last_freq: FxHashMap<&str, usize> = FxHashMap::default();
        last_freq.reserve(entries.len());
        for entry in &entries {
            let freq = entry.freq.unwrap_or(0);
            total = total
                .checked_add(freq)
                .filter(|&t| t <= MAX_TOTAL)
                .ok_or_else(|| Error::InvalidWord(entry.word.into(), TOTAL_TOO_LARGE))?;
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

        let (jieba, table) = load_beside(text, || {
            let words = entries.iter().map(|e| (e.word, e.freq.unwrap_or(0)));
            PrefixTable::new(words, entries.len(), total).ok()
        });
        let mut segmenter = Segmenter {
            jieba,
            table,
            source,
            source_sha1: None,
            dict_text,
            edits: Vec::new(),
            edit_index: FxHashMap::default(),
            freq: OnceLock::new(),
            total,
            jieba_rs_total,
            zero_freq,
            force_split: FxHashSet::default(),
            user_tags: FxHashMap::default(),
            max_word_chars,
            word_tags: Arc::default(),
        };
        segmenter.sync_total();
        Ok(segmenter)
    }

    fn sync_total(&mut self) {
        let adjustment = self.total - self.jieba_rs_total;
        self.jieba
            .add_word(TOTAL_ADJUSTMENT_KEY, Some(adjustment), None);
        if let Some(table) = &mut self.table {
            table.set_total(self.total);
        }
    }

    /// [`WordTags`] of the main dictionary (`None` if they cannot be told
    /// apart by their hashes), built on first use; the embedded
    /// dictionary's once per process.
    pub(super) fn word_tags(&self) -> Option<&WordTags> {
        static EMBEDDED: OnceLock<Option<WordTags>> = OnceLock::new();
        let tags = match self.dict_text {
            DictText::Embedded => &EMBEDDED,
            DictText::Owned(_) => &*self.word_tags,
        };
        tags.get_or_init(|| WordTags::new(self.dict_text.as_str()))
            .as_ref()
    }

    /// The dictionary this segmenter was built from.
    pub fn source(&self) -> &DictionarySource {
        &self.source
    }

    /// The net changes made since loading: one per word, in the order the
    /// words were first changed.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// jieba's total frequency.
    pub fn total(&self) -> usize {
        self.total
    }

    fn freq_map(&self) -> &Frequencies {
        self.freq.get_or_init(|| {
            let main = match &self.dict_text {
                DictText::Embedded => embedded_frequencies(),
                DictText::Owned(text) => Arc::new(FrequencyTable::of_dictionary(text)),
            };
            let mut map = Frequencies {
                main,
                edits: FrequencyTable::default(),
            };
            for edit in &self.edits {
                map.insert(&edit.word, edit.freq);
            }
            map
        })
    }

    /// Drop jieba's `FREQ` table, to be built again from the dictionary and
    /// the edits by the next call that needs it: after a bulk edit that
    /// needed it (`learn_words`), for a segmenter that goes on to cut and tag,
    /// which never read it.
    pub fn forget_frequencies(&mut self) {
        self.freq = OnceLock::new();
    }

    /// jieba's `FREQ.get(word, default)`.
    fn freq_or(&self, word: &str, default: usize) -> usize {
        self.freq_map().get(word).unwrap_or(default)
    }

    /// Whether `word` is in jieba's `FREQ`: a word, or a prefix of one.
    /// jieba's full mode looks no further along the text than this holds.
    pub(super) fn is_word_or_prefix(&self, word: &str) -> bool {
        self.is_word(word) || self.freq_map().get(word).is_some()
    }

    /// jieba's `get_FREQ(word)`: the frequency of `word` in the dictionary,
    /// 0 for a prefix of a word that is not a word itself (jieba's prefix
    /// entries), `None` for anything else.
    pub fn word_freq(&self, word: &str) -> Option<usize> {
        self.freq_map().get(word)
    }

    /// The part-of-speech tag the user gave `word` (`add_word`, a user
    /// dictionary), if any.
    pub fn user_tag(&self, word: &str) -> Option<&str> {
        self.user_tags.get(word).map(|(t, _)| &**t)
    }

    /// The [`TagId`] of [`Segmenter::user_tag`].
    pub(crate) fn user_tag_id(&self, word: &str) -> Option<TagId> {
        self.user_tags.get(word).map(|&(_, id)| id)
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
        let total = self
            .total
            .checked_add(freq)
            .filter(|&t| t <= MAX_TOTAL)
            .ok_or(Error::InvalidWord(word.into(), TOTAL_TOO_LARGE))?;
        self.freq_map();
        self.freq.get_mut().expect("built above").insert(word, freq);
        self.total = total;
        self.jieba_rs_total = self.jieba_rs_total + freq - old_freq.unwrap_or(0);
        self.jieba.add_word(word, Some(freq), tag);
        if self
            .table
            .as_mut()
            .is_some_and(|t| t.insert(word, freq).is_err())
        {
            self.table = None;
        }
        self.sync_total();
        if let Some(tag) = tag {
            self.user_tags
                .insert(word.into(), (tag.into(), TagId::of(tag)));
        }
        if freq == 0 {
            self.zero_freq.insert(word.into());
            self.force_split.insert(word.into());
        } else {
            self.zero_freq.remove(word);
        }
        self.max_word_chars = self.max_word_chars.max(word.chars().count());
        match self.edit_index.get(word) {
            Some(&i) => {
                let edit = &mut self.edits[i];
                edit.freq = freq;
                if let Some(tag) = tag {
                    edit.tag = Some(tag.to_owned());
                }
            }
            None => {
                self.edit_index.insert(word.into(), self.edits.len());
                self.edits.push(Edit {
                    word: word.to_owned(),
                    freq,
                    tag: tag.map(str::to_owned),
                });
            }
        }
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
            table: self.table.clone(),
            source: self.source.clone(),
            dict_text: self.dict_text.clone(),
            source_sha1: self.source_sha1,
            edits: self.edits.clone(),
            edit_index: self.edit_index.clone(),
            freq: self.freq.clone(),
            total: self.total,
            jieba_rs_total: self.jieba_rs_total,
            zero_freq: self.zero_freq.clone(),
            force_split: self.force_split.clone(),
            user_tags: self.user_tags.clone(),
            max_word_chars: self.max_word_chars,
            word_tags: Arc::clone(&self.word_tags),
        }
    }
}

/// jieba's `FREQ`: each word's frequency, and 0 for every prefix of a word
/// that is not a word itself: the main dictionary's entries, which never
/// change, and the edits' over them. A copy of a segmenter (a tokenizer
/// edited while another still uses the dictionary, such as the one
/// `learn_words` makes of the shared embedded one) shares the main part, the
/// largest (about 30 MB for jieba's dictionary), and copies only the edits'.
#[derive(Clone)]
struct Frequencies {
    main: Arc<FrequencyTable>,
    edits: FrequencyTable,
}

impl Frequencies {
    /// jieba's `FREQ[word] = freq` plus its zero entries for the word's prefixes.
    fn insert(&mut self, word: &str, freq: usize) {
        self.edits.insert(word, freq);
    }

    /// `FREQ.get(word)`: an edit's frequency before the main dictionary's.
    fn get(&self, word: &str) -> Option<usize> {
        if let Some(&freq) = self
            .edits
            .words
            .get(word)
            .or_else(|| self.main.words.get(word))
        {
            return Some(freq);
        }
        let hash = prefix_hash(word);
        (self.main.prefixes.contains(&hash) || self.edits.prefixes.contains(&hash)).then_some(0)
    }
}

/// The main part of [`Frequencies`] for the embedded dictionary: one table
/// for every segmenter that needs it at once, dropped when none does.
fn embedded_frequencies() -> Arc<FrequencyTable> {
    static EMBEDDED: Mutex<Weak<FrequencyTable>> = Mutex::new(Weak::new());
    let mut kept = EMBEDDED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(table) = kept.upgrade() {
        return table;
    }
    let table = Arc::new(FrequencyTable::of_dictionary(DEFAULT_DICT));
    *kept = Arc::downgrade(&table);
    table
}

/// Words with their frequencies, and the prefixes of words. The prefixes
/// are kept as 64-bit hashes, not strings: a user word of `n` characters has
/// `n` prefixes whose lengths add up to `n²/2` characters (a 30,000-character
/// word would take gigabytes).
#[derive(Clone, Default)]
struct FrequencyTable {
    words: FxHashMap<Box<str>, usize>,
    prefixes: FxHashSet<u64>,
}

/// A prefix's hash. SipHash with fixed keys reads its input as a stream, so
/// hashing a word a character at a time gives each prefix's hash in turn.
fn prefix_hasher() -> std::hash::DefaultHasher {
    std::hash::DefaultHasher::new()
}

fn prefix_hash(prefix: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = prefix_hasher();
    hasher.write(prefix.as_bytes());
    hasher.finish()
}

impl FrequencyTable {
    /// The entries of a main dictionary's text (already validated).
    fn of_dictionary(text: &str) -> FrequencyTable {
        let entries = dictionary::parse_main(text, "").expect("validated when loaded");
        let mut table = FrequencyTable::default();
        table.words.reserve(entries.len());
        table.prefixes.reserve(entries.len());
        for entry in entries {
            table.insert(entry.word, entry.freq.unwrap_or(0));
        }
        table
    }

    /// `word` at `freq`, and its prefixes.
    fn insert(&mut self, word: &str, freq: usize) {
        use std::hash::Hasher;
        self.words.insert(word.into(), freq);
        let mut hasher = prefix_hasher();
        let mut chars = word.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if chars.peek().is_none() {
                break;
            }
            hasher.write(&word.as_bytes()[i..i + c.len_utf8()]);
            self.prefixes.insert(hasher.finish());
        }
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
    fn a_segmenter_for_one_text_cuts_it_as_the_whole_dictionary_does() {
        let whole = Segmenter::new();
        let fixture = include_str!("../../tests/fixtures/segmented.txt").replace(' ', "");
        // A few texts: each early segmenter scans the whole embedded text.
        let texts = fixture.lines().take(4).chain([
            // B超 is on two lines of dict.txt; 'Covid-19' is a connector run,
            // 大学生活 ends early at a prefix in tagging, 的的的 goes to the HMM.
            "小明硕士毕业于中国科学院计算所，后在日本京都大学深造B超",
            "Covid-19 疫情下的大学生活，的的的，T恤衫 AA制",
            "",
        ]);
        for text in texts {
            let early = Segmenter::embedded_for_text(text);
            for hmm in [true, false] {
                assert_eq!(early.cut(text, hmm), whole.cut(text, hmm), "{text}");
                assert_eq!(early.tag(text, hmm), whole.tag(text, hmm), "{text}");
                assert_eq!(
                    early.cut_for_search(text, hmm),
                    whole.cut_for_search(text, hmm),
                    "{text}"
                );
            }
            assert_eq!(early.cut_all(text), whole.cut_all(text), "{text}");
            assert_eq!(early.total(), whole.total());
            assert_eq!(early.state(), whole.state());
        }
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
        assert_eq!(s.edits().len(), 1, "one word, one net edit");
        let replayed = Segmenter::from_state(&s.state()).unwrap();
        assert_eq!(replayed.total(), s.total());
        assert_eq!(replayed.cut("创新办主任", true), ["创新", "办", "主任"]);
        assert_eq!(replayed.state(), s.state());
    }

    #[test]
    fn a_dictionary_too_wide_for_the_prefix_table_is_cut_by_jieba_rs() {
        let mut s = Segmenter::new();
        let wide = (0x20000..).filter_map(char::from_u32);
        for c in wide.take(super::super::prefix_table::MAX_IDS) {
            s.add_word(&c.to_string(), Some(1), None).unwrap();
        }
        assert!(s.table.is_none(), "the table gave way to jieba-rs");
        let text = "小明硕士毕业于中国科学院计算所，后在日本京都大学深造";
        let expected: Vec<&str> = s.jieba.cut(text, true).iter().map(|t| t.word).collect();
        assert_eq!(s.cut(text, true), expected);
    }

    #[test]
    fn copies_share_the_main_dictionarys_frequencies() {
        let mut original = Segmenter::new();
        assert_eq!(original.word_freq("清华大学"), Some(922));
        assert_eq!(original.word_freq("清华大"), Some(0), "a prefix");
        let mut copy = original.clone();
        copy.add_word("清华大", Some(7), None).unwrap();
        copy.add_word("郑月娥", Some(9), None).unwrap();
        let (main, copied) = (&original.freq_map().main, &copy.freq_map().main);
        assert!(Arc::ptr_eq(main, copied), "one main table");
        // Another segmenter of the embedded dictionary shares it too.
        let other = Segmenter::new();
        assert!(Arc::ptr_eq(main, &other.freq_map().main));
        assert_eq!(copy.word_freq("清华大"), Some(7));
        assert_eq!(copy.word_freq("郑月"), Some(0), "an edit's prefix");
        assert_eq!(
            original.word_freq("清华大"),
            Some(0),
            "the original unchanged"
        );
        assert_eq!(original.word_freq("郑月娥"), None);
        assert_eq!(original.word_freq("郑月"), None);
        // Rebuilt from the text and the edits, the map is the same.
        let replayed = Segmenter::from_state(&copy.state()).unwrap();
        for word in ["清华大", "清华大学", "郑月", "郑月娥", "北京", "不是词"] {
            assert_eq!(replayed.word_freq(word), copy.word_freq(word), "{word}");
        }
        original.add_word("北京", Some(1), None).unwrap();
        assert_eq!(copy.word_freq("北京"), Some(34488));
        copy.forget_frequencies();
        for word in ["清华大", "清华大学", "郑月", "郑月娥", "北京", "不是词"] {
            assert_eq!(replayed.word_freq(word), copy.word_freq(word), "{word}");
        }
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
