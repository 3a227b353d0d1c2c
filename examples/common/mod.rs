//! Timing shared by the native examples. Each example uses the part it
//! needs, so the module is included with `#[allow(dead_code)]`.

use std::time::Instant;

/// Seconds of CPU time of this thread, else of the wall clock: on a shared
/// machine wall time measures the neighbours.
pub fn now() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(
            || START.get_or_init(Instant::now).elapsed().as_secs_f64(),
            |ns| ns * 1e-9,
        )
}

pub fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The median wall-clock seconds of `repeats` runs of `pass`.
pub fn time(repeats: usize, mut pass: impl FnMut() -> usize) -> f64 {
    let times = (0..repeats)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(pass());
            start.elapsed().as_secs_f64()
        })
        .collect();
    median(times)
}
