//! Rayon pools and the one batching primitive of zhtext.
//!
//! [`map_chunks`] is how every batch call runs: the items are cut into
//! chunks, the chunks run on a pool of `threads` threads, and their results
//! come back to the calling thread in input order. Between chunks the caller
//! can report progress and cancel (the Python binding checks for Ctrl-C
//! there), so no batch runs past an interrupt by more than one chunk.
//!
//! Pools: `threads = None` uses `$ZHTEXT_THREADS` or every core; a number
//! uses a pool of that size, never more threads than cores (more would
//! only contend for them). Pools are created on first use and kept, but at
//! most [`MAX_POOLS`] of them: a program that tries many sizes does not keep
//! a pool of threads per size. Pools are per process: a forked child
//! (multiprocessing, Dask workers started with `fork`) must not reuse a
//! parent's pool, whose threads do not exist in the child, so pools are
//! keyed by process id.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use rayon::prelude::*;
use rayon::{ThreadPool, ThreadPoolBuilder};

/// Pools kept at once; the least recently used goes first (its threads end
/// when the calls running on it return).
pub const MAX_POOLS: usize = 4;

/// A pool's process and size.
type PoolKey = (u32, usize);

/// Pools, most recently used last.
type Pools = Mutex<Vec<(PoolKey, Arc<ThreadPool>)>>;

fn pools() -> &'static Pools {
    static POOLS: OnceLock<Pools> = OnceLock::new();
    POOLS.get_or_init(|| Mutex::new(Vec::new()))
}

/// The environment variable that sets the thread count of calls made with
/// `threads = None`: `ZHTEXT_THREADS=1` in each of N worker processes keeps
/// N workers from starting N pools as large as the machine.
pub const THREADS_VARIABLE: &str = "ZHTEXT_THREADS";

/// The number of cores, the most threads a pool gets.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The number of threads `threads` stands for: itself (at most [`cores`]),
/// else `$ZHTEXT_THREADS`, else every core.
pub fn resolve_threads(threads: Option<usize>) -> usize {
    threads
        .filter(|&n| n > 0)
        .or_else(|| {
            std::env::var(THREADS_VARIABLE)
                .ok()
                .and_then(|v| v.trim().parse().ok())
                .filter(|&n: &usize| n > 0)
        })
        .map_or_else(cores, |n| n.min(cores()))
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
    let mut i = 0;
    while i < pools.len() {
        if pools[i].0 .0 == key.0 {
            i += 1;
        } else {
            std::mem::forget(pools.remove(i));
        }
    }
    if let Some(at) = pools.iter().position(|(k, _)| *k == key) {
        let entry = pools.remove(at);
        let pool = Arc::clone(&entry.1);
        pools.push(entry);
        return Some(pool);
    }
    let pool = Arc::new(
        ThreadPoolBuilder::new()
            .num_threads(n)
            .thread_name(|i| format!("zhtext-{i}"))
            .build()
            .ok()?,
    );
    if pools.len() == MAX_POOLS {
        pools.remove(0);
    }
    pools.push((key, Arc::clone(&pool)));
    Some(pool)
}

