//! `cdktf-fix server` driven as an editor drives it: the binary over stdin/stdout, messages
//! framed by `Content-Length` headers. Every wait has a timeout: a server that hangs fails
//! the test instead of hanging the run.

#[path = "support/cli.rs"]
#[allow(dead_code)]
mod cli;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use cli::{write, BIN};
use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(60);

fn fixture(rel: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(rel),
    )
    .unwrap()
}

/// An editor's end of the connection.
struct Editor {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications read while waiting for something else, oldest first.
    pending: Vec<Value>,
    next_id: i64,
}

impl Editor {
    /// Starts the server in `dir` and completes the `initialize` handshake; returns the
    /// server's `initialize` result too.
    fn start(dir: &Path) -> (Editor, Value) {
        let mut child = Command::new(BIN)
            .arg("server")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the binary runs");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let mut editor = Editor {
            child,
            stdin,
            messages,
            pending: Vec::new(),
            next_id: 0,
        };
        let root = file_uri(dir);
        let init = editor.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root,
                "workspaceFolders": [{ "uri": root, "name": "project" }],
                "capabilities": {
                    "textDocument": {
                        "publishDiagnostics": { "versionSupport": true },
                        "codeAction": { "codeActionLiteralSupport": { "codeActionKind": {
                            "valueSet": ["quickfix", "source", "source.fixAll"] } } }
                    }
                }
            }),
        );
        editor.notify("initialized", json!({}));
        (editor, init)
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response; returns its `result` (fails on an error).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.next();
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                assert!(message.get("error").is_none(), "{method}: {message}");
                return message["result"].clone();
            }
            self.pending.push(message);
        }
    }

    fn next(&mut self) -> Value {
        match self.messages.recv_timeout(TIMEOUT) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => panic!("the server sent nothing for {TIMEOUT:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// The next notification `method` whose params satisfy `pred`, read or already pending.
    fn notification(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let matches = |m: &Value| m["method"] == method && pred(&m["params"]);
        if let Some(i) = self.pending.iter().position(matches) {
            return self.pending.remove(i)["params"].clone();
        }
        loop {
            let message = self.next();
            if matches(&message) {
                return message["params"].clone();
            }
            self.pending.push(message);
        }
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self.notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == version
        });
        params["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, uri: &str, text: &str) {
        let doc = json!({ "uri": uri, "languageId": "typescript", "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": doc }));
    }

    fn code_actions(&mut self, uri: &str, range: &Value, only: Option<&[&str]>) -> Vec<Value> {
        let mut context = json!({ "diagnostics": [] });
        if let Some(only) = only {
            context["only"] = json!(only);
        }
        let params = json!({ "textDocument": { "uri": uri }, "range": range, "context": context });
        let result = self.request("textDocument/codeAction", params);
        result.as_array().cloned().unwrap_or_default()
    }

    /// `shutdown`, `exit`, and the server's exit code.
    fn shut_down(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.wait()
    }

    fn wait(&mut self) -> i32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().expect("exited, not killed");
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One message: `Content-Length: N` (other headers ignored), a blank line, N bytes of JSON.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = Some(n.parse::<usize>().unwrap());
        }
    }
    let mut body = vec![0; length.expect("a Content-Length header")];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("a JSON body"))
}

/// `file://` and the absolute path, spaces escaped.
fn file_uri(path: &Path) -> String {
    format!("file://{}", path.to_str().unwrap().replace(' ', "%20"))
}

