//! `cdktf-fix migrate --report FILE.md`: what a migration to CDK Terrain changed, as a
//! pull-request body. Per manifest the packages that changed (old → new, with versions), per
//! source file how many references were renamed, what was refused and why, and the commands to
//! run next. Written beside whatever `--format` prints on stdout.
//!
//! It reads the `migrate-cdktn` fixes and findings of each file's report; the other transforms'
//! (when selected too) are left to the regular formats.

use std::collections::BTreeSet;
use std::path::Path;

use crate::engine::file::{FileReport, FileStatus, Mode};
use crate::report::markdown::{code, inline};
use transforms::manifest::Manifest;

const RULE: &str = "migrate-cdktn";
/// What a manifest's fix message says before its list of changes (see `migrate_cdktn.rs`).
const CHANGES_AFTER: &str = "move it to CDK Terrain: ";
/// What a `cdktf.json` fix message says when it lists providers for `cdktn get` to generate.
const GET: &str = "run `cdktn get`";
/// What a source file's fix message ends with: `N references renamed`.
const RENAMED_AFTER: &str = "(`cdktn`): ";

#[derive(Default)]
pub struct MigrationReport {
    /// (path, changes) of each migrated manifest.
    manifests: Vec<(String, Vec<String>)>,
    /// (path, what was renamed) of each migrated source file.
    sources: Vec<(String, String)>,
    /// (path, line, why) of everything refused.
    refused: Vec<(String, usize, String)>,
    /// Files the run could not process at all.
    failed: Vec<(String, String)>,
    /// The kinds of manifests migrated, for the next steps (with their folders).
    kinds: BTreeSet<(Manifest, String)>,
    /// The folders of the `cdktf.json` files that gained `terraformProviders` entries: `cdktn get`
    /// generates their bindings there.
    get: BTreeSet<String>,
}

/// Inline code that survives backticks inside.
impl MigrationReport {
    pub fn file(&mut self, report: &FileReport) {
        let path = report.display.clone();
        let manifest = Manifest::from_path(Path::new(&path));
        match &report.status {
            FileStatus::Fixed {
                applied, remaining, ..
            } => {
                for a in applied.iter().filter(|a| a.transform == RULE) {
                    match manifest {
                        Some(kind) => {
                            let changes = a
                                .message
                                .split_once(CHANGES_AFTER)
                                .map(|(_, c)| {
                                    c.split("; ")
                                        // `run go mod tidy`: the next steps say it.
                                        .filter(|c| !c.starts_with("run `"))
                                        .map(str::to_string)
                                        .collect()
                                })
                                .unwrap_or_else(|| vec![a.message.clone()]);
                            let dir = Path::new(&path)
                                .parent()
                                .map(|d| d.to_string_lossy().into_owned())
                                .unwrap_or_default();
                            if a.message.contains(GET) {
                                self.get.insert(dir.clone());
                            }
                            self.kinds.insert((kind, dir));
                            self.manifests.push((path.clone(), changes));
                        }
                        None => {
                            let what = a
                                .message
                                .rsplit_once(RENAMED_AFTER)
                                .map_or(a.message.as_str(), |(_, w)| w);
                            self.sources.push((path.clone(), what.to_string()));
                        }
                    }
                }
                for f in remaining.iter().filter(|f| f.transform == RULE) {
                    // The summary finding of a blocked file repeats what its others say.
                    if f.fix.is_none() && f.message.contains("is not migrated to CDK Terrain") {
                        continue;
                    }
                    self.refused.push((path.clone(), f.line, f.message.clone()));
                }
            }
            FileStatus::Checked { findings } => {
                for f in findings
                    .iter()
                    .filter(|f| f.transform == RULE && f.fix.is_none())
                {
                    if f.message.contains("is not migrated to CDK Terrain") {
                        continue;
                    }
                    self.refused.push((path.clone(), f.line, f.message.clone()));
                }
            }
            FileStatus::Failed { title, .. } => self.failed.push((path, title.clone())),
            FileStatus::Skipped { reason, error } => {
                if *error {
                    self.failed.push((path, reason.clone()));
                }
            }
        }
    }

