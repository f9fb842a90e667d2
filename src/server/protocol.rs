//! The protocol loop: one message at a time, in order, on one thread. Diagnostics are published
//! when no message is waiting, so a burst of changes is checked once, at its last text.

use std::collections::{BTreeSet, HashMap, HashSet};

use crossbeam_channel::TryRecvError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Exit, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, Request as _, Shutdown};
use lsp_types::{
    CodeActionOrCommand, CodeActionParams, MessageType, PublishDiagnosticsParams,
    ShowMessageParams, Uri,
};
use serde::de::DeserializeOwned;

use super::actions::{self, FIX_ALL};
use super::analysis::{self, FixAll, Report};
use super::documents::Documents;
use super::position::LineIndex;
use crate::engine::file::{Finding, TextEdit};
use crate::engine::Engine;
use crate::project;
use crate::suppress::Warning;

/// What the engine made of one version of a document.
struct Checked {
    version: i32,
    findings: Vec<Finding>,
    warnings: Vec<Warning>,
    /// "Fix all", once asked for: `None` for nothing to change or a refusal.
    fix_all: Option<Option<(Vec<TextEdit>, usize)>>,
}

pub struct Server<'a> {
    conn: &'a Connection,
    docs: Documents,
    /// Documents whose diagnostics are to be published.
    dirty: BTreeSet<Uri>,
    checked: HashMap<Uri, Checked>,
    /// Configuration errors already shown, each once.
    shown: HashSet<String>,
    shutdown: bool,
}

impl<'a> Server<'a> {
    pub fn new(conn: &'a Connection) -> Server<'a> {
        Server {
            conn,
            docs: Documents::default(),
            dirty: BTreeSet::new(),
            checked: HashMap::new(),
            shown: HashSet::new(),
            shutdown: false,
        }
    }

    /// Serves until `exit`; the process's exit code: 0 after `shutdown`, else 1 (as the
    /// protocol asks; also when the editor closes the connection without `exit`).
    pub fn run(mut self) -> u8 {
        loop {
            let message = match self.conn.receiver.try_recv() {
                Ok(m) => m,
                Err(TryRecvError::Empty) => {
                    self.publish_dirty();
                    match self.conn.receiver.recv() {
                        Ok(m) => m,
                        Err(_) => return 1,
                    }
                }
                Err(TryRecvError::Disconnected) => return 1,
            };
            match message {
                Message::Request(req) => self.request(req),
                Message::Notification(n) if n.method == Exit::METHOD => {
                    return if self.shutdown { 0 } else { 1 };
                }
                Message::Notification(n) => self.notification(n),
                // The server sends no requests that need an answer.
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, message: impl Into<Message>) {
        // The writer thread is gone only when the editor is: the loop ends on the next read.
        let _ = self.conn.sender.send(message.into());
    }

    fn request(&mut self, req: Request) {
        let Request { id, method, params } = req;
        let response = if self.shutdown {
            Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".into(),
            )
        } else if method == Shutdown::METHOD {
            self.shutdown = true;
            Response::new_ok(id, ())
        } else if method == CodeActionRequest::METHOD {
            match parse::<CodeActionParams>(params) {
                Ok(p) => Response::new_ok(id, self.code_actions(p)),
                Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, e),
            }
        } else {
            Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("cdktf-fix does not handle {method}"),
            )
        };
        self.send(response);
    }

    fn notification(&mut self, n: Notification) {
        let Notification { method, params } = n;
        match method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = parse::<lsp_types::DidOpenTextDocumentParams>(params) {
                    let d = p.text_document;
                    self.docs
                        .open(d.uri.clone(), &d.language_id, d.version, d.text);
                    self.dirty.insert(d.uri);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = parse::<lsp_types::DidChangeTextDocumentParams>(params) {
                    let d = p.text_document;
                    if self.docs.change(&d.uri, d.version, p.content_changes) {
                        self.dirty.insert(d.uri);
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = parse::<lsp_types::DidCloseTextDocumentParams>(params) {
                    let uri = p.text_document.uri;
                    self.docs.close(&uri);
                    self.dirty.remove(&uri);
                    self.checked.remove(&uri);
                    self.publish(uri, Vec::new(), None);
                }
            }
            // A saved file may be what other documents' checks read: a configuration, a
            // manifest that pins a provider, a test that mocks one.
            DidSaveTextDocument::METHOD | DidChangeWatchedFiles::METHOD => self.recheck_all(),
            _ => {}
        }
    }

    fn recheck_all(&mut self) {
        project::forget();
        self.checked.clear();
        // A configuration broken again after a save is shown again.
        self.shown.clear();
        self.dirty.extend(self.docs.uris().cloned());
    }

    fn publish_dirty(&mut self) {
        for uri in std::mem::take(&mut self.dirty) {
            let Some(checked) = self.check(&uri) else {
                continue;
            };
            let version = checked.version;
            let Some(doc) = self.docs.get(&uri) else {
                continue;
            };
            let index = LineIndex::new(&doc.text);
            let checked = &self.checked[&uri];
            let diagnostics = checked
                .findings
                .iter()
                .map(|f| actions::diagnostic(&index, f))
                .chain(
                    checked
                        .warnings
                        .iter()
                        .map(|w| actions::warning(&index, &doc.text, w)),
                )
                .collect();
            self.publish(uri, diagnostics, Some(version));
        }
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(
            PublishDiagnostics::METHOD.to_string(),
            params,
        ));
    }

