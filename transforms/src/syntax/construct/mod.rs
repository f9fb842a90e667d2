//! Provider constructs and literal configurations, read the same way in TypeScript
//! (`new DbInstance(this, "db", { storageEncrypted: true })`) and Python
//! (`DbInstance(self, "db", storage_encrypted=True)`): which provider class a construction
//! builds, its config as a key/value [`Map`] with layout-preserving edits, the variable it is
//! bound to, and the JSON-like literals handed to `JSON.stringify` / `json.dumps`. Keys are given
//! in TypeScript's camelCase and spelled in snake_case for Python. The Go side is [`go`].

//!
//! This module finds the constructions; [`map`] is the literal configuration and its edits,
//! [`props`] the reading of JSON-like literals (both re-exported here).

pub mod go;
mod map;
mod props;

use crate::index::{self, ProviderIndex};
use crate::lang::Lang;
use crate::syntax::python::Bindings;
use crate::syntax::ts::{Binding, ProviderScope};
use crate::syntax::N;
use crate::{Context, ParsedFile};

pub use map::{append_item, Map, MapKind, Prop};
pub use props::{
    bool_value, find, items, literal_body, props, serialized_literal, serialized_literals,
    string_inner, string_value,
};

/// The Python packages of the prebuilt AWS provider (CDKTF and CDK Terrain).
pub const PY_AWS_PACKAGES: &[&str] = &["cdktf_cdktf_provider_aws", "cdktn_provider_aws"];

/// `storageEncrypted` → `storage_encrypted`.
pub fn snake(camel: &str) -> String {
    let mut s = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            s.push('_');
            s.push(c.to_ascii_lowercase());
        } else {
            s.push(c);
        }
    }
    s
}

/// How `camel` is spelled in `lang`.
pub fn key_in(lang: Lang, camel: &str) -> String {
    if lang == Lang::Python {
        snake(camel)
    } else {
        camel.to_string()
    }
}

/// `true` in `lang`.
pub fn true_in(lang: Lang) -> &'static str {
    if lang == Lang::Python {
        "True"
    } else {
        "true"
    }
}

/// One `new X(scope, id, config)` (TypeScript) or `X(scope, id, **kwargs)` (Python) of a
/// provider class.
pub struct Construct<'r> {
    /// The class as named at its origin (`DbInstance`).
    pub class: String,
    /// The Python package the class comes from (`None` in TypeScript).
    pub py_package: Option<&'static str>,
    /// The `new_expression` (TypeScript) or `call` (Python).
    pub node: N<'r>,
    /// The class expression as written (`DbInstance`, `rds.DbInstance`).
    pub ctor: N<'r>,
    /// The construct id argument.
    pub id_arg: Option<N<'r>>,
    /// The literal configuration: TypeScript's object literal (absent when there is no third
    /// argument or it is not a literal), Python's keyword arguments.
    pub config: Option<Map<'r>>,
    /// The configuration argument when it is not a literal (a variable, a call): its keys are
    /// unknown.
    pub computed: Option<N<'r>>,
    /// The name the construct is bound to: `igw`, `this.igw`, `self.igw`.
    pub binding: Option<String>,
    /// The statement that holds the construction when it is the whole statement
    /// (`new X(...);`, `const x = new X(...);`, `this.x = new X(...);`, `x = X(...)`).
    pub statement: Option<N<'r>>,
}

