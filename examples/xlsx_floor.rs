//! The least a Padrón written with rust_xlsxwriter can cost: every cell of
//! a CSV copied as text into one constant-memory worksheet (paged past
//! Excel's last row), saved at the report's deflate level, nothing else:
//! no checks, no formats, no notes. BENCHMARKS.md compares it with the
//! plain parse to show where the full report's 8x target stands.
//!
//! `cargo run --release --example xlsx_floor -- IN.csv OUT.xlsx`

use rust_xlsxwriter::Workbook;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        return Err("usage: xlsx_floor IN.csv OUT.xlsx".into());
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(&input)?;
    let mut wb = Workbook::new();
    // The report's level (src/report/xlsx/mod.rs).
    wb.set_zip_compression_level(2);
    wb.add_worksheet_with_constant_memory()?;
    let mut record = csv::StringRecord::new();
    let (mut sheet, mut row, mut rows) = (0, 0u32, 0u64);
    while reader.read_record(&mut record)? {
        if row > 1_048_575 {
            wb.add_worksheet_with_constant_memory()?;
            sheet += 1;
            row = 0;
        }
        let ws = wb.worksheet_from_index(sheet)?;
        for (col, field) in record.iter().enumerate() {
            ws.write_string(row, col as u16, field)?;
        }
        row += 1;
        rows += 1;
    }
    wb.save(&output)?;
    println!("{rows} rows written");
    Ok(())
}
