//! Progress events of a long run, from the stages that do the work to
//! whoever shows them (the binary's progress bar).

/// What a long run reports as it goes.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// Starting on a file.
    File(&'a str),
    /// This many more rows done.
    Rows(u64),
    /// The work ahead is this big: a bar with a percentage and the time
    /// left can show. Said when the size is known (files, not pipes).
    Expect(Amount),
    /// Bytes of input read so far by the checks (of `Amount::Bytes`).
    BytesRead(u64),
    /// Every input read and checked: duplicates are being found and the
    /// findings put in order.
    Gathering,
    /// Writing the report workbook (the rows it reads again come as
    /// `Rows`).
    WritingReport,
    /// The language of the run's outputs, once the identifiers found
    /// decided it (plain `--lang es`: Mexico's or Spain's words).
    Language(crate::lang::Lang),
    /// Writing the corrected roster (the rows it reads again come as
    /// `Rows`).
    WritingCorrected,
    /// Nothing more to show: what comes next is the summary or an error.
    Finished,
}

/// How big the work ahead is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    /// The inputs' bytes, read by the checks.
    Bytes(u64),
    /// Rows read again for the report (each `Rows` event counts).
    Rows(u64),
}
