//! The baseline of the speed targets (BENCHMARKS.md): a plain csv-crate
//! parse of a file, reading every record once through one reused
//! `ByteRecord` and touching every field.
//!
//! `cargo run --release --example parse_only -- FILE`

use std::hint::black_box;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: parse_only FILE")?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(&path)?;
    let mut record = csv::ByteRecord::new();
    let (mut records, mut bytes) = (0u64, 0u64);
    while reader.read_byte_record(&mut record)? {
        records += 1;
        for field in record.iter() {
            bytes += black_box(field).len() as u64;
        }
    }
    println!("{records} records, {bytes} field bytes");
    Ok(())
}
