//! A parallel map over a slice whose results are consumed in slice order, on the calling thread,
//! with a bounded number of results waiting.
//!
//! Workers take the items in runs (chunks) in order, from a shared counter, and send each run's
//! results to the caller, which consumes them in order. A worker may start a run only while it
//! is fewer than `window` runs ahead of the last run consumed, so however large the slice, at
//! most `window` runs' results exist at once (a divide-and-conquer pool such as rayon's hands the
//! second half of the slice to the second thread at once, and the caller then held up to half of
//! the results until the first half was done).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// How far ahead of the consumer the workers may run, in runs per worker thread.
const RUNS_AHEAD_PER_THREAD: usize = 4;

/// Runs `work` on every item of `items` on `jobs` threads, `chunk` items at a time, and calls
/// `consume(index, result)` on the calling thread for every item in index order. Fails only if a
/// worker thread cannot be started (then nothing has been consumed). A panic in `work` or
/// `consume` propagates to the caller once the other threads have stopped.
pub fn map_in_order<T, R, W, C>(
    items: &[T],
    jobs: usize,
    chunk: usize,
    work: W,
    mut consume: C,
) -> std::io::Result<()>
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
    let gate = Gate::default();
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, Vec<R>)>();
    std::thread::scope(|scope| {
        // Whatever way the caller's side ends (done, panic, a worker failing to start), the
        // workers still waiting at the gate are released.
        let _release = Release {
            gate: &gate,
            only_on_panic: false,
        };
        for j in 0..jobs {
            let tx = tx.clone();
            let (gate, next, work) = (&gate, &next, &work);
            std::thread::Builder::new()
                .name(format!("cdktf-fix worker {j}"))
                .spawn_scoped(scope, move || {
                    // A panicking worker releases the others: the run it held will never come,
                    // so the consumer will never move past it. (One that returns normally must
                    // not: the others may still hold runs.)
                    let _release = Release {
                        gate,
                        only_on_panic: true,
                    };
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= runs || !gate.wait_until_within(k, window) {
                            return;
                        }
                        let run = &items[k * chunk..((k + 1) * chunk).min(items.len())];
                        if tx.send((k, run.iter().map(work).collect())).is_err() {
                            return;
                        }
                    }
                })?;
        }
        drop(tx);
        let mut pending = std::collections::BTreeMap::new();
        let mut wanted = 0;
        for (k, results) in rx {
            pending.insert(k, results);
            while let Some(results) = pending.remove(&wanted) {
                for (j, r) in results.into_iter().enumerate() {
                    consume(wanted * chunk + j, r);
                }
                wanted += 1;
                gate.consumed(wanted);
            }
        }
        Ok(())
    })
}

/// The runs consumed so far, for workers waiting to run ahead.
#[derive(Default)]
struct Gate {
    state: Mutex<GateState>,
    moved: Condvar,
}

#[derive(Default)]
struct GateState {
    consumed: usize,
    released: bool,
}

impl Gate {
    /// Waits until run `k` is within `window` of the runs consumed; false if released instead.
    fn wait_until_within(&self, k: usize, window: usize) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while k >= s.consumed + window && !s.released {
            s = self.moved.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        !s.released
    }

    fn consumed(&self, runs: usize) {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .consumed = runs;
        self.moved.notify_all();
    }
}

/// Releases every waiting worker when dropped (`only_on_panic`: when dropped by a panic).
struct Release<'a> {
    gate: &'a Gate,
    only_on_panic: bool,
}

impl Drop for Release<'_> {
    fn drop(&mut self) {
        if self.only_on_panic && !std::thread::panicking() {
            return;
        }
        self.gate
            .state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .released = true;
        self.gate.moved.notify_all();
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
