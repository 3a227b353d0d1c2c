//! Rayon pools for batch calls: `threads = None` uses `$ZHTEXT_THREADS` or
//! every core, a number uses a pool of that size, created once and reused.
//!
//! Pools are per process. A forked child (multiprocessing, Dask workers
//! started with `fork`) must not reuse a parent's pool, whose threads do not
//! exist in the child, so pools are keyed by process id.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use rayon::{ThreadPool, ThreadPoolBuilder};

type PoolKey = (u32, usize);

fn pools() -> &'static Mutex<HashMap<PoolKey, Arc<ThreadPool>>> {
    static POOLS: OnceLock<Mutex<HashMap<PoolKey, Arc<ThreadPool>>>> = OnceLock::new();
    POOLS.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The environment variable that sets the thread count of calls made with
/// `threads = None`: `ZHTEXT_THREADS=1` in each of N worker processes keeps
/// N workers from starting N pools as large as the machine.
pub const THREADS_VARIABLE: &str = "ZHTEXT_THREADS";

/// The number of threads `threads` stands for: itself, else
/// `$ZHTEXT_THREADS`, else every core.
fn resolve_threads(threads: Option<usize>) -> usize {
    threads
        .filter(|&n| n > 0)
        .or_else(|| {
            std::env::var(THREADS_VARIABLE)
                .ok()
                .and_then(|v| v.trim().parse().ok())
                .filter(|&n: &usize| n > 0)
        })
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The pool of `threads` threads (every core for `None`), created on first
/// use; `None` when no thread can be started (a sandbox limit).
fn pool(threads: Option<usize>) -> Option<Arc<ThreadPool>> {
    let n = resolve_threads(threads);
    let key = (std::process::id(), n);
    let mut pools = pools().lock().unwrap_or_else(|e| e.into_inner());
    // Pools inherited through fork have no threads in this process;
    // dropping one would signal threads that do not exist, so they are
    // forgotten instead.
    let inherited: Vec<PoolKey> = pools
        .keys()
        .filter(|(pid, _)| *pid != key.0)
        .copied()
        .collect();
    for stale in inherited {
        std::mem::forget(pools.remove(&stale));
    }
    if let Some(pool) = pools.get(&key) {
        return Some(Arc::clone(pool));
    }
    let pool = ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("zhtext-{i}"))
        .build()
        .ok()?;
    Some(Arc::clone(pools.entry(key).or_insert(Arc::new(pool))))
}

/// Items per rayon task when `n` items are shared among the current pool's
/// threads: about 16 tasks per thread, at most `max`. Cap the tasks with it
/// (`par_iter().with_max_len(task_len(..))`, or `par_chunks(task_len(..))
/// .with_max_len(1)`): left alone, rayon splits a range only as often as
/// pieces of it are stolen, so a thread can be left working through a
/// quarter of the range as one piece that no other thread can take, while
/// the others idle. On two cores of unequal speed that left a pool thread
/// idle for a quarter to a third of an `extract_many` call.
pub fn task_len(n: usize, max: usize) -> usize {
    (n / (rayon::current_num_threads() * 16)).clamp(1, max)
}

/// Run `work` on a pool of `threads` threads (all cores for `None`). Even
/// one thread gets a pool of its own: rayon calls made on a thread outside
/// any pool go to the global pool, which uses every core.
pub fn install<R: Send>(threads: Option<usize>, work: impl FnOnce() -> R + Send) -> R {
    match pool(threads) {
        Some(pool) => pool.install(work),
        // No threads to be had: work where we are.
        None => work(),
    }
}

/// Batches of fewer bytes than this run on the calling thread: waking a
/// pool's sleeping threads costs tens of microseconds on an idle machine
/// and milliseconds on a busy one, more than such a batch takes to process.
pub const INLINE_MAX_BYTES: usize = 64 << 10;

/// Whether the calling thread is one of a rayon pool's.
pub fn in_pool() -> bool {
    rayon::current_thread_index().is_some()
}

/// [`install`] for a batch of `bytes` of text, except that `work` runs on
/// the calling thread, outside any pool, when one thread is asked for or
/// the batch is under [`INLINE_MAX_BYTES`]. Only for work that checks
/// [`in_pool`] and runs sequentially outside one (rather than on rayon's
/// global pool).
pub fn install_sized<R: Send>(
    threads: Option<usize>,
    bytes: usize,
    work: impl FnOnce() -> R + Send,
) -> R {
    if !in_pool() && (bytes < INLINE_MAX_BYTES || resolve_threads(threads) == 1) {
        return work();
    }
    install(threads, work)
}

/// Run `work` on the calling thread with a scope whose spawned tasks run on
/// the pool of `threads` threads, so that the caller can do its own work
/// (such as building Python objects) while they run. Returns when `work`
/// and every task have finished.
pub fn in_place_scope<'scope, R>(
    threads: Option<usize>,
    work: impl FnOnce(&rayon::Scope<'scope>) -> R,
) -> R {
    match pool(threads) {
        Some(pool) => pool.in_place_scope(work),
        None => rayon::in_place_scope(work),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    /// The task holding item 0 waits until every other item is done, which
    /// happens only if the other thread can take every other task.
    #[test]
    fn a_thread_held_up_by_one_task_holds_back_no_other() {
        use std::sync::{Condvar, Mutex};
        use std::time::Duration;
        let n = 64;
        let done = Mutex::new(0);
        let all_others_done = Condvar::new();
        let items: Vec<usize> = (0..n).collect();
        let finished_without_item_0 = install(Some(2), || {
            items
                .par_chunks(task_len(n, n))
                .with_max_len(1)
                .map(|chunk| {
                    let mut count = done.lock().unwrap();
                    if chunk.contains(&0) {
                        let (count, timeout) = all_others_done
                            .wait_timeout_while(count, Duration::from_secs(10), |c| {
                                *c < n - chunk.len()
                            })
                            .unwrap();
                        return !timeout.timed_out() && *count == n - chunk.len();
                    }
                    *count += chunk.len();
                    all_others_done.notify_all();
                    true
                })
                .collect::<Vec<bool>>()
        });
        assert!(finished_without_item_0.iter().all(|&ok| ok));
    }

    #[test]
    fn a_pool_has_the_requested_size_and_is_reused() {
        assert_eq!(install(Some(3), rayon::current_num_threads), 3);
        assert_eq!(install(Some(3), rayon::current_num_threads), 3);
        assert_eq!(install(Some(1), rayon::current_num_threads), 1);
        let mut in_pool = 0;
        in_place_scope(Some(3), |scope| {
            scope.spawn(|_| in_pool = rayon::current_num_threads());
        });
        assert_eq!(in_pool, 3);
        let sum: u64 = install(None, || (0..1000u64).into_par_iter().sum());
        assert_eq!(sum, 499_500);
        assert_eq!(resolve_threads(Some(0)), resolve_threads(None));

        // The environment sets the default. (In the same test as the check
        // above, which it would race; other tests that resolve `None`
        // meanwhile just get 3 threads.)
        std::env::set_var(THREADS_VARIABLE, "3");
        assert_eq!(resolve_threads(None), 3);
        assert_eq!(resolve_threads(Some(2)), 2);
        std::env::set_var(THREADS_VARIABLE, "not a number");
        let all = resolve_threads(None);
        std::env::remove_var(THREADS_VARIABLE);
        assert_eq!(all, resolve_threads(None));
    }
}
