//! A one-line progress bar on stderr for long runs on a terminal: `\r`-redrawn, at most ten
//! times a second, shown only after the run has taken half a second, erased before anything
//! else is printed and at the end. Off unless stderr is a terminal (main.rs decides).

use std::io::Write;
use std::time::{Duration, Instant};

const DELAY: Duration = Duration::from_millis(500);
const EVERY: Duration = Duration::from_millis(100);
const WIDTH: usize = 30;

pub struct Progress {
    enabled: bool,
    total: usize,
    done: usize,
    start: Instant,
    last: Option<Instant>,
    /// Characters of the line now on screen (0: none).
    shown: usize,
}

/// The bar for `done` of `total` files: `[=========>          ] 120/400 files`.
pub fn line(done: usize, total: usize) -> String {
    let filled = (done * WIDTH)
        .checked_div(total)
        .unwrap_or(WIDTH)
        .min(WIDTH);
    let mut bar = "=".repeat(filled);
    if filled < WIDTH {
        bar.push('>');
        bar.push_str(&" ".repeat(WIDTH - filled - 1));
    }
    format!("[{bar}] {done}/{total} files")
}

impl Progress {
    pub fn new(enabled: bool) -> Progress {
        Progress {
            enabled,
            total: 0,
            done: 0,
            start: Instant::now(),
            last: None,
            shown: 0,
        }
    }

    pub fn set_total(&mut self, total: usize) {
        self.total = total;
    }

    /// Whether the bar is enabled and may be drawn (output is then flushed before it).
    pub fn visible(&self) -> bool {
        self.enabled && self.total > 0
    }

    /// One more file done; redraws the bar when it is due.
    pub fn tick(&mut self, err: &mut dyn Write) {
        self.done += 1;
        if !self.enabled || self.total == 0 || self.start.elapsed() < DELAY {
            return;
        }
        if self.last.is_some_and(|t| t.elapsed() < EVERY) && self.done < self.total {
            return;
        }
        self.last = Some(Instant::now());
        let l = line(self.done, self.total);
        self.shown = l.len();
        let _ = write!(err, "\r{l}");
        let _ = err.flush();
    }

    /// Erases the bar (before other output, and at the end).
    pub fn clear(&mut self, err: &mut dyn Write) {
        if self.shown > 0 {
            let _ = write!(err, "\r{}\r", " ".repeat(self.shown));
            let _ = err.flush();
            // Redrawn at the next tick that is due: output that keeps coming is not slowed.
            self.shown = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_fills_with_the_files_done() {
        assert_eq!(line(0, 4), format!("[>{}] 0/4 files", " ".repeat(29)));
        assert_eq!(
            line(2, 4),
            format!("[{}>{}] 2/4 files", "=".repeat(15), " ".repeat(14))
        );
        assert_eq!(line(4, 4), format!("[{}] 4/4 files", "=".repeat(30)));
    }

    #[test]
    fn a_disabled_bar_never_writes() {
        let mut p = Progress::new(false);
        p.set_total(3);
        p.start -= Duration::from_secs(5);
        let mut err = Vec::new();
        for _ in 0..3 {
            p.tick(&mut err);
        }
        p.clear(&mut err);
        assert!(err.is_empty());
    }

    #[test]
    fn an_enabled_bar_draws_after_the_delay_and_is_erased() {
        let mut p = Progress::new(true);
        p.set_total(2);
        let mut err = Vec::new();
        p.tick(&mut err);
        assert!(err.is_empty(), "nothing during the first half second");
        p.start -= Duration::from_secs(1);
        p.tick(&mut err);
        p.clear(&mut err);
        let s = String::from_utf8(err).unwrap();
        let bar = line(2, 2);
        assert_eq!(s, format!("\r{bar}\r{}\r", " ".repeat(bar.len())));
    }
}
