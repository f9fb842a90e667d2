//! The progress bar as a terminal shows it: `check` runs under a pseudo-terminal (Python's `pty`
//! module: no crate needed) on a tree that takes more than half a second, and what the terminal
//! received is replayed on a one-line screen model. The bar must be on the screen at moments the
//! reader saw (not drawn and erased in one breath), never be left in the output, and the output
//! must be the same lines a run without a terminal prints.
#![cfg(unix)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs the command on a pty as stdout and stderr (120 columns); the chunks the terminal
/// received, as read, each framed by its 4-byte big-endian length; exits with the command's code.
const CAPTURE: &str = r#"
import os, sys, fcntl, termios, struct, subprocess
m, s = os.openpty()
fcntl.ioctl(s, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 0, 0))
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
    out.write(struct.pack('>I', len(d)) + d)
sys.exit(p.wait())
"#;

fn have_python() -> bool {
    Command::new("python3")
        .args(["-c", "import pty, termios, fcntl"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Files `from..to` of the tree: each has a finding (an import from the provider's barrel).
fn add_files(root: &Path, from: usize, to: usize) {
    for i in from..to {
        let dir = root.join(format!("src/m{:03}", i / 100));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(format!("s{i:05}.ts")),
            format!(
                "import {{ Construct }} from \"constructs\";\n\
                 import {{ S3Bucket }} from \"@cdktf/provider-aws\";\n\n\
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
}

impl Screen {
    fn current(&self) -> String {
        self.line.iter().collect::<String>().trim_end().to_string()
    }

    fn feed(&mut self, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
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

#[test]
fn the_bar_is_visible_on_a_terminal_and_leaves_the_output_as_it_is() {
    if !have_python() {
        eprintln!("skipped: no python3 with the pty module to make a pseudo-terminal");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_cdktf-fix");
    let dir = tempfile::tempdir().unwrap();
    let args = ["check", "-j", "1", "--color", "never", "src"];
    // Enough files for the run to take well over the half second before the bar shows, in any
    // profile: the tree doubles until it does.
    let (mut files, mut made) = (2000, 0);
    let (frames, total) = loop {
        add_files(dir.path(), made, files);
        made = files;
        let started = Instant::now();
        let run = Command::new("python3")
            .args(["-c", CAPTURE, bin])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(
            run.status.code(),
            Some(1),
            "check finds the barrel imports\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
        if started.elapsed() >= Duration::from_millis(1500) || files >= 64_000 {
            break (run.stdout, files);
        }
        files *= 2;
    };

    let mut screen = Screen::default();
    let mut seen = std::collections::BTreeSet::new();
    let mut rest = &frames[..];
    while !rest.is_empty() {
        let len = u32::from_be_bytes(rest[..4].try_into().unwrap()) as usize;
        screen.feed(&rest[4..4 + len]);
        rest = &rest[4 + len..];
        // What the terminal shows between two reads.
        if let Some(done) = bar_count(&screen.current(), total) {
            seen.insert(done);
        }
    }
    // Drawn again under every line of output, it is what the reader finds most of the time (a
    // bar erased by the next file's output, microseconds after it is drawn, is caught once or
    // twice in a run).
    assert!(
        seen.len() >= 20,
        "the bar was on the screen at {} moments the reader saw ({seen:?}); {total} files",
        seen.len()
    );
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
