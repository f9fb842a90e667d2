//! Places of the file as read, moved to the file as written.
//!
//! `fix` places the findings it leaves in the file as fixed, but the fixes it applied in the file
//! as read (their edits are replacements of that text). Once the file is written, a location
//! printed for an applied fix must point into the file on disk, as the remaining findings do:
//! [`written_spans`] moves them there, from the file's change (whole-line replacements, exact at
//! every line outside them) refined by the fixes' own edits inside a replaced block.

use crate::engine::file::{AppliedFix, FileStatus, Mode, Pos, Span, TextEdit};

/// The fixes a `fix` report applied, each placed by [`written_spans`]; none for other reports.
pub fn applied_fixes(mode: Mode, status: &FileStatus) -> Vec<(&AppliedFix, Span)> {
    match status {
        FileStatus::Fixed { applied, edits, .. } => applied
            .iter()
            .zip(written_spans(mode, applied, edits))
            .collect(),
        _ => Vec::new(),
    }
}

/// Where the applied fixes are in the file this run leaves: the file as written (or as printed
/// with `--stdin-filename`) by `fix`; the file as read otherwise (`--dry-run` writes nothing).
/// `changes` is the file's whole change, as replacements of the file as read.
pub fn written_spans(mode: Mode, applied: &[AppliedFix], changes: &[TextEdit]) -> Vec<Span> {
    if mode != (Mode::Fix { dry_run: false }) || changes.is_empty() {
        return applied.iter().map(|a| a.span).collect();
    }
    let mut fine: Vec<&TextEdit> = applied
        .iter()
        .filter_map(|a| a.edits.as_ref())
        .flatten()
        .collect();
    fine.sort_by_key(|e| (e.span.start.offset, e.span.end.offset));
    applied
        .iter()
        .map(|a| {
            let start = place(a.span.start, changes, &fine);
            let end = place(a.span.end, changes, &fine);
            Span {
                start,
                end: if end.offset < start.offset {
                    start
                } else {
                    end
                },
            }
        })
        .collect()
}

/// Lines and bytes an edit adds (negative: removes).
fn deltas(e: &TextEdit) -> (isize, isize) {
    let lines =
        e.text.matches('\n').count() as isize - (e.span.end.line - e.span.start.line) as isize;
    let bytes = e.text.len() as isize - (e.span.end.offset - e.span.start.offset) as isize;
    (lines, bytes)
}

fn shift(n: usize, by: isize) -> usize {
    (n as isize + by).max(0) as usize
}

/// `pos` of the file as read, in the file as written. `changes` are the file's whole-line
/// replacements in order; `fine` the applied fixes' own edits, in order.
pub fn place(pos: Pos, changes: &[TextEdit], fine: &[&TextEdit]) -> Pos {
    let (mut lines, mut bytes) = (0isize, 0isize);
    for c in changes {
        if c.span.end.offset <= pos.offset {
            // Wholly before (an insertion at `pos` too): the lines after it only move.
            let (l, b) = deltas(c);
            lines += l;
            bytes += b;
            continue;
        }
        if c.span.start.offset <= pos.offset {
            return inside(pos, c, fine, lines, bytes);
        }
        break;
    }
    Pos {
        line: shift(pos.line, lines),
        column: pos.column,
        offset: shift(pos.offset, bytes),
    }
}

/// `pos` inside the replaced block `c`, the blocks before it having moved it by `lines` and
/// `bytes`. The fixes' edits inside the block place it exactly when they make up the whole
/// replacement; otherwise it keeps its line within the block (the block's last line at most)
/// and its column (the line's end at most).
fn inside(pos: Pos, c: &TextEdit, fine: &[&TextEdit], lines: isize, bytes: isize) -> Pos {
    let within: Vec<&TextEdit> = fine
        .iter()
        .copied()
        .filter(|e| {
            c.span.start.offset <= e.span.start.offset && e.span.end.offset <= c.span.end.offset
        })
        .collect();
    let sum = within.iter().fold((0, 0), |(l, b), e| {
        let (dl, db) = deltas(e);
        (l + dl, b + db)
    });
    if !within.is_empty() && sum == deltas(c) {
        return exact(pos, &within, lines, bytes);
    }
    let start_line = shift(c.span.start.line, lines);
    let start_offset = shift(c.span.start.offset, bytes);
    let new_lines: Vec<&str> = c.text.split_inclusive('\n').collect();
    if new_lines.is_empty() {
        return Pos {
            line: start_line,
            column: c.span.start.column,
            offset: start_offset,
        };
    }
    let r = (pos.line - c.span.start.line).min(new_lines.len() - 1);
    let line_start: usize = new_lines[..r].iter().map(|l| l.len()).sum();
    let mut text = new_lines[r].trim_end_matches(['\n', '\r']);
    let mut skipped = 0;
    if start_offset == 0 && r == 0 {
        // A BOM is no column.
        if let Some(rest) = text.strip_prefix('\u{feff}') {
            skipped = text.len() - rest.len();
            text = rest;
        }
    }
    let column = pos.column.min(text.chars().count() + 1);
    let in_line: usize = text.chars().take(column - 1).map(char::len_utf8).sum();
    Pos {
        line: start_line + r,
        column,
        offset: start_offset + line_start + skipped + in_line,
    }
}

