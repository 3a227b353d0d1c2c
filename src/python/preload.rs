//! Building the embedded tables before the first call that needs them.

use pyo3::prelude::*;

use crate::keywords::IdfTable;
use crate::segment::Segmenter;

/// Build the embedded dictionary and the embedded IDF table, both at once
/// and without the GIL. The package calls this on a background thread at
/// import (`zhtext/_preload.py`): building them takes longer than importing
/// everything else, so the first `cut` and `extract_tags` then find them
/// ready, or wait only for what is left.
#[pyfunction]
pub(crate) fn _load_embedded(py: Python<'_>) {
    py.detach(|| {
        std::thread::scope(|scope| {
            scope.spawn(IdfTable::embedded);
            Segmenter::shared_embedded();
        })
    });
}
