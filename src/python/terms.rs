//! `zhtext.Analyzer`: the token function of `zhtext.TfidfVectorizer` and its
//! parallel term counting; the binding of [`crate::keywords::terms`].

use std::sync::{Arc, RwLock};

use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyList, PyTuple};
use rustc_hash::FxHashMap;

use super::batch;
use super::batch::Threads;
use super::convert::{
    extract_texts, make_py_str, new_py_str, state_from_bytes, state_to_bytes, Missing,
};
use super::keywords::parse_fold;
use super::progress::Progress;
use super::tokenizer::{parse_mode, Tokenizer};
use crate::keywords::terms::{
    count_fit, count_transform, document_terms, CountMatrix, TermFilter, TermSettings,
};
use crate::parallel;

/// Turns a text into the terms that TF-IDF counts: the tokenizer's words in
/// ``mode``, lowercased, without punctuation, numbers, words shorter than
/// ``min_length`` characters, or ``stop_words``; with ``ngram_range=(m, n)``,
/// the runs of ``m`` to ``n`` of those words joined by a space, as
/// scikit-learn's word n-grams. Calling it on a text gives the list of
/// terms, as scikit-learn's ``build_analyzer()`` functions do.
/// ``script`` (default: the tokenizer's) is how traditional text is cut, as
/// in ``Tokenizer``; ``fold_script="simplified"`` makes every term
/// simplified, so that both spellings of a word are one term.
///
/// >>> from zhtext import Analyzer, Tokenizer
/// >>> Analyzer(Tokenizer())("台风“杜苏芮”登陆福建，2023年7月28日")
/// ['台风', '杜苏芮', '登陆', '福建', '年', '月', '日']
#[pyclass(module = "zhtext", frozen)]
pub struct Analyzer {
    tokenizer: Py<Tokenizer>,
    /// Replaced only when unpickling (`__setstate__`).
    settings: RwLock<Arc<TermSettings>>,
}

impl Analyzer {
    fn settings(&self) -> Arc<TermSettings> {
        Arc::clone(&self.settings.read().unwrap_or_else(|e| e.into_inner()))
    }
}

type CsrArrays<'py> = (
    Bound<'py, PyArray1<i64>>,
    Bound<'py, PyArray1<i32>>,
    Bound<'py, PyArray1<i64>>,
);