impl<'r> Construct<'r> {
    fn new(lang: Lang, node: N<'r>, ctor: N<'r>, class: (String, Option<&'static str>)) -> Self {
        let args = node.field("arguments");
        let positional: Vec<N> = args
            .iter()
            .flat_map(|a| a.children())
            .filter(|c| c.is_named() && c.kind() != "comment" && c.kind() != "keyword_argument")
            .collect();
        let (config, computed) = match &args {
            Some(args) if lang == Lang::Python => (
                (args.kind() == "argument_list").then_some(Map {
                    kind: MapKind::Args,
                    node: *args,
                }),
                None,
            ),
            _ => {
                let arg = positional.get(2);
                let config = arg.and_then(|a| Map::of_value(lang, a));
                (config.clone(), arg.filter(|_| config.is_none()).cloned())
            }
        };
        let (binding, statement) = binding_of(lang, &node);
        Construct {
            class: class.0,
            py_package: class.1,
            id_arg: positional.get(1).cloned(),
            node,
            ctor,
            config,
            computed,
            binding,
            statement,
        }
    }
}

/// How a file names provider classes: its provider imports.
pub enum Scope<'f> {
    Ts(&'f ProviderScope<'static>),
    Py(&'f Bindings),
}

impl<'f> Scope<'f> {
    /// The file's provider imports; `None` when it imports no provider at all.
    pub fn of(file: &'f ParsedFile, index: &'static ProviderIndex) -> Option<Scope<'f>> {
        if file.lang == Lang::Python {
            let b = Bindings::of(file);
            b.imports_from_any(PY_AWS_PACKAGES).then_some(Scope::Py(b))
        } else {
            let scope = file.provider_scope(index);
            (!scope.bindings.is_empty()).then_some(Scope::Ts(scope))
        }
    }

    /// The provider class a constructor/callee expression names, with the Python package it
    /// comes from (`None` for TypeScript).
    pub fn class_of(&self, expr: &N) -> Option<(String, Option<&'static str>)> {
        match self {
            Scope::Ts(s) => s.class_of(expr).map(|c| (c, None)),
            Scope::Py(b) => {
                // `<package>.<module>.<Class>`, the module by its Python name (not always the
                // folder's: `s3_control_bucket` is `s3control-bucket`), in the index of the
                // package's own family.
                b.qualified_names(expr).iter().find_map(|path| {
                    let pkg = PY_AWS_PACKAGES
                        .iter()
                        .find(|pkg| path.strip_prefix(**pkg).is_some_and(|r| r.starts_with('.')))?;
                    let (module, class) = path.rsplit_once('.')?;
                    let resolved = ProviderIndex::get().resolve_python(module)?;
                    match resolved.entry {
                        index::EntryPoint::Module(m) if m.exports(class) => {
                            Some((class.to_string(), Some(*pkg)))
                        }
                        _ => None,
                    }
                })
            }
        }
    }
}

/// Every construction of a provider class in the file, in source order.
pub fn constructs<'r>(file: &'r ParsedFile, scope: &Scope) -> Vec<Construct<'r>> {
    let lang = file.lang;
    let (kind, ctor_field) = if lang == Lang::Python {
        ("call", "function")
    } else {
        ("new_expression", "constructor")
    };
    let mut out = Vec::new();
    for node in file.of_kind(kind) {
        let Some(ctor) = node.field(ctor_field) else {
            continue;
        };
        let Some(class) = scope.class_of(&ctor) else {
            continue;
        };
        if node.field("arguments").is_none() {
            continue;
        }
        out.push(Construct::new(lang, node, ctor, class));
    }
    out
}

fn binding_of<'r>(lang: Lang, node: &N<'r>) -> (Option<String>, Option<N<'r>>) {
    let Some(parent) = node.parent() else {
        return (None, None);
    };
    let stmt_if = |n: Option<N<'r>>, kind: &str| n.filter(|s| s.kind() == kind);
    match parent.kind().as_ref() {
        "variable_declarator" if lang != Lang::Python => {
            let name = parent
                .field("name")
                .filter(|n| n.kind() == "identifier")
                .map(|n| n.text().to_string());
            let decl = parent.parent().filter(|d| {
                d.kind() == "lexical_declaration" || d.kind() == "variable_declaration"
            });
            let single = decl.as_ref().is_some_and(|d| {
                d.children()
                    .filter(|c| c.kind() == "variable_declarator")
                    .count()
                    == 1
            });
            (name, if single { decl } else { None })
        }
        "assignment_expression" if lang != Lang::Python => {
            let left = parent.field("left").map(|l| l.text().to_string());
            (left, stmt_if(parent.parent(), "expression_statement"))
        }
        "assignment" if lang == Lang::Python => {
            let left = parent
                .field("left")
                .filter(|l| l.kind() == "identifier" || l.kind() == "attribute")
                .map(|l| l.text().to_string());
            (left, stmt_if(parent.parent(), "expression_statement"))
        }
        "expression_statement" => (None, Some(parent)),
        _ => (None, None),
    }
}

