//! One imported name, read the same way in TypeScript (`{ A }`, `{ A as B }`) and Python
//! (`from m import A`, `A as B`): what a transform that renames or moves imported names needs
//! of it, so that the logic is written once for both languages.

use crate::syntax::{python, ts, N};

/// An imported name: its node, the name the module exports, and the name the file uses.
pub trait ImportedName<'r> {
    /// The node of the imported name: what a rename of the import replaces.
    fn name_node(&self) -> N<'r>;
    /// The name as the module exports it.
    fn imported(&self) -> String;
    /// Whether the import gives it a local name of its own (`as`).
    fn aliased(&self) -> bool;
    /// The name the file uses.
    fn local(&self) -> String;
}

impl<'r> ImportedName<'r> for ts::Specifier<'r> {
    fn name_node(&self) -> N<'r> {
        self.name
    }
    fn imported(&self) -> String {
        ts::Specifier::imported(self)
    }
    fn aliased(&self) -> bool {
        self.alias.is_some()
    }
    fn local(&self) -> String {
        ts::Specifier::local(self)
    }
}

impl<'r> ImportedName<'r> for python::ImportName<'r> {
    fn name_node(&self) -> N<'r> {
        self.name_node
    }
    fn imported(&self) -> String {
        self.name.clone()
    }
    fn aliased(&self) -> bool {
        self.alias.is_some()
    }
    fn local(&self) -> String {
        python::ImportName::local(self)
    }
}

impl<'r, T: ImportedName<'r>> ImportedName<'r> for &T {
    fn name_node(&self) -> N<'r> {
        (**self).name_node()
    }
    fn imported(&self) -> String {
        (**self).imported()
    }
    fn aliased(&self) -> bool {
        (**self).aliased()
    }
    fn local(&self) -> String {
        (**self).local()
    }
}
