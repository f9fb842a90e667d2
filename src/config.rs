//! `cdktf-fix.toml`: which transforms run, whether unsafe fixes apply, and per-transform tables.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "cdktf-fix.toml";

/// Settings from the configuration file (command-line flags are merged on top by `run`).
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where the settings came from, for messages.
    pub path: Option<PathBuf>,
    /// `select = [...]`: only these transforms (all when absent).
    pub select: Option<Vec<String>>,
    /// `ignore = [...]`: never these.
    pub ignore: Vec<String>,
    /// `unsafe-fixes = true`: apply unsafe fixes too.
    pub unsafe_fixes: bool,
    /// One table per transform that takes options, by transform id.
    pub transforms: BTreeMap<String, toml::Table>,
}

/// A configuration problem, with the file and line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: None,
            message: format!("cannot read the configuration file: {e}"),
        })?;
        Config::parse(&text, path)
    }

    /// Finds `cdktf-fix.toml` in the working directory, if any; messages name it relatively.
    pub fn discover() -> Result<Config, ConfigError> {
        let candidate = Path::new(FILE_NAME);
        if candidate.is_file() {
            Config::load(candidate)
        } else {
            Ok(Config::default())
        }
    }

    /// Finds `cdktf-fix.toml` next to `file` or in a folder above it (for `--stdin-filename`),
    /// else in the working directory.
    pub fn discover_near(file: &Path) -> Result<Config, ConfigError> {
        for dir in file.parent().into_iter().flat_map(Path::ancestors) {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                return Config::load(&candidate);
            }
        }
        Config::discover()
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let err = |line: Option<usize>, message: String| ConfigError {
            path: path.to_path_buf(),
            line,
            message,
        };
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            err(line, e.message().trim().replace('\n', "\n  "))
        })?;
        let mut config = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        for (key, value) in table {
            let line = line_of_key(text, &key);
            match key.as_str() {
                "select" => {
                    config.select = Some(rule_list(&key, &value).map_err(|m| err(line, m))?)
                }
                "ignore" => config.ignore = rule_list(&key, &value).map_err(|m| err(line, m))?,
                "unsafe-fixes" => {
                    config.unsafe_fixes = value
                        .as_bool()
                        .ok_or_else(|| err(line, "`unsafe-fixes` must be true or false".into()))?
                }
                _ => match (transforms::catalogue::by_id(&key), value) {
                    (Some(transform), toml::Value::Table(t)) => {
                        if let Err((bad, message)) = transform.validate_options(&t) {
                            let line = line_in_table(text, &key, &bad).or(line);
                            return Err(err(line, format!("[{key}] {bad}: {message}")));
                        }
                        config.transforms.insert(key, t);
                    }
                    (Some(_), _) => {
                        return Err(err(line, format!("`{key}` must be a table: [{key}]")));
                    }
                    (None, _) => {
                        return Err(err(
                            line,
                            format!(
                                "unknown key `{key}` (expected `select`, `ignore`, `unsafe-fixes` or a transform's table; `cdktf-fix transforms` lists the transforms)"
                            ),
                        ));
                    }
                },
            }
        }
        Ok(config)
    }
}

fn rule_list(key: &str, value: &toml::Value) -> Result<Vec<String>, String> {
    let items = value
        .as_array()
        .ok_or_else(|| format!("`{key}` must be a list of transform ids"))?;
    items
        .iter()
        .map(|v| {
            let id = v
                .as_str()
                .ok_or_else(|| format!("`{key}` must be a list of transform ids"))?;
            validate_transform_id(id).map(|_| id.to_string())
        })
        .collect()
}

/// An error message naming the known ids when `id` is not one.
pub fn validate_transform_id(id: &str) -> Result<(), String> {
    if transforms::catalogue::by_id(id).is_some() {
        return Ok(());
    }
    let known: Vec<&str> = transforms::catalogue::REGISTRY
        .iter()
        .map(|r| r.meta().id)
        .collect();
    Err(format!(
        "unknown transform `{id}` (known: {})",
        known.join(", ")
    ))
}

/// The 1-based line where `key` is set inside the `[table]` section.
fn line_in_table(text: &str, table: &str, key: &str) -> Option<usize> {
    let start = line_of_key(text, table)?;
    let section: String = text.lines().skip(start).collect::<Vec<_>>().join("\n");
    line_of_key(&section, key).map(|l| l + start)
}

/// The 1-based line where `key` is set or its table starts.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix('[').unwrap_or(l).trim_start();
            l.strip_prefix(key)
                .or_else(|| l.strip_prefix(&format!("\"{key}\"")))
                .is_some_and(|rest| {
                    let rest = rest.trim_start();
                    rest.starts_with('=') || rest.starts_with(']')
                })
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn config_errors_name_file_and_line_of_a_transform_option() {
        let e = Config::parse(
            "[default-tags]\nTeam = \"platform\"\nCostCenter = 42\n",
            std::path::Path::new("cdktf-fix.toml"),
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.to_string().starts_with("cdktf-fix.toml:3:"), "{e}");
    }

    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("cdktf-fix.toml"))
    }

    #[test]
    fn reads_select_ignore_and_unsafe_fixes() {
        let c = parse("select = [\"sg-port-range\"]\nignore = [\"provider-class-names\"]\nunsafe-fixes = true\n").unwrap();
        assert_eq!(c.select.unwrap(), vec!["sg-port-range"]);
        assert_eq!(c.ignore, vec!["provider-class-names"]);
        assert!(c.unsafe_fixes);
    }

    #[test]
    fn unknown_key_names_its_line() {
        let e = parse("select = []\n\nfrobnicate = 1\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(
            e.message.contains("unknown key `frobnicate`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn unknown_transform_in_select_is_an_error() {
        let e = parse("select = [\"no-such-transform\"]\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("unknown transform `no-such-transform`"));
    }

    #[test]
    fn a_table_for_a_rule_without_options_is_rejected_at_its_line() {
        let e = parse("select = []\n[sg-port-range]\nwhatever = 1\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("takes no options"), "{e}");
    }

    #[test]
    fn malformed_toml_reports_the_line_of_the_error() {
        let e = parse("select = []\n=oops\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = parse("select = [\n\"a\"\nunsafe-fixes = \n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
    }
}
