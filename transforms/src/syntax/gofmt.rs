//! gofmt's layout of composite literals and comments, emulated for edits that must leave a Go
//! file as gofmt prints it: the column of `key: value` values (`value_padding`), inserting and
//! removing keyed elements with the runs re-aligned (`relayout`), and the alignment of trailing
//! `//` comments around an edit (`align_comments`).

use crate::syntax::go::{keyed_elements, KeyedElement};
use crate::syntax::N;
use crate::Edit;

/// One element of a multi-line composite literal, as gofmt sees it for alignment.
#[derive(Clone, Copy, Debug)]
pub struct AlignItem {
    /// Width of the key (0 for an element without key).
    pub key_width: usize,
    /// Whether the element is a `key: value` pair.
    pub keyed: bool,
    /// Whether the whole element fits on one line.
    pub single_line: bool,
    /// Whether a blank line or a comment line separates it from the element before.
    pub gap_before: bool,
}

/// The number of spaces gofmt puts after each key's `:` in a composite literal whose elements
/// each start a line: consecutive single-line pairs share a column unless their key widths
/// differ too much (go/printer's `exprList` heuristic); multi-line elements, blank lines and
/// comment lines end a run. Elements that are not pairs get 0.
pub fn value_padding(items: &[AlignItem]) -> Vec<usize> {
    let mut section = vec![0usize; items.len()];
    let mut aligned = vec![false; items.len()];
    let (mut prev_size, mut lnsum, mut count) = (0usize, 0f64, 0usize);
    let mut current = 0;
    for (i, item) in items.iter().enumerate() {
        let size = if item.single_line {
            item.key_width.max(1)
        } else {
            0
        };
        let size = if item.keyed {
            size
        } else if item.single_line {
            1
        } else {
            0
        };
        let mut use_ff = true;
        if prev_size > 0 && size > 0 {
            if count == 0 || (prev_size <= 40 && size <= 40) {
                use_ff = false;
            } else {
                let geomean = (lnsum / count as f64).exp();
                let ratio = size as f64 / geomean;
                use_ff = 2.5 * ratio <= 1.0 || 2.5 <= ratio;
            }
        }
        // A new section (a formfeed, or a blank or comment line) restarts the mean.
        if i > 0 && (use_ff || item.gap_before) {
            current += 1;
            lnsum = 0.0;
            count = 0;
        }
        section[i] = current;
        aligned[i] = items.len() > 1 && item.keyed && size > 0;
        if size > 0 {
            lnsum += (size as f64).ln();
            count += 1;
        }
        prev_size = size;
    }
    let mut width = vec![0usize; current + 1];
    for (i, item) in items.iter().enumerate() {
        if aligned[i] {
            width[section[i]] = width[section[i]].max(item.key_width + 1);
        }
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match (item.keyed, aligned[i]) {
            (false, _) => 0,
            (true, false) => 1,
            (true, true) => width[section[i]] - (item.key_width + 1) + 1,
        })
        .collect()
}

/// A change to the `key: value` elements of a composite literal, for [`relayout`].
pub enum Change<'a> {
    /// Remove the element at this index (with its comma, and its line when it is alone there).
    Remove(usize),
    /// Insert `key: value,` before (`after == false`) or after the element at this index.
    Insert {
        at: usize,
        after: bool,
        key: &'a str,
        value: String,
    },
}

