//! Stage 4, the results: `Finding`, codes, the inputs read and the
//! `Summary`. Language-free: messages are drawn from `Note` by `i18n`.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

pub use crate::ids::Severity;
use crate::ids::{Date, Detail, IdKind, Problem};

/// A field of a roster: what a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// An identifier, one of the identifier table's kinds.
    Id(IdKind),
    Paterno,
    Materno,
    Nombre,
    NombreCompleto,
    Nacimiento,
    Sexo,
    /// The row as a whole (ragged rows); not a column.
    Row,
}

/// The person fields, in the order columns are listed in reports.
const PERSON: [Field; 6] = [
    Field::Paterno,
    Field::Materno,
    Field::Nombre,
    Field::NombreCompleto,
    Field::Nacimiento,
    Field::Sexo,
];

impl Field {
    pub const CURP: Field = Field::Id(IdKind::Curp);
    pub const NSS: Field = Field::Id(IdKind::Nss);
    pub const NUSS: Field = Field::Id(IdKind::Nuss);
    pub const DNI: Field = Field::Id(IdKind::Dni);
    pub const RFC: Field = Field::Id(IdKind::Rfc);

    /// The fields of a person's name: surnames, given name, full name.
    pub const NAMES: [Field; 4] = [
        Field::Paterno,
        Field::Materno,
        Field::Nombre,
        Field::NombreCompleto,
    ];

    /// Every field, in the order columns are listed in reports: the
    /// identifiers in the table's order, then the person fields.
    pub const ALL: [Field; IdKind::COUNT + PERSON.len()] = {
        let mut all = [Field::Row; IdKind::COUNT + PERSON.len()];
        let mut i = 0;
        while i < all.len() {
            all[i] = if i < IdKind::COUNT {
                Field::Id(IdKind::ALL[i])
            } else {
                PERSON[i - IdKind::COUNT]
            };
            i += 1;
        }
        all
    };

    /// The name used in JSON and on the command line (`--col curp=…`).
    ///
    /// ```
    /// use roster_check::findings::Field;
    /// assert_eq!(Field::DNI.as_str(), "dni");
    /// assert_eq!(Field::NombreCompleto.as_str(), "nombre_completo");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Id(kind) => kind.as_str(),
            Field::Paterno => "paterno",
            Field::Materno => "materno",
            Field::Nombre => "nombre",
            Field::NombreCompleto => "nombre_completo",
            Field::Nacimiento => "nacimiento",
            Field::Sexo => "sexo",
            Field::Row => "row",
        }
    }

    /// Parses a field name.
    ///
    /// ```
    /// use roster_check::findings::Field;
    /// assert_eq!(Field::parse(" RFC"), Some(Field::RFC));
    /// assert_eq!(Field::parse("row"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Field> {
        let s = s.trim().to_ascii_lowercase();
        Field::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The field's place in [`Field::ALL`]; `Row` comes after them all.
    ///
    /// ```
    /// use roster_check::findings::Field;
    /// assert!(Field::ALL.iter().enumerate().all(|(i, f)| f.index() == i));
    /// assert_eq!(Field::Row.index(), Field::ALL.len());
    /// ```
    pub const fn index(self) -> usize {
        let person = match self {
            Field::Id(kind) => return kind as usize,
            Field::Paterno => 0,
            Field::Materno => 1,
            Field::Nombre => 2,
            Field::NombreCompleto => 3,
            Field::Nacimiento => 4,
            Field::Sexo => 5,
            Field::Row => PERSON.len(),
        };
        IdKind::COUNT + person
    }

    /// The identifier this field holds, if it is one.
    pub fn id_kind(self) -> Option<IdKind> {
        match self {
            Field::Id(kind) => Some(kind),
            _ => None,
        }
    }
}

/// What a finding is about: the second half of its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A rule of the identifier itself.
    Id(Problem),
    /// Empty cell or placeholder.
    Missing,
    /// A required column is absent (`row.missing_column`).
    MissingColumn,
    /// A delimited-text row with more or fewer cells than the header
    /// (`row.ragged`).
    Ragged,
    /// The same identifier on more than one row.
    Duplicate,
    /// Delimited text: a quote never closed swallowed the following lines
    /// (`row.unclosed_quote`); they were read back as rows.
    UnclosedQuote,
    /// Delimited text: a record longer than `input::MAX_RECORD_BYTES`,
    /// not read (`row.too_long`).
    TooLong,
    /// Two or more columns are headed like this field; one was checked.
    DuplicateColumn,
    /// CURP letters 1-4 / 14-16 against the name columns.
    NameMismatch,
    /// CURP positions 5-10 against the birth-date column.
    BirthdateMismatch,
    /// CURP position 11 against the sex column.
    SexMismatch,
    /// NSS positions 5-6 against the CURP's birth year.
    BirthYearMismatch,
    /// A row that is not a student's (`row.skipped`).
    Skipped,
    /// Two identifiers in each other's columns (`row.swapped`).
    Swapped,
    /// A cell that holds something but cannot be read as its field (a
    /// birth date that is no date: `nacimiento.unreadable`).
    Unreadable,
}

