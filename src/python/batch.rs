//! Batch calls that return one Python object per text: the texts are
//! computed on the pool without the GIL while the calling thread converts
//! the results that have arrived, so converting overlaps computing instead
//! of following it (building lists of Python strings is the part of a batch
//! call that only one thread can do).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::channel;

use pyo3::prelude::*;
use rayon::prelude::*;

use super::convert::BatchText;
use super::progress::Progress;
use crate::parallel;

/// `[convert(compute(text)) for text in texts]`, with `compute` run on
/// `threads` threads without the GIL and `convert` on this thread with it;
/// `None` for a missing text (`missing="null"`). The bar advances as
/// results are converted. If a conversion fails, the texts not yet started
/// are skipped and its error is returned.
pub(crate) fn map_texts<'py, 't, R: Send, O>(
    py: Python<'py>,
    texts: &'t [BatchText],
    threads: Option<usize>,
    bar: &Progress<'py>,
    compute: impl Fn(&'t str) -> R + Sync,
    mut convert: impl FnMut(R) -> PyResult<O>,
) -> PyResult<Vec<Option<O>>> {
    let cancelled = AtomicBool::new(false);
    let (sender, receiver) = channel::<(usize, Vec<Option<R>>)>();
    let mut out: Vec<Option<Option<O>>> =
        std::iter::repeat_with(|| None).take(texts.len()).collect();
    let (compute, cancelled_ref) = (&compute, &cancelled);
    parallel::in_place_scope(threads, |scope| {
        scope.spawn(move |_| {
            // Results go over in runs of texts: waking this thread for every
            // text would cost more than it saves.
            let run = parallel::task_len(texts.len(), 32);
            texts
                .par_chunks(run)
                .with_max_len(1)
                .enumerate()
                .for_each_with(sender, |sender, (i, texts)| {
                    if !cancelled_ref.load(Ordering::Relaxed) {
                        let results = texts
                            .iter()
                            .map(|text| (!text.is_missing()).then(|| compute(text)))
                            .collect();
                        // Fails only once the receiver has given up.
                        let _ = sender.send((i * run, results));
                    }
                });
        });
        let mut receiver = receiver;
        let converted = (|| -> PyResult<()> {
            loop {
                // Wait without the GIL (a `Receiver` cannot be shared with
                // the thread that does that, so it goes there and back)...
                let (back, first) = py.detach(move || {
                    let first = receiver.recv();
                    (receiver, first)
                });
                receiver = back;
                let Ok(first) = first else {
                    return Ok(()); // every text is done
                };
                // ...then convert everything that has arrived.
                let mut done = 0;
                let mut next = Ok(first);
                while let Ok((start, results)) = next {
                    for (slot, result) in out[start..].iter_mut().zip(results) {
                        *slot = Some(result.map(&mut convert).transpose()?);
                        done += 1;
                    }
                    next = receiver.try_recv();
                }
                bar.advance(done)?;
            }
        })();
        if converted.is_err() {
            cancelled.store(true, Ordering::Relaxed);
        }
        converted
    })?;
    Ok(out
        .into_iter()
        .map(|o| o.expect("every text is computed unless a conversion failed"))
        .collect())
}
