//! Conversions shared by the bindings: texts in, words out.

use std::ops::Deref;

use pyo3::exceptions::{PyTypeError, PyUnicodeEncodeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyFloat, PyList, PyString, PyTuple};
use rustc_hash::FxHashMap;

use super::arrow::{self, ArrowStr};

/// One Python text for the Rust cores, which take UTF-8.
///
/// A `str` may hold lone surrogates (text read with
/// `errors="surrogateescape"`), which UTF-8 cannot: each is replaced by
/// U+FFFD, which jieba's rules treat as they treat a surrogate (a character
/// outside every block, tagged `x`) and which takes 3 bytes in UTF-8, as a
/// surrogate does in the `surrogatepass` encoding kept alongside. Byte
/// offsets therefore agree, and [`Text::word`] gives back the original.
pub(crate) enum Text {
    Str(PyBackedStr),
    Escaped {
        text: String,
        /// The `surrogatepass` encoding of the original.
        wtf8: Vec<u8>,
    },
}

impl Text {
    pub(crate) fn extract(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        match obj.extract::<PyBackedStr>() {
            Ok(text) => Ok(Text::Str(text)),
            Err(err) if err.is_instance_of::<PyUnicodeEncodeError>(obj.py()) => {
                let wtf8: Vec<u8> = obj
                    .call_method1("encode", ("utf-8", "surrogatepass"))?
                    .extract()?;
                Ok(Text::Escaped {
                    text: replace_surrogates(&wtf8),
                    wtf8,
                })
            }
            Err(err) => Err(err),
        }
    }

    /// The Python `str` of `word`, a slice of this text.
    pub(crate) fn word<'py>(&self, py: Python<'py>, word: &str) -> PyResult<Bound<'py, PyString>> {
        if let Text::Escaped { text, wtf8 } = self {
            let start = (word.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
            let end = start.checked_add(word.len());
            if let Some(original) = end.and_then(|end| wtf8.get(start..end)) {
                if original != word.as_bytes() {
                    return PyBytes::new(py, original)
                        .call_method1("decode", ("utf-8", "surrogatepass"))?
                        .cast_into()
                        .map_err(Into::into);
                }
            }
        }
        Ok(new_py_str(py, word))
    }

    /// A list of the Python `str`s of `words`, slices of this text.
    pub(crate) fn words_to_list<'py>(
        &self,
        py: Python<'py>,
        words: &[&str],
    ) -> PyResult<Bound<'py, PyList>> {
        match self {
            Text::Str(_) => words_to_list(py, words),
            Text::Escaped { .. } => PyList::new(
                py,
                words
                    .iter()
                    .map(|w| self.word(py, w))
                    .collect::<PyResult<Vec<_>>>()?,
            ),
        }
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Text::Str(text) => text,
            Text::Escaped { text, .. } => text,
        }
    }
}

/// UTF-8 from `surrogatepass`-encoded bytes: each encoded surrogate
/// (`ED A0..BF xx`) becomes U+FFFD (`EF BF BD`), the same length.
fn replace_surrogates(wtf8: &[u8]) -> String {
    let mut bytes = wtf8.to_vec();
    let mut i = 0;
    while i + 2 < bytes.len() {
        if bytes[i] == 0xED && bytes[i + 1] >= 0xA0 {
            bytes[i..i + 3].copy_from_slice("\u{FFFD}".as_bytes());
            i += 3;
        } else {
            i += 1;
        }
    }
    String::from_utf8(bytes).expect("surrogatepass output is UTF-8 but for surrogates")
}

/// What to do with a missing document (`None`, `pd.NA` or a NaN, as pandas
/// columns hold them, see [`is_missing`]; or a null in an Arrow column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Missing {
    /// An error naming its position.
    Raise,
    /// Treat it as an empty text.
    Empty,
    /// A missing result (`None`, or a null in Arrow output): only for
    /// calls with one result per text ([`Missing::parse_per_text`]).
    Null,
}

impl Missing {
    pub(crate) fn parse(value: &str) -> PyResult<Self> {
        match value {
            "raise" => Ok(Missing::Raise),
            "empty" => Ok(Missing::Empty),
            other => Err(PyValueError::new_err(format!(
                "missing must be 'raise' or 'empty', not {other:?}"
            ))),
        }
    }

    /// `missing=` of a call with one result per text, where `"null"`
    /// gives a missing text a missing result.
    pub(crate) fn parse_per_text(value: &str) -> PyResult<Self> {
        match value {
            "null" => Ok(Missing::Null),
            "raise" | "empty" => Self::parse(value),
            other => Err(PyValueError::new_err(format!(
                "missing must be 'raise', 'empty' or 'null', not {other:?}"
            ))),
        }
    }
}