impl Kind {
    /// The second half of the code (`row.` codes included).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Id(p) => p.name(),
            Kind::Missing => "missing",
            Kind::MissingColumn => "missing_column",
            Kind::Ragged => "ragged",
            Kind::Duplicate => "duplicate",
            Kind::UnclosedQuote => "unclosed_quote",
            Kind::TooLong => "too_long",
            Kind::DuplicateColumn => "duplicate_column",
            Kind::NameMismatch => "name_mismatch",
            Kind::BirthdateMismatch => "birthdate_mismatch",
            Kind::SexMismatch => "sex_mismatch",
            Kind::BirthYearMismatch => "birth_year_mismatch",
            Kind::Skipped => "skipped",
            Kind::Swapped => "swapped",
            Kind::Unreadable => "unreadable",
        }
    }
}

/// A finding code such as `curp.check_digit` or `row.missing_column`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code {
    field: Field,
    kind: Kind,
}

impl Code {
    /// The code of `kind` in `field`. The kinds about a row as a whole
    /// (`row.missing_column`, `row.ragged` …) take the field `Row`,
    /// whatever field they concern: one code each.
    pub const fn new(field: Field, kind: Kind) -> Code {
        let field = match kind {
            Kind::MissingColumn
            | Kind::Ragged
            | Kind::UnclosedQuote
            | Kind::TooLong
            | Kind::Skipped
            | Kind::Swapped => Field::Row,
            _ => field,
        };
        Code { field, kind }
    }

    /// The first half of the code: the field, `Row` for a row's.
    pub const fn field(self) -> Field {
        self.field
    }

    /// The second half of the code.
    pub const fn kind(self) -> Kind {
        self.kind
    }

    /// The code as the contract writes it: made only where the code
    /// leaves the program (JSON, the report, the terminal).
    ///
    /// ```
    /// use roster_check::findings::{Code, Field, Kind};
    /// use roster_check::ids::Problem;
    /// assert_eq!(Code::new(Field::RFC, Kind::Id(Problem::CheckDigit)).as_string(), "rfc.check_digit");
    /// assert_eq!(Code::new(Field::Row, Kind::Ragged).as_string(), "row.ragged");
    /// ```
    pub fn as_string(self) -> String {
        format!("{}.{}", self.field.as_str(), self.kind.name())
    }
}

/// The facts a message is drawn from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// From an identifier check.
    Id(Detail),
    /// The cell is empty or holds a placeholder (`None`: empty).
    Missing { placeholder: Option<String> },
    /// The cell holds a formula whose result was never stored.
    Uncalculated,
    /// The cell holds a formula error such as `#N/A`.
    ErrorCell { error: String },
    /// A number with a zero-padding format, read as the padded text.
    PaddedNumber { restored: String },
    /// A quote opened on the row swallowed `lines` following lines.
    UnclosedQuote { lines: u32 },
    /// The record is longer than `limit` bytes: it was not read.
    TooLong { limit: usize },
    /// The field's column (`used`) and the other columns headed alike,
    /// left unread, as column letters with their headers.
    DuplicateColumn {
        used: (String, String),
        unread: Vec<(String, String)>,
    },
    /// The row has `cells` cells where the header has `headers`.
    Ragged { cells: usize, headers: usize },
    /// No column was found for the field; `headers` lists what the header
    /// row holds, to help the user pick one with `--col`.
    MissingColumn { headers: Vec<String> },
    /// The CURP's name letters (`SABC-LRN`) against those the row's names
    /// give, and the names as read.
    NameMismatch {
        curp: String,
        row: String,
        name: String,
    },
    /// The CURP's birth date against the row's.
    BirthdateMismatch { curp: Date, row: Date },
    /// The CURP's sex marker against the row's.
    SexMismatch { curp: char, row: char },
    /// The NSS's two-digit birth year against the CURP's birth year.
    BirthYearMismatch { nss: u32, curp: i32 },
    /// The other rows holding the same identifier (file, sheet, row), at
    /// most a few, how many there are in all, and who holds it.
    Duplicate {
        others: Vec<Place>,
        total: usize,
        who: Holders,
    },
    /// The birth date cell holds something that is not a date, so it was
    /// not compared with the CURP.
    UnreadableDate,
    /// The row is not a student's, and why.
    Skipped(crate::check::rows::Skip),
    /// Two identifiers in each other's columns: (the column's field, the
    /// value in it), for each.
    Swapped {
        first: (Field, String),
        second: (Field, String),
    },
    /// Blank rows between students, from the finding's row through this
    /// one.
    BlankRows { through: u64 },
}

