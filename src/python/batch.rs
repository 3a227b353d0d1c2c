//! Batch calls in the binding: [`parallel::map_chunks`] with the GIL
//! released while the calling thread waits for chunks, and taken back
//! between them to convert results, move the progress bar and check for
//! signals, so that Ctrl-C raises `KeyboardInterrupt` within a chunk's time.
//! Converting on the calling thread overlaps computing on the pool instead
//! of following it (building Python objects is the part of a batch call
//! that only one thread can do).

use std::sync::atomic::{AtomicBool, Ordering};

use numpy::PyArray1;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyCFunction, PyInt};

use super::convert::BatchText;
use super::progress::Progress;
use crate::parallel::{self, Driver};

/// The calling thread of a batch: holds the GIL but while it waits.
struct Caller<'a, 'py, F> {
    py: Python<'py>,
    bar: &'a Progress<'py>,
    take: F,
    reported: usize,
}

impl<'a, 'py, F> Caller<'a, 'py, F> {
    fn new(py: Python<'py>, bar: &'a Progress<'py>, take: F) -> Self {
        Caller {
            py,
            bar,
            take,
            reported: 0,
        }
    }
}

impl<R, F: FnMut(R) -> PyResult<()>> Driver<R> for Caller<'_, '_, F> {
    type Error = PyErr;

    fn wait(&mut self, wait: &mut (dyn FnMut() + Send)) {
        self.py.detach(wait)
    }

    fn take(&mut self, result: R) -> PyResult<()> {
        (self.take)(result)
    }

    fn check(&mut self, done: usize) -> PyResult<()> {
        // Runs Python's signal handlers: Ctrl-C raises KeyboardInterrupt here.
        self.py.check_signals()?;
        self.bar.advance(done - self.reported)?;
        self.reported = done;
        Ok(())
    }
}

/// A [`Caller`] whose `take` needs no Python (it appends to Arrow
/// builders): it runs without the GIL too, so that while this thread appends
/// a batch's results, another Python thread runs (`zhtext analyze` counts the
/// previous batch for its report meanwhile).
struct DetachedCaller<'a, 'py, F>(Caller<'a, 'py, F>);

impl<R: Send, F: FnMut(R) -> PyResult<()> + Send> Driver<R> for DetachedCaller<'_, '_, F> {
    type Error = PyErr;

    fn wait(&mut self, wait: &mut (dyn FnMut() + Send)) {
        Driver::<R>::wait(&mut self.0, wait)
    }

    fn take(&mut self, result: R) -> PyResult<()> {
        let take = &mut self.0.take;
        self.0.py.detach(move || take(result))
    }

    fn check(&mut self, done: usize) -> PyResult<()> {
        Driver::<R>::check(&mut self.0, done)
    }
}

/// `work` over `items` in chunks of `chunk_len` on `threads` threads
/// without the GIL, each chunk's result handed to `take` in order, with the
/// GIL. A signal (Ctrl-C) or an error from `take` cancels the chunks not yet
/// started, drops those in flight and is returned.
pub(crate) fn for_each_chunk<'a, T: Sync, R: Send>(
    py: Python<'_>,
    threads: Option<usize>,
    items: &'a [T],
    chunk_len: usize,
    bar: &Progress<'_>,
    work: impl Fn(&'a [T]) -> R + Sync,
    take: impl FnMut(R) -> PyResult<()>,
) -> PyResult<()> {
    let mut caller = Caller::new(py, bar, take);
    parallel::map_chunks(threads, items, chunk_len, work, &mut caller)
}

/// `compute(text)` for each of `texts` on `threads` threads without the GIL,
/// each result handed to `take` on this thread with it, in input order
/// (`None` for a missing text, `missing="null"`); see [`parallel::map_chunks`].
pub(crate) fn for_each_text<'t, R: Send>(
    py: Python<'_>,
    texts: &'t [BatchText],
    threads: Option<usize>,
    bar: &Progress<'_>,
    compute: impl Fn(&'t str) -> R + Sync,
    mut take: impl FnMut(Option<R>) -> PyResult<()>,
) -> PyResult<()> {
    let mut caller = Caller::new(py, bar, |results: Vec<Option<R>>| {
        results.into_iter().try_for_each(&mut take)
    });
    each_text(threads, texts, compute, &mut caller)
}

/// [`for_each_text`] for the builders of Arrow output, whose appends need no
/// Python and cannot fail: `append` gets each result in input order (`None`
/// for a missing text), without the GIL as well ([`DetachedCaller`]).
pub(crate) fn for_each_result<'t, R: Send>(
    py: Python<'_>,
    texts: &'t [BatchText],
    threads: Option<usize>,
    bar: &Progress<'_>,
    compute: impl Fn(&'t str) -> R + Sync,
    mut append: impl FnMut(Option<R>) + Send,
) -> PyResult<()> {
    let mut caller = DetachedCaller(Caller::new(py, bar, |results: Vec<Option<R>>| {
        results.into_iter().for_each(&mut append);
        Ok(())
    }));
    each_text(threads, texts, compute, &mut caller)
}

