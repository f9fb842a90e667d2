//! Synth checks for the resource transforms of the seed catalogue (backend-state-lock,
//! rds-managed-password, rds-storage-encrypted, rds-kms-key-arn, imds-v2, ebs-gp3), run by
//! `fixtures_synthesize_with_the_real_cdktf` on the `cdk.tf.json` of every stack synthesized from
//! an `expected.ts` of these transforms' fixtures:
//!
//! - `backend-state-lock`: `terraform.backend.s3.use_lockfile` is `true`, and the backend block
//!   holds no nested `terraform` key (the override-on-the-backend mistake);
//! - `rds-managed-password`: no `aws_db_instance` `password` / `aws_rds_cluster` `master_password`
//!   is a literal (a `${...}` reference is fine), and every instance or cluster without one has
//!   `manage_master_user_password` true;
//! - `rds-storage-encrypted`: every `aws_db_instance` has `storage_encrypted` true;
//! - `rds-kms-key-arn`: every `aws_db_instance` `kms_key_id` is
//!   `${data.aws_kms_alias.<name>.target_key_arn}` of a data source whose `name` is an `alias/...`;
//! - `imds-v2`: every `aws_instance` and `aws_launch_template` has `metadata_options`
//!   `http_tokens` `"required"`;
//! - `ebs-gp3`: no `gp2` volume anywhere (`root_block_device`, `ebs_block_device`,
//!   `aws_ebs_volume.type`, launch-template `block_device_mappings[].ebs`).
//!
//! A case runs the checks of its own transform and of those in its `also` list. Cases of
//! `rds-kms-key-arn` (which adds data sources, so the generic same-addresses comparison is left
//! out for them) compare input and expected addresses here: only `data.aws_kms_alias.*` may be
//! added, nothing may be lost.
//!
//! The JSON is read with the small parser below (the crate has no JSON dependency).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(BTreeMap<String, Json>),
}

impl Json {
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m.get(key),
            _ => None,
        }
    }
    fn path(&self, keys: &[&str]) -> Option<&Json> {
        keys.iter().try_fold(self, |j, k| j.get(k))
    }
    fn str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
    /// A block that cdktf may render as an object or a one-element list.
    fn blocks(&self) -> Vec<&Json> {
        match self {
            Json::Arr(v) => v.iter().collect(),
            other => vec![other],
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) -> Result<(), String> {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!("expected `{}` at byte {}", c as char, self.i))
        }
    }
    fn value(&mut self) -> Result<Json, String> {
        self.ws();
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut m = BTreeMap::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Json::Obj(m));
                }
                loop {
                    self.ws();
                    let k = self.string()?;
                    self.eat(b':')?;
                    let v = self.value()?;
                    m.insert(k, v);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Obj(m));
                        }
                        _ => return Err(format!("bad object at byte {}", self.i)),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut v = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Json::Arr(v));
                }
                loop {
                    v.push(self.value()?);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Arr(v));
                        }
                        _ => return Err(format!("bad array at byte {}", self.i)),
                    }
                }
            }
            Some(b'"') => self.string().map(Json::Str),
            Some(b't') if self.s[self.i..].starts_with(b"true") => {
                self.i += 4;
                Ok(Json::Bool(true))
            }
            Some(b'f') if self.s[self.i..].starts_with(b"false") => {
                self.i += 5;
                Ok(Json::Bool(false))
            }
            Some(b'n') if self.s[self.i..].starts_with(b"null") => {
                self.i += 4;
                Ok(Json::Null)
            }
            Some(_) => {
                let start = self.i;
                while self.i < self.s.len()
                    && matches!(
                        self.s[self.i],
                        b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
                    )
                {
                    self.i += 1;
                }
                std::str::from_utf8(&self.s[start..self.i])
                    .ok()
                    .and_then(|t| t.parse().ok())
                    .map(Json::Num)
                    .ok_or_else(|| format!("bad value at byte {start}"))
            }
            None => Err("unexpected end".into()),
        }
    }
    fn string(&mut self) -> Result<String, String> {
        if self.s.get(self.i) != Some(&b'"') {
            return Err(format!("expected a string at byte {}", self.i));
        }
        self.i += 1;
        let mut out = Vec::new();
        while let Some(&c) = self.s.get(self.i) {
            self.i += 1;
            match c {
                b'"' => return String::from_utf8(out).map_err(|e| e.to_string()),
                b'\\' => {
                    let e = *self.s.get(self.i).ok_or("unexpected end")?;
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'u' => {
                            let hex = std::str::from_utf8(
                                self.s.get(self.i..self.i + 4).ok_or("bad \\u")?,
                            )
                            .map_err(|e| e.to_string())?;
                            let code = u32::from_str_radix(hex, 16).map_err(|e| e.to_string())?;
                            self.i += 4;
                            let ch = char::from_u32(code).unwrap_or('\u{fffd}');
                            out.extend(ch.to_string().as_bytes());
                        }
                        other => out.push(other),
                    }
                }
                c => out.push(c),
            }
        }
        Err("unterminated string".into())
    }
}