/// Who the rows sharing an identifier are, by their names and birth
/// dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holders {
    /// The same names and birth date on every row: one student entered
    /// more than once.
    Same,
    /// Other names or birth dates on every other row: different people.
    Others,
    /// No names or dates to compare, or some alike and some not.
    Unknown,
}

/// Where a row is: its table (index into `Run::sources`) and row. Put
/// into words (file, sheet, row) only when a message is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub source: usize,
    pub row: u64,
}

/// One finding about one cell (or one sheet, for missing columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index into `Run::sources`.
    pub source: usize,
    /// The row a person sees in a spreadsheet program.
    pub row: u64,
    /// The field at fault.
    pub field: Field,
    /// Index of the column in the source's headers, if any.
    pub column: Option<usize>,
    /// The cell's text as read.
    pub value: Option<String>,
    pub severity: Severity,
    pub code: Code,
    pub note: Note,
    /// The corrected value, when the rules prove it.
    pub suggestion: Option<String>,
}

/// One table read: a CSV file, or one sheet of a workbook.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// The path as given on the command line (or found in a directory).
    pub file: String,
    /// Where to read it again (for the report's Padrón).
    pub path: std::path::PathBuf,
    /// The first row (as a person sees it) below the header: rows before
    /// it are titles and the header.
    pub first_data_row: u64,
    /// The sheet name, `None` for delimited text.
    pub sheet: Option<String>,
    /// The sheet is hidden in its workbook.
    pub hidden: bool,
    /// How the bytes were decoded (delimited text only).
    pub encoding: Option<String>,
    /// The row holding the headers, as a person sees it.
    pub header_row: Option<u64>,
    /// Data rows read.
    pub rows: u64,
    /// Every header of the header row, in order.
    pub headers: Vec<String>,
    /// The column taken for each field (index into `headers`).
    pub columns: Vec<(Field, usize)>,
}

impl Source {
    /// The header text of a column.
    pub fn header(&self, column: usize) -> Option<&str> {
        self.headers.get(column).map(String::as_str)
    }

    /// The column taken for a field.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|&(_, c)| c)
    }
}

/// Totals over every row read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub rows: u64,
    pub rows_ok: u64,
    pub rows_with_errors: u64,
    pub rows_with_warnings: u64,
    /// Rows read that are not students (not counted in `rows`).
    pub rows_skipped: u64,
    /// Count per code.
    pub by_code: BTreeMap<Code, u64>,
}

impl Summary {
    /// Counts a data row by the worst severity among its findings.
    pub fn count_row(&mut self, worst: Option<Severity>) {
        self.rows += 1;
        match worst {
            Some(Severity::Error) => self.rows_with_errors += 1,
            Some(Severity::Warning) => self.rows_with_warnings += 1,
            _ => self.rows_ok += 1,
        }
    }

    /// Adds the row counts of another summary (its codes are not kept:
    /// `Run::finish` counts those from the findings).
    pub fn add_rows(&mut self, other: &Summary) {
        self.rows += other.rows;
        self.rows_ok += other.rows_ok;
        self.rows_with_errors += other.rows_with_errors;
        self.rows_with_warnings += other.rows_with_warnings;
        self.rows_skipped += other.rows_skipped;
    }

    /// Codes with their counts, largest first (ties in the order of the
    /// codes as written).
    pub fn codes_by_count(&self) -> Vec<(Code, u64)> {
        let mut v: Vec<(String, Code, u64)> = self
            .by_code
            .iter()
            .map(|(c, n)| (c.as_string(), *c, *n))
            .collect();
        v.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        v.into_iter().map(|(_, c, n)| (c, n)).collect()
    }
}

/// An input that could not be read, and why.
#[derive(Debug)]
pub struct Failure {
    pub file: String,
    pub error: crate::input::InputError,
}

/// Everything a check run found: what reports draw.
#[derive(Debug, Default)]
pub struct Run {
    pub sources: Vec<Source>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
    pub failures: Vec<Failure>,
    /// Sheets read but left out: (file, sheet) without identifier columns.
    pub skipped: Vec<(String, String)>,
}

