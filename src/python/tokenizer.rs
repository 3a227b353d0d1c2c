//! `zhtext._zhtext.Tokenizer`: the binding of [`crate::segment::Segmenter`].

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use numpy::PyArray1;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};

use super::errors::segment_error;
use crate::parallel;
use crate::segment::{DictionarySource, Edit, Mode, Segmenter};

/// An edit as Python sees it in a pickling recipe: `(word, freq, tag)`.
type EditTuple = (String, usize, Option<String>);

/// A jieba tokenizer: segmentation, tagging and its dictionary.
///
/// Safe to share between threads. A call works on a snapshot of the
/// segmenter taken when it starts; a dictionary change makes a new one
/// (copying only if some call still uses the old), so cuts never wait for
/// edits and never see half an edit. Locks are only taken with the GIL
/// released, so no thread can hold one while waiting for the GIL.
#[pyclass(module = "zhtext._zhtext", subclass, frozen)]
pub struct Tokenizer {
    segmenter: RwLock<Arc<Segmenter>>,
}

pub(crate) fn parse_mode(mode: &str) -> PyResult<Mode> {
    match mode {
        "default" => Ok(Mode::Default),
        "all" => Ok(Mode::All),
        "search" => Ok(Mode::Search),
        other => Err(PyValueError::new_err(format!(
            "mode must be 'default', 'all' or 'search', not {other:?}"
        ))),
    }
}

/// `texts` as strings, with a `TypeError` naming the first that is not one.
pub(crate) fn extract_texts(texts: &Bound<'_, PyAny>) -> PyResult<Vec<PyBackedStr>> {
    if texts.is_instance_of::<PyString>() || texts.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "texts must be an iterable of str, not a single str (use cut() for one text)",
        ));
    }
    let mut out = Vec::with_capacity(texts.len().unwrap_or(0));
    for (i, item) in texts.try_iter()?.enumerate() {
        let item = item?;
        match item.extract::<PyBackedStr>() {
            Ok(text) => out.push(text),
            Err(err) if item.is_instance_of::<PyString>() => return Err(err),
            Err(_) => {
                return Err(PyTypeError::new_err(format!(
                    "texts[{i}] is {}, not str",
                    item.get_type().name()?
                )))
            }
        }
    }
    Ok(out)
}

fn words_to_list<'py>(py: Python<'py>, words: &[&str]) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, words.iter().map(|w| PyString::new(py, w)))
}

impl Tokenizer {
    fn from_shared(segmenter: Arc<Segmenter>) -> Self {
        Tokenizer {
            segmenter: RwLock::new(segmenter),
        }
    }

    /// The current segmenter. Call without the GIL. Poisoning is ignored:
    /// an edit replaces the segmenter only once it has fully succeeded.
    pub(crate) fn snapshot(&self) -> Arc<Segmenter> {
        Arc::clone(&self.segmenter.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// The current segmenter, taken with the GIL released.
    pub(crate) fn read(&self, py: Python<'_>) -> Arc<Segmenter> {
        py.detach(|| self.snapshot())
    }

    /// Apply `edit` with the GIL released. The segmenter is copied first
    /// only if a running call still holds a snapshot of it. Edits check
    /// their input before changing anything, so a failed one changes nothing.
    fn edit<R: Send>(
        &self,
        py: Python<'_>,
        edit: impl FnOnce(&mut Segmenter) -> Result<R, crate::segment::Error> + Send,
    ) -> PyResult<R> {
        py.detach(|| {
            let mut current = self.segmenter.write().unwrap_or_else(|e| e.into_inner());
            edit(Arc::make_mut(&mut current))
        })
        .map_err(segment_error)
    }
}

#[pymethods]
impl Tokenizer {
    #[new]
    #[pyo3(signature = (dictionary = None))]
    fn new(py: Python<'_>, dictionary: Option<PathBuf>) -> PyResult<Self> {
        let segmenter = py
            .detach(|| match &dictionary {
                None => Ok(Segmenter::shared_embedded()),
                Some(path) => Segmenter::with_dictionary(path).map(Arc::new),
            })
            .map_err(segment_error)?;
        Ok(Self::from_shared(segmenter))
    }

    /// Replay edits from another tokenizer's `_recipe()` (used by pickling).
    fn _apply_edits(&self, py: Python<'_>, edits: Vec<EditTuple>) -> PyResult<()> {
        let edits: Vec<Edit> = edits
            .into_iter()
            .map(|(word, freq, tag)| Edit { word, freq, tag })
            .collect();
        self.edit(py, |s| s.apply_edits(&edits))
    }

    /// The dictionary path and the edits applied since loading it.
    fn _recipe(&self, py: Python<'_>) -> (Option<PathBuf>, Vec<EditTuple>) {
        let segmenter = self.read(py);
        let path = match segmenter.source() {
            DictionarySource::Embedded => None,
            DictionarySource::File(path) => Some(path.clone()),
        };
        let edits = segmenter
            .edits()
            .iter()
            .map(|e| (e.word.clone(), e.freq, e.tag.clone()))
            .collect();
        (path, edits)
    }

    /// The main dictionary file, or None for the embedded jieba dictionary.
    #[getter]
    fn dictionary(&self, py: Python<'_>) -> Option<PathBuf> {
        match self.read(py).source() {
            DictionarySource::Embedded => None,
            DictionarySource::File(path) => Some(path.clone()),
        }
    }

    /// jieba's total of all frequencies.
    #[getter]
    fn total(&self, py: Python<'_>) -> usize {
        self.read(py).total()
    }

    /// The dictionary frequency of `word`, or None if it is not a word.
    fn word_freq(&self, py: Python<'_>, word: &str) -> Option<usize> {
        py.detach(|| self.snapshot().word_freq(word))
    }

    /// Load a user dictionary file (path) with jieba's line format.
    fn _load_userdict_path(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        self.edit(py, |s| s.load_userdict(&path))
    }

    /// Load user dictionary lines given as one text; `source_name` names it
    /// in errors.
    fn _load_userdict_text(&self, py: Python<'_>, text: &str, source_name: &str) -> PyResult<()> {
        self.edit(py, |s| s.load_userdict_text(text, source_name))
    }

    #[pyo3(signature = (word, freq = None, tag = None))]
    fn add_word(&self, py: Python<'_>, word: &str, freq: Option<i64>, tag: Option<&str>) -> PyResult<usize> {
        let freq = freq
            .map(|f| usize::try_from(f).map_err(|_| PyValueError::new_err(format!("freq must be >= 0, not {f}"))))
            .transpose()?;
        self.edit(py, |s| s.add_word(word, freq, tag))
    }

    fn del_word(&self, py: Python<'_>, word: &str) -> PyResult<()> {
        self.edit(py, |s| s.del_word(word))
    }

    #[pyo3(signature = (segment, tune = false))]
    fn suggest_freq(&self, py: Python<'_>, segment: &Bound<'_, PyAny>, tune: bool) -> PyResult<usize> {
        let (word, freq) = if let Ok(word) = segment.extract::<PyBackedStr>() {
            let freq = py.detach(|| self.snapshot().suggest_word_freq(&word));
            (word.to_string(), freq)
        } else if let Ok(parts) = segment.extract::<Vec<PyBackedStr>>() {
            let parts: Vec<&str> = parts.iter().map(|p| &**p).collect();
            let freq = py.detach(|| self.snapshot().suggest_split_freq(&parts));
            (parts.concat(), freq)
        } else {
            return Err(PyTypeError::new_err(
                "segment must be a str or a tuple of str",
            ));
        };
        if tune {
            self.edit(py, |s| s.add_word(&word, Some(freq), None))?;
        }
        Ok(freq)
    }

    #[pyo3(signature = (text, hmm = true))]
    fn cut<'py>(&self, py: Python<'py>, text: PyBackedStr, hmm: bool) -> PyResult<Bound<'py, PyList>> {
        let words = py.detach(|| self.snapshot().cut(&text, hmm));
        words_to_list(py, &words)
    }

