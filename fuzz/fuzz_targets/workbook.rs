//! Arbitrary bytes as a workbook, through the whole check. The first byte
//! picks the format, so one corpus grows for all four readers.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let ext = ["xlsx", "xls", "ods", "xlsb"][usize::from(pick % 4)];
    common::check_bytes(rest, ext);
});
