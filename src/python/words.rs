//! New-word discovery and learning: the binding of [`crate::words`].

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

/// Columns of a candidate table as a dict of lists (`zhtext._words.frame`
/// makes the DataFrame), with `freq` when words were learned.
pub(crate) fn columns<'py>(
    py: Python<'py>,
    candidates: &[&Candidate],
    freqs: Option<&[usize]>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    let column = |name: &str, values: Bound<'py, PyList>| dict.set_item(name, values);
    column(
        "word",
        PyList::new(py, candidates.iter().map(|c| new_py_str(py, &c.word)))?,
    )?;
    column(
        "count",
        PyList::new(py, candidates.iter().map(|c| c.count))?,
    )?;
    column(
        "documents",
        PyList::new(py, candidates.iter().map(|c| c.documents))?,
    )?;
    column(
        "cohesion",
        PyList::new(py, candidates.iter().map(|c| c.cohesion))?,
    )?;
    column(
        "left_entropy",
        PyList::new(py, candidates.iter().map(|c| c.left_entropy))?,
    )?;
    column(
        "right_entropy",
        PyList::new(py, candidates.iter().map(|c| c.right_entropy))?,
    )?;
    column(
        "score",
        PyList::new(py, candidates.iter().map(|c| c.score))?,
    )?;
    match freqs {
        Some(freqs) => column("freq", PyList::new(py, freqs)?)?,
        None => {
            column(
                "in_dictionary",
                PyList::new(py, candidates.iter().map(|c| c.in_dictionary))?,
            )?;
            column(
                "compound",
                PyList::new(py, candidates.iter().map(|c| c.compound))?,
            )?;
            column(
                "conflicts",
                PyList::new(py, candidates.iter().map(|c| c.conflicts))?,
            )?;
            column(
                "novelty",
                PyList::new(py, candidates.iter().map(|c| c.novelty))?,
            )?;
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