/// Run `work` once on each thread of this process's pools, pool by pool,
/// each pool's threads at once: for what each thread must do for itself,
/// such as returning the memory its allocator keeps for it. Waits for calls
/// running on a pool to make room.
pub fn on_every_pool_thread(work: impl Fn() + Sync) {
    let process = std::process::id();
    let current: Vec<Arc<ThreadPool>> = pools()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .filter(|((pid, _), _)| *pid == process)
        .map(|(_, pool)| Arc::clone(pool))
        .collect();
    for pool in current {
        pool.broadcast(|_| work());
    }
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

/// [`task_len`] for a batch about to run on `threads` threads (from outside
/// the pool): the chunk length to give [`map_chunks`].
pub fn chunk_len(threads: Option<usize>, n: usize, max: usize) -> usize {
    (n / (resolve_threads(threads) * 16)).clamp(1, max.max(1))
}

/// How often the calling thread of [`map_chunks`] checks in while no chunk
/// finishes.
pub const TICK: Duration = Duration::from_millis(50);

/// What the calling thread of [`map_chunks`] does while the chunks run.
pub trait Driver<R> {
    type Error;

    /// Run `wait`, which blocks until a chunk is done or [`TICK`] passes
    /// (the Python binding releases the GIL around it).
    fn wait(&mut self, wait: &mut (dyn FnMut() + Send)) {
        wait()
    }

    /// The next chunk's result, in input order.
    fn take(&mut self, result: R) -> Result<(), Self::Error>;

    /// Called after results arrive and every [`TICK`]; `done` items are
    /// finished. An error cancels the batch: no chunk starts after it, the
    /// chunks running are let finish and dropped, and the error is returned.
    fn check(&mut self, _done: usize) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// `work` over `items` in chunks of `chunk_len` on `threads` threads (every
/// core for `None`), the results handed to `driver` on the calling thread in
/// input order as they are ready.
pub fn map_chunks<'a, T, R, D>(
    threads: Option<usize>,
    items: &'a [T],
    chunk_len: usize,
    work: impl Fn(&'a [T]) -> R + Sync,
    driver: &mut D,
) -> Result<(), D::Error>
where
    T: Sync,
    R: Send,
    D: Driver<R> + ?Sized,
{
    let chunk_len = chunk_len.max(1);
    let n_chunks = items.len().div_ceil(chunk_len);
    if n_chunks == 0 {
        return driver.check(0);
    }
    let chunk = |i: usize| &items[i * chunk_len..((i + 1) * chunk_len).min(items.len())];
    if rayon::current_thread_index().is_some() {
        // On a pool thread, waiting for other tasks would hold the thread
        // they may need: run them all, then hand the results over.
        for result in collect_indices(n_chunks, |i| work(chunk(i))) {
            driver.take(result)?;
        }
        return driver.check(items.len());
    }
    let cancelled = AtomicBool::new(false);
    let (sender, receiver) = channel::<(usize, R)>();
    let (chunk, cancelled_ref) = (&chunk, &cancelled);
    let work = &work;
    in_place_scope(threads, |scope| {
        scope.spawn(move |_| {
            for_each_index(n_chunks, &|i| {
                if !cancelled_ref.load(Ordering::Relaxed) {
                    // Fails only once the caller has given up.
                    let _ = sender.send((i, work(chunk(i))));
                }
            });
        });
        // The receiver is lent to the wait whole (it cannot be shared).
        let mut slot = (receiver, None);
        let recv = |slot: &mut Slot<R>, d: &mut D| {
            d.wait(&mut || receive(slot));
            slot.1.take().expect("the wait receives")
        };
        let mut ready: BTreeMap<usize, R> = BTreeMap::new();
        let mut next = 0;
        let outcome = (|| {
            while next < n_chunks {
                match recv(&mut slot, driver) {
                    Ok((i, result)) => {
                        ready.insert(i, result);
                        while let Some(result) = ready.remove(&next) {
                            next += 1;
                            driver.take(result)?;
                        }
                        driver.check((next * chunk_len).min(items.len()))?;
                    }
                    Err(RecvTimeoutError::Timeout) => {
                        driver.check((next * chunk_len).min(items.len()))?
                    }
                    // A chunk panicked; the scope passes the panic on.
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            Ok(())
        })();
        if outcome.is_err() {
            cancelled.store(true, Ordering::Relaxed);
            drop(ready);
            // Let the chunks in flight finish (off the caller's lock).
            while !matches!(recv(&mut slot, driver), Err(RecvTimeoutError::Disconnected)) {}
        }
        outcome
    })
}

/// The channel of a batch's results and the last thing received from it.
type Slot<R> = (
    Receiver<(usize, R)>,
    Option<Result<(usize, R), RecvTimeoutError>>,
);

fn receive<R>(slot: &mut Slot<R>) {
    slot.1 = Some(slot.0.recv_timeout(TICK));
}

/// The results of `work` over `items` in chunks of `chunk_len` (see
/// [`task_len`]), in order, on the current pool (inside [`install`], or
/// from a pool thread): [`map_chunks`] for Rust callers that neither report
/// nor cancel.
pub fn map_chunks_collect<'a, T: Sync, R: Send>(
    items: &'a [T],
    chunk_len: usize,
    work: impl Fn(&'a [T]) -> R + Sync,
) -> Vec<R> {
    let chunk_len = chunk_len.max(1);
    collect_indices(items.len().div_ceil(chunk_len), |i| {
        work(&items[i * chunk_len..((i + 1) * chunk_len).min(items.len())])
    })
}

/// `job(i)` for every `i` in `0..n` on the current pool, each index a task
/// of its own that any free thread can take (see [`task_len`]).
///
/// Not generic, on purpose: rayon's splitting, joining and job machinery is
/// generic over the closure it runs, so a `par_chunks(..).map(work)` per
/// caller compiled all of it again for every closure of every batch call
/// (a fifth of the crate's code before optimisation; docs/benchmarks.md,
/// "Build and install"). Through `dyn` they all share one copy; the call
/// through a pointer costs nothing next to a chunk's work.
fn for_each_index(n: usize, job: &(dyn Fn(usize) + Sync)) {
    (0..n).into_par_iter().with_max_len(1).for_each(job);
}

/// `job(i)` for every `i` in `0..n` on the current pool ([`for_each_index`]),
/// the results in index order. For a few large jobs (one per n-gram length,
/// per LSH band); many small items go through [`map_chunks_collect`].
pub fn collect_indices<R: Send>(n: usize, job: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let slots: Vec<Mutex<Option<R>>> = (0..n).map(|_| Mutex::new(None)).collect();
    for_each_index(n, &|i| {
        let result = job(i);
        *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every index ran")
        })
        .collect()
}

/// `work(k, chunk)` for the `k`-th chunk of `chunk_len` items of `items`
/// (see [`task_len`]), each chunk a task of its own, on the current pool:
/// what `par_chunks_mut(..).enumerate().for_each(..)` does, through the one
/// [`for_each_index`] loop.
pub fn for_each_chunk_mut<T: Send>(
    items: &mut [T],
    chunk_len: usize,
    work: impl Fn(usize, &mut [T]) + Sync,
) {
    // Each chunk's lock is taken once, by the task that owns it: it only
    // hands the `&mut` over to that task.
    let chunks: Vec<Mutex<&mut [T]>> = items.chunks_mut(chunk_len.max(1)).map(Mutex::new).collect();
    for_each_index(chunks.len(), &|k| {
        let mut chunk = chunks[k].lock().unwrap_or_else(|e| e.into_inner());
        work(k, &mut chunk);
    });
}

/// `fold(accumulator, chunk)` over `items` in chunks of `chunk_len` on the
/// current pool, with one accumulator (from `init`) per pool thread that
/// ran a chunk, returned in no particular order: for sums and other merges
/// whose result does not depend on grouping. Memory stays at one
/// accumulator per thread, however many chunks there are. `fold` must not
/// itself run work on the pool (its thread could start another chunk while
/// holding its accumulator).
pub fn fold_chunks<T: Sync, A: Send>(
    items: &[T],
    chunk_len: usize,
    init: impl Fn() -> A + Sync,
    fold: impl Fn(&mut A, &[T]) + Sync,
) -> Vec<A> {
    let chunk_len = chunk_len.max(1);
    let accumulators: Vec<Mutex<Option<A>>> = (0..rayon::current_num_threads())
        .map(|_| Mutex::new(None))
        .collect();
    for_each_index(items.len().div_ceil(chunk_len), &|k| {
        // A thread runs one chunk at a time, so its accumulator's lock is
        // never contended.
        let thread = rayon::current_thread_index().unwrap_or(0) % accumulators.len();
        let mut slot = accumulators[thread]
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let accumulator = slot.get_or_insert_with(&init);
        fold(
            accumulator,
            &items[k * chunk_len..((k + 1) * chunk_len).min(items.len())],
        );
    });
    accumulators
        .into_iter()
        .filter_map(|slot| slot.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}

/// Run `work` on a pool of `threads` threads (all cores for `None`). Even
/// one thread gets a pool of its own: rayon calls made on a thread outside
/// any pool go to the global pool, which uses every core.
pub fn install<R: Send>(threads: Option<usize>, work: impl FnOnce() -> R + Send) -> R {
    let mut work = Some(work);
    let mut result = None;
    install_dyn(threads, &mut || result = work.take().map(|work| work()));
    result.expect("the pool ran the work")
}

/// [`install`] without generics, so that rayon's cross-pool job machinery
/// is compiled once rather than for every caller (see [`for_each_index`]).
fn install_dyn(threads: Option<usize>, work: &mut (dyn FnMut() + Send)) {
    match pool(threads) {
        Some(pool) => pool.install(work),
        // No threads to be had: work where we are.
        None => work(),
    }
}

/// Batches of fewer bytes than this run on the calling thread, outside any
/// pool (the core code checks [`in_pool`] and runs sequentially there): waking a
/// pool's sleeping threads costs tens of microseconds on an idle machine
/// and milliseconds on a busy one, more than such a batch takes to process.
pub const INLINE_MAX_BYTES: usize = 64 << 10;

/// Whether the calling thread is one of a rayon pool's.
pub fn in_pool() -> bool {
    rayon::current_thread_index().is_some()
}

/// Run `work` on the calling thread with a scope whose spawned tasks run on
/// the pool of `threads` threads, so that the caller can do its own work
/// (such as building Python objects) while they run. Returns when `work`
/// and every task have finished.
fn in_place_scope<'scope, R>(
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

    /// The task holding item 0 waits until every other item is done, which
    /// happens only if the other thread can take every other task.
    #[test]
    fn a_thread_held_up_by_one_task_holds_back_no_other() {
        use std::sync::{Condvar, Mutex};
        if cores() < 2 {
            return; // pools are never larger than the machine
        }
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
        let three = 3.min(cores());
        assert_eq!(install(Some(3), rayon::current_num_threads), three);
        assert_eq!(install(Some(3), rayon::current_num_threads), three);
        assert_eq!(install(Some(1), rayon::current_num_threads), 1);
        let mut in_pool = 0;
        in_place_scope(Some(3), |scope| {
            scope.spawn(|_| in_pool = rayon::current_num_threads());
        });
        assert_eq!(in_pool, three);
        let sum: u64 = install(None, || (0..1000u64).into_par_iter().sum());
        assert_eq!(sum, 499_500);
        assert_eq!(resolve_threads(Some(0)), resolve_threads(None));
        assert_eq!(resolve_threads(Some(usize::MAX)), cores());

        // The environment sets the default. (In the same test as the check
        // above, which it would race; other tests that resolve `None`
        // meanwhile just get 1 thread.)
        std::env::set_var(THREADS_VARIABLE, "1");
        assert_eq!(resolve_threads(None), 1);
        assert_eq!(resolve_threads(Some(1)), 1);
        std::env::set_var(THREADS_VARIABLE, "not a number");
        let all = resolve_threads(None);
        std::env::remove_var(THREADS_VARIABLE);
        assert_eq!(all, resolve_threads(None));
    }

    /// Collects the results; cancels once `cancel_at` items are done.
    struct Recorder {
        taken: Vec<Vec<usize>>,
        checks: usize,
        cancel_at: usize,
    }

    impl Driver<Vec<usize>> for Recorder {
        type Error = usize;
        fn take(&mut self, result: Vec<usize>) -> Result<(), usize> {
            self.taken.push(result);
            Ok(())
        }
        fn check(&mut self, done: usize) -> Result<(), usize> {
            self.checks += 1;
            if done >= self.cancel_at {
                return Err(done);
            }
            Ok(())
        }
    }

    #[test]
    fn chunks_come_back_in_order_and_a_check_cancels_the_rest() {
        let items: Vec<usize> = (0..1000).collect();
        let double = |chunk: &[usize]| chunk.iter().map(|i| i * 2).collect::<Vec<_>>();
        let mut all = Recorder {
            taken: Vec::new(),
            checks: 0,
            cancel_at: usize::MAX,
        };
        map_chunks(Some(2), &items, 7, double, &mut all).unwrap();
        let flat: Vec<usize> = all.taken.concat();
        assert_eq!(flat, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert!(all.checks >= all.taken.len());

        let started = std::sync::atomic::AtomicUsize::new(0);
        let mut early = Recorder {
            taken: Vec::new(),
            checks: 0,
            cancel_at: 50,
        };
        let slow = |chunk: &[usize]| {
            started.fetch_add(1, Ordering::Relaxed);
            std::thread::sleep(Duration::from_millis(2));
            chunk.to_vec()
        };
        let err = map_chunks(Some(2), &items, 10, slow, &mut early).unwrap_err();
        assert!(err >= 50);
        // The chunks running when it was cancelled finished; no more started.
        assert!(started.load(Ordering::Relaxed) < 20, "{started:?}");
    }

    #[test]
    fn pools_are_bounded_and_sizes_clamped() {
        for n in 1..=3 * MAX_POOLS {
            assert_eq!(install(Some(n), rayon::current_num_threads), n.min(cores()));
        }
        assert!(pools().lock().unwrap().len() <= MAX_POOLS);
        let nested = install(Some(2), || {
            map_chunks_collect(&[1, 2, 3, 4, 5], 2, |c| c.len())
        });
        assert_eq!(nested.iter().sum::<usize>(), 5);
    }
}
