//! Memory the allocator keeps for threads that no longer need it.

use pyo3::prelude::*;

/// Return to the system the free memory mimalloc keeps for this thread and
/// for each thread of zhtext's pools. mimalloc gives a thread's free pages
/// back only when that thread allocates or frees again, so a pool that has
/// gone idle (the one `learn_words` ran on, a batch call's after its last
/// batch) would keep what its last call freed.
#[pyfunction]
pub(crate) fn _release_freed_memory(py: Python<'_>) {
    // SAFETY: `mi_collect` only walks the calling thread's own heap.
    let collect = || unsafe { libmimalloc_sys::mi_collect(true) };
    py.detach(|| {
        crate::parallel::on_every_pool_thread(collect);
        collect();
    });
}