/// The edits that apply `changes` to the keyed elements of `body` (a `literal_value`) and keep
/// the literal as gofmt prints it: when every element starts a line, inserted elements get lines
/// of their own and the values of every run of elements are re-aligned (`value_padding`);
/// otherwise (one-line literals) elements are inserted and removed inline.
pub fn relayout(text: &str, body: &N, changes: &[Change], newline: &str) -> Vec<Edit> {
    let elements = keyed_elements(body);
    let mut edits = Vec::new();
    let starts_line = |at: usize| {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        text[line_start..at].trim().is_empty()
    };
    let multi_line =
        !elements.is_empty() && elements.iter().all(|e| starts_line(e.node.range().start));
    // The comma that ends an element, if any.
    let comma_end = |e: &KeyedElement| -> usize {
        let end = e.node.range().end;
        let rest = &text[end..];
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if trimmed.starts_with(',') {
            end + (rest.len() - trimmed.len()) + 1
        } else {
            end
        }
    };
    let removed: Vec<usize> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Remove(i) => Some(*i),
            _ => None,
        })
        .collect();
    if !multi_line {
        let has_comma = |e: &KeyedElement| comma_end(e) != e.node.range().end;
        let last = elements.len() - 1;
        let last_kept = (0..elements.len()).rev().find(|i| !removed.contains(i));
        // A removed tail without a closing comma takes the comma before it along:
        // `{A: 1, B: 2}` without B is `{A: 1}`.
        let tail_from = match last_kept {
            Some(k) if k < last && !has_comma(&elements[last]) => Some(k),
            _ => None,
        };
        if let Some(k) = tail_from {
            edits.push(Edit::delete(
                elements[k].node.range().end..elements[last].node.range().end,
            ));
        }
        for c in changes {
            match c {
                Change::Remove(i) if tail_from.is_some_and(|k| *i > k) => {}
                Change::Remove(i) => {
                    let e = &elements[*i];
                    let mut end = comma_end(e);
                    end += text[end..].len() - text[end..].trim_start_matches(' ').len();
                    edits.push(Edit::delete(e.node.range().start..end));
                }
                Change::Insert {
                    at,
                    after,
                    key,
                    value,
                } => {
                    let e = &elements[*at];
                    if *after && !has_comma(e) {
                        edits.push(Edit::insert(
                            e.node.range().end,
                            format!(", {key}: {value}"),
                        ));
                    } else if *after {
                        edits.push(Edit::insert(comma_end(e), format!(" {key}: {value},")));
                    } else {
                        edits.push(Edit::insert(
                            e.node.range().start,
                            format!("{key}: {value}, "),
                        ));
                    }
                }
            }
        }
        return edits;
    }
    // The final list of elements: (key width, single line, gap before, existing index or new).
    struct Item<'k> {
        width: usize,
        single: bool,
        gap: bool,
        existing: Option<usize>,
        new: Option<(&'k str, &'k str, usize, bool)>,
    }
    let mut items: Vec<Item> = Vec::new();
    let mut pending_gap = false;
    for (i, e) in elements.iter().enumerate() {
        let gap = i > 0
            && text[elements[i - 1].node.range().end..e.node.range().start]
                .matches('\n')
                .count()
                >= 2;
        let before: Vec<&Change> = changes
            .iter()
            .filter(|c| matches!(c, Change::Insert { at, after: false, .. } if *at == i))
            .collect();
        let after: Vec<&Change> = changes
            .iter()
            .filter(|c| matches!(c, Change::Insert { at, after: true, .. } if *at == i))
            .collect();
        let mut first_gap = gap || pending_gap;
        for c in before {
            if let Change::Insert { key, value, .. } = c {
                items.push(Item {
                    width: key.len(),
                    single: !value.contains('\n'),
                    gap: first_gap,
                    existing: None,
                    new: Some((key, value, i, false)),
                });
                first_gap = false;
            }
        }
        if removed.contains(&i) {
            pending_gap = first_gap;
        } else {
            items.push(Item {
                width: e.key.text().chars().count(),
                single: !e.node.text().contains('\n'),
                gap: first_gap,
                existing: Some(i),
                new: None,
            });
            pending_gap = false;
        }
        for c in after {
            if let Change::Insert { key, value, .. } = c {
                items.push(Item {
                    width: key.len(),
                    single: !value.contains('\n'),
                    gap: false,
                    existing: None,
                    new: Some((key, value, i, true)),
                });
            }
        }
    }
    let pads = value_padding(
        &items
            .iter()
            .map(|it| AlignItem {
                key_width: it.width,
                keyed: true,
                single_line: it.single,
                gap_before: it.gap,
            })
            .collect::<Vec<_>>(),
    );
    for (it, pad) in items.iter().zip(pads) {
        if let Some(i) = it.existing {
            let e = &elements[i];
            let (from, to) = (e.colon.range().end, e.value.range().start);
            if text[from..to] != *" ".repeat(pad) && !text[from..to].contains('\n') {
                edits.push(Edit::replace(from..to, " ".repeat(pad)));
            }
        } else if let Some((key, value, at, after)) = it.new {
            let e = &elements[at];
            let indent = crate::syntax::indent_at(text, e.node.range().start);
            let line = format!("{key}:{}{value},", " ".repeat(pad));
            if after {
                edits.push(Edit::insert(
                    comma_end(e),
                    format!("{newline}{indent}{line}"),
                ));
            } else {
                edits.push(Edit::insert(
                    e.node.range().start,
                    format!("{line}{newline}{indent}"),
                ));
            }
        }
    }
    for i in removed {
        let e = &elements[i];
        edits.push(Edit::delete(crate::syntax::removal_with_line(
            text,
            e.node.range().start..comma_end(e),
        )));
    }
    edits
}

