//! zhtext's exception classes and the one mapping of core errors onto
//! Python exceptions: a core error's [`Kind`] picks the class, its message
//! (which names the file, member, line or field) is the text.
//!
//! ```text
//! ZhtextError(Exception)
//! ├── ArticleError(ZhtextError, ValueError)
//! └── DictionaryError(ZhtextError, ValueError)
//! ```
//! I/O kinds become `FileNotFoundError`, `PermissionError`,
//! `IsADirectoryError` or `OSError`; argument errors `ValueError`.

use pyo3::exceptions::{
    PyException, PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError,
    PyValueError,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

use crate::error::{Kind, Kinded};

pyo3::create_exception!(
    zhtext,
    ZhtextError,
    PyException,
    "Base class of zhtext's own errors."
);

const ARTICLE_DOC: &str = "An archive file that cannot be parsed: no or a malformed header, invalid UTF-8, binary or empty content, HTML nested too deep. The message names the file and the line or byte offset. A ``ValueError``.";
const DICTIONARY_DOC: &str = "A dictionary, user-dictionary or IDF line that cannot be read; the message names the file and line. A ``ValueError``.";

static ARTICLE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DICTIONARY_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `class name(ZhtextError, ValueError)`: pyo3's `create_exception!` takes
/// one base, so the class is made by calling `type` as a class statement would.
fn value_error_class(py: Python<'_>, name: &str, doc: &str) -> PyResult<Py<PyType>> {
    let namespace = PyDict::new(py);
    namespace.set_item("__module__", "zhtext")?;
    namespace.set_item("__doc__", doc)?;
    let bases = PyTuple::new(
        py,
        [py.get_type::<ZhtextError>(), py.get_type::<PyValueError>()],
    )?;
    let class = py.get_type::<PyType>().call1((name, bases, namespace))?;
    Ok(class.cast_into::<PyType>()?.unbind())
}

fn article_error_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    ARTICLE_ERROR
        .get_or_try_init(py, || value_error_class(py, "ArticleError", ARTICLE_DOC))
        .map(|class| class.bind(py))
}

fn dictionary_error_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DICTIONARY_ERROR
        .get_or_try_init(py, || {
            value_error_class(py, "DictionaryError", DICTIONARY_DOC)
        })
        .map(|class| class.bind(py))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("ZhtextError", py.get_type::<ZhtextError>())?;
    m.add("DictionaryError", dictionary_error_type(py)?)?;
    m.add("ArticleError", article_error_type(py)?)?;
    Ok(())
}

/// The Python exception of `kind` with `message`.
pub(crate) fn exception(kind: Kind, message: String) -> PyErr {
    match kind {
        Kind::NotFound => PyFileNotFoundError::new_err(message),
        Kind::PermissionDenied => PyPermissionError::new_err(message),
        Kind::IsADirectory => PyIsADirectoryError::new_err(message),
        Kind::Io => PyOSError::new_err(message),
        Kind::InvalidArgument => PyValueError::new_err(message),
        Kind::Article => Python::attach(|py| match article_error_type(py) {
            Ok(class) => PyErr::from_type(class.clone(), message),
            Err(err) => err,
        }),
        Kind::Dictionary => Python::attach(|py| match dictionary_error_type(py) {
            Ok(class) => PyErr::from_type(class.clone(), message),
            Err(err) => err,
        }),
    }
}

/// The Python exception for any core error.
pub(crate) fn to_pyerr(err: &impl Kinded) -> PyErr {
    exception(err.kind(), err.to_string())
}

/// The Python exception for a segmentation-core error: missing files are
/// `FileNotFoundError`, bad lines `DictionaryError` (a `ValueError`).
pub(crate) fn segment_error(err: crate::segment::Error) -> PyErr {
    to_pyerr(&err)
}

/// The Python exception for a near-duplicate parameter error: a `ValueError`.
pub(crate) fn dedup_error(err: crate::dedup::Error) -> PyErr {
    to_pyerr(&err)
}
