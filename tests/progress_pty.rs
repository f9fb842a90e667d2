//! The progress bar as a terminal shows it: `check` runs under a pseudo-terminal (Python's `pty`
//! module: no crate needed) on a tree that takes more than half a second, and what the terminal
//! received, with the time each piece arrived, is replayed on a screen model. What a person sees
//! is the screen at a given moment, as the terminal last drew it (when its input paused):
//! sampled every 20 ms from 0.75 s into the run to its end, the bar must be on it at 80% of them
//! (not drawn and erased in one breath, nor left off between output), its count must climb, it
//! must never be left in the output, and the output must be the same lines a run without a
//! terminal prints.
#![cfg(unix)]

use std::path::Path;
use std::process::Command;

/// Runs the command on a pty as stdout and stderr (120 columns); the chunks the terminal
/// received, as read, each framed by the seconds since the command started (8-byte big-endian
/// float) and its 4-byte big-endian length; exits with the command's code.
const CAPTURE: &str = r#"
import os, sys, fcntl, termios, struct, subprocess, time
m, s = os.openpty()
fcntl.ioctl(s, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 0, 0))
t0 = time.monotonic()
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=s, stderr=s, close_fds=True)
os.close(s)
out = sys.stdout.buffer
while True:
    try:
        d = os.read(m, 65536)
    except OSError:
        break
    if not d:
        break
    out.write(struct.pack('>dI', time.monotonic() - t0, len(d)) + d)
sys.exit(p.wait())
"#;

fn have_python() -> bool {
    Command::new("python3")
        .args(["-c", "import pty, termios, fcntl"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Files `from..to` of the tree: each has a finding (an import from the provider's barrel), or
/// none when `clean` (a per-module import).
fn add_files(root: &Path, from: usize, to: usize, clean: bool) {
    let module = if clean {
        "@cdktf/provider-aws/lib/s3-bucket"
    } else {
        "@cdktf/provider-aws"
    };
    for i in from..to {
        let dir = root.join(format!("src/m{:03}", i / 100));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(format!("s{i:05}.ts")),
            format!(
                "import {{ Construct }} from \"constructs\";\n\
                 import {{ S3Bucket }} from \"{module}\";\n\n\
                 export function make(scope: Construct) {{\n  new S3Bucket(scope, \"b{i}\", {{}});\n}}\n"
            ),
        )
        .unwrap();
    }
}

/// A one-line screen: the line the cursor is on, and the lines finished above it.
#[derive(Default)]
struct Screen {
    lines: Vec<String>,
    line: Vec<char>,
    col: usize,
    /// The end of the last piece when it cut a character or an escape sequence in two (a read
    /// returns whatever the terminal has): kept for the next piece, as a terminal does.
    pending: Vec<u8>,
}

/// How much of `bytes` is whole: not ending inside a UTF-8 character or an escape sequence.
fn whole_prefix(bytes: &[u8]) -> usize {
    let mut end = match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        Err(_) => bytes.len(), // invalid, not cut: shown as U+FFFD
    };
    if let Some(esc) = bytes[..end].iter().rposition(|&b| b == 0x1b) {
        let tail = &bytes[esc + 1..end];
        let complete = match tail.first() {
            None => false,
            Some(b'[') => tail[1..]
                .iter()
                .any(|b| b.is_ascii_alphabetic() || *b == b'~'),
            Some(_) => true,
        };
        if !complete {
            end = esc;
        }
    }
    end
}

impl Screen {
    fn current(&self) -> String {
        self.line.iter().collect::<String>().trim_end().to_string()
    }

    fn feed(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
        let whole = whole_prefix(&self.pending);
        let rest = self.pending.split_off(whole);
        let now = std::mem::replace(&mut self.pending, rest);
        let text = String::from_utf8_lossy(&now);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => self.col = 0,
                '\n' => {
                    self.lines.push(self.current());
                    self.line.clear();
                    self.col = 0;
                }
                '\x1b' if chars.peek() == Some(&'[') => {
                    chars.next();
                    let mut params = String::new();
                    let mut end = ' ';
                    for c in chars.by_ref() {
                        if c.is_ascii_alphabetic() || c == '~' {
                            end = c;
                            break;
                        }
                        params.push(c);
                    }
                    match (end, params.as_str()) {
                        ('K', "" | "0") => self.line.truncate(self.col),
                        ('K', "2") => self.line.clear(),
                        ('K', "1") => {
                            for x in self.line.iter_mut().take(self.col + 1) {
                                *x = ' ';
                            }
                        }
                        // Colours, cursor shown or hidden, cursor moves (a one-line bar moves
                        // up by 0 lines): the text of the line is the same.
                        _ => {}
                    }
                }
                c => {
                    if self.col < self.line.len() {
                        self.line[self.col] = c;
                    } else {
                        self.line.resize(self.col, ' ');
                        self.line.push(c);
                    }
                    self.col += 1;
                }
            }
        }
    }
}

/// The bar's count if `line` is the bar (`[===>  ] 12/34 files`).
fn bar_count(line: &str, total: usize) -> Option<usize> {
    let rest = line.strip_prefix('[')?;
    let (_, count) = rest.split_once("] ")?;
    let done = count.strip_suffix(&format!("/{total} files"))?;
    done.parse().ok()
}

/// What the terminal received: (seconds since the start, bytes) per read.
type Session = Vec<(f64, Vec<u8>)>;

fn parse_session(mut rest: &[u8]) -> Session {
    let mut chunks = Vec::new();
    while !rest.is_empty() {
        let at = f64::from_be_bytes(rest[..8].try_into().unwrap());
        let len = u32::from_be_bytes(rest[8..12].try_into().unwrap()) as usize;
        chunks.push((at, rest[12..12 + len].to_vec()));
        rest = &rest[12 + len..];
    }
    chunks
}

