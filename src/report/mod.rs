//! Turning per-file results into what the user reads: one consumer, in path order.

pub mod diff;
pub mod text;