    /// The report; `generated` is the date of the version table.
    pub fn render(&self, mode: Mode, generated: &str) -> String {
        let would = mode == (Mode::Fix { dry_run: true });
        let verb = if would { "would migrate" } else { "migrated" };
        let mut out = String::from("## Migrate from CDK for Terraform to CDK Terrain\n\n");
        out.push_str(&format!(
            "CDKTF was deprecated by HashiCorp in December 2025; CDK Terrain (`cdktn`) continues it with the same APIs under new package names. `cdktf-fix migrate` {verb} {} manifest{} and {} source file{}. Package versions come from the table cdktf-fix generated from the npm and PyPI metadata on {generated}.\n",
            self.manifests.len(),
            if self.manifests.len() == 1 { "" } else { "s" },
            self.sources.len(),
            if self.sources.len() == 1 { "" } else { "s" },
        ));
        if !self.manifests.is_empty() {
            out.push_str("\n### Dependency manifests\n");
            for (path, changes) in &self.manifests {
                out.push_str(&format!("\n{}\n\n", code(path)));
                for c in changes {
                    out.push_str(&format!("- {}\n", inline(c)));
                }
            }
        }
        if !self.sources.is_empty() {
            out.push_str("\n### Source files\n\n| file | imports and references |\n|---|---|\n");
            for (path, what) in &self.sources {
                out.push_str(&format!("| {} | {} |\n", code(path), inline(what)));
            }
        }
        if !self.refused.is_empty() || !self.failed.is_empty() {
            out.push_str("\n### Not migrated\n\nThese files stay on CDKTF, unchanged: each is migrated whole or not at all.\n\n");
            for (path, line, why) in &self.refused {
                out.push_str(&format!("- {} line {line}: {}\n", code(path), inline(why)));
            }
            for (path, why) in &self.failed {
                out.push_str(&format!("- {}: {}\n", code(path), inline(why)));
            }
        }
        out.push_str("\n### Next steps\n\n");
        for (kind, dir) in &self.kinds {
            let at = if dir.is_empty() {
                String::new()
            } else {
                format!(" (in {})", code(dir))
            };
            let step = match kind {
                Manifest::PackageJson => {
                    "`npm install` (or `yarn` / `pnpm install`) to update the lockfile".to_string()
                }
                Manifest::Requirements => {
                    "`pip install -r requirements.txt` in a fresh virtual environment".to_string()
                }
                Manifest::Pipfile => "`pipenv lock` and `pipenv install`".to_string(),
                Manifest::PyProject => {
                    "`pip install -e .` (or `poetry lock` and `poetry install`)".to_string()
                }
                Manifest::GoMod => {
                    "`go mod tidy` to update go.sum and the indirect requirements".to_string()
                }
                Manifest::Pom => "`mvn -U verify`".to_string(),
                Manifest::Csproj => "`dotnet restore`".to_string(),
                Manifest::Gradle | Manifest::GradleCatalog => "`./gradlew build --refresh-dependencies` (and `./gradlew dependencies --write-locks` if the build locks its dependencies)".to_string(),
                Manifest::CdktfJson => continue,
            };
            out.push_str(&format!("- {step}{at}\n"));
        }
        for dir in &self.get {
            let at = if dir.is_empty() {
                String::new()
            } else {
                format!(" (in {})", code(dir))
            };
            out.push_str(&format!("- `cdktn get`{at}, before building: it generates the bindings of the providers CDK Terrain publishes no package of, which `cdktf.json` now lists in `terraformProviders` and the migrated imports use (it needs the Terraform registry)\n"));
        }
        if self.manifests.is_empty() && !self.sources.is_empty() {
            out.push_str("- no dependency manifest was migrated: replace `cdktf` and `@cdktf/provider-*` by `cdktn` and `@cdktn/provider-*` where the project declares its dependencies\n");
        }
        out.push_str("- `cdktn synth`, then `cdktn diff` for every stack: the CDK Terrain providers follow newer Terraform providers, whose defaults may plan changes; review them before `cdktn deploy`\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_migration_still_says_what_to_run() {
        let r = MigrationReport::default();
        let text = r.render(Mode::Fix { dry_run: true }, "2026-11-23");
        assert!(text.contains("would migrate 0 manifests and 0 source files"));
        assert!(text.contains("`cdktn synth`"));
        assert!(!text.contains("### Not migrated"));
    }
}