/// One timed session at a time: the tests of this file run in parallel threads, and two
/// sessions on a machine of two cores would each see the other's load as pauses in its output.
static ONE_SESSION_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// `check` on a tree of `files` files, under a pty, the tree doubling until the run takes at
/// least 2.5 s (in any profile). Returns the session and the number of files.
fn long_session(dir: &Path, args: &[&str], clean: bool) -> (Session, usize) {
    let _alone = ONE_SESSION_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let bin = env!("CARGO_BIN_EXE_cdktf-fix");
    let (mut files, mut made) = (2000, 0);
    loop {
        add_files(dir, made, files, clean);
        made = files;
        let run = Command::new("python3")
            .args(["-c", CAPTURE, bin])
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert_eq!(
            run.status.code(),
            Some(if clean { 0 } else { 1 }),
            "check finds the barrel imports, and only them\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let session = parse_session(&run.stdout);
        let took = session.last().map_or(0.0, |c| c.0);
        if took >= 2.5 || files >= 64_000 {
            return (session, files);
        }
        files *= 2;
    }
}

/// The screen at moments a person could look, every 20 ms from 0.75 s (the bar's half second,
/// and a margin for the process to start) until the last output: whether the bar was on the
/// cursor's line, and its count. Then the screen after everything.
///
/// A terminal shows what it has read once its input pauses (it draws at its frame rate, not
/// between two writes that follow each other within microseconds): a state is on the screen
/// from the end of a piece that no other piece follows within [`QUIET`]. A bar drawn and erased
/// in one write, or erased before a pause, is never shown.
fn sample(session: &Session, total: usize) -> (Vec<Option<usize>>, Screen) {
    const FROM: f64 = 0.75;
    const EVERY: f64 = 0.020;
    const QUIET: f64 = 0.002;
    let mut screen = Screen::default();
    let mut samples = Vec::new();
    let mut shown = None;
    let mut next = FROM;
    for (i, (at, bytes)) in session.iter().enumerate() {
        // Every moment before this piece arrived shows the screen as last drawn.
        while next < *at {
            samples.push(shown);
            next += EVERY;
        }
        screen.feed(bytes);
        if session
            .get(i + 1)
            .is_none_or(|(then, _)| then - at >= QUIET)
        {
            shown = bar_count(&screen.current(), total);
        }
    }
    (samples, screen)
}

/// The samples' verdict: the bar is on the screen at nearly every moment, and moves.
fn assert_visible(samples: &[Option<usize>], total: usize) {
    assert!(
        samples.len() >= 30,
        "{} moments sampled: the run was too short",
        samples.len()
    );
    let shown: Vec<usize> = samples.iter().flatten().copied().collect();
    let share = shown.len() as f64 / samples.len() as f64;
    eprintln!(
        "the bar on the screen at {} of {} moments",
        shown.len(),
        samples.len()
    );
    assert!(
        share >= 0.8,
        "the bar was on the screen at {} of {} moments ({:.0}%): {samples:?}",
        shown.len(),
        samples.len(),
        share * 100.0
    );
    assert!(
        shown.windows(2).all(|w| w[0] <= w[1]),
        "the count never goes back"
    );
    let distinct: std::collections::BTreeSet<_> = shown.iter().collect();
    assert!(
        distinct.len() >= 5,
        "the bar moves: {} counts seen",
        distinct.len()
    );
    assert!(shown.iter().all(|&n| n <= total));
}

#[test]
fn the_bar_is_visible_on_a_terminal_and_leaves_the_output_as_it_is() {
    if !have_python() {
        eprintln!("skipped: no python3 with the pty module to make a pseudo-terminal");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_cdktf-fix");
    let dir = tempfile::tempdir().unwrap();
    let args = ["check", "-j", "1", "--color", "never", "src"];
    // Every file prints a finding: the bar has to make way for each line and come back.
    let (session, total) = long_session(dir.path(), &args, false);
    let (samples, screen) = sample(&session, total);
    assert_visible(&samples, total);
    assert_eq!(screen.current(), "", "nothing is left after the summary");

    // The lines the terminal keeps are the run's own output, as without a terminal.
    let plain = Command::new(bin)
        .args(args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let expected: Vec<String> = String::from_utf8(plain.stdout)
        .unwrap()
        .lines()
        .chain(String::from_utf8(plain.stderr).unwrap().lines())
        .map(|l| l.trim_end().to_string())
        .collect();
    assert_eq!(
        expected.len(),
        total + 1,
        "a finding per file and the summary"
    );
    assert!(expected[total].starts_with(&format!("Found {total} problems")));
    if screen.lines != expected {
        let first = screen
            .lines
            .iter()
            .zip(&expected)
            .position(|(a, b)| a != b)
            .unwrap_or(expected.len().min(screen.lines.len()));
        panic!(
            "the terminal's lines differ from the output at line {first}: {:?} vs {:?} ({} vs {} lines)",
            screen.lines.get(first),
            expected.get(first),
            screen.lines.len(),
            expected.len()
        );
    }
}

#[test]
fn on_a_quiet_run_the_bar_is_visible_and_gone_at_the_end() {
    if !have_python() {
        eprintln!("skipped: no python3 with the pty module to make a pseudo-terminal");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Nothing to report: the bar is all there is to see until the summary.
    let (session, total) = long_session(
        dir.path(),
        &["check", "-j", "1", "--color", "never", "src"],
        true,
    );
    let (samples, screen) = sample(&session, total);
    assert_visible(&samples, total);
    assert_eq!(screen.current(), "");
    assert_eq!(screen.lines, ["No problems found."], "{:?}", screen.lines);
}