pub fn parse(text: &str) -> Result<Json, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let v = p.value()?;
    p.ws();
    if p.i != p.s.len() {
        return Err(format!("trailing data at byte {}", p.i));
    }
    Ok(v)
}

/// The resources (or data sources, `kind` = "data") of one type: (name, body).
fn all<'j>(doc: &'j Json, kind: &str, ty: &str) -> Vec<(&'j str, &'j Json)> {
    match doc.path(&[kind, ty]) {
        Some(Json::Obj(m)) => m.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        _ => Vec::new(),
    }
}

fn is_ref(v: &Json) -> bool {
    v.str()
        .is_some_and(|s| s.starts_with("${") && s.ends_with('}'))
}

/// One transform's assertions on one synthesized stack: (assertions made, problems).
fn check(rule: &str, doc: &Json) -> (usize, Vec<String>) {
    let mut n = 0;
    let mut bad = Vec::new();
    match rule {
        "backend-state-lock" => {
            n += 1;
            match doc.path(&["terraform", "backend", "s3"]) {
                Some(s3) => {
                    if s3.get("use_lockfile") != Some(&Json::Bool(true)) {
                        bad.push(format!(
                            "terraform.backend.s3.use_lockfile is {:?}, not true",
                            s3.get("use_lockfile")
                        ));
                    }
                    if s3.get("terraform").is_some() {
                        bad.push("terraform.backend.s3 holds a nested `terraform` key".into());
                    }
                }
                None => bad.push("no terraform.backend.s3 block".into()),
            }
        }
        "rds-managed-password" => {
            for (ty, key) in [
                ("aws_db_instance", "password"),
                ("aws_rds_cluster", "master_password"),
            ] {
                for (name, r) in all(doc, "resource", ty) {
                    n += 1;
                    match r.get(key) {
                        Some(v) if !is_ref(v) => {
                            bad.push(format!("{ty}.{name}: {key} is a literal ({v:?})"))
                        }
                        Some(_) => {}
                        None => {
                            if r.get("manage_master_user_password") != Some(&Json::Bool(true)) {
                                bad.push(format!(
                                    "{ty}.{name}: no {key} and manage_master_user_password is not true"
                                ));
                            }
                        }
                    }
                }
            }
        }
        "rds-storage-encrypted" => {
            for (name, r) in all(doc, "resource", "aws_db_instance") {
                n += 1;
                if r.get("storage_encrypted") != Some(&Json::Bool(true)) {
                    bad.push(format!(
                        "aws_db_instance.{name}: storage_encrypted is not true"
                    ));
                }
            }
        }
        "rds-kms-key-arn" => {
            let aliases = all(doc, "data", "aws_kms_alias");
            for (name, r) in all(doc, "resource", "aws_db_instance") {
                let Some(v) = r.get("kms_key_id") else {
                    continue;
                };
                n += 1;
                let target = v
                    .str()
                    .and_then(|s| s.strip_prefix("${data.aws_kms_alias."))
                    .and_then(|s| s.strip_suffix(".target_key_arn}"));
                match target {
                    Some(alias) => match aliases.iter().find(|(a, _)| *a == alias) {
                        Some((_, data)) => {
                            if !data
                                .get("name")
                                .and_then(Json::str)
                                .is_some_and(|s| s.starts_with("alias/"))
                            {
                                bad.push(format!(
                                    "data.aws_kms_alias.{alias}: name is not an alias/..."
                                ));
                            }
                        }
                        None => bad.push(format!(
                            "aws_db_instance.{name}: kms_key_id refers to a missing data.aws_kms_alias.{alias}"
                        )),
                    },
                    None => bad.push(format!(
                        "aws_db_instance.{name}: kms_key_id {v:?} is not the target_key_arn of an aws_kms_alias data source"
                    )),
                }
            }
        }
        "imds-v2" => {
            for ty in ["aws_instance", "aws_launch_template"] {
                for (name, r) in all(doc, "resource", ty) {
                    n += 1;
                    let tokens = r
                        .get("metadata_options")
                        .map(|m| m.blocks())
                        .unwrap_or_default()
                        .into_iter()
                        .find_map(|m| m.get("http_tokens"))
                        .and_then(Json::str);
                    if tokens != Some("required") {
                        bad.push(format!(
                            "{ty}.{name}: metadata_options.http_tokens is {tokens:?}, not \"required\""
                        ));
                    }
                }
            }
        }
        "ebs-gp3" => {
            let mut volumes: Vec<(String, Option<&str>)> = Vec::new();
            for (name, r) in all(doc, "resource", "aws_instance") {
                for key in ["root_block_device", "ebs_block_device"] {
                    for b in r.get(key).map(|b| b.blocks()).unwrap_or_default() {
                        let t = b.get("volume_type").and_then(Json::str);
                        volumes.push((format!("aws_instance.{name}.{key}"), t));
                    }
                }
            }
            for (name, r) in all(doc, "resource", "aws_ebs_volume") {
                volumes.push((
                    format!("aws_ebs_volume.{name}"),
                    r.get("type").and_then(Json::str),
                ));
            }
            for (name, r) in all(doc, "resource", "aws_launch_template") {
                for m in r
                    .get("block_device_mappings")
                    .map(|b| b.blocks())
                    .unwrap_or_default()
                {
                    for e in m.get("ebs").map(|b| b.blocks()).unwrap_or_default() {
                        volumes.push((
                            format!("aws_launch_template.{name}.block_device_mappings.ebs"),
                            e.get("volume_type").and_then(Json::str),
                        ));
                    }
                }
            }
            for (what, t) in volumes {
                n += 1;
                if t == Some("gp2") {
                    bad.push(format!("{what}: volume type is still gp2"));
                }
            }
        }
        _ => {}
    }
    (n, bad)
}

