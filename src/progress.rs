//! Progress events of a long run, from the stages that do the work to
//! whoever shows them (the binary's progress bar).

/// What a long run reports as it goes.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// Starting on a file.
    File(&'a str),
    /// This many more rows done.
    Rows(u64),
    /// Writing the report workbook (the rows it reads again come as
    /// `Rows`).
    WritingReport,
    /// Writing the corrected roster (the rows it reads again come as
    /// `Rows`).
    WritingCorrected,
    /// Nothing more to show: what comes next is the summary or an error.
    Finished,
}
