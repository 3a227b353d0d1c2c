//! Building the embedded dictionary before the first call that needs it.
//! (The embedded IDF table needs no building: it is read in place.)

use std::sync::Mutex;
use std::thread::JoinHandle;

use pyo3::prelude::*;

use crate::segment::Segmenter;

/// The thread [`_start_loading_embedded`] started, until someone waits for it.
static LOADING: Mutex<Option<JoinHandle<()>>> = Mutex::new(None);

/// Start building the embedded dictionary on a background thread, and
/// return at once. The package calls this at import (`zhtext/_preload.py`):
/// building it takes longer than importing everything else, so the first
/// `cut` then finds it ready, or waits only for what is left. The thread is
/// Rust's alone: it never takes the GIL, so an interpreter that exits
/// meanwhile is not held up or torn down under it.
#[pyfunction]
pub(crate) fn _start_loading_embedded() {
    let thread = std::thread::Builder::new()
        .name("zhtext-load-dictionary".to_owned())
        .spawn(|| {
            Segmenter::shared_embedded();
        });
    // With no thread to spare, the first call builds the dictionary instead.
    if let (Ok(thread), Ok(mut loading)) = (thread, LOADING.lock()) {
        *loading = Some(thread);
    }
}

/// Whether the loading thread is building the dictionary at this moment.
pub(crate) fn is_loading() -> bool {
    LOADING
        .lock()
        .is_ok_and(|loading| loading.as_ref().is_some_and(|thread| !thread.is_finished()))
}

/// Wait, without the GIL, until the embedded dictionary is built and the
/// loading thread has ended (building it here if no thread was started).
/// Called before a fork, so that a child never inherits a dictionary half
/// built by a thread it does not have.
#[pyfunction]
pub(crate) fn _load_embedded(py: Python<'_>) {
    py.detach(|| {
        let thread = LOADING.lock().ok().and_then(|mut loading| loading.take());
        if let Some(thread) = thread {
            let _ = thread.join(); // a panic there leaves the dictionary to the first call
        }
        Segmenter::shared_embedded();
    });
}