impl Run {
    /// Sorts findings by file, sheet, row and field, keeping the order in
    /// which the checks produced them otherwise, and fills `by_code`.
    pub fn finish(&mut self) {
        // Each source's place in (file, sheet) order (equal names, equal
        // places) and each field's in the order of its name: integers to
        // compare, not strings.
        fn name(s: &Source) -> (&str, Option<&str>) {
            (&s.file, s.sheet.as_deref())
        }
        let names: BTreeSet<_> = self.sources.iter().map(name).collect();
        let place: BTreeMap<_, usize> = names.into_iter().zip(0..).collect();
        let rank: Vec<usize> = self.sources.iter().map(|s| place[&name(s)]).collect();
        let mut fields = Field::ALL.to_vec();
        fields.push(Field::Row);
        fields.sort_by_key(|f| f.as_str());
        let mut field_rank = [0; Field::ALL.len() + 1];
        for (i, f) in fields.into_iter().enumerate() {
            field_rank[f.index()] = i;
        }
        // A stable sort (findings of one cell keep their order) that
        // takes the runs already in order as they are: the checks give
        // each block's findings by row, the duplicates come after.
        self.findings
            .sort_by_key(|f| (rank[f.source], f.row, field_rank[f.field.index()]));
        self.count_duplicated_rows();
        // Counted a piece at a time on every thread, the counts added up.
        let count = |mut by_code: BTreeMap<Code, u64>, piece: &[Finding]| {
            for f in piece {
                *by_code.entry(f.code).or_default() += 1;
            }
            by_code
        };
        let by_code = self
            .findings
            .par_chunks(4096)
            .fold(BTreeMap::new, count)
            .reduce(BTreeMap::new, |mut a, b| {
                for (code, n) in b {
                    *a.entry(code).or_default() += n;
                }
                a
            });
        self.summary.by_code = by_code;
    }

    /// Recounts the rows that hold a duplicate: the checks counted each
    /// row by its own cells and cross-checks, and a duplicate (an error)
    /// comes after them. A row's status is the highest severity among all
    /// its findings, so such a row counts with the errors, whatever it
    /// was counted as before. Findings must be sorted by place.
    fn count_duplicated_rows(&mut self) {
        if !self
            .findings
            .iter()
            .any(|f| f.code.kind() == Kind::Duplicate)
        {
            return;
        }
        for row in self
            .findings
            .chunk_by(|a, b| (a.source, a.row) == (b.source, b.row))
        {
            if !row.iter().any(|f| f.code.kind() == Kind::Duplicate) {
                continue;
            }
            let before = row
                .iter()
                .filter(|f| f.code.kind() != Kind::Duplicate)
                .map(|f| f.severity)
                .max();
            match before {
                Some(Severity::Error) => continue,
                Some(Severity::Warning) => self.summary.rows_with_warnings -= 1,
                _ => self.summary.rows_ok -= 1,
            }
            self.summary.rows_with_errors += 1;
        }
    }

    /// The most serious severity found, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// `finish` orders findings as a stable sort by file, sheet, row and
        /// field name does (sources of the same name interleave by row).
        #[test]
        fn finish_is_a_stable_sort_by_place(
            cells in prop::collection::vec((0usize..4, 1u64..6, 0usize..=Field::ALL.len()), 0..200),
        ) {
            let mut run = Run::default();
            for (file, sheet) in [("b.csv", None), ("a.xlsx", Some("2")), ("a.xlsx", Some("1")), ("b.csv", None)] {
                run.sources.push(Source {
                    file: file.into(),
                    sheet: sheet.map(String::from),
                    ..Source::default()
                });
            }
            let mut fields = Field::ALL.to_vec();
            fields.push(Field::Row);
            for (i, &(source, row, field)) in cells.iter().enumerate() {
                run.findings.push(Finding {
                    source,
                    row,
                    field: fields[field],
                    column: None,
                    value: Some(i.to_string()),
                    severity: Severity::Error,
                    code: Code::new(fields[field], Kind::Missing),
                    note: Note::Missing { placeholder: None },
                    suggestion: None,
                });
            }
            let mut expected = run.findings.clone();
            expected.sort_by(|a, b| {
                let (sa, sb) = (&run.sources[a.source], &run.sources[b.source]);
                (&sa.file, &sa.sheet, a.row, a.field.as_str())
                    .cmp(&(&sb.file, &sb.sheet, b.row, b.field.as_str()))
            });
            run.finish();
            let order = |v: &[Finding]| v.iter().map(|f| f.value.clone()).collect::<Vec<_>>();
            prop_assert_eq!(order(&run.findings), order(&expected));
        }
    }
}
