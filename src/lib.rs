//! cdktf-fix: structural fixes for CDK for Terraform (and CDK Terrain) code.
//!
//! The data flows `walk → prefilter → parse → transforms → edits → apply+verify → write | diff → report`;
//! see ARCHITECTURE.md. The binary in `main.rs` is only the command line around [`run`].

pub mod bulk;
pub mod commit;
pub mod config;
pub mod engine;
pub mod index;
pub mod lang;
pub mod manifest;
pub mod ordered;
pub mod report;
pub mod run;
pub mod shard;
pub mod source;
pub mod suppress;
pub mod syntax;
pub mod transforms;
pub mod walk;