/// One text of a batch: a Python `str`, or a value of an Arrow string
/// column read in place (no Python object is made for it).
pub(crate) enum BatchText {
    Str(PyBackedStr),
    Arrow(ArrowStr),
    /// A missing text read as empty (`missing="empty"`).
    Empty,
    /// A missing text whose result is missing (`missing="null"`).
    Missing,
}

impl BatchText {
    pub(crate) fn is_missing(&self) -> bool {
        matches!(self, BatchText::Missing)
    }
}

impl Deref for BatchText {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            BatchText::Str(text) => text,
            BatchText::Arrow(text) => text,
            BatchText::Empty | BatchText::Missing => "",
        }
    }
}

impl AsRef<str> for BatchText {
    fn as_ref(&self) -> &str {
        self
    }
}

/// A missing text under `missing`, or the error naming its position.
fn missing_text(i: usize, missing: Missing, what: &str) -> PyResult<BatchText> {
    match missing {
        Missing::Empty => Ok(BatchText::Empty),
        Missing::Null => Ok(BatchText::Missing),
        Missing::Raise => Err(PyTypeError::new_err(format!(
            "texts[{i}] is {what}, not str (pass missing='empty' to treat missing values as empty texts)"
        ))),
    }
}

/// Whether `item` is a missing value as pandas and numpy hold them: `None`,
/// `pd.NA` (what nullable string columns hold), `pd.NaT`, or a NaN of any
/// float type (`float`, `np.float32`, `np.float64`, ...).
fn is_missing(item: &Bound<'_, PyAny>) -> bool {
    item.is_none() || is_nan(item) || {
        let ty = item.get_type();
        ty.name().is_ok_and(|n| n == "NAType" || n == "NaTType")
            && ty
                .module()
                .is_ok_and(|m| m.to_string().starts_with("pandas"))
    }
}

/// A float NaN, of Python's type or numpy's.
fn is_nan(item: &Bound<'_, PyAny>) -> bool {
    let float_like =
        item.is_instance_of::<PyFloat>() || item.get_type().module().is_ok_and(|m| m == "numpy");
    float_like && item.extract::<f64>().is_ok_and(f64::is_nan)
}

/// `texts` as strings, with an error naming the first that is not one: a
/// `ValueError` for NaN (as scikit-learn's vectorizers raise), else a
/// `TypeError`. An Arrow string array or stream (see
/// [`arrow::offers_arrow`]) is read in place; its nulls are missing texts.
pub(crate) fn extract_texts(
    texts: &Bound<'_, PyAny>,
    missing: Missing,
) -> PyResult<Vec<BatchText>> {
    if arrow::offers_arrow(texts) {
        return arrow::import_texts(texts)?
            .into_iter()
            .enumerate()
            .map(|(i, text)| match text {
                Some(text) => Ok(BatchText::Arrow(text)),
                None => missing_text(i, missing, "null"),
            })
            .collect();
    }
    if texts.is_instance_of::<PyString>() || texts.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "texts must be an iterable of str, not a single str (use cut() for one text)",
        ));
    }
    let mut out = Vec::with_capacity(texts.len().unwrap_or(0));
    for (i, item) in texts.try_iter()?.enumerate() {
        let item = item?;
        if missing != Missing::Raise && is_missing(&item) {
            out.push(missing_text(i, missing, "missing")?);
            continue;
        }
        match item.extract::<PyBackedStr>() {
            Ok(text) => out.push(BatchText::Str(text)),
            // A str that is not valid text (lone surrogates): say which.
            Err(err) if item.is_instance_of::<PyString>() => {
                let named = PyValueError::new_err(format!("texts[{i}]: {err}"));
                named.set_cause(item.py(), Some(err));
                return Err(named);
            }
            Err(_) if is_nan(&item) => {
                // scikit-learn's message and error type for a NaN document.
                return Err(PyValueError::new_err(format!(
                    "texts[{i}] is NaN: np.nan is an invalid document, expected byte or unicode string. \
                     Pass missing='empty' to treat missing values as empty texts."
                )));
            }
            Err(_) => {
                let hint = if is_missing(&item) {
                    " (pass missing='empty' to treat missing values as empty texts)"
                } else {
                    ""
                };
                return Err(PyTypeError::new_err(format!(
                    "texts[{i}] is {}, not str{hint}",
                    item.get_type().name()?
                )));
            }
        }
    }
    Ok(out)
}

pub(crate) fn words_to_list<'py>(py: Python<'py>, words: &[&str]) -> PyResult<Bound<'py, PyList>> {
    RecentWords::with(|mut recent| {
        if let Some(recent) = &recent {
            recent.prefetch(words);
        }
        PyList::new(
            py,
            words
                .iter()
                .map(|w| RecentWords::get(recent.as_deref_mut(), py, w)),
        )
    })
}