/// Transforms whose fix adds data sources (`data.aws_kms_alias.*`): the generic
/// same-addresses comparison does not apply; [`run`] compares the addresses itself, allowing
/// only the added data sources.
pub fn adds_addresses(rule: &str) -> bool {
    rule == "rds-kms-key-arn"
}

/// Every `resource` and `data` address of a stack.
fn addresses(doc: &Json) -> Vec<String> {
    let mut out = Vec::new();
    for (section, prefix) in [("resource", ""), ("data", "data.")] {
        if let Some(Json::Obj(types)) = doc.get(section) {
            for (ty, names) in types {
                if let Json::Obj(names) = names {
                    out.extend(names.keys().map(|n| format!("{prefix}{ty}.{n}")));
                }
            }
        }
    }
    out
}

const RULES: &[&str] = &[
    "backend-state-lock",
    "rds-managed-password",
    "rds-storage-encrypted",
    "rds-kms-key-arn",
    "imds-v2",
    "ebs-gp3",
];

/// Runs the checks on the stacks listed in the synth driver's results (`stack <module> <id>
/// <path>` lines); appends failures; prints a summary line; returns the assertions made.
/// The `also = [...]` list of a case.toml (one line, double-quoted ids).
fn also_of(case_toml: &str) -> Vec<String> {
    case_toml
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .find_map(|l| l.strip_prefix("also").map(str::trim_start))
        .and_then(|l| l.strip_prefix('='))
        .map(|list| {
            list.trim()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .split(',')
                .map(|id| id.trim().trim_matches('"').to_string())
                .filter(|id| !id.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

pub fn run(results: &str, fixtures_root: &std::path::Path, failures: &mut String) -> usize {
    let mut total = 0;
    let mut stacks = 0;
    let stack_paths: BTreeMap<(&str, &str), &str> = results
        .lines()
        .filter_map(|l| match l.split('\t').collect::<Vec<_>>().as_slice() {
            ["stack", module, id, path] => Some(((*module, *id), *path)),
            _ => None,
        })
        .collect();
    for line in results.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let ["stack", module, id, path] = fields.as_slice() else {
            continue;
        };
        let mut parts = module.split('/');
        let (Some(rule), Some(case), Some("expected")) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        // The case's transform and those it runs with (`also`).
        let also = fs::read_to_string(fixtures_root.join(rule).join(case).join("case.toml"))
            .map(|t| also_of(&t))
            .unwrap_or_default();
        let rules: Vec<&str> = std::iter::once(rule)
            .chain(also.iter().map(String::as_str))
            .filter(|r| RULES.contains(r))
            .collect();
        if rules.is_empty() {
            continue;
        }
        stacks += 1;
        let doc = match fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| parse(&t))
        {
            Ok(d) => d,
            Err(e) => {
                writeln!(failures, "{module}: cannot read {path}: {e}").unwrap();
                continue;
            }
        };
        let (mut n, mut bad) = (0, Vec::new());
        for r in &rules {
            let (k, b) = check(r, &doc);
            n += k;
            bad.extend(b.into_iter().map(|b| format!("{r}: {b}")));
        }
        let input_module = module.replace("/expected", "/input");
        if let (true, Some(input_path)) = (
            rules.iter().any(|r| adds_addresses(r)),
            stack_paths.get(&(input_module.as_str(), *id)),
        ) {
            let input = fs::read_to_string(input_path)
                .map_err(|e| e.to_string())
                .and_then(|t| parse(&t));
            match input {
                Ok(input) => {
                    n += 1;
                    let (before, after) = (addresses(&input), addresses(&doc));
                    let lost: Vec<&String> = before.iter().filter(|a| !after.contains(a)).collect();
                    let added: Vec<&String> = after
                        .iter()
                        .filter(|a| !before.contains(a) && !a.starts_with("data.aws_kms_alias."))
                        .collect();
                    if !lost.is_empty() || !added.is_empty() {
                        bad.push(format!(
                            "addresses differ beyond added aws_kms_alias data sources: only in input {lost:?}, only in expected {added:?}"
                        ));
                    }
                }
                Err(e) => bad.push(format!("cannot read the input's stack {input_path}: {e}")),
            }
        }
        total += n;
        if n == 0 {
            writeln!(
                failures,
                "{module}.ts: the {} checks found nothing to check in {path}",
                rules.join(", ")
            )
            .unwrap();
        }
        for b in bad {
            writeln!(failures, "{module}.ts: check failed: {b}").unwrap();
        }
    }
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "synth: {total} resource checks (backend lock, RDS, IMDS, EBS) on {stacks} stacks\n"
        )
        .as_bytes(),
    );
    total
}