/// The statement holding `node` whose parent is a block or the module: where a statement can
/// be inserted before or after it. `None` inside a class body (a field initializer).
pub fn enclosing_statement<'r>(node: &N<'r>) -> Option<N<'r>> {
    let mut cur = *node;
    loop {
        let parent = cur.parent()?;
        match parent.kind().as_ref() {
            "program" | "statement_block" | "module" | "block" => return Some(cur),
            "class_body" => return None,
            _ => cur = parent,
        }
    }
}

/// Whether a TypeScript class expression names a class of the AWS provider.
fn ts_aws_class(scope: &ProviderScope, ctor: &N) -> Option<String> {
    let class = scope.class_of(ctor)?;
    let mut base = *ctor;
    while base.kind() == "member_expression" {
        base = base.field("object")?;
    }
    let (binding, _) = scope.bindings.get(base.text().as_ref())?;
    let pkg = match binding {
        Binding::Name(p, _) | Binding::Module(p, _) | Binding::Package(p) => p,
    };
    (pkg.provider.name == "aws").then_some(class)
}

/// The AWS provider class a Python callee names (`DbInstance`, `db_instance.DbInstance`), with
/// its package.
fn py_aws_class(b: &Bindings, expr: &N) -> Option<(String, &'static str)> {
    b.qualified_names(expr).into_iter().find_map(|q| {
        let pkg = PY_AWS_PACKAGES
            .iter()
            .find(|p| q.starts_with(&format!("{p}.")))?;
        let rest = &q[pkg.len() + 1..];
        let (module, class) = rest.split_once('.')?;
        (!module.is_empty() && !class.contains('.')).then(|| (class.to_string(), *pkg))
    })
}