/// Where the trailing `//` comment of a line of Go code starts, if it has one (a comment that
/// is the whole line is no trailing comment). `Err` when the line cannot be read alone: a block
/// comment or a raw string that does not end on it.
fn trailing_comment(line: &str) -> Result<Option<usize>, ()> {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' && q != b'`' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            }
            None => match b {
                b'"' | b'\'' | b'`' => quote = Some(b),
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    return Ok((!line[..i].trim().is_empty()).then_some(i));
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => return Err(()),
                _ => {}
            },
        }
        i += 1;
    }
    if quote == Some(b'`') {
        return Err(());
    }
    Ok(None)
}

/// Whether a line takes part in a run of aligned trailing comments: it has one, and its code
/// neither opens nor closes a block (gofmt starts a new section there).
fn in_comment_run(line: &str) -> Option<(usize, &str)> {
    let at = trailing_comment(line).ok()??;
    let code = line[..at].trim();
    let opens = code.ends_with(['{', '(', '[']);
    let closes = code.starts_with(['}', ')', ']']);
    (!opens && !closes).then(|| (at, &line[..line.len() - line.trim_start().len()]))
}

/// `edits` (one fix) with the trailing comments around them kept aligned as gofmt aligns them:
/// consecutive lines at one indentation that end in `//` comments put them one space after the
/// longest code. Where the edits change that column, each cluster of nearby edits becomes one
/// edit over the whole run; elsewhere the edits are returned unchanged.
pub fn align_comments(text: &str, mut edits: Vec<Edit>) -> Vec<Edit> {
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = |at: usize| text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line_at = |start: usize| -> &str {
        let end = line_end(start);
        text[start..end].trim_end_matches('\r')
    };
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    // Clusters of edits on the same or neighbouring lines, as whole-line regions.
    let mut clusters: Vec<(std::ops::Range<usize>, Vec<Edit>)> = Vec::new();
    for e in edits {
        let start = line_start(e.range.start);
        let end = line_end(e.range.end);
        match clusters.last_mut() {
            Some((r, es)) if start <= r.end + 1 => {
                r.end = r.end.max(end);
                es.push(e);
            }
            _ => clusters.push((start..end, vec![e])),
        }
    }
    let mut out = Vec::new();
    for (mut region, cluster) in clusters {
        // Grow the region over the comment runs it touches.
        while region.start > 0 {
            let prev = line_start(region.start - 1);
            if in_comment_run(line_at(prev)).is_none() {
                break;
            }
            region.start = prev;
        }
        while region.end < text.len() {
            let next = region.end + 1;
            if next > text.len() || in_comment_run(line_at(next)).is_none() {
                break;
            }
            region.end = line_end(next);
        }
        let mut new = text[region.clone()].to_string();
        for e in cluster.iter().rev() {
            new.replace_range(
                e.range.start - region.start..e.range.end - region.start,
                &e.text,
            );
        }
        let aligned = align_runs(&new);
        match aligned {
            Some(a) if a != new => out.push(Edit::replace(region, a)),
            _ => out.extend(cluster),
        }
    }
    out
}

