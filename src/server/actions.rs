//! The engine's findings and fixes as the protocol's diagnostics and code actions.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity, NumberOrString, Uri, WorkspaceEdit,
};
use transforms::Safety;

use super::position::LineIndex;
use crate::engine::file::{Finding, TextEdit};
use crate::suppress::Warning;
use transforms::source::BOM;

/// The diagnostics' `source`.
pub const SOURCE: &str = "cdktf-fix";

/// The kind of the "fix all" action: under `source.fixAll`, which editors run on save when
/// asked to (VS Code's `editor.codeActionsOnSave`).
pub const FIX_ALL: &str = "source.fixAll.cdktf-fix";

/// A finding as a diagnostic: a warning whose code is the transform id, its message followed
/// by where to read about the transform.
pub fn diagnostic(index: &LineIndex, finding: &Finding) -> Diagnostic {
    let id = finding.transform;
    Diagnostic {
        range: index.range(finding.span.start.offset..finding.span.end.offset),
        severity: Some(DiagnosticSeverity::WARNING),
        code: Some(NumberOrString::String(id.to_string())),
        source: Some(SOURCE.to_string()),
        message: format!(
            "{}\n`cdktf-fix explain {id}` tells what {id} fixes and why.",
            finding.message
        ),
        ..Diagnostic::default()
    }
}

/// A suppression comment that names no transform or directive, as a warning without a code.
/// `line` and `column` are 1-based, the column in characters of the text without its BOM.
pub fn warning(index: &LineIndex, text: &str, warning: &Warning) -> Diagnostic {
    let line_start = index.offset(lsp_types::Position {
        line: warning.line.saturating_sub(1) as u32,
        character: 0,
    });
    let skip = if line_start == 0 && text.starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    let line = &text[line_start + skip..];
    let offset = line_start
        + skip
        + line
            .char_indices()
            .nth(warning.column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
    let start = index.position(offset);
    let end = index.position(
        text[offset..]
            .find(['\r', '\n'])
            .map_or(text.len(), |e| offset + e),
    );
    Diagnostic {
        range: lsp_types::Range { start, end },
        severity: Some(DiagnosticSeverity::WARNING),
        source: Some(SOURCE.to_string()),
        message: warning.message.clone(),
        ..Diagnostic::default()
    }
}

/// The finding's fix as a quick fix, if it has one: preferred when safe, its title marked
/// "(unsafe)" when it changes deployed behaviour.
pub fn quick_fix(
    uri: &Uri,
    index: &LineIndex,
    finding: &Finding,
    diagnostic: Diagnostic,
) -> Option<CodeAction> {
    let safety = finding.fix?;
    if finding.edits.is_empty() {
        return None;
    }
    let id = finding.transform;
    let title = match safety {
        Safety::Safe => format!("Fix {id}"),
        Safety::Unsafe => format!("Fix {id} (unsafe)"),
    };
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(workspace_edit(uri, index, &finding.edits)),
        is_preferred: Some(safety == Safety::Safe),
        ..CodeAction::default()
    })
}

/// "Fix all": the edits `cdktf-fix fix` would make to the document.
pub fn fix_all(uri: &Uri, index: &LineIndex, edits: &[TextEdit], fixes: usize) -> CodeAction {
    let plural = if fixes == 1 { "" } else { "es" };
    CodeAction {
        title: format!("Fix all cdktf-fix problems ({fixes} fix{plural})"),
        kind: Some(CodeActionKind::new(FIX_ALL)),
        edit: Some(workspace_edit(uri, index, edits)),
        ..CodeAction::default()
    }
}

fn workspace_edit(uri: &Uri, index: &LineIndex, edits: &[TextEdit]) -> WorkspaceEdit {
    let edits = edits
        .iter()
        .map(|e| lsp_types::TextEdit {
            range: index.range(e.span.start.offset..e.span.end.offset),
            new_text: e.text.clone(),
        })
        .collect();
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// Whether a code action request whose `only` is `only` asks for actions of `kind`: no
/// `only` asks for every kind; `source.fixAll` asks for `source.fixAll.cdktf-fix`.
pub fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|k| {
            let k = k.as_str();
            kind == k || kind.strip_prefix(k).is_some_and(|r| r.starts_with('.'))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_selects_kinds_by_their_dotted_prefix() {
        let kinds = |ks: &[&str]| -> Vec<CodeActionKind> {
            ks.iter()
                .map(|k| CodeActionKind::from(k.to_string()))
                .collect()
        };
        assert!(wanted(None, FIX_ALL));
        assert!(wanted(Some(&kinds(&["source.fixAll"])), FIX_ALL));
        assert!(wanted(Some(&kinds(&["source"])), FIX_ALL));
        assert!(wanted(Some(&kinds(&[FIX_ALL])), FIX_ALL));
        assert!(!wanted(Some(&kinds(&["source.fix"])), FIX_ALL));
        assert!(!wanted(Some(&kinds(&["quickfix"])), FIX_ALL));
        assert!(wanted(Some(&kinds(&["quickfix"])), "quickfix"));
        assert!(!wanted(
            Some(&kinds(&["source.organizeImports"])),
            "quickfix"
        ));
    }
}
