//! A parallel map over a slice whose results are consumed in slice order, on the calling thread,
//! with a bounded number of results waiting.
//!
//! The items are cut into runs (chunks). The calling thread hands the runs, in order, to a rayon
//! pool of `jobs` threads, never more than `window` runs past the last run it consumed, and
//! consumes their results in order as they come back: however large the slice, at most `window`
//! runs' results exist at once. (A parallel iterator over the slice would split it in halves:
//! the second thread starts in the middle, and the caller holds up to half of the results until
//! the first half is done.)

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// How far ahead of the consumer the workers may run, in runs per worker thread.
const RUNS_AHEAD_PER_THREAD: usize = 4;

/// Runs `work` on every item of `items` on `jobs` threads, `chunk` items at a time, and calls
/// `consume(index, result)` on the calling thread for every item in index order. Fails only if
/// the worker threads cannot be started (then nothing has been consumed). A panic in `work` or
/// `consume` reaches the caller once the runs under way have stopped; runs not yet begun are
/// dropped.
pub fn map_in_order<T, R, W, C>(
    items: &[T],
    jobs: usize,
    chunk: usize,
    work: W,
    mut consume: C,
) -> Result<(), rayon::ThreadPoolBuildError>
where
    T: Sync,
    R: Send,
    W: Fn(&T) -> R + Sync,
    C: FnMut(usize, R),
{
    let jobs = jobs.max(1);
    let chunk = chunk.max(1);
    let runs = items.len().div_ceil(chunk);
    let window = jobs * RUNS_AHEAD_PER_THREAD;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|j| format!("cdktf-fix worker {j}"))
        .build()?;
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, std::thread::Result<Vec<R>>)>();
    let (work, stop_ref) = (&work, &stop);
    // The calling thread stays outside the pool: it hands out the runs and consumes the results.
    pool.in_place_scope_fifo(|scope| {
        // Whatever way this side ends in a panic (its own, or a worker's passed on), the runs
        // handed out and not yet begun are dropped; the scope then waits for those under way.
        let _stop = StopOnPanic(stop_ref);
        let (mut started, mut consumed) = (0, 0);
        let mut pending = BTreeMap::new();
        while consumed < runs {
            while started < runs && started < consumed + window {
                let k = started;
                let run = &items[k * chunk..((k + 1) * chunk).min(items.len())];
                let tx = tx.clone();
                scope.spawn_fifo(move |_| {
                    if stop_ref.load(Ordering::Relaxed) {
                        return;
                    }
                    let results =
                        panic::catch_unwind(AssertUnwindSafe(|| run.iter().map(work).collect()));
                    let _ = tx.send((k, results));
                });
                started += 1;
            }
            // Every run handed out sends once (its results or its panic), and `tx` lives here.
            let (k, results) = rx.recv().expect("a run handed out sends its results");
            let results: Vec<R> = results.unwrap_or_else(|p| panic::resume_unwind(p));
            pending.insert(k, results);
            while let Some(results) = pending.remove(&consumed) {
                for (j, r) in results.into_iter().enumerate() {
                    consume(consumed * chunk + j, r);
                }
                consumed += 1;
            }
        }
    });
    Ok(())
}

/// Tells the workers to drop the runs they have not begun, when dropped by a panic.
struct StopOnPanic<'a>(&'a AtomicBool);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(true, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn every_item_is_consumed_once_in_order_for_any_thread_count_and_chunk() {
        let items: Vec<usize> = (0..1000).collect();
        for jobs in [1, 2, 3, 8] {
            for chunk in [1, 7, 32, 2000] {
                let mut seen = Vec::new();
                map_in_order(&items, jobs, chunk, |&x| x * 3, |i, r| seen.push((i, r))).unwrap();
                let expected: Vec<_> = items.iter().map(|&x| (x, x * 3)).collect();
                assert_eq!(seen, expected, "jobs {jobs}, chunk {chunk}");
            }
        }
        let mut none = 0;
        map_in_order(&[] as &[u8], 2, 4, |_| (), |_, ()| none += 1).unwrap();
        assert_eq!(none, 0);
    }

    #[test]
    fn workers_never_run_more_than_the_window_ahead_of_a_slow_consumer() {
        // The guarantee that keeps memory independent of the number of files: however slow the
        // consumer, no item is started more than `window` runs past the last run consumed.
        let items: Vec<usize> = (0..400).collect();
        let (jobs, chunk) = (3, 2);
        let window = jobs * RUNS_AHEAD_PER_THREAD;
        let consumed = AtomicUsize::new(0);
        let worst = AtomicUsize::new(0);
        map_in_order(
            &items,
            jobs,
            chunk,
            |&i| {
                let ahead = i / chunk - consumed.load(Ordering::SeqCst) / chunk;
                worst.fetch_max(ahead, Ordering::SeqCst);
            },
            |i, ()| {
                std::thread::sleep(std::time::Duration::from_micros(200));
                // A run counts as consumed once its last item is.
                if (i + 1) % chunk == 0 {
                    consumed.store(i + 1, Ordering::SeqCst);
                }
            },
        )
        .unwrap();
        let worst = worst.into_inner();
        assert!(
            worst < window,
            "a worker ran {worst} runs ahead (window {window})"
        );
        assert!(
            worst >= 2,
            "the workers did run ahead of the consumer ({worst})"
        );
    }

    /// Runs `f` on its own thread; its outcome (Err: it panicked), or a failed test if it has not
    /// finished within a minute (a hang must fail the test, not stall the suite).
    fn outcome_within_a_minute(f: impl FnOnce() + Send + 'static) -> std::thread::Result<()> {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
        });
        rx.recv_timeout(std::time::Duration::from_secs(60))
            .expect("map_in_order hung instead of returning the panic")
    }

    #[test]
    fn a_panicking_worker_reaches_the_caller_instead_of_hanging_the_others() {
        let outcome = outcome_within_a_minute(|| {
            let items: Vec<usize> = (0..500).collect();
            let _ = map_in_order(
                &items,
                2,
                1,
                |&i| assert_ne!(i, 3, "item 3 fails"),
                |_, ()| std::thread::sleep(std::time::Duration::from_micros(50)),
            );
        });
        assert!(outcome.is_err(), "the panic is the caller's");
    }

    #[test]
    fn a_panicking_consumer_reaches_the_caller_instead_of_hanging_the_workers() {
        let outcome = outcome_within_a_minute(|| {
            let items: Vec<usize> = (0..500).collect();
            let _ = map_in_order(
                &items,
                2,
                1,
                |&i| i,
                |i, _| assert_ne!(i, 5, "consumer fails"),
            );
        });
        assert!(outcome.is_err(), "the panic is the caller's");
    }
}