/// The byte offset of an LSP position (line, UTF-16 column) in `text`, counted here
/// independently of the server.
fn offset(text: &str, position: &Value) -> usize {
    let (line, column) = (
        position["line"].as_u64().unwrap() as usize,
        position["character"].as_u64().unwrap() as usize,
    );
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= column || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// `text` with a workspace edit's edits for `uri` applied.
fn apply(text: &str, edit: &Value, uri: &str) -> String {
    let mut edits: Vec<(usize, usize, String)> = edit["changes"][uri]
        .as_array()
        .unwrap_or_else(|| panic!("edits for {uri}: {edit}"))
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"]),
                offset(text, &e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    out
}

/// A project folder (with a space in its name, which the URI escapes) holding `main.ts` with
/// `text` and a `cdktf-fix.toml` with `config`.
fn project(config: &str, text: &str) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("my stack");
    write(&root, "cdktf-fix.toml", config);
    write(&root, "main.ts", text);
    let uri = file_uri(&root.join("main.ts"));
    (dir, root, uri)
}

fn action_kinds(actions: &[Value]) -> Vec<&str> {
    actions
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect()
}

#[test]
fn an_editor_gets_diagnostics_quick_fixes_and_fix_all_and_a_clean_exit() {
    let input = fixture("provider-imports/merge-into-existing-imports/input.ts");
    let expected = fixture("provider-imports/merge-into-existing-imports/expected.ts");
    let (_dir, root, uri) = project("select = [\"provider-imports\"]\n", &input);
    let (mut editor, init) = Editor::start(&root);
    assert_eq!(init["serverInfo"]["name"], "cdktf-fix");
    assert_eq!(
        init["capabilities"]["textDocumentSync"]["change"], 1,
        "full"
    );
    assert_eq!(
        init["capabilities"]["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.cdktf-fix"])
    );

    editor.open(&uri, &input);
    let diagnostics = editor.diagnostics(&uri, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let d = &diagnostics[0];
    // The finding is the namespace import on the third line (check.txt: 3:1), whole.
    let line = input.lines().nth(2).unwrap();
    assert!(line.starts_with("import * as aws"), "{line}");
    assert_eq!(
        d["range"],
        json!({ "start": { "line": 2, "character": 0 },
                "end": { "line": 2, "character": line.len() } })
    );
    assert_eq!(d["code"], "provider-imports");
    assert_eq!(d["source"], "cdktf-fix");
    assert_eq!(d["severity"], 2, "a warning");
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("loads all"), "{message}");
    assert!(
        message.contains("`cdktf-fix explain provider-imports`"),
        "{message}"
    );

    // The quick fix of the finding turns the file into the fixture's expected output.
    let actions = editor.code_actions(&uri, &d["range"], Some(&["quickfix"]));
    assert_eq!(action_kinds(&actions), ["quickfix"], "{actions:?}");
    let fix = &actions[0];
    assert_eq!(fix["title"], "Fix provider-imports");
    assert_eq!(fix["isPreferred"], true, "a safe fix is preferred");
    assert_eq!(fix["diagnostics"][0]["code"], "provider-imports");
    assert_eq!(apply(&input, &fix["edit"], &uri), expected);

    // A range away from the finding gets no quick fix; "fix all" is offered anywhere.
    let elsewhere = json!({ "start": { "line": 10, "character": 0 },
                            "end": { "line": 10, "character": 0 } });
    let actions = editor.code_actions(&uri, &elsewhere, None);
    assert_eq!(action_kinds(&actions), ["source.fixAll.cdktf-fix"]);
    // As VS Code asks for it on save.
    let actions = editor.code_actions(&uri, &elsewhere, Some(&["source.fixAll"]));
    assert_eq!(action_kinds(&actions), ["source.fixAll.cdktf-fix"]);
    let all = &actions[0];
    assert_eq!(all["title"], "Fix all cdktf-fix problems (1 fix)");
    assert_eq!(apply(&input, &all["edit"], &uri), expected);
    // Nothing was written: the editor applies the edits.
    assert_eq!(
        std::fs::read_to_string(root.join("main.ts")).unwrap(),
        input
    );

    // The fixed text has nothing to report, and nothing to fix.
    let change = json!({ "textDocument": { "uri": uri, "version": 2 },
                         "contentChanges": [{ "text": expected }] });
    editor.notify("textDocument/didChange", change);
    assert_eq!(editor.diagnostics(&uri, 2), Vec::<Value>::new());
    assert_eq!(
        editor.code_actions(&uri, &elsewhere, None),
        Vec::<Value>::new()
    );

    // Back to the input, then closed: the diagnostics are cleared.
    let change = json!({ "textDocument": { "uri": uri, "version": 3 },
                         "contentChanges": [{ "text": input }] });
    editor.notify("textDocument/didChange", change);
    assert_eq!(editor.diagnostics(&uri, 3).len(), 1);
    editor.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let cleared = editor.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str() && p.get("version").is_none_or(Value::is_null)
    });
    assert_eq!(cleared["diagnostics"], json!([]));

    assert_eq!(editor.shut_down(), 0);
}

