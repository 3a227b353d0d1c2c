//! Conversions shared by the bindings: texts in, words out.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyFloat, PyList, PyString};

/// What to do with a missing document (`None` or a float NaN, as pandas
/// columns hold them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Missing {
    /// A `TypeError` naming its position.
    Raise,
    /// Treat it as an empty text.
    Empty,
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
}

fn is_missing(item: &Bound<'_, PyAny>) -> bool {
    item.is_none()
        || (item.is_instance_of::<PyFloat>() && item.extract::<f64>().is_ok_and(f64::is_nan))
}

/// `texts` as strings, with a `TypeError` naming the first that is not one.
pub(crate) fn extract_texts(
    texts: &Bound<'_, PyAny>,
    missing: Missing,
) -> PyResult<Vec<PyBackedStr>> {
    if texts.is_instance_of::<PyString>() || texts.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "texts must be an iterable of str, not a single str (use cut() for one text)",
        ));
    }
    let mut out = Vec::with_capacity(texts.len().unwrap_or(0));
    for (i, item) in texts.try_iter()?.enumerate() {
        let item = item?;
        if missing == Missing::Empty && is_missing(&item) {
            out.push(PyString::new(item.py(), "").extract()?);
            continue;
        }
        match item.extract::<PyBackedStr>() {
            Ok(text) => out.push(text),
            // A str that is not valid text (lone surrogates): say which.
            Err(err) if item.is_instance_of::<PyString>() => {
                let named = PyValueError::new_err(format!("texts[{i}]: {err}"));
                named.set_cause(item.py(), Some(err));
                return Err(named);
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
    PyList::new(py, words.iter().map(|w| new_py_str(py, w)))
}

/// A Python `str` from a word. CPython decodes non-ASCII UTF-8 through a
/// general, resizing writer; from the code points it builds the string in
/// one step, which makes returning Chinese words markedly cheaper. (`wchar_t`
/// is UCS-4 on Linux and macOS; elsewhere the UTF-8 path is used.)
pub(crate) fn new_py_str<'py>(py: Python<'py>, word: &str) -> Bound<'py, PyString> {
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
