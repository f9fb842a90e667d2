//! `cdktf-fix server`: a language server over stdin/stdout, so that editors show the findings
//! as diagnostics and offer the fixes as code actions while the code is written.
//!
//! - [`protocol`]: the message loop (lifecycle, notifications, code action requests);
//! - [`documents`]: the open documents and their text;
//! - [`analysis`]: a document through the engine, configured as the command line would be;
//! - [`actions`]: findings and fixes as diagnostics and code actions;
//! - [`position`]: byte offsets ↔ protocol positions (UTF-16 columns).
//!
//! It uses the engine and the configuration; nothing below uses it.

pub mod actions;
pub mod analysis;
pub mod documents;
pub mod position;
pub mod protocol;

use lsp_server::Connection;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, SaveOptions,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};

/// What the server does: whole-text sync, quick fixes and "fix all".
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(actions::FIX_ALL),
            ]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// Serves one editor on `connection`: the `initialize` handshake, then the loop. Returns the
/// process's exit code.
pub fn serve(connection: &Connection) -> u8 {
    let (id, _params) = match connection.initialize_start() {
        Ok(started) => started,
        Err(e) => {
            eprintln!("cdktf-fix server: {e}");
            return 1;
        }
    };
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "cdktf-fix", "version": env!("CARGO_PKG_VERSION") },
    });
    if let Err(e) = connection.initialize_finish(id, result) {
        eprintln!("cdktf-fix server: {e}");
        return 1;
    }
    protocol::Server::new(connection).run()
}

/// `cdktf-fix server`: serves on stdin/stdout; the exit code (0 after `shutdown` and `exit`).
pub fn serve_stdio() -> u8 {
    let (connection, io_threads) = Connection::stdio();
    let code = serve(&connection);
    // The writer thread ends once every sender is gone, after writing what is queued.
    drop(connection);
    if let Err(e) = io_threads.join() {
        eprintln!("cdktf-fix server: {e}");
        return code.max(1);
    }
    code
}