#[test]
fn fix_all_applies_every_round_of_the_engine_where_one_quick_fix_does_not() {
    // provider-imports imports the invented `S3BucketVersioningV2` by name; provider-class-names
    // renames it in the next round (the engine's rounds), as `cdktf-fix fix` does.
    let case = "provider-imports/with-provider-class-names";
    let input = fixture(&format!("{case}/input.ts"));
    let expected = fixture(&format!("{case}/expected.ts"));
    let config = "select = [\"provider-imports\", \"provider-class-names\"]\n";
    let (_dir, root, uri) = project(config, &input);
    let (mut editor, _) = Editor::start(&root);
    editor.open(&uri, &input);
    let diagnostics = editor.diagnostics(&uri, 1);
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["provider-imports", "provider-class-names"]);

    let import = editor.code_actions(&uri, &diagnostics[0]["range"], Some(&["quickfix"]));
    let once = apply(&input, &import[0]["edit"], &uri);
    assert_ne!(once, expected, "one transform's fix is one round");
    let actions = editor.code_actions(&uri, &diagnostics[0]["range"], Some(&["source"]));
    assert_eq!(action_kinds(&actions), ["source.fixAll.cdktf-fix"]);
    assert_eq!(apply(&input, &actions[0]["edit"], &uri), expected);
    assert_eq!(editor.shut_down(), 0);
}

#[test]
fn unsafe_fixes_are_labelled_and_fix_all_applies_them_only_when_configured() {
    let input = fixture("ebs-gp3/ts-gp2-volumes-without-unsafe-flag/input.ts");
    let (_dir, root, uri) = project("select = [\"ebs-gp3\"]\n", &input);
    let (mut editor, _) = Editor::start(&root);
    editor.open(&uri, &input);
    let diagnostics = editor.diagnostics(&uri, 1);
    assert_eq!(diagnostics.len(), 4);
    let actions = editor.code_actions(&uri, &diagnostics[0]["range"], None);
    // No "fix all": `cdktf-fix fix` would change nothing without unsafe fixes.
    assert_eq!(action_kinds(&actions), ["quickfix"], "{actions:?}");
    assert_eq!(actions[0]["title"], "Fix ebs-gp3 (unsafe)");
    assert_eq!(actions[0]["isPreferred"], false);
    let fixed = apply(&input, &actions[0]["edit"], &uri);
    assert_eq!(
        fixed.matches("gp2").count() + 1,
        input.matches("gp2").count()
    );
    assert_eq!(editor.shut_down(), 0);

    // With `unsafe-fixes = true`, "fix all" is what `fix` writes then.
    let expected = fixture("ebs-gp3/ts-gp2-volumes/expected.ts");
    let config = "select = [\"ebs-gp3\"]\nunsafe-fixes = true\n";
    let (_dir, root, uri) = project(config, &input);
    let (mut editor, _) = Editor::start(&root);
    editor.open(&uri, &input);
    assert_eq!(editor.diagnostics(&uri, 1).len(), 4);
    let start = json!({ "start": { "line": 0, "character": 0 },
                        "end": { "line": 0, "character": 0 } });
    let actions = editor.code_actions(&uri, &start, Some(&["source.fixAll"]));
    assert_eq!(apply(&input, &actions[0]["edit"], &uri), expected);
    assert_eq!(editor.shut_down(), 0);
}

#[test]
fn positions_count_utf16_code_units_after_non_ascii_text() {
    // Before the finding: a line of non-ASCII text, and on its own line a comment with an
    // emoji (two UTF-16 units, four bytes) and an accented letter (one unit, two bytes).
    let input = fixture("provider-imports/merge-into-existing-imports/input.ts");
    let expected = fixture("provider-imports/merge-into-existing-imports/expected.ts");
    let prefix = "/* 😀 é */ ";
    let target = "import * as aws";
    let with = |text: &str| {
        format!(
            "// Netzwerk für 東京\n{}",
            text.replacen(target, &format!("{prefix}{target}"), 1)
        )
    };
    let input = with(&input);
    let (_dir, root, uri) = project("select = [\"provider-imports\"]\n", &input);
    let (mut editor, _) = Editor::start(&root);
    editor.open(&uri, &input);
    let diagnostics = editor.diagnostics(&uri, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let units = prefix.encode_utf16().count();
    assert_eq!(units, 11);
    assert_ne!(units, prefix.len(), "bytes would place it elsewhere");
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({ "line": 3, "character": units })
    );
    let actions = editor.code_actions(&uri, &diagnostics[0]["range"], Some(&["quickfix"]));
    let fixed = apply(&input, &actions[0]["edit"], &uri);
    // The fix replaced the import after the comment, which stays.
    assert!(fixed.starts_with("// Netzwerk für 東京\n"), "{fixed}");
    assert!(fixed.contains(prefix), "{fixed}");
    assert!(!fixed.contains(target), "{fixed}");
    let rest = fixed.replacen(prefix, "", 1);
    assert_eq!(rest, format!("// Netzwerk für 東京\n{expected}"));
    assert_eq!(editor.shut_down(), 0);
}

