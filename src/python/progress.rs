//! Progress bars for long batch calls: the batch runs in chunks (each
//! without the GIL) and a `tqdm.auto` bar from `zhtext._progress` moves
//! between them. Without a bar the batch is one chunk.

use std::ops::Range;

use pyo3::prelude::*;

/// Batches at least this large show a bar by default when running
/// interactively. Python's `zhtext._progress.AUTO_ITEMS` is this constant,
/// exported as `_zhtext._AUTO_PROGRESS_ITEMS`.
pub(crate) const AUTO_ITEMS: usize = 5000;

/// Texts per chunk when a bar is shown: about 1% of the batch, at least 256.
fn chunk_len(total: usize) -> usize {
    (total / 100).max(256)
}

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

    /// The chunks to run: the whole batch without a bar.
    pub(crate) fn chunks(&self, total: usize) -> Vec<Range<usize>> {
        let step = if self.bar.is_some() {
            chunk_len(total)
        } else {
            total.max(1)
        };
        (0..total)
            .step_by(step)
            .map(|start| start..(start + step).min(total))
            .collect()
    }

    pub(crate) fn advance(&self, n: usize) -> PyResult<()> {
        if let Some(bar) = &self.bar {
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
