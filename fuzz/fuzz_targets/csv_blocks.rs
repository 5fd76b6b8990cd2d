//! Arbitrary bytes read as CSV cut into blocks (of a size the first byte
//! picks) and read in order: the two must agree record for record.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&size, text)) = data.split_first() else {
        return;
    };
    if let Err(e) = roster_check::input::blocks_agree(text, usize::from(size % 64) + 1) {
        panic!("{e}");
    }
});