#[test]
fn a_broken_configuration_is_shown_to_the_user_and_nothing_is_reported() {
    let input = fixture("provider-imports/merge-into-existing-imports/input.ts");
    let (_dir, root, uri) = project("select = [\"no-such-transform\"]\n", &input);
    let (mut editor, _) = Editor::start(&root);
    editor.open(&uri, &input);
    let shown = editor.notification("window/showMessage", |_| true);
    assert_eq!(shown["type"], 1, "an error");
    let message = shown["message"].as_str().unwrap();
    assert!(message.contains("cdktf-fix.toml:1:"), "{message}");
    assert!(
        message.contains("unknown transform `no-such-transform`"),
        "{message}"
    );
    assert_eq!(editor.diagnostics(&uri, 1), Vec::<Value>::new());

    // Fixed and saved: the open document is checked again with the new configuration.
    write(&root, "cdktf-fix.toml", "select = [\"provider-imports\"]\n");
    let config_uri = file_uri(&root.join("cdktf-fix.toml"));
    editor.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": config_uri } }),
    );
    assert_eq!(editor.diagnostics(&uri, 1).len(), 1);
    assert_eq!(editor.shut_down(), 0);
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let dir = tempfile::tempdir().unwrap();
    let (mut editor, _) = Editor::start(dir.path());
    editor.notify("exit", Value::Null);
    assert_eq!(editor.wait(), 1);
}

#[test]
fn a_suppression_comment_naming_no_transform_is_a_warning_where_it_is() {
    let text = "const café = \"ü\"; // cdktf-fix: ignore[no-such-transform]\n";
    let (_dir, root, uri) = project("", text);
    let (mut editor, _) = Editor::start(&root);
    editor.open(&uri, text);
    let diagnostics = editor.diagnostics(&uri, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let d = &diagnostics[0];
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("unknown transform `no-such-transform`"),
        "{message}"
    );
    assert!(d.get("code").is_none_or(Value::is_null), "{d}");
    // From the `cdktf-fix:` marker to the end of the line, in UTF-16 units (é and ü are one each).
    let comment = text.find("cdktf-fix:").unwrap();
    let start = text[..comment].encode_utf16().count();
    let end = text.trim_end().encode_utf16().count();
    assert_eq!(d["range"]["end"], json!({ "line": 0, "character": end }));
    assert_eq!(
        d["range"]["start"],
        json!({ "line": 0, "character": start })
    );
    assert_eq!(editor.shut_down(), 0);
}

#[test]
fn a_saved_test_file_changes_what_the_project_mocks() {
    // A test that mocks the provider's barrel makes provider-imports' split unsafe in this
    // project (src/project.rs); once the test no longer mocks it and is saved, it is safe.
    let stack = "import { Construct } from \"constructs\";\nimport * as aws from \"@cdktf/provider-aws\";\n\nexport function bucket(scope: Construct) {\n  return new aws.s3Bucket.S3Bucket(scope, \"data\", { bucket: \"acme-data\" });\n}\n";
    let mocking = "jest.mock(\"@cdktf/provider-aws\");\ntest(\"x\", () => {});\n";
    let (_dir, root, uri) = project("select = [\"provider-imports\"]\n", stack);
    write(&root, "package.json", r#"{ "name": "stack" }"#);
    write(&root, "test/stack.test.ts", mocking);
    let (mut editor, _) = Editor::start(&root);
    editor.open(&uri, stack);
    let diagnostics = editor.diagnostics(&uri, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let actions = editor.code_actions(&uri, &diagnostics[0]["range"], None);
    assert_eq!(action_kinds(&actions), ["quickfix"], "{actions:?}");
    assert_eq!(actions[0]["title"], "Fix provider-imports (unsafe)");

    write(&root, "test/stack.test.ts", "test(\"x\", () => {});\n");
    let test_uri = file_uri(&root.join("test/stack.test.ts"));
    editor.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": test_uri } }),
    );
    let diagnostics = editor.diagnostics(&uri, 1);
    let actions = editor.code_actions(&uri, &diagnostics[0]["range"], None);
    assert_eq!(
        action_kinds(&actions),
        ["quickfix", "source.fixAll.cdktf-fix"],
        "{actions:?}"
    );
    assert_eq!(actions[0]["title"], "Fix provider-imports");
    assert_eq!(editor.shut_down(), 0);
}