/// A Python `str` from a word: the one made for the same word shortly
/// before, if [`RecentWords`] still holds it, else a new one.
pub(crate) fn new_py_str<'py>(py: Python<'py>, word: &str) -> Bound<'py, PyString> {
    RecentWords::with(|recent| RecentWords::get(recent, py, word))
}

/// A new Python `str` from a word. CPython decodes non-ASCII UTF-8 through
/// a general, resizing writer; from the code points it builds the string in
/// one step, which makes returning Chinese words markedly cheaper.
/// (`wchar_t` is UCS-4 on Linux and macOS; elsewhere the UTF-8 path is used.)
pub(crate) fn make_py_str<'py>(py: Python<'py>, word: &str) -> Bound<'py, PyString> {
    #[cfg(unix)]
    {
        const MAX_CHARS: usize = 32;
        if !word.is_ascii() && word.len() <= MAX_CHARS * 4 {
            let mut buf = [0 as libc::wchar_t; MAX_CHARS];
            let mut n = 0;
            for c in word.chars() {
                if n == MAX_CHARS {
                    return PyString::new(py, word);
                }
                buf[n] = c as libc::wchar_t;
                n += 1;
            }
            // SAFETY: `buf[..n]` holds valid code points; the call returns a
            // new reference or NULL with an exception set (only on memory
            // exhaustion), which `from_owned_ptr_or_err` turns into an error.
            let obj = unsafe {
                Bound::from_owned_ptr_or_err(
                    py,
                    pyo3::ffi::PyUnicode_FromWideChar(buf.as_ptr(), n as pyo3::ffi::Py_ssize_t),
                )
            };
            if let Ok(obj) = obj {
                // SAFETY: PyUnicode_FromWideChar returns a str.
                return unsafe { obj.cast_into_unchecked() };
            }
        }
    }
    PyString::new(py, word)
}

thread_local! {
    static RECENT_WORDS: std::cell::RefCell<RecentWords> = const { std::cell::RefCell::new(RecentWords { slots: Vec::new() }) };
}

/// The `str`s of the words this thread returned lately, one per slot of a
/// table indexed by the word's hash (a newer word takes the slot of an
/// older one with the same index). Texts repeat a few thousand words for
/// most of their length, and a cut of a short line returns dozens of
/// words: handing back a `str` already made (`str` is immutable) costs a
/// hash and a reference count, where a new one costs its decoding, an
/// allocation and later its freeing. Bounded: [`RecentWords::SLOTS`]
/// words of at most [`RecentWords::MAX_BYTES`] bytes, about 300 KB.
struct RecentWords {
    slots: Vec<Option<RecentWord>>,
}

/// A word's bytes as [`RecentWords::key`] packs them, and its `str`.
struct RecentWord {
    key: (u64, u64, usize),
    word: Py<PyString>,
}

impl RecentWords {
    const SLOTS: usize = 1 << 12;
    /// Five Han characters; longer words repeat less.
    const MAX_BYTES: usize = 15;

    /// `work` with this thread's table, or with none if it is in use
    /// (only a `str`'s destructor could re-enter, and none does).
    fn with<R>(work: impl FnOnce(Option<&mut RecentWords>) -> R) -> R {
        RECENT_WORDS.with(|recent| match recent.try_borrow_mut() {
            Ok(mut recent) => work(Some(&mut recent)),
            Err(_) => work(None),
        })
    }

    /// A key equal for equal words only (up to [`RecentWords::MAX_BYTES`]
    /// bytes): the length and the first and last 8, 4 or 1 bytes, which
    /// cover the word between them.
    #[inline]
    fn key(word: &[u8]) -> Option<(u64, u64, usize)> {
        let n = word.len();
        let u64_at = |i: usize| u64::from_le_bytes(word[i..i + 8].try_into().expect("8 bytes"));
        let u32_at = |i: usize| u32::from_le_bytes(word[i..i + 4].try_into().expect("4 bytes"));
        let (first, last) = match n {
            8..=Self::MAX_BYTES => (u64_at(0), u64_at(n - 8)),
            4..=7 => (u32_at(0).into(), u32_at(n - 4).into()),
            1..=3 => (
                word[0].into(),
                u64::from(word[n / 2]) << 8 | u64::from(word[n - 1]),
            ),
            _ => return None,
        };
        Some((first, last, n))
    }

