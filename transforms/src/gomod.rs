//! The nearest `go.mod` of a Go file, read once per file by the pipeline and handed to the
//! transforms in the [`Context`](crate::Context): transforms never read files.

use std::path::Path;

/// What a `go.mod` says that transforms use: the main module and its `require`d modules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoMod {
    /// The `module` path.
    pub module: String,
    /// `(module path, version)` of every `require`, in file order.
    pub requires: Vec<(String, String)>,
}

impl GoMod {
    /// Reads the `module` line and the `require` lines and blocks; everything else is ignored.
    pub fn parse(text: &str) -> GoMod {
        let mut go_mod = GoMod::default();
        let mut in_require = false;
        for line in text.lines() {
            let line = line.split("//").next().unwrap_or("").trim();
            let words: Vec<&str> = line.split_whitespace().collect();
            if in_require {
                match words.as_slice() {
                    [")"] => in_require = false,
                    [path, version, ..] => go_mod.add(path, version),
                    _ => {}
                }
                continue;
            }
            match words.as_slice() {
                ["module", path] => go_mod.module = unquote(path).to_string(),
                ["require", "("] => in_require = true,
                ["require", path, version, ..] => go_mod.add(path, version),
                _ => {}
            }
        }
        go_mod
    }

    fn add(&mut self, path: &str, version: &str) {
        self.requires
            .push((unquote(path).to_string(), version.to_string()));
    }

    /// The `go.mod` of the module `file` belongs to: the first one in its folder or above.
    /// `None` when there is none or it cannot be read.
    pub fn nearest(file: &Path) -> Option<GoMod> {
        let file = std::path::absolute(file).ok()?;
        let candidate = file
            .parent()?
            .ancestors()
            .map(|dir| dir.join("go.mod"))
            .find(|p| p.is_file())?;
        std::fs::read_to_string(candidate)
            .ok()
            .map(|t| GoMod::parse(&t))
    }

    /// The required module that provides the package `import`, if any.
    pub fn module_of(&self, import: &str) -> Option<&str> {
        self.requires
            .iter()
            .map(|(m, _)| m.as_str())
            .filter(|m| {
                import == *m || (import.starts_with(m) && import.as_bytes()[m.len()] == b'/')
            })
            .max_by_key(|m| m.len())
    }
}

fn unquote(s: &str) -> &str {
    s.trim_matches('"').trim_matches('`')
}

#[cfg(test)]
mod tests {
    use super::*;

    const GO_MOD: &str = "module example.com/stack\n\ngo 1.23\n\nrequire (\n\tgithub.com/aws/jsii-runtime-go v1.112.0\n\tgithub.com/cdktf/cdktf-provider-aws-go/aws/v19 v19.50.0 // indirect\n)\n\nrequire github.com/hashicorp/terraform-cdk-go/cdktf v0.20.11\n";

    #[test]
    fn reads_module_and_requires_of_both_forms() {
        let m = GoMod::parse(GO_MOD);
        assert_eq!(m.module, "example.com/stack");
        assert_eq!(
            m.requires,
            vec![
                ("github.com/aws/jsii-runtime-go".into(), "v1.112.0".into()),
                (
                    "github.com/cdktf/cdktf-provider-aws-go/aws/v19".into(),
                    "v19.50.0".into()
                ),
                (
                    "github.com/hashicorp/terraform-cdk-go/cdktf".into(),
                    "v0.20.11".into()
                ),
            ]
        );
    }

    #[test]
    fn a_package_belongs_to_the_module_whose_path_prefixes_it() {
        let m = GoMod::parse(GO_MOD);
        assert_eq!(
            m.module_of("github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpc"),
            Some("github.com/cdktf/cdktf-provider-aws-go/aws/v19")
        );
        assert_eq!(
            m.module_of("github.com/cdktf/cdktf-provider-aws-go/aws/v191/vpc"),
            None
        );
        assert_eq!(
            m.module_of("github.com/cdktf/cdktf-provider-aws-go/aws/vpc"),
            None
        );
    }

    #[test]
    fn the_nearest_go_mod_is_found_above_the_file() {
        let dir = std::env::temp_dir().join(format!("cdktf-fix-gomod-{}", std::process::id()));
        let sub = dir.join("stacks/network");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(dir.join("go.mod"), GO_MOD).unwrap();
        let found = GoMod::nearest(&sub.join("vpc.go"));
        let nested = dir.join("stacks/go.mod");
        std::fs::write(&nested, "module example.com/nested\n").unwrap();
        let nearer = GoMod::nearest(&sub.join("vpc.go"));
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found.unwrap().module, "example.com/stack");
        assert_eq!(nearer.unwrap().module, "example.com/nested");
    }
}
