//! Arbitrary bytes read as CSV cut into blocks (of a size the first byte
//! picks) and read in order: the two must agree record for record. A
//! first byte of 128 or more also caps records at a few bytes (1 MiB
//! otherwise), so that rows past the cap are cut both ways too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&size, text)) = data.split_first() else {
        return;
    };
    let blocks = usize::from(size % 64) + 1;
    let cap = if size >= 128 {
        usize::from(size % 37) + 1
    } else {
        roster_check::input::MAX_RECORD_BYTES
    };
    if let Err(e) = roster_check::input::blocks_agree_capped(text, blocks, cap) {
        panic!("{e}");
    }
});