    /// The configuration and engine for a document's file; a configuration error is shown to
    /// the user (once) and the document gets no diagnostics until it is fixed.
    fn engine(&mut self, path: Option<&std::path::Path>) -> Option<Engine> {
        let engine = analysis::settings_for(path)
            .map_err(|e| e.to_string())
            .and_then(|settings| analysis::engine_for(&settings, path));
        match engine {
            Ok(engine) => Some(engine),
            Err(e) => {
                let message = format!("cdktf-fix: {e}");
                if self.shown.insert(message.clone()) {
                    eprintln!("{message}");
                    let params = ShowMessageParams {
                        typ: MessageType::ERROR,
                        message,
                    };
                    self.send(Notification::new(ShowMessage::METHOD.to_string(), params));
                }
                None
            }
        }
    }

    /// The findings of a document's current text, checked once per version.
    fn check(&mut self, uri: &Uri) -> Option<&mut Checked> {
        let doc = self.docs.get(uri)?;
        let version = doc.version;
        if self.checked.get(uri).is_none_or(|c| c.version != version) {
            let (path, lang) = (doc.path.clone(), doc.lang);
            let report = match lang {
                None => Report::default(),
                Some(lang) => match self.engine(path.as_deref()) {
                    None => Report::default(),
                    Some(engine) => {
                        let text = &self.docs.get(uri)?.text;
                        analysis::check(&engine, text, path.as_deref(), lang).unwrap_or_else(
                            |why| {
                                eprintln!("cdktf-fix: {}: not checked: {why}", uri.as_str());
                                Report::default()
                            },
                        )
                    }
                },
            };
            let checked = Checked {
                version,
                findings: report.findings,
                warnings: report.warnings,
                fix_all: None,
            };
            self.checked.insert(uri.clone(), checked);
        }
        self.checked.get_mut(uri)
    }

    /// "Fix all" for a document's current text, computed once per version.
    fn fix_all(&mut self, uri: &Uri) -> Option<(Vec<TextEdit>, usize)> {
        if let Some(done) = &self.check(uri)?.fix_all {
            return done.clone();
        }
        let doc = self.docs.get(uri)?;
        let (path, lang) = (doc.path.clone(), doc.lang?);
        let engine = self.engine(path.as_deref())?;
        let text = &self.docs.get(uri)?.text;
        let result = match analysis::fix_all(&engine, text, path.as_deref(), lang) {
            FixAll::Edits { edits, fixes } => Some((edits, fixes)),
            FixAll::Unchanged => None,
            FixAll::Refused(why) => {
                eprintln!("cdktf-fix: {}: fix all: {why}", uri.as_str());
                None
            }
        };
        self.check(uri)?.fix_all = Some(result.clone());
        result
    }

    /// Quick fixes for the findings the range touches, and "fix all" when a finding has a fix.
    fn code_actions(&mut self, p: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = p.text_document.uri;
        let only = p.context.only.as_deref();
        let mut out = Vec::new();
        let Some(checked) = self.check(&uri) else {
            return out;
        };
        let any_fix = checked.findings.iter().any(|f| !f.edits.is_empty());
        let Some(doc) = self.docs.get(&uri) else {
            return out;
        };
        let index = LineIndex::new(&doc.text);
        if actions::wanted(only, lsp_types::CodeActionKind::QUICKFIX.as_str()) {
            let (start, end) = (index.offset(p.range.start), index.offset(p.range.end));
            for f in &self.checked[&uri].findings {
                if f.span.start.offset <= end && start <= f.span.end.offset {
                    let diagnostic = actions::diagnostic(&index, f);
                    if let Some(action) = actions::quick_fix(&uri, &index, f, diagnostic) {
                        out.push(CodeActionOrCommand::CodeAction(action));
                    }
                }
            }
        }
        if any_fix && actions::wanted(only, FIX_ALL) {
            if let Some((edits, fixes)) = self.fix_all(&uri) {
                let doc = self.docs.get(&uri).expect("checked above");
                let index = LineIndex::new(&doc.text);
                out.push(CodeActionOrCommand::CodeAction(actions::fix_all(
                    &uri, &index, &edits, fixes,
                )));
            }
        }
        out
    }
}

fn parse<P: DeserializeOwned>(params: serde_json::Value) -> Result<P, String> {
    serde_json::from_value(params).map_err(|e| format!("invalid parameters: {e}"))
}