/// Every construct of the AWS provider whose class is one of `classes`, in source order.
pub fn aws_constructs<'r>(
    file: &'r ParsedFile,
    ctx: &Context,
    classes: &[&str],
) -> Vec<Construct<'r>> {
    let mut out = Vec::new();
    match file.lang {
        l if l.is_typescript() => {
            let scope = file.provider_scope(ctx.index);
            if scope.bindings.is_empty() {
                return out;
            }
            for new in file.of_kind("new_expression") {
                let (Some(ctor), Some(_)) = (new.field("constructor"), new.field("arguments"))
                else {
                    continue;
                };
                let Some(class) = ts_aws_class(scope, &ctor) else {
                    continue;
                };
                if !classes.contains(&class.as_str()) {
                    continue;
                }
                out.push(Construct::new(file.lang, new, ctor, (class, None)));
            }
        }
        Lang::Python => {
            let b = Bindings::of(file);
            for call in file.of_kind("call") {
                let (Some(function), Some(args)) =
                    (call.field("function"), call.field("arguments"))
                else {
                    continue;
                };
                if args.kind() != "argument_list" {
                    continue;
                }
                let Some((class, pkg)) = py_aws_class(b, &function) else {
                    continue;
                };
                if !classes.contains(&class.as_str()) {
                    continue;
                }
                out.push(Construct::new(
                    file.lang,
                    call,
                    function,
                    (class, Some(pkg)),
                ));
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::ProviderIndex;

    #[test]
    fn camel_keys_become_snake_case() {
        assert_eq!(
            snake("manageMasterUserPassword"),
            "manage_master_user_password"
        );
        assert_eq!(snake("kmsKeyId"), "kms_key_id");
        assert_eq!(key_in(Lang::TypeScript, "kmsKeyId"), "kmsKeyId");
    }

    #[test]
    fn constructions_read_their_id_config_and_binding() {
        let src = "import { S3Bucket } from \"@cdktf/provider-aws/lib/s3-bucket\";\n\
                   const b = new S3Bucket(this, \"b\", { bucket: \"x\" });\n\
                   new S3Bucket(this, \"c\", shared);\n";
        let file = ParsedFile::parse(Lang::TypeScript, src);
        let scope = Scope::of(&file, ProviderIndex::get()).unwrap();
        let all = constructs(&file, &scope);
        assert_eq!(all.len(), 2);
        let (b, c) = (&all[0], &all[1]);
        assert_eq!((b.class.as_str(), b.py_package), ("S3Bucket", None));
        assert_eq!(b.id_arg.as_ref().unwrap().text(), "\"b\"");
        assert_eq!(b.binding.as_deref(), Some("b"));
        assert!(b.statement.is_some() && b.computed.is_none());
        let config = b.config.as_ref().unwrap();
        assert_eq!(config.kind, MapKind::Object);
        assert_eq!(config.props().unwrap()[0].key, "bucket");
        assert!(c.config.is_none());
        assert_eq!(c.computed.as_ref().unwrap().text(), "shared");
        assert_eq!(c.binding, None);

        let src = "from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\nb = S3Bucket(self, \"b\", bucket=\"x\")\n";
        let file = ParsedFile::parse(Lang::Python, src);
        let scope = Scope::of(&file, ProviderIndex::get()).unwrap();
        let all = constructs(&file, &scope);
        assert_eq!(all[0].py_package, Some("cdktf_cdktf_provider_aws"));
        assert_eq!(all[0].config.as_ref().unwrap().kind, MapKind::Args);
        assert_eq!(all[0].binding.as_deref(), Some("b"));
    }

    #[test]
    fn python_classes_are_found_in_modules_whose_name_is_not_the_folder_name() {
        // The Python module of the folder `s3control-bucket` is `s3_control_bucket`; CDK
        // Terrain's classes resolve against CDK Terrain's index.
        for src in [
            "from cdktf_cdktf_provider_aws import s3_control_bucket\ns3_control_bucket.S3ControlBucket(self, \"b\", bucket=\"x\", outpost_id=\"o\")\n",
            "from cdktf_cdktf_provider_aws.s3_control_bucket import S3ControlBucket\nS3ControlBucket(self, \"b\", bucket=\"x\", outpost_id=\"o\")\n",
            "from cdktn_provider_aws.s3_bucket import S3Bucket\nS3Bucket(self, \"b\", bucket=\"x\")\n",
        ] {
            let file = ParsedFile::parse(Lang::Python, src);
            let scope = Scope::of(&file, ProviderIndex::get()).unwrap();
            let all = constructs(&file, &scope);
            assert_eq!(all.len(), 1, "{src}");
            let package = src.split([' ', '.']).nth(1).unwrap();
            assert_eq!(all[0].py_package, Some(package), "{src}");
        }
        // A class the module does not export is not a construct of it.
        let src = "from cdktf_cdktf_provider_aws.s3_control_bucket import S3Bucket\nS3Bucket(self, \"b\")\n";
        let file = ParsedFile::parse(Lang::Python, src);
        let scope = Scope::of(&file, ProviderIndex::get()).unwrap();
        assert!(constructs(&file, &scope).is_empty());
    }

    #[test]
    fn snake_case_keys_for_python() {
        assert_eq!(key_in(Lang::Python, "dependsOn"), "depends_on");
        assert_eq!(key_in(Lang::TypeScript, "dependsOn"), "dependsOn");
    }
}
