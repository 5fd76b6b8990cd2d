//! The XLSX baseline of the speed targets (BENCHMARKS.md): calamine's own
//! read of a workbook, every sheet loaded as a range and every cell
//! touched.
//!
//! `cargo run --release --example calamine_read -- FILE`

use std::hint::black_box;

use calamine::{open_workbook_auto, Data, Reader};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: calamine_read FILE")?;
    let mut book = open_workbook_auto(&path)?;
    let (mut cells, mut bytes) = (0u64, 0u64);
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name)?;
        for row in range.rows() {
            for cell in row {
                cells += 1;
                if let Data::String(s) = black_box(cell) {
                    bytes += s.len() as u64;
                }
            }
        }
    }
    println!("{cells} cells, {bytes} string bytes");
    Ok(())
}