/// `pos` moved by the edits before it (`edits` in order, non-overlapping), starting from a
/// line start moved by `lines` and `bytes`. Inside an edit it goes to the edit's start.
fn exact(pos: Pos, edits: &[&TextEdit], mut lines: isize, mut bytes: isize) -> Pos {
    // The last edit ending on a line: (its end in the file as read, its end's new column).
    let mut anchor: Option<(usize, usize, usize)> = None;
    let moved = |p: Pos, lines: isize, bytes: isize, anchor: Option<(usize, usize, usize)>| Pos {
        line: shift(p.line, lines),
        column: match anchor {
            Some((line, column, new_column)) if line == p.line => new_column + p.column - column,
            _ => p.column,
        },
        offset: shift(p.offset, bytes),
    };
    for e in edits {
        if e.span.end.offset > pos.offset {
            if e.span.start.offset <= pos.offset {
                return moved(e.span.start, lines, bytes, anchor);
            }
            break;
        }
        let start = moved(e.span.start, lines, bytes, anchor);
        let end_column = match e.text.rfind('\n') {
            Some(i) => e.text[i + 1..].chars().count() + 1,
            None => start.column + e.text.chars().count(),
        };
        let (l, b) = deltas(e);
        lines += l;
        bytes += b;
        anchor = Some((e.span.end.line, e.span.end.column, end_column));
    }
    moved(pos, lines, bytes, anchor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::file::LineIndex;

    /// Edits of `old` placed as the engine places them.
    fn edit(old: &str, range: std::ops::Range<usize>, text: &str) -> TextEdit {
        let index = LineIndex::new(old);
        TextEdit {
            span: Span {
                start: index.pos(range.start),
                end: index.pos(range.end),
            },
            text: text.to_string(),
        }
    }

    /// Where `needle` of `old` lands in `new`, by the places in `new`.
    fn check(old: &str, new: &str, changes: &[TextEdit], fine: &[&TextEdit], needle: &str) {
        let at = old.find(needle).unwrap();
        let got = place(LineIndex::new(old).pos(at), changes, fine);
        let want = LineIndex::new(new).pos(new.find(needle).unwrap());
        assert_eq!(got, want, "{needle:?}");
    }

    #[test]
    fn lines_outside_a_change_move_by_the_lines_it_adds() {
        let old = "a\nb\nx = 1\n";
        let new = "a1\na2\nb\nx = 1\n";
        let changes = [edit(old, 0..2, "a1\na2\n")];
        check(old, new, &changes, &[], "x = 1");
        check(old, new, &changes, &[], "b");
    }

    #[test]
    fn inside_a_changed_block_the_fixes_own_edits_place_exactly() {
        // One block: line 1 grows to two lines, line 2 changes in place.
        let old = "import * as a;\nnew a.X(p, { q: 1 });\n";
        let new = "import { X };\nimport { Y };\nnew X(p, { q: 0 });\n";
        let changes = [edit(
            old,
            0..old.len(),
            "import { X };\nimport { Y };\nnew X(p, { q: 0 });\n",
        )];
        let q = old.find("1 }").unwrap();
        let fine = [
            edit(old, 0..14, "import { X };\nimport { Y };"),
            edit(old, 19..21, ""),
            edit(old, q..q + 1, "0"),
        ];
        let fine: Vec<&TextEdit> = fine.iter().collect();
        check(old, new, &changes, &fine, "q: ");
        check(old, new, &changes, &fine, "{ q");
        // Without them, the line keeps its place in the block: one line off here, but inside it.
        let p = place(
            LineIndex::new(old).pos(old.find("q: ").unwrap()),
            &changes,
            &[],
        );
        assert_eq!(p.line, 2);
    }

    #[test]
    fn a_place_in_removed_lines_goes_to_where_they_were() {
        let old = "a\nb\nc\n";
        let changes = [edit(old, 2..4, "")];
        let p = place(LineIndex::new(old).pos(2), &changes, &[]);
        assert_eq!((p.line, p.column, p.offset), (2, 1, 2));
        let p = place(LineIndex::new(old).pos(4), &changes, &[]);
        assert_eq!((p.line, p.column, p.offset), (2, 1, 2));
    }

    #[test]
    fn columns_are_clamped_to_the_new_line_and_skip_a_bom() {
        let old = "\u{feff}abcdef\n";
        let changes = [edit(old, 0..old.len(), "\u{feff}ab\n")];
        let p = place(LineIndex::new(old).pos(3 + 4), &changes, &[]);
        assert_eq!((p.line, p.column, p.offset), (1, 3, 3 + 2));
    }
}
