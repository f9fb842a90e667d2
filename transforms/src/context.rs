//! What every transform may read besides the file it checks.

use std::collections::BTreeMap;

use crate::gomod::GoMod;
use crate::index::ProviderIndex;

/// Each transform's `[<id>]` table of `cdktf-fix.toml`, by id.
pub type Options = BTreeMap<String, toml::Table>;

/// What every transform may read besides the file: configuration, the provider index, and for
/// a Go file its nearest `go.mod` (looked up by the pipeline).
pub struct Context<'a> {
    pub options: &'a Options,
    pub index: &'static ProviderIndex,
    pub go_mod: Option<&'a GoMod>,
}

impl Context<'_> {
    /// The rule's `[<id>]` table from the configuration, if any.
    pub fn options(&self, id: &str) -> Option<&toml::Table> {
        self.options.get(id)
    }
}