/// The lines of `text` with every run of trailing comments aligned; `None` when a line cannot
/// be read alone.
fn align_runs(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    for l in &lines {
        trailing_comment(l.trim_end_matches('\r')).ok()?;
    }
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut i = 0;
    while i < lines.len() {
        let Some((_, indent)) = in_comment_run(lines[i].trim_end_matches('\r')) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < lines.len()
            && in_comment_run(lines[j].trim_end_matches('\r')).is_some_and(|(_, ind)| ind == indent)
        {
            j += 1;
        }
        let parts: Vec<(&str, &str, &str)> = lines[i..j]
            .iter()
            .map(|l| {
                let cr = if l.ends_with('\r') { "\r" } else { "" };
                let l = l.trim_end_matches('\r');
                let (at, _) = in_comment_run(l).expect("in the run");
                (l[..at].trim_end(), &l[at..], cr)
            })
            .collect();
        let width = parts.iter().map(|p| p.0.chars().count()).max().unwrap_or(0);
        for (k, (code, comment, cr)) in parts.iter().enumerate() {
            let pad = width - code.chars().count() + 1;
            out[i + k] = format!("{code}{}{comment}{cr}", " ".repeat(pad));
        }
        i = j;
    }
    Some(out.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(w: usize) -> AlignItem {
        AlignItem {
            key_width: w,
            keyed: true,
            single_line: true,
            gap_before: false,
        }
    }

    #[test]
    fn consecutive_pairs_share_a_column() {
        let pads = value_padding(&[item(6), item(13), item(4)]);
        assert_eq!(pads, vec![8, 1, 10]);
    }

    #[test]
    fn multi_line_elements_and_blank_lines_end_a_run() {
        let multi = AlignItem {
            single_line: false,
            ..item(11)
        };
        let gap = AlignItem {
            gap_before: true,
            ..item(2)
        };
        let pads = value_padding(&[item(6), item(7), multi, item(5), item(1), gap, item(4)]);
        assert_eq!(pads, vec![2, 1, 1, 1, 5, 3, 1]);
    }

    #[test]
    fn a_long_key_breaks_the_run_as_gofmt_does() {
        // gofmt: the 52-wide key starts a section of its own, "Cost Center" starts the next.
        let gap = AlignItem {
            gap_before: true,
            ..item(4)
        };
        let pads = value_padding(&[item(3), gap, item(52), item(13), item(6)]);
        assert_eq!(pads, vec![1, 1, 1, 1, 8]);
    }

    #[test]
    fn a_single_pair_is_not_padded() {
        assert_eq!(value_padding(&[item(9)]), vec![1]);
    }

    #[test]
    fn trailing_comments_are_found_outside_strings() {
        assert_eq!(trailing_comment("\tA: 1, // c"), Ok(Some(7)));
        assert_eq!(trailing_comment("\t// only a comment"), Ok(None));
        assert_eq!(trailing_comment("\tA: \"http://x\", // c"), Ok(Some(16)));
        assert_eq!(trailing_comment("\tA: '\\'', // c"), Ok(Some(10)));
        assert_eq!(trailing_comment("\tA: 1, /* c */"), Err(()));
    }

    #[test]
    fn edits_keep_a_run_of_trailing_comments_aligned() {
        let text = "x{\n\tToPort:   jsii.Number(65535), // b\n\tProtocol: jsii.String(\"-1\"),  // c\n\tTags: &m{ // d\n\t},\n}\n";
        let at = text.find("65535").unwrap();
        let edits = align_comments(text, vec![Edit::replace(at..at + 5, "0")]);
        let mut out = text.to_string();
        for e in edits.iter().rev() {
            out.replace_range(e.range.clone(), &e.text);
        }
        assert_eq!(
            out,
            "x{\n\tToPort:   jsii.Number(0),    // b\n\tProtocol: jsii.String(\"-1\"), // c\n\tTags: &m{ // d\n\t},\n}\n"
        );
        // No comment around: the edit stays as it was.
        let plain = "a := 65535\n";
        let e = vec![Edit::replace(5..10, "0")];
        assert_eq!(align_comments(plain, e.clone()), e);
    }
}
