//! Progress bars for long batch calls: a `tqdm.auto` bar from
//! `zhtext._progress` that moves between the chunks of
//! [`crate::parallel::map_chunks`] (see `batch.rs`).

use pyo3::prelude::*;

/// Batches at least this large show a bar by default when running
/// interactively. Python's `zhtext._progress.AUTO_ITEMS` is this constant,
/// exported as `_zhtext._AUTO_PROGRESS_ITEMS`.
pub(crate) const AUTO_ITEMS: usize = 5000;

pub(crate) struct Progress<'py> {
    bar: Option<Bound<'py, PyAny>>,
}

impl<'py> Progress<'py> {
    /// `progress`: `Some(true)` always shows a bar, `Some(false)` never,
    /// `None` lets `zhtext._progress` decide (large interactive batches).
    pub(crate) fn new(
        py: Python<'py>,
        progress: Option<bool>,
        total: usize,
        desc: &str,
    ) -> PyResult<Self> {
        if progress == Some(false) || total == 0 {
            return Ok(Progress { bar: None });
        }
        let bar = py
            .import("zhtext._progress")?
            .call_method1("bar", (progress, total, desc))?;
        Ok(Progress {
            bar: (!bar.is_none()).then_some(bar),
        })
    }

    pub(crate) fn advance(&self, n: usize) -> PyResult<()> {
        if let (Some(bar), 1..) = (&self.bar, n) {
            bar.call_method1("update", (n,))?;
        }
        Ok(())
    }
}

impl Drop for Progress<'_> {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            // Closing only draws the final state; an error there must not
            // hide the batch's own result or error.
            let _ = bar.call_method0("close");
        }
    }
}