/// The texts in runs through [`parallel::map_chunks`] to `driver`: waking
/// the calling thread for every text would cost more than it saves.
fn each_text<'t, R: Send>(
    threads: Option<usize>,
    texts: &'t [BatchText],
    compute: impl Fn(&'t str) -> R + Sync,
    driver: &mut impl Driver<Vec<Option<R>>, Error = PyErr>,
) -> PyResult<()> {
    let run = parallel::chunk_len(threads, texts.len(), 32);
    let work = |chunk: &'t [BatchText]| {
        chunk
            .iter()
            .map(|t| (!t.is_missing()).then(|| compute(t)))
            .collect::<Vec<Option<R>>>()
    };
    parallel::map_chunks(threads, texts, run, work, driver)
}

/// `[convert(compute(text)) for text in texts]`: [`for_each_text`] with the
/// results converted as they arrive.
pub(crate) fn map_texts<'t, R: Send, O>(
    py: Python<'_>,
    texts: &'t [BatchText],
    threads: Option<usize>,
    bar: &Progress<'_>,
    compute: impl Fn(&'t str) -> R + Sync,
    mut convert: impl FnMut(R) -> PyResult<O>,
) -> PyResult<Vec<Option<O>>> {
    let mut out = Vec::with_capacity(texts.len());
    for_each_text(py, texts, threads, bar, compute, |result| {
        out.push(result.map(&mut convert).transpose()?);
        Ok(())
    })?;
    Ok(out)
}

/// Make numpy's C API ready before a batch that returns arrays, so that a
/// Ctrl-C during the batch cannot make its first use fail (the `numpy`
/// crate panics if importing numpy raises, and KeyboardInterrupt would).
pub(crate) fn numpy_ready(py: Python<'_>) -> PyResult<()> {
    static READY: AtomicBool = AtomicBool::new(false);
    if READY.load(Ordering::Relaxed) {
        return Ok(());
    }
    import_deferring_ctrl_c(py, "numpy")?;
    let first_use = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        PyArray1::<u8>::zeros(py, 0, false);
    }));
    if first_use.is_err() {
        py.check_signals()?;
        return Err(PyRuntimeError::new_err("numpy's C API could not be loaded"));
    }
    READY.store(true, Ordering::Relaxed);
    Ok(())
}

/// Import `module` with Ctrl-C held back until the import is done, then
/// raise it: a KeyboardInterrupt in the middle of numpy's first import
/// leaves its C extension half-initialised, and every later import of numpy
/// in the process fails. Only the main thread receives signals, so other
/// threads import directly.
fn import_deferring_ctrl_c(py: Python<'_>, module: &str) -> PyResult<()> {
    let threading = py.import("threading")?;
    let on_main_thread = threading
        .call_method0("current_thread")?
        .is(&threading.call_method0("main_thread")?);
    if !on_main_thread {
        return py.import(module).map(drop);
    }
    let signal = py.import("signal")?;
    let sigint = signal.getattr("SIGINT")?;
    let handler = signal.call_method1("getsignal", (&sigint,))?;
    let held = std::sync::Arc::new(AtomicBool::new(false));
    let hold = {
        let held = held.clone();
        PyCFunction::new_closure(py, None, None, move |_args, _kwargs| {
            held.store(true, Ordering::Relaxed);
        })?
    };
    signal.call_method1("signal", (&sigint, hold))?;
    let imported = py.import(module);
    signal.call_method1("signal", (&sigint, handler))?;
    imported?;
    if held.load(Ordering::Relaxed) {
        // Delivered again, now to the caller's own handler.
        signal.call_method1("raise_signal", (&sigint,))?;
        py.check_signals()?;
    }
    Ok(())
}

/// A `threads=` argument: a positive number of threads. More than the
/// machine has cores are clamped to them (more would only contend for the
/// cores); 0, negative numbers and anything but an int raise.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Threads(usize);

impl Threads {
    /// The thread count for [`crate::parallel`] (`None`: the default).
    pub(crate) fn count(threads: Option<Threads>) -> Option<usize> {
        threads.map(|t| t.0)
    }
}

impl FromPyObject<'_, '_> for Threads {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        let invalid = || {
            let shown = obj
                .repr()
                .map_or_else(|_| "?".to_owned(), |r| r.to_string());
            PyValueError::new_err(format!(
                "threads must be a positive number of threads or None (every core), not {shown}"
            ))
        };
        if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
            return Err(PyTypeError::new_err(format!(
                "threads must be an int or None, not {}",
                obj.get_type().name()?
            )));
        }
        if !obj.gt(0)? {
            return Err(invalid());
        }
        // Past `usize` is past any machine's cores.
        let n = obj.extract::<usize>().unwrap_or(usize::MAX);
        Ok(Threads(n.min(parallel::cores())))
    }
}