    fn cut_all<'py>(&self, py: Python<'py>, text: PyBackedStr) -> PyResult<Bound<'py, PyList>> {
        let words = py.detach(|| self.snapshot().cut_all(&text));
        words_to_list(py, &words)
    }

    #[pyo3(signature = (text, hmm = true))]
    fn cut_for_search<'py>(&self, py: Python<'py>, text: PyBackedStr, hmm: bool) -> PyResult<Bound<'py, PyList>> {
        let words = py.detach(|| self.snapshot().cut_for_search(&text, hmm));
        words_to_list(py, &words)
    }

    #[pyo3(signature = (text, mode = "default", hmm = true))]
    fn tokenize<'py>(&self, py: Python<'py>, text: PyBackedStr, mode: &str, hmm: bool) -> PyResult<Bound<'py, PyList>> {
        let mode = parse_mode(mode)?;
        let tokens = py.detach(|| self.snapshot().tokenize(&text, mode, hmm));
        PyList::new(
            py,
            tokens.iter().map(|t| (PyString::new(py, t.word), t.start, t.end)),
        )
    }

    #[pyo3(signature = (text, hmm = true))]
    fn tag<'py>(&self, py: Python<'py>, text: PyBackedStr, hmm: bool) -> PyResult<Bound<'py, PyList>> {
        let segmenter = self.read(py);
        let tagged = py.detach(|| segmenter.tag(&text, hmm));
        PyList::new(
            py,
            tagged
                .iter()
                .map(|&(w, t)| PyTuple::new(py, [PyString::new(py, w), PyString::intern(py, t)]))
                .collect::<PyResult<Vec<_>>>()?,
        )
    }

    /// `cut` over many texts on `threads` threads; a list of lists of str.
    #[pyo3(signature = (texts, mode = "default", hmm = true, threads = None))]
    fn _cut_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        mode: &str,
        hmm: bool,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let mode = parse_mode(mode)?;
        let texts = extract_texts(texts)?;
        let segmenter = self.read(py);
        let words = py.detach(|| parallel::install(threads, || segmenter.cut_many(&texts, mode, hmm)));
        PyList::new(py, words.iter().map(|w| words_to_list(py, w)).collect::<PyResult<Vec<_>>>()?)
    }

    /// `cut` over many texts into flat arrays: `(data: uint8, word_offsets:
    /// int64, text_offsets: int64)`; see `Columnar` in the Rust docs.
    #[pyo3(signature = (texts, mode = "default", hmm = true, threads = None))]
    #[allow(clippy::type_complexity)]
    fn _cut_many_columnar<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        mode: &str,
        hmm: bool,
        threads: Option<usize>,
    ) -> PyResult<(Bound<'py, PyArray1<u8>>, Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<i64>>)> {
        let mode = parse_mode(mode)?;
        let texts = extract_texts(texts)?;
        let segmenter = self.read(py);
        let columnar = py.detach(|| parallel::install(threads, || segmenter.cut_many_columnar(&texts, mode, hmm)));
        Ok((
            PyArray1::from_vec(py, columnar.data),
            PyArray1::from_vec(py, columnar.word_offsets),
            PyArray1::from_vec(py, columnar.text_offsets),
        ))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let segmenter = self.read(py);
        let source = match segmenter.source() {
            DictionarySource::Embedded => "embedded jieba dictionary".to_owned(),
            DictionarySource::File(path) => path.display().to_string(),
        };
        format!("Tokenizer({source}, {} user edits)", segmenter.edits().len())
    }
}
