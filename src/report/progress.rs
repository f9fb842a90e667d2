//! The progress bar on stderr for long runs on a terminal (indicatif): `[=====>    ] 120/400
//! files`, shown once the run has taken half a second, redrawn at most ten times a second, taken
//! off the screen before anything else is printed (and drawn again under it), and at the end.
//! While it is shown, the [`Reporter`](super::Reporter) holds the files' output and lets it out
//! at most ten times a second, so the bar is off the screen only for those moments.
//! Off unless stderr is a terminal (main.rs decides): then nothing is ever written.

use std::io::Write;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};

/// Runs shorter than this show no bar.
const DELAY: Duration = Duration::from_millis(500);
/// Redraws a second at most (the bar's position; after other output it is drawn at once).
const HZ: u8 = 10;
const TEMPLATE: &str = "[{bar:30}] {pos}/{len} files";

pub struct Progress {
    /// Where the bar is drawn, until it is (None: never drawn).
    target: Option<ProgressDrawTarget>,
    total: usize,
    done: usize,
    start: Instant,
    bar: Option<Bar>,
}

/// The bar on the screen. It is alone in a [`MultiProgress`] for [`MultiProgress::clear`]: the
/// bar is erased before other output and drawn again under it.
struct Bar {
    multi: MultiProgress,
    bar: ProgressBar,
    /// Erased since it was last drawn.
    cleared: bool,
}

impl Bar {
    fn new(target: ProgressDrawTarget, total: usize, done: usize) -> Bar {
        let style = ProgressStyle::with_template(TEMPLATE)
            .expect("the template is valid")
            .progress_chars("=> ");
        let multi = MultiProgress::with_draw_target(target);
        let bar = ProgressBar::hidden()
            .with_style(style)
            .with_finish(ProgressFinish::AndClear);
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        Bar {
            bar: multi.add(bar),
            multi,
            cleared: true,
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        // Nothing left on the screen, however the run ends.
        self.bar.finish_and_clear();
        let _ = self.multi.clear();
    }
}

impl Progress {
    pub fn new(enabled: bool) -> Progress {
        Progress::drawing_to(enabled.then(|| ProgressDrawTarget::stderr_with_hz(HZ)))
    }

    fn drawing_to(target: Option<ProgressDrawTarget>) -> Progress {
        Progress {
            target,
            total: 0,
            done: 0,
            start: Instant::now(),
            bar: None,
        }
    }

    pub fn set_total(&mut self, total: usize) {
        self.total = total;
    }

    /// Whether the bar may be drawn at the next tick (output is then flushed before it).
    pub fn visible(&self) -> bool {
        self.bar.is_some()
            || (self.target.is_some() && self.total > 0 && self.start.elapsed() >= DELAY)
    }

    /// One more file done: the bar moves, and is drawn again if other output erased it.
    pub fn tick(&mut self, _err: &mut dyn Write) {
        self.done += 1;
        if self.bar.is_none() {
            if !self.visible() {
                return;
            }
            let Some(target) = self.target.take() else {
                return;
            };
            self.bar = Some(Bar::new(target, self.total, self.done));
        }
        let Some(b) = &mut self.bar else { return };
        b.bar.set_position(self.done as u64);
        if b.cleared {
            b.bar.force_draw();
            b.cleared = false;
        }
    }

    /// Erases the bar (before other output, and at the end).
    pub fn clear(&mut self, _err: &mut dyn Write) {
        if let Some(b) = &mut self.bar {
            if !b.cleared {
                let _ = b.multi.clear();
                b.cleared = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A one-line terminal: the text of the line the cursor is on.
    #[derive(Debug, Clone, Default)]
    struct Line(Arc<Mutex<String>>);

    impl Line {
        fn shows(&self) -> String {
            self.0.lock().unwrap().trim_end().to_string()
        }
    }

    impl indicatif::TermLike for Line {
        fn width(&self) -> u16 {
            80
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            assert!(!s.contains("files"), "the bar never ends a line: {s:?}");
            self.0.lock().unwrap().clear();
            Ok(())
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.0.lock().unwrap().push_str(s);
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            self.0.lock().unwrap().clear();
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn on(line: &Line) -> Progress {
        Progress::drawing_to(Some(ProgressDrawTarget::term_like_with_hz(
            Box::new(line.clone()),
            HZ,
        )))
    }

    #[test]
    fn a_disabled_bar_is_never_drawn() {
        let mut p = Progress::new(false);
        p.set_total(3);
        p.start -= Duration::from_secs(5);
        let mut err = Vec::new();
        for _ in 0..3 {
            p.tick(&mut err);
            assert!(!p.visible());
        }
        p.clear(&mut err);
        assert!(err.is_empty() && p.bar.is_none());
    }

    #[test]
    fn the_bar_shows_after_the_delay_stays_under_other_output_and_is_erased() {
        let line = Line::default();
        let mut p = on(&line);
        p.set_total(4);
        let mut err = Vec::new();
        p.tick(&mut err);
        assert!(
            !p.visible() && line.shows().is_empty(),
            "not in the first half second"
        );
        p.start -= Duration::from_secs(1);
        assert!(p.visible());
        p.tick(&mut err);
        let half = format!("[{}>{}] 2/4 files", "=".repeat(15), " ".repeat(14));
        assert_eq!(line.shows(), half);
        // Other output: erased first, drawn again at once after it.
        p.clear(&mut err);
        assert_eq!(line.shows(), "");
        p.tick(&mut err);
        assert!(line.shows().ends_with("] 3/4 files"), "{}", line.shows());
        p.clear(&mut err);
        p.tick(&mut err);
        assert_eq!(line.shows(), format!("[{}] 4/4 files", "=".repeat(30)));
        p.clear(&mut err);
        drop(p);
        assert_eq!(line.shows(), "", "nothing left at the end");
        assert!(
            err.is_empty(),
            "the bar is indicatif's, not written by hand"
        );
    }
}
