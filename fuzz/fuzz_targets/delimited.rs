//! Arbitrary bytes as a CSV roster, through the whole check.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| common::check_bytes(data, "csv"));
