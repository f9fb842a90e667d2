//! The knowledge of CDK for Terraform (and CDK Terrain) that cdktf-fix applies: what a transform
//! reports ([`Diagnostic`], [`Fix`], [`Edit`]), the parsed file it reads ([`ParsedFile`]), the
//! syntax helpers per language, the provider index generated from the real bindings, and the
//! catalogue of transforms ([`catalogue::REGISTRY`]).
//!
//! This crate knows nothing of the command line, the file system walk or the output formats:
//! the `cdktf-fix` crate drives it. Its modules, from the bottom up (each uses only those before
//! it; `tests/layers.rs` fails on a cycle): `source`, `manifest`, `lang`, `diagnostic`, `index`,
//! `gomod`, `style`, `context`, `syntax`, `transform`, `catalogue`.

pub mod catalogue;
pub mod context;
pub mod diagnostic;
pub mod gomod;
pub mod index;
pub mod lang;
pub mod manifest;
pub mod source;
pub mod style;
pub mod syntax;
pub mod transform;

pub use context::{Context, Options};
pub use diagnostic::{Diagnostic, Edit, Fix, Safety};
pub use lang::Lang;
pub use syntax::ParsedFile;
pub use transform::{Kind, Transform, TransformMeta};