fn csr_arrays(py: Python<'_>, m: CountMatrix) -> CsrArrays<'_> {
    (
        PyArray1::from_vec(py, m.indptr),
        PyArray1::from_vec(py, m.indices),
        PyArray1::from_vec(py, m.data),
    )
}

/// Texts per piece of a large batch count.
const COUNT_PIECE: usize = 1024;

#[pymethods]
impl Analyzer {
    #[new]
    #[pyo3(signature = (tokenizer, mode = "default", hmm = true, lowercase = true, drop_punctuation = true, drop_numbers = true, min_length = 1, stop_words = None, ngram_range = (1, 1), script = None, fold_script = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        tokenizer: Py<Tokenizer>,
        mode: &str,
        hmm: bool,
        lowercase: bool,
        drop_punctuation: bool,
        drop_numbers: bool,
        min_length: usize,
        stop_words: Option<Vec<String>>,
        ngram_range: (usize, usize),
        script: Option<&str>,
        fold_script: Option<&str>,
    ) -> PyResult<Self> {
        let script = tokenizer.get().script(script)?;
        let fold_to_simplified = parse_fold(fold_script)?;
        let (min_n, max_n) = ngram_range;
        if min_n == 0 || min_n > max_n {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "Invalid value for ngram_range=({min_n}, {max_n}): the lower boundary must be at least 1 \
                 and not larger than the upper boundary."
            )));
        }
        let stop_words = stop_words
            .unwrap_or_default()
            .into_iter()
            .map(|w| if lowercase { w.to_lowercase() } else { w })
            .collect();
        Ok(Analyzer {
            tokenizer,
            settings: RwLock::new(Arc::new(TermSettings {
                mode: parse_mode(mode)?,
                hmm,
                filter: TermFilter {
                    script,
                    fold_to_simplified,
                    lowercase,
                    drop_punctuation,
                    drop_numbers,
                    min_length,
                    stop_words,
                    ngram_range,
                },
            })),
        })
    }

    /// The terms of ``text``.
    fn __call__<'py>(&self, py: Python<'py>, text: PyBackedStr) -> PyResult<Bound<'py, PyList>> {
        let segmenter = self.tokenizer.get().read(py);
        let t = self.settings();
        let terms = py.detach(|| document_terms(&segmenter, &text, t.mode, t.hmm, &t.filter));
        PyList::new(py, terms.iter().map(|t| new_py_str(py, t)))
    }

    /// Count the terms of ``texts`` in parallel, learning the vocabulary:
    /// ``(indptr, indices, data, terms)``, a CSR matrix over the sorted terms.
    #[pyo3(signature = (texts, *, threads = None, missing = "raise", progress = None))]
    fn count<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<Threads>,
        missing: &str,
        progress: Option<bool>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let threads = Threads::count(threads);
        let texts = extract_texts(texts, Missing::parse(missing)?)?;
        let segmenter = self.tokenizer.get().read(py);
        batch::numpy_ready(py)?;
        let t = self.settings();
        let bar = Progress::new(py, progress, texts.len(), "count")?;
        let mut parts = Vec::new();
        let bytes: usize = texts.iter().map(|t| t.len()).sum();
        if bytes < parallel::INLINE_MAX_BYTES {
            // A small corpus is counted on the calling thread: waking a pool
            // takes longer than counting it (and a Ctrl-C has nothing to stop).
            parts.push(py.detach(|| count_fit(&segmenter, &texts, t.mode, t.hmm, &t.filter)));
        } else {
            // A small corpus is counted in one piece, each thread taking texts
            // from it; a large one in pieces, merged once counted (a piece
            // takes a second or less, the longest a Ctrl-C waits).
            let piece = if texts.len() <= 2 * COUNT_PIECE {
                texts.len()
            } else {
                COUNT_PIECE
            };
            batch::for_each_chunk(
                py,
                threads,
                &texts,
                piece,
                &bar,
                |part| count_fit(&segmenter, part, t.mode, t.hmm, &t.filter),
                |counted| {
                    parts.push(counted);
                    Ok(())
                },
            )?;
        }
        let matrix = py.detach(|| CountMatrix::concat(parts));
        // The terms are distinct, so no cache of recent strs can help.
        let terms = PyList::new(py, matrix.terms.iter().map(|t| make_py_str(py, t)))?;
        let (indptr, indices, data) = csr_arrays(py, matrix);
        (indptr, indices, data, terms).into_pyobject(py)
    }

    /// Count the terms of ``texts`` that are in ``vocabulary`` (term to
    /// column): ``(indptr, indices, data)`` of a CSR matrix.
    #[pyo3(signature = (texts, vocabulary, *, threads = None, missing = "raise"))]
    fn count_vocabulary<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        vocabulary: FxHashMap<String, i32>,
        threads: Option<Threads>,
        missing: &str,
    ) -> PyResult<CsrArrays<'py>> {
        let threads = Threads::count(threads);
        let texts = extract_texts(texts, Missing::parse(missing)?)?;
        let segmenter = self.tokenizer.get().read(py);
        batch::numpy_ready(py)?;
        let t = self.settings();
        let bytes: usize = texts.iter().map(|t| t.len()).sum();
        if bytes < parallel::INLINE_MAX_BYTES {
            // See `count`: a small batch is counted on the calling thread.
            let matrix = py.detach(|| {
                count_transform(&segmenter, &texts, t.mode, t.hmm, &t.filter, &vocabulary)
            });
            return Ok(csr_arrays(py, matrix));
        }
        let bar = Progress::new(py, Some(false), texts.len(), "count")?;
        let mut parts = Vec::new();
        batch::for_each_chunk(
            py,
            threads,
            &texts,
            COUNT_PIECE,
            &bar,
            |part| count_transform(&segmenter, part, t.mode, t.hmm, &t.filter, &vocabulary),
            |counted| {
                parts.push(counted);
                Ok(())
            },
        )?;
        let matrix = py.detach(|| CountMatrix::stack(&parts));
        Ok(csr_arrays(py, matrix))
    }

    /// Unpickling makes the analyzer with its tokenizer, then sets its state.
    fn __getnewargs__(&self, py: Python<'_>) -> (Py<Tokenizer>,) {
        (self.tokenizer.clone_ref(py),)
    }

    /// The state to pickle, as serde bytes (``keywords::terms::TermSettings``).
    fn __getstate__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        Ok(PyBytes::new(py, &state_to_bytes(&*self.settings())?))
    }

    fn __setstate__(&self, state: &[u8]) -> PyResult<()> {
        let settings: TermSettings = state_from_bytes(state, "Analyzer")?;
        *self.settings.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(settings);
        Ok(())
    }
}
