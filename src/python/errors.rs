//! zhtext's exception classes and the mapping of core errors onto them.

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyPermissionError, PyValueError};
use pyo3::prelude::*;

use crate::{dedup, segment};

pyo3::create_exception!(
    zhtext,
    ZhtextError,
    pyo3::exceptions::PyException,
    "Base class of zhtext's own errors."
);
pyo3::create_exception!(
    zhtext,
    DictionaryError,
    PyValueError,
    "A dictionary or user-dictionary line that cannot be read; the message names the file and line."
);

pyo3::create_exception!(
    zhtext,
    ArticleError,
    PyValueError,
    "An archive file that cannot be parsed: no or a malformed header, invalid UTF-8, binary or empty content. The message names the file and the line or byte offset."
);

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("ZhtextError", py.get_type::<ZhtextError>())?;
    m.add("DictionaryError", py.get_type::<DictionaryError>())?;
    m.add("ArticleError", py.get_type::<ArticleError>())?;
    Ok(())
}

/// The Python exception for a segmentation-core error: missing files are
/// `FileNotFoundError`, bad lines `DictionaryError` (a `ValueError`).
pub(crate) fn segment_error(err: segment::Error) -> PyErr {
    use std::io::ErrorKind;
    let message = err.to_string();
    match err {
        segment::Error::Io { source, .. } => match source.kind() {
            ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
            ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
            _ => PyOSError::new_err(message),
        },
        segment::Error::NotUtf8 { .. }
        | segment::Error::Entry(_)
        | segment::Error::Changed(_)
        | segment::Error::InvalidState(_) => DictionaryError::new_err(message),
        segment::Error::InvalidWord(..) | segment::Error::Empty(_) => {
            PyValueError::new_err(message)
        }
    }
}

/// The Python exception for a near-duplicate parameter error: a `ValueError`.
pub(crate) fn dedup_error(err: dedup::Error) -> PyErr {
    PyValueError::new_err(err.to_string())
}
