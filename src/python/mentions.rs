//! Conversions for `Tokenizer.mentions*` and `Tokenizer.quotes*`: argument
//! checks in, tuples out. The work is [`crate::mentions`].

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyList, PyString};

use super::arrow::Record;
use super::convert::new_py_str;
use crate::mentions::{Kind, Mention, Quote};

/// The kinds asked for, checked.
pub(crate) fn parse_kinds(kinds: &Bound<'_, PyAny>) -> PyResult<Vec<Kind>> {
    let names: Vec<PyBackedStr> = if let Ok(one) = kinds.extract::<PyBackedStr>() {
        vec![one]
    } else {
        kinds.extract().map_err(|_| {
            PyTypeError::new_err(
                "kinds must be a str or an iterable of str ('person', 'place', 'organization')",
            )
        })?
    };
    names
        .iter()
        .map(|name| {
            Kind::parse(name).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "kinds: {:?} is not a kind; use 'person', 'place' or 'organization'",
                    &**name
                ))
            })
        })
        .collect()
}

pub(crate) fn mention_list<'py>(
    py: Python<'py>,
    found: &[Mention<'_>],
) -> PyResult<Bound<'py, PyList>> {
    let tuples = found
        .iter()
        .map(|m| {
            (
                new_py_str(py, m.text),
                PyString::intern(py, m.kind.as_str()),
                m.start,
                m.end,
            )
                .into_pyobject(py)
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, tuples)
}

pub(crate) fn quote_list<'py>(
    py: Python<'py>,
    found: &[Quote<'_>],
) -> PyResult<Bound<'py, PyList>> {
    let tuples = found
        .iter()
        .map(|q| {
            (
                new_py_str(py, q.speaker),
                new_py_str(py, q.quote),
                PyString::intern(py, q.cue),
                q.speaker_start,
                q.quote_start,
                q.quote_end,
                q.direct,
            )
                .into_pyobject(py)
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, tuples)
}

/// A mention as a record of [`crate::schema::mentions`] (Arrow output).
pub(crate) fn mention_record(r: &mut Record<'_>, m: Mention<'_>) {
    r.text(m.text)
        .label(m.kind.as_str())
        .int(m.start)
        .int(m.end);
}

/// A quote as a record of [`crate::schema::quotes`] (Arrow output).
pub(crate) fn quote_record(r: &mut Record<'_>, q: Quote<'_>) {
    r.text(q.speaker)
        .text(q.quote)
        .label(q.cue)
        .int(q.speaker_start)
        .int(q.quote_start)
        .int(q.quote_end)
        .flag(q.direct);
}
