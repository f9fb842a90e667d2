#![no_main]
//! Arbitrary bytes as a .ts file through every transform: see common.rs for what is checked.

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::run(transforms::lang::Lang::TypeScript, "fuzz.ts", data);
});
