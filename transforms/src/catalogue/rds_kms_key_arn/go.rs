//! `rds-kms-key-arn` in Go: a `dataawskmsalias.NewDataAwsKmsAlias(...)` before the instance and `TargetKeyArn()` in `KmsKeyId`.

use super::{fresh, META};
use crate::lang::Lang;
use crate::syntax::indent_at;
use crate::syntax::layout::named_children;
use crate::{Diagnostic, Edit, Fix, ParsedFile};

pub(super) fn check(file: &ParsedFile, out: &mut Vec<Diagnostic>) {
    use crate::syntax::construct::go as cg;
    use crate::syntax::go;
    let root = file.tree().root();
    let jsii = cg::jsii_prefix(file);
    let imports = go::imports(&root);
    let mut planned: Vec<(String, usize, String)> = Vec::new(); // alias + provider, at, var
    for c in cg::constructs(file, &[("dbinstance", "DbInstance")]) {
        let Some(body) = &c.body else { continue };
        let Some(kms) = cg::field(body, "KmsKeyId") else {
            continue;
        };
        let Some(lit) = cg::literal_string(&kms.value) else {
            continue;
        };
        let Some(alias) = go::string_value(&lit).filter(|a| a.starts_with("alias/")) else {
            continue;
        };
        let mut diag = Diagnostic {
            transform: META.id,
            range: kms.node.range(),
            message: format!(
                "`KmsKeyId` must be a key ARN; the provider rejects the alias `{alias}` (\"is an invalid ARN\"): look it up with a DataAwsKmsAlias data source and use its `TargetKeyArn()`"
            ),
            fix: None,
        };
        let stmt = c
            .call
            .ancestors()
            .find(|a| a.parent().is_some_and(|p| p.kind() == "statement_list"));
        let scope = c
            .call
            .field("arguments")
            .and_then(|a| named_children(&a).into_iter().next())
            .map(|s| s.text().to_string());
        let (Some(stmt), Some(j), Some(scope)) = (stmt, &jsii, scope) else {
            out.push(diag);
            continue;
        };
        if body.children().any(|x| x.kind() == "comment") {
            out.push(diag);
            continue;
        }
        // The data source reads the alias through the instance's provider (its region and
        // account): a plain variable is passed on; anything else is only reported.
        let provider = match cg::field(body, "Provider") {
            None => None,
            Some(p) if p.value.kind() == "identifier" => Some(p.value.text().to_string()),
            Some(_) => {
                out.push(diag);
                continue;
            }
        };
        // The provider's import path, for the new one next to it.
        let Some(aws_import) = imports
            .iter()
            .find(|i| i.local_name() == c.pkg && cg::aws_module(&i.path).is_some())
        else {
            out.push(diag);
            continue;
        };
        let pkg_path = aws_import.path.rsplit_once('/').map(|(p, _)| p.to_string());
        let Some(pkg_path) = pkg_path else {
            out.push(diag);
            continue;
        };
        let new_path = format!("{pkg_path}/dataawskmsalias");
        let existing = imports.iter().find(|i| i.path == new_path);
        let class_pkg = existing.map_or("dataawskmsalias".to_string(), |i| i.local_name());
        let mut edits = Vec::new();
        if existing.is_none() {
            // Sorted into the group (consecutive lines) of the provider's import.
            let spec = &aws_import.node;
            let mut group = vec![*spec];
            let mut prev = spec.prev();
            while let Some(p) = prev.filter(|p| p.kind() == "import_spec") {
                if file.text[p.range().end..group[0].range().start]
                    .matches('\n')
                    .count()
                    > 1
                {
                    break;
                }
                group.insert(0, p);
                prev = p.prev();
            }
            let mut next = spec.next();
            while let Some(n) = next.filter(|n| n.kind() == "import_spec") {
                let last = group.last().unwrap().range().end;
                if file.text[last..n.range().start].matches('\n').count() > 1 {
                    break;
                }
                group.push(n);
                next = n.next();
            }
            let quoted = format!("\"{new_path}\"");
            let indent = indent_at(file.text, spec.range().start);
            let nl = file.newline();
            match group
                .iter()
                .find(|g| g.text().trim_start_matches(|ch: char| ch != '"') > quoted.as_str())
            {
                Some(after) => edits.push(Edit::insert(
                    after.range().start,
                    format!("{quoted}{nl}{indent}"),
                )),
                None => edits.push(Edit::insert(
                    group.last().unwrap().range().end,
                    format!("{nl}{indent}{quoted}"),
                )),
            }
            if spec.parent().is_none_or(|p| p.kind() != "import_spec_list") {
                out.push(diag);
                continue;
            }
        }
        let key = format!("{alias}\n{}", provider.as_deref().unwrap_or_default());
        // One alias through two providers would need two fresh names: reported only.
        if planned
            .iter()
            .any(|(k, _, _)| k != &key && k.split('\n').next() == Some(alias.as_str()))
        {
            out.push(diag);
            continue;
        }
        let (at, var) = match planned.iter().find(|(k, _, _)| *k == key) {
            Some((_, at, var)) => (*at, var.clone()),
            None => {
                let (var, _) = fresh(Lang::Go, file.text, &alias);
                let at = stmt.range().start;
                planned.push((key, at, var.clone()));
                (at, var)
            }
        };
        let provider_field = provider.map_or(String::new(), |p| format!(", Provider: {p}"));
        let (_, id) = fresh(Lang::Go, file.text, &alias);
        let indent = indent_at(file.text, at);
        let nl = file.newline();
        edits.push(Edit::insert(
            at,
            format!(
                "{var} := {class_pkg}.NewDataAwsKmsAlias({scope}, {j}String(\"{id}\"), &{class_pkg}.DataAwsKmsAliasConfig{{Name: {j}String(\"{alias}\"){provider_field}}}){nl}{indent}"
            ),
        ));
        edits.push(Edit::replace(
            kms.value.range(),
            format!("{var}.TargetKeyArn()"),
        ));
        diag.fix = Some(Fix::unsafe_(edits));
        out.push(diag);
    }
}