#[test]
fn also_lists_are_read() {
    assert_eq!(
        also_of("# x\nunsafe-fixes = true\nalso = [\"a\", \"b\"] # c\n"),
        ["a", "b"]
    );
    assert!(also_of("unsafe-fixes = true\n").is_empty());
}

#[test]
fn json_parser_reads_what_cdktf_writes() {
    let j = parse(r#"{"a": [1, -2.5e1, true, null], "b": {"c": "x\"\u00e9"}}"#).unwrap();
    assert_eq!(j.path(&["b", "c"]), Some(&Json::Str("x\"é".into())));
    assert_eq!(
        j.get("a"),
        Some(&Json::Arr(vec![
            Json::Num(1.0),
            Json::Num(-25.0),
            Json::Bool(true),
            Json::Null
        ]))
    );
    assert!(parse("{\"a\": }").is_err());
}

#[test]
fn resource_checks_catch_what_they_are_about() {
    let doc = parse(
        r#"{"resource": {"aws_db_instance": {"db": {"password": "hunter2", "storage_encrypted": false, "kms_key_id": "alias/aws/rds"}},
            "aws_instance": {"i": {"metadata_options": {"http_tokens": "optional"}, "root_block_device": {"volume_type": "gp2"}}}},
            "terraform": {"backend": {"s3": {"terraform": {"backend": {}}}}}}"#,
    )
    .unwrap();
    for rule in RULES {
        let (n, bad) = check(rule, &doc);
        assert!(n > 0 && !bad.is_empty(), "{rule}: {n} {bad:?}");
    }
    let good = parse(
        r#"{"resource": {"aws_db_instance": {"db": {"manage_master_user_password": true, "storage_encrypted": true,
             "kms_key_id": "${data.aws_kms_alias.rds.target_key_arn}"}},
            "aws_instance": {"i": {"metadata_options": {"http_tokens": "required"}, "root_block_device": {"volume_type": "gp3"}}}},
            "data": {"aws_kms_alias": {"rds": {"name": "alias/aws/rds"}}},
            "terraform": {"backend": {"s3": {"use_lockfile": true}}}}"#,
    )
    .unwrap();
    for rule in RULES {
        let (n, bad) = check(rule, &good);
        assert!(n > 0 && bad.is_empty(), "{rule}: {n} {bad:?}");
    }
}
