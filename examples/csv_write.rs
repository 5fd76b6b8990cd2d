//! The floor of the corrected CSV's speed target (benches/corrected.sh):
//! a plain csv-crate parse of a file, as examples/parse_only, with every
//! record written again to another CSV file (buffered, the csv crate's
//! own writer). What `--corrected out.csv` may add to a check is at most
//! about this.
//!
//! `cargo run --release --example csv_write -- IN.csv OUT.csv`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (input, output) = match (args.next(), args.next()) {
        (Some(i), Some(o)) => (i, o),
        _ => return Err("usage: csv_write IN.csv OUT.csv".into()),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(&input)?;
    let mut writer =
        csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(std::io::BufWriter::with_capacity(
                1 << 16,
                std::fs::File::create(&output)?,
            ));
    let mut record = csv::ByteRecord::new();
    let mut records = 0u64;
    while reader.read_byte_record(&mut record)? {
        records += 1;
        writer.write_byte_record(&record)?;
    }
    writer.flush()?;
    println!("{records} records written");
    Ok(())
}
