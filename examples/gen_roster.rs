//! Generates a realistic Mexican roster for benchmarks (benches/support/
//! roster_gen.rs says what is in it). Deterministic: the same arguments
//! give the same file.
//!
//! `cargo run --release --example gen_roster -- --rows 1000000 --out roster.csv`
//! (`.xlsx` for a workbook; `--seed N` for another roster).

use std::error::Error;

#[path = "../benches/support/roster_gen.rs"]
mod roster_gen;

use roster_gen::{rows, HEADER};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let n: u64 = arg("--rows").ok_or("--rows N is required")?.parse()?;
    let out = arg("--out").ok_or("--out FILE is required")?;
    let seed: u64 = arg("--seed")
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(2026);
    if out.ends_with(".xlsx") {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name("Alumnos")?;
        for (c, h) in HEADER.iter().enumerate() {
            ws.write_string(0, c as u16, *h)?;
        }
        for (r, row) in rows(n, seed).enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32 + 1, c as u16, v)?;
            }
        }
        wb.save(out)?;
    } else {
        let mut w = csv::Writer::from_path(out)?;
        w.write_record(HEADER)?;
        for row in rows(n, seed) {
            w.write_record(&row)?;
        }
        w.flush()?;
    }
    Ok(())
}
