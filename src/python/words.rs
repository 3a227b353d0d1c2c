//! New-word discovery and learning: the binding of [`crate::words`].

use numpy::IntoPyArray;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::batch::Threads;
use super::convert::{extract_texts, new_py_str, Missing};
use crate::parallel;
use crate::segment::Segmenter;
use crate::words::{self, Candidate, Config, Discovery};

/// The discovery settings shared by `discover_words` and `learn_words`.
pub(crate) struct Settings {
    pub(crate) min_count: i64,
    pub(crate) max_len: usize,
    pub(crate) threads: Option<usize>,
    pub(crate) missing: String,
    pub(crate) max_ngrams: usize,
    pub(crate) function_chars: bool,
    pub(crate) nested_share: f64,
    pub(crate) script: crate::convert::Script,
}

impl Settings {
    fn config(&self) -> PyResult<Config> {
        let min_count = u32::try_from(self.min_count)
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| {
                PyValueError::new_err(format!(
                    "min_count must be at least 1, not {}",
                    self.min_count
                ))
            })?;
        Ok(Config {
            min_count,
            max_len: self.max_len,
            max_ngrams: self.max_ngrams,
            function_chars: self.function_chars,
            nested_share: self.nested_share,
            script: self.script,
        })
    }
}

/// Run discovery over `texts` without the GIL.
pub(crate) fn discover(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    segmenter: &Segmenter,
    settings: &Settings,
) -> PyResult<Discovery> {
    let config = settings.config()?;
    let texts = extract_texts(texts, Missing::parse(&settings.missing)?)?;
    if texts.is_empty() {
        return Err(PyValueError::new_err(
            "texts is empty: there is nothing to discover words in",
        ));
    }
    py.detach(|| {
        parallel::install(settings.threads, || {
            words::discover(&texts, segmenter, &config)
        })
    })
    .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Columns of a candidate table as a dict (`zhtext._words.frame` makes the
/// DataFrame), with `freq` when words were learned: the words as a list of
/// strs, the numbers and flags as numpy arrays (pandas takes those as they
/// are, where a list of Python floats is converted value by value).
pub(crate) fn columns<'py>(
    py: Python<'py>,
    candidates: &[&Candidate],
    freqs: Option<&[usize]>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item(
        "word",
        PyList::new(py, candidates.iter().map(|c| new_py_str(py, &c.word)))?,
    )?;
    let numbers = |name: &str, value: fn(&Candidate) -> f64| {
        let values: Vec<f64> = candidates.iter().map(|c| value(c)).collect();
        dict.set_item(name, values.into_pyarray(py))
    };
    let counts = |name: &str, value: fn(&Candidate) -> u32| {
        let values: Vec<i64> = candidates.iter().map(|c| i64::from(value(c))).collect();
        dict.set_item(name, values.into_pyarray(py))
    };
    let flags = |name: &str, value: fn(&Candidate) -> bool| {
        let values: Vec<bool> = candidates.iter().map(|c| value(c)).collect();
        dict.set_item(name, values.into_pyarray(py))
    };
    counts("count", |c| c.count)?;
    counts("documents", |c| c.documents)?;
    numbers("cohesion", |c| c.cohesion)?;
    numbers("left_entropy", |c| c.left_entropy)?;
    numbers("right_entropy", |c| c.right_entropy)?;
    numbers("score", |c| c.score)?;
    match freqs {
        Some(freqs) => {
            let freqs: Vec<i64> = freqs
                .iter()
                .map(|&f| i64::try_from(f).unwrap_or(i64::MAX))
                .collect();
            dict.set_item("freq", freqs.into_pyarray(py))?;
        }
        None => {
            flags("in_dictionary", |c| c.in_dictionary)?;
            flags("compound", |c| c.compound)?;
            numbers("conflicts", |c| c.conflicts)?;
            numbers("novelty", |c| c.novelty)?;
        }
    }
    Ok(dict)
}

/// `zhtext._words.frame(columns, attrs)`: the DataFrame users get.
pub(crate) fn frame<'py>(
    py: Python<'py>,
    columns: Bound<'py, PyDict>,
    discovery: &Discovery,
) -> PyResult<Bound<'py, PyAny>> {
    let attrs = PyDict::new(py);
    attrs.set_item("han_chars", discovery.chars)?;
    attrs.set_item("pruned_at", discovery.pruned_at)?;
    py.import("zhtext._words")?
        .call_method1("frame", (columns, attrs))
}

/// The candidate table of `texts` (see `zhtext.discover_words`).
#[pyfunction]
#[pyo3(signature = (texts, tokenizer, *, min_count, max_len, threads, missing, max_ngrams, function_chars, nested_share, script))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _discover_words<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    tokenizer: &Bound<'py, super::tokenizer::Tokenizer>,
    min_count: i64,
    max_len: usize,
    threads: Option<Threads>,
    missing: String,
    max_ngrams: usize,
    function_chars: bool,
    nested_share: f64,
    script: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let threads = Threads::count(threads);
    let settings = Settings {
        script: super::tokenizer::parse_script(Some(script), crate::convert::Script::Auto)?,
        min_count,
        max_len,
        threads,
        missing,
        max_ngrams,
        function_chars,
        nested_share,
    };
    let segmenter = tokenizer.get().read(py);
    let discovery = discover(py, texts, &segmenter, &settings)?;
    let all: Vec<&Candidate> = discovery.candidates.iter().collect();
    frame(py, columns(py, &all, None)?, &discovery)
}