    /// The slot of a word's key.
    #[inline]
    fn index(key: (u64, u64, usize)) -> usize {
        let hash =
            (key.0 ^ key.1.rotate_left(32) ^ key.2 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (hash >> (64 - Self::SLOTS.trailing_zeros())) as usize
    }

    /// Ask for the slots of `words`, then the `str`s they hold, to be
    /// brought into the cache. A list's words are looked up one after
    /// another, and on a loaded machine nearly every slot and every `str`
    /// (whose reference count a hit or a replacement changes) was a cache
    /// miss of its own, waited for in turn; requested together first, they
    /// arrive together.
    fn prefetch(&self, words: &[&str]) {
        if self.slots.is_empty() {
            return;
        }
        let keys = || words.iter().filter_map(|w| Self::key(w.as_bytes()));
        for key in keys() {
            crate::prefetch(&self.slots[Self::index(key)]);
        }
        for key in keys() {
            if let Some(held) = &self.slots[Self::index(key)] {
                crate::prefetch(held.word.as_ptr());
            }
        }
    }

    /// The `str` of `word`, from `recent` if it holds it (and then kept there).
    #[inline]
    fn get<'py>(
        recent: Option<&mut RecentWords>,
        py: Python<'py>,
        word: &str,
    ) -> Bound<'py, PyString> {
        let (Some(recent), Some(key)) = (recent, Self::key(word.as_bytes())) else {
            return make_py_str(py, word);
        };
        if recent.slots.is_empty() {
            recent.slots.resize_with(Self::SLOTS, || None);
        }
        let slot = &mut recent.slots[Self::index(key)];
        match slot {
            Some(held) if held.key == key => held.word.bind(py).clone(),
            _ => {
                let made = make_py_str(py, word);
                *slot = Some(RecentWord {
                    key,
                    word: made.clone().unbind(),
                });
                made
            }
        }
    }
}

/// The `(word, flag)` tuples of one call's tagged words, one per distinct
/// pair: a long text or a batch repeats its words, and a str and a tuple
/// for every occurrence cost about 150 bytes per word, fifty times the
/// text (issue 20, item 15). Both are immutable, so only `is` can tell a
/// shared one. At most [`TaggedTuples::MAX_SHARED`] pairs are kept, so a
/// text of ever new words does not also grow the table without bound.
pub(crate) struct TaggedTuples<'py, 'w> {
    py: Python<'py>,
    /// Each flag seen, interned, with its index (the pair's key).
    flags: FxHashMap<Box<str>, u32>,
    flag_strs: Vec<Bound<'py, PyString>>,
    pairs: FxHashMap<(&'w str, u32), Bound<'py, PyTuple>>,
    max_shared: usize,
}

impl<'py, 'w> TaggedTuples<'py, 'w> {
    /// Past this many distinct pairs, new ones get tuples of their own:
    /// a few MB of table.
    const MAX_SHARED: usize = 1 << 16;

    pub(crate) fn new(py: Python<'py>) -> Self {
        TaggedTuples {
            py,
            flags: FxHashMap::default(),
            flag_strs: Vec::new(),
            pairs: FxHashMap::default(),
            max_shared: Self::MAX_SHARED,
        }
    }

    /// For the words of `text`: those of a text with lone surrogates are
    /// not shared, since equal UTF-8 may stand for different originals.
    pub(crate) fn for_text(py: Python<'py>, text: &Text) -> Self {
        let mut tuples = Self::new(py);
        if let Text::Escaped { .. } = text {
            tuples.max_shared = 0;
        }
        tuples
    }

    /// The tuple of `word` (a slice of the call's input) and `flag`, with
    /// `make_word` making the word's str when the pair is new.
    pub(crate) fn tuple(
        &mut self,
        word: &'w str,
        flag: &str,
        make_word: impl FnOnce(&'w str) -> PyResult<Bound<'py, PyString>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let flag = match self.flags.get(flag) {
            Some(&i) => i,
            None => {
                let i = self.flag_strs.len() as u32;
                self.flag_strs.push(PyString::intern(self.py, flag));
                self.flags.insert(flag.into(), i);
                i
            }
        };
        if let Some(tuple) = self.pairs.get(&(word, flag)) {
            return Ok(tuple.clone());
        }
        let tuple = PyTuple::new(
            self.py,
            [make_word(word)?, self.flag_strs[flag as usize].clone()],
        )?;
        if self.pairs.len() < self.max_shared {
            self.pairs.insert((word, flag), tuple.clone());
        }
        Ok(tuple)
    }
}

/// A saved state (pickles) as serde bytes, in postcard's format.
pub(crate) fn state_to_bytes<T: serde::Serialize>(state: &T) -> PyResult<Vec<u8>> {
    postcard::to_stdvec(state)
        .map_err(|e| PyValueError::new_err(format!("cannot save this object's state: {e}")))
}

/// A state saved by [`state_to_bytes`]; `what` names the class in the error.
pub(crate) fn state_from_bytes<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    what: &str,
) -> PyResult<T> {
    postcard::from_bytes(bytes)
        .map_err(|e| PyValueError::new_err(format!("not a saved {what} state: {e}")))
}
