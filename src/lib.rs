//! cdktf-fix: structural fixes for CDK for Terraform (and CDK Terrain) code.
//!
//! The data flows `walk → prefilter → parse → transforms → edits → apply+verify → write | diff → report`;
//! see ARCHITECTURE.md. This crate is the tool: the command line's run, the walk, the engine that
//! applies the transforms, writing and the reports. What it applies (the transforms, the syntax
//! helpers, the provider index) is the `transforms` crate, which knows nothing of this one.
//! The binary in `main.rs` is only the command line around [`run`].

pub mod add_suppressions;
pub mod bulk;
pub mod commit;
pub mod config;
pub mod engine;
pub mod ordered;
pub mod project;
pub mod projects;
pub mod report;
pub mod run;
pub mod server;
pub mod shard;
pub mod suppress;
pub mod walk;
