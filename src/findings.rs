//! Stage 4, the results: `Finding`, codes, the inputs read and the
//! `Summary`. Language-free: messages are drawn from `Note` by `i18n`.

use std::collections::BTreeMap;

use std::borrow::Cow;
use std::io;

use crate::spill::{RunIter, Runs};

pub use crate::ids::Severity;
use crate::ids::{Date, Detail, IdKind, Problem};

/// A field of a roster: what a column holds.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
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
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
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
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    Skipped(Skip),
    /// Two identifiers in each other's columns: (the column's field, the
    /// value in it), for each; and what each column should hold: the
    /// other's value, canonical, read as this column's identifier.
    Swapped {
        first: (Field, String),
        second: (Field, String),
        fixed: (String, String),
    },
    /// Blank rows between students, from the finding's row through this
    /// one.
    BlankRows { through: u64 },
}

/// Why a row is not a student's.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Skip {
    /// Blank between students (blank rows after the last student are not
    /// listed).
    Blank,
    /// The header row again (paginated exports repeat it on every page).
    Header,
    /// A title from above the header, repeated (page titles).
    Title,
    /// A total, footer, signature or page-number line.
    Footer,
    /// A heading inside the list ("GRUPO 1° A", "Turno matutino").
    Heading,
    /// No name, identifier, birth date or sex: a numbered template row
    /// never filled in, or a remark in a column of its own.
    NoPerson,
}

/// Who the rows sharing an identifier are, by their names and birth
/// dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Place {
    pub source: usize,
    pub row: u64,
}

/// One finding about one cell (or one sheet, for missing columns).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// The corrected value, when the rules prove it (`i18n::suggestion`
    /// draws the one of a `Note::Swapped`).
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
    /// The delimiter of delimited text; `None` for a workbook's sheet.
    pub delimiter: Option<u8>,
    /// The file's name says text and its bytes a workbook, or the
    /// reverse: it was read as what it is.
    pub disguised: bool,
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

    /// True when the table is a Spanish roster rather than a Mexican one:
    /// it has a NUSS or a DNI/NIE column. The one place that tells Spain
    /// from Mexico by a table's identifiers (the corrected CSV's
    /// delimiter follows it: `;` in Spain, `,` in Mexico).
    pub fn is_spanish(&self) -> bool {
        self.columns
            .iter()
            .any(|&(f, _)| f == Field::NUSS || f == Field::DNI)
    }

    /// The columns a row's student is named by.
    pub fn name_columns(&self) -> NameColumns {
        NameColumns {
            full: self.column_of(Field::NombreCompleto),
            parts: Field::NAMES
                .iter()
                .filter(|&&f| f != Field::NombreCompleto)
                .filter_map(|&f| self.column_of(f))
                .collect(),
        }
    }
}

/// Where a table names its students: the full name's column, and the
/// surnames' and given names' columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameColumns {
    pub full: Option<usize>,
    pub parts: Vec<usize>,
}

impl NameColumns {
    /// True when the table has no name column.
    pub fn is_empty(&self) -> bool {
        self.full.is_none() && self.parts.is_empty()
    }

    /// The student of a row, the one definition every output shows: its
    /// full name, else its surnames and given names joined by spaces
    /// ("" when the table has no name or the row's are empty).
    pub fn name(&self, rec: &crate::input::Record) -> String {
        let cell = |c: usize| crate::input::trim(rec.get(c));
        if let Some(full) = self.full.map(cell).filter(|s| !s.is_empty()) {
            return full.to_string();
        }
        let mut name = String::new();
        self.name_into(rec, &mut name);
        name
    }

    /// `name`, added at the end of `out`.
    pub fn name_into(&self, rec: &crate::input::Record, out: &mut String) {
        let cell = |c: usize| crate::input::trim(rec.get(c));
        if let Some(full) = self.full.map(cell).filter(|s| !s.is_empty()) {
            out.push_str(full);
            return;
        }
        let start = out.len();
        for part in self
            .parts
            .iter()
            .map(|&c| cell(c))
            .filter(|s| !s.is_empty())
        {
            if out.len() > start {
                out.push(' ');
            }
            out.push_str(part);
        }
    }
}

/// The names of some rows, in row order, in one text (a few allocations
/// for a chunk's rows, not one for each).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct NameBlock {
    /// Each row and where its name ends in `text`.
    rows: Vec<(u64, u32)>,
    text: String,
}

impl NameBlock {
    /// Adds the name of a row (nothing when it has none). Out of line:
    /// the checks' loop stays as tight without names.
    #[inline(never)]
    pub fn add(&mut self, rec: &crate::input::Record, columns: &NameColumns) {
        let start = self.text.len();
        columns.name_into(rec, &mut self.text);
        match u32::try_from(self.text.len()) {
            Ok(end) if self.text.len() > start => self.rows.push((rec.row, end)),
            _ => self.text.truncate(start),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Each row and its name, in order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, &str)> {
        let mut start = 0;
        self.rows.iter().map(move |&(row, end)| {
            let end = end as usize;
            let name = self.text.get(start..end).unwrap_or("");
            start = end;
            (row, name)
        })
    }
}

/// The students' names of a run's rows with findings, gathered while the
/// rows are read (`Config::names`), for a front end that shows each
/// finding's student without reading the files again (`Run::students`).
/// The names of rows with findings of their own are kept (past a memory
/// budget in the spill file, as findings are); a row without them needs
/// its name only if it turns out a duplicate, known at the end: such
/// names are kept while they fit a smaller budget, and the rows whose
/// names were let go are listed, to be read again if one of them is a
/// duplicate (`Students::unnamed`).
#[derive(Debug, Default)]
pub struct Names {
    runs: Runs<NameBlock>,
    /// Each source's run, once it has a name.
    of_source: Vec<Option<usize>>,
    /// The names of rows without findings of their own, by source, in
    /// row order.
    spare: Vec<Vec<NameBlock>>,
    /// The bytes `spare` holds.
    spare_held: usize,
    /// Rows whose spare names were let go: (source, first row, last
    /// row), in order.
    dropped: Vec<(usize, u64, u64)>,
}

/// Bytes of names held in memory before the rest go to the spill file.
const NAMES_HELD: usize = 16 << 20;

/// Bytes of names of rows without findings held (about 200,000 rows);
/// past it, they are let go.
const SPARE_HELD: usize = 8 << 20;

/// The names `Run::students` found: each row with findings that has a
/// name, and the duplicates' rows whose names were let go.
#[derive(Debug, Default)]
pub struct Students {
    /// (source, row, name), in row order within each source.
    pub named: Vec<(usize, u64, String)>,
    /// (source, row), in order.
    pub unnamed: Vec<(usize, u64)>,
}

impl NameBlock {
    /// The bytes it holds, as the budgets count them.
    fn weight(&self) -> usize {
        self.text.len() + self.rows.len() * 16
    }
}

impl Names {
    /// Names to be gathered.
    pub fn new() -> Names {
        Names {
            runs: Runs::new(NAMES_HELD),
            ..Names::default()
        }
    }

    /// Adds the names of rows of `source`, after those before them: of
    /// rows with findings (`names`) and without (`spare`).
    pub fn push(&mut self, source: usize, names: NameBlock, spare: NameBlock) {
        if !spare.is_empty() {
            if self.spare.len() <= source {
                self.spare.resize_with(source + 1, Vec::new);
            }
            let weight = spare.weight();
            if self.spare_held + weight <= SPARE_HELD {
                self.spare_held += weight;
                self.spare[source].push(spare);
            } else {
                self.let_go(source, &spare);
            }
        }
        if names.is_empty() {
            return;
        }
        if self.of_source.len() <= source {
            self.of_source.resize(source + 1, None);
        }
        let run = match self.of_source[source] {
            Some(r) => r,
            None => {
                let r = self.runs.open();
                self.of_source[source] = Some(r);
                r
            }
        };
        let weight = names.weight();
        self.runs.push(run, names, weight);
    }

    /// The names of `source`'s rows with findings, in row order.
    fn of(&self, source: usize) -> Option<RunIter<'_, NameBlock>> {
        let run = (*self.of_source.get(source)?)?;
        Some(self.runs.iter(run))
    }

    /// Lets every spare name go, as past the budget (for tests of
    /// `Students::unnamed`).
    #[cfg(test)]
    pub(crate) fn let_go_spare(&mut self) {
        for (source, blocks) in std::mem::take(&mut self.spare).into_iter().enumerate() {
            for block in blocks {
                self.let_go(source, &block);
            }
        }
        self.spare_held = 0;
    }

    /// Notes the rows of `source` whose spare names in `block` are let
    /// go (joined to the rows let go just before them).
    fn let_go(&mut self, source: usize, block: &NameBlock) {
        if let (Some(&(first, _)), Some(&(last, _))) = (block.rows.first(), block.rows.last()) {
            match self.dropped.last_mut() {
                Some((s, _, end)) if *s == source => *end = last,
                _ => self.dropped.push((source, first, last)),
            }
        }
    }

    /// The spare names of `source`'s rows, in row order.
    fn spare_of(&self, source: usize) -> impl Iterator<Item = (u64, &str)> {
        self.spare
            .get(source)
            .into_iter()
            .flatten()
            .flat_map(NameBlock::iter)
    }
}

/// How a row stands by its findings, as the Padrón's and the corrected
/// roster's *Estado* say it: not a student's (`row.skipped`), and its
/// worst severity above info.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowState {
    pub skipped: bool,
    pub worst: Option<Severity>,
}

impl RowState {
    pub fn of<'a, I>(row: I) -> RowState
    where
        I: IntoIterator<Item = &'a Finding>,
    {
        let mut state = RowState::default();
        for f in row {
            state.skipped |= f.code.kind() == Kind::Skipped;
            state.worst = state
                .worst
                .max(Some(f.severity).filter(|s| *s > Severity::Info));
        }
        state
    }
}

/// The corrections the rules prove in one row, one definition for every
/// output that shows or applies them (the Padrón's correction columns,
/// the corrected roster): for each identifier field, the first
/// `suggestion` among the field's findings (a restored zero, a canonical
/// form, a look-alike letter proved wrong), or, for identifiers in each
/// other's columns (`row.swapped`), the other column's value read as
/// this one's.
#[derive(Debug, Default)]
pub struct RowFixes<'a> {
    fixes: Vec<(Field, &'a str)>,
    /// Whether a `row.swapped` was settled by the swap.
    swapped: bool,
}

impl<'a> RowFixes<'a> {
    /// The fixes proved by one row's findings.
    pub fn of<I>(row: I) -> RowFixes<'a>
    where
        I: IntoIterator<Item = &'a Finding>,
    {
        let mut fixes: Vec<(Field, &'a str)> = Vec::new();
        let mut swapped = false;
        let add = |fixes: &mut Vec<(Field, &'a str)>, field: Field, value: &'a str| {
            let free = field.id_kind().is_some() && !fixes.iter().any(|(f, _)| *f == field);
            if free {
                fixes.push((field, value));
            }
            free
        };
        for f in row {
            match &f.note {
                Note::Swapped {
                    first: (fa, _),
                    second: (fb, _),
                    fixed: (a, b),
                } => {
                    let first = add(&mut fixes, *fa, a);
                    swapped |= add(&mut fixes, *fb, b) && first;
                }
                _ => {
                    if let Some(s) = f.suggestion.as_deref() {
                        add(&mut fixes, f.field, s);
                    }
                }
            }
        }
        RowFixes { fixes, swapped }
    }

    /// The proven value of `field`'s cell, if any.
    pub fn get(&self, field: Field) -> Option<&'a str> {
        self.fixes
            .iter()
            .find(|(f, _)| *f == field)
            .map(|&(_, v)| v)
    }

    /// True when applying the fixes settles the finding: its suggestion
    /// is the value applied (or it is the swap, undone).
    pub fn settles(&self, f: &Finding) -> bool {
        match &f.note {
            Note::Swapped { .. } => self.swapped,
            _ => f
                .suggestion
                .as_deref()
                .is_some_and(|s| self.get(f.field) == Some(s)),
        }
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

/// Bytes of findings held in memory; beyond them findings go to an
/// unnamed temporary file (`spill`), so memory stops growing with their
/// number: 2 million rows with 3 errors each, or a roster exported twice,
/// stay within a few hundred megabytes. Below it (nearly every roster)
/// nothing is written.
const HELD: usize = 32 << 20;

/// Each field's place in the order of the fields' names: findings of a
/// row are listed by it.
fn field_rank(field: Field) -> u8 {
    static RANK: std::sync::OnceLock<[u8; Field::ALL.len() + 1]> = std::sync::OnceLock::new();
    let rank = RANK.get_or_init(|| {
        let mut fields = Field::ALL.to_vec();
        fields.push(Field::Row);
        fields.sort_by_key(|f| f.as_str());
        let mut rank = [0; Field::ALL.len() + 1];
        for (i, f) in fields.into_iter().enumerate() {
            rank[f.index()] = i as u8;
        }
        rank
    });
    rank[field.index()]
}

/// Where a finding goes in a source's list: its row, then its field.
fn key(f: &Finding) -> (u64, u8) {
    (f.row, field_rank(f.field))
}

/// Roughly the bytes a finding holds.
fn weight(f: &Finding) -> usize {
    let text = |t: &Option<String>| t.as_ref().map_or(0, String::len);
    std::mem::size_of::<Finding>() + text(&f.value) + text(&f.suggestion) + 32
}

/// The findings of a run, in the order reports list them: by file and
/// sheet name, row, then field name (findings of one cell in the order
/// the checks gave them, a duplicate after the cell's own). Each source's
/// findings are kept in runs already in that order (the checks give them
/// row after row, the duplicates after), merged when read; held in
/// memory up to `HELD` bytes, beyond it in a temporary file.
#[derive(Debug)]
pub struct Findings {
    runs: Runs<Finding>,
    /// Each source's runs, in the order opened, and the place of the last
    /// finding pushed to its newest run.
    sources: Vec<SourceRuns>,
    /// The runs of each group of sources of one name (file and sheet), in
    /// name order: made by `order`.
    groups: Vec<Vec<usize>>,
    /// Findings by code, and the worst severity of each code.
    by_code: BTreeMap<Code, (u64, Severity)>,
}

impl Default for Findings {
    fn default() -> Findings {
        Findings::with_budget(HELD)
    }
}

impl Findings {
    /// Findings that keep up to `budget` bytes in memory.
    pub fn with_budget(budget: usize) -> Findings {
        Findings {
            runs: Runs::new(budget),
            sources: Vec::new(),
            groups: Vec::new(),
            by_code: BTreeMap::new(),
        }
    }

    /// How many findings there are.
    pub fn len(&self) -> usize {
        self.runs.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// Adds a finding. Findings of a source are best pushed in their
    /// order (row, then field name): one that comes before the last one
    /// pushed starts a new run of its source, merged when read.
    pub fn push(&mut self, f: Finding) {
        if self.sources.len() <= f.source {
            self.sources.resize_with(f.source + 1, Default::default);
        }
        let k = key(&f);
        let (runs, last) = &mut self.sources[f.source];
        if runs.is_empty() || last.is_some_and(|l| k < l) {
            runs.push(self.runs.open());
        }
        *last = Some(k);
        let run = runs[runs.len() - 1];
        let counted = self.by_code.entry(f.code).or_insert((0, f.severity));
        counted.0 += 1;
        counted.1 = counted.1.max(f.severity);
        let w = weight(&f);
        self.runs.push(run, f, w);
    }

    /// Adds the findings of a batch of rows of one source, after those of
    /// earlier rows: put in order (row, then field name, a cell's in the
    /// order given) and pushed.
    pub fn push_rows(&mut self, mut batch: Vec<Finding>) {
        batch.sort_by_key(key);
        for f in batch {
            self.push(f);
        }
    }

    /// Groups the runs by source name (file, then sheet; sources of one
    /// name are listed together, by row), in name order: for `iter`.
    fn order(&mut self, sources: &[Source]) {
        let name = |s: usize| {
            sources
                .get(s)
                .map(|s| (s.file.as_str(), s.sheet.as_deref()))
        };
        let mut by_name: BTreeMap<_, Vec<usize>> = BTreeMap::new();
        for (s, (runs, _)) in self.sources.iter().enumerate() {
            by_name.entry(name(s)).or_default().extend(runs);
        }
        self.groups = by_name
            .into_values()
            .map(|mut runs| {
                runs.sort_unstable();
                runs
            })
            .collect();
    }

    /// Every finding in order (see [`Findings`]); `Run::finish` must have
    /// run. An item is an error when the temporary file cannot be read.
    pub fn iter(&self) -> Sorted<'_> {
        Sorted::new(self, self.groups.iter().collect())
    }

    /// The findings of one source, by row, then field name.
    pub fn of_source(&self, source: usize) -> Sorted<'_> {
        let runs = self.sources.get(source).map_or(&[][..], |(r, _)| r);
        let mut sorted = Sorted::new(self, Vec::new());
        sorted.start(runs);
        sorted
    }

    /// The findings of one source a row at a time, for an output that
    /// replays the source's rows in order (`Rows::take`).
    pub fn rows_of(&self, source: usize) -> Rows<'_> {
        Rows {
            list: self.of_source(source).peekable(),
            found: Vec::new(),
        }
    }

    /// Every finding, in no particular order (before `Run::finish`).
    pub fn unordered(&self) -> impl Iterator<Item = io::Result<Cow<'_, Finding>>> {
        (0..self.runs.runs()).flat_map(|r| self.runs.iter(r))
    }

    /// How many findings each code has, and its worst severity.
    pub fn by_code(&self) -> &BTreeMap<Code, (u64, Severity)> {
        &self.by_code
    }
}

/// A source's findings handed out row by row (`Findings::rows_of`).
pub struct Rows<'a> {
    list: std::iter::Peekable<Sorted<'a>>,
    found: Vec<Cow<'a, Finding>>,
}

impl<'a> Rows<'a> {
    /// The findings of `row`, those of rows before it (which the replay
    /// did not give) passed over. Rows must be asked for in order.
    pub fn take(&mut self, row: u64) -> io::Result<&[Cow<'a, Finding>]> {
        self.found.clear();
        while let Some(f) = self
            .list
            .next_if(|f| f.as_ref().map_or(true, |f| f.row <= row))
        {
            match f {
                Ok(f) if f.row == row => self.found.push(f),
                Ok(_) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(&self.found)
    }
}

/// A source's runs (into `Findings::runs`), in the order opened, and the
/// place (row, field rank) of the last finding pushed to the newest.
type SourceRuns = (Vec<usize>, Option<(u64, u8)>);

/// Findings in order, merged from their runs; see [`Findings::iter`].
pub struct Sorted<'a> {
    store: &'a Findings,
    groups: std::vec::IntoIter<&'a Vec<usize>>,
    /// The runs being merged, each with its next finding.
    heads: Vec<(Option<Cow<'a, Finding>>, RunIter<'a, Finding>)>,
    failed: bool,
}

impl<'a> Sorted<'a> {
    fn new(store: &'a Findings, groups: Vec<&'a Vec<usize>>) -> Sorted<'a> {
        Sorted {
            store,
            groups: groups.into_iter(),
            heads: Vec::new(),
            failed: false,
        }
    }

    /// Starts merging `runs`.
    fn start(&mut self, runs: &[usize]) {
        self.heads = runs
            .iter()
            .map(|&r| (None, self.store.runs.iter(r)))
            .collect();
        for i in 0..self.heads.len() {
            self.advance(i);
        }
    }

    /// Reads run `i`'s next finding into its head.
    fn advance(&mut self, i: usize) {
        let (head, run) = &mut self.heads[i];
        *head = match run.next() {
            Some(Ok(f)) => Some(f),
            Some(Err(_)) => {
                self.failed = true;
                None
            }
            None => None,
        };
    }
}

impl<'a> Iterator for Sorted<'a> {
    type Item = io::Result<Cow<'a, Finding>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.failed {
                self.failed = false;
                self.heads.clear();
                self.groups = Vec::new().into_iter();
                return Some(Err(io::Error::other(
                    "the temporary file of findings could not be read",
                )));
            }
            // The first run (opened earliest) wins a tie.
            let next = self
                .heads
                .iter()
                .enumerate()
                .filter_map(|(i, (h, _))| h.as_ref().map(|f| (key(f), i)))
                .min();
            if let Some((_, i)) = next {
                let f = self.heads[i].0.take();
                self.advance(i);
                return f.map(Ok);
            }
            let runs = self.groups.next()?;
            self.start(runs);
        }
    }
}

/// An identifier on more than one row: its field, its value and its rows,
/// in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub field: Field,
    pub value: crate::ids::Canon,
    pub places: Vec<Place>,
}

/// Everything a check run found: what reports draw.
#[derive(Debug, Default)]
pub struct Run {
    pub sources: Vec<Source>,
    pub findings: Findings,
    /// The identifiers found on several rows (each of those rows also has
    /// a `FIELD.duplicate` finding).
    pub shared: Vec<Shared>,
    pub summary: Summary,
    pub failures: Vec<Failure>,
    /// Sheets read but left out: (file, sheet) without identifier columns.
    pub skipped: Vec<(String, String)>,
    /// What each file read held when first opened, by path: taken when a
    /// report will read the files again, to tell they did not change.
    pub stamps: std::collections::HashMap<std::path::PathBuf, crate::input::Stamp>,
    /// The students' names, when the configuration asks for them.
    pub names: Option<Names>,
}

impl Run {
    /// The student of every row with findings that has a name, by source
    /// and row, in row order within each source (after `finish`: a
    /// duplicate's rows are named too), and the duplicates' rows whose
    /// names were let go (to be read again). Empty when the names were
    /// not gathered.
    pub fn students(&self) -> io::Result<Students> {
        let mut out = Students::default();
        let Some(names) = &self.names else {
            return Ok(out);
        };
        for source in 0..self.sources.len() {
            // The rows with findings, each with whether one is a
            // duplicate.
            let mut rows: Vec<(u64, bool)> = Vec::new();
            for f in self.findings.of_source(source) {
                let f = f?;
                let duplicate = f.code.kind() == Kind::Duplicate;
                match rows.last_mut() {
                    Some((row, dup)) if *row == f.row => *dup |= duplicate,
                    _ => rows.push((f.row, duplicate)),
                }
            }
            if rows.is_empty() {
                continue;
            }
            let first = out.named.len();
            if let Some(list) = names.of(source) {
                for block in list {
                    for (row, name) in block?.iter() {
                        out.named.push((source, row, name.to_string()));
                    }
                }
            }
            let mut next = rows.iter().peekable();
            for (row, name) in names.spare_of(source) {
                while next.next_if(|(r, _)| *r < row).is_some() {}
                if next.peek().is_some_and(|(r, _)| *r == row) {
                    out.named.push((source, row, name.to_string()));
                }
            }
            let named = &mut out.named[first..];
            named.sort_unstable_by_key(|&(_, row, _)| row);
            let named: Vec<u64> = named.iter().map(|&(_, row, _)| row).collect();
            for &(_, first, last) in names.dropped.iter().filter(|d| d.0 == source) {
                let from = rows.partition_point(|(r, _)| *r < first);
                for &(row, dup) in rows[from..].iter().take_while(|(r, _)| *r <= last) {
                    if dup && named.binary_search(&row).is_err() {
                        out.unnamed.push((source, row));
                    }
                }
            }
        }
        Ok(out)
    }

    /// Orders the findings by file, sheet, row and field (see
    /// [`Findings`]), recounts the rows a duplicate makes errors, and
    /// fills `by_code`.
    pub fn finish(&mut self) {
        self.findings.order(&self.sources);
        self.count_duplicated_rows();
        self.summary.by_code = self
            .findings
            .by_code()
            .iter()
            .map(|(c, (n, _))| (*c, *n))
            .collect();
    }

    /// Recounts the rows that hold a duplicate: the checks counted each
    /// row by its own cells and cross-checks, and a duplicate (an error)
    /// comes after them. A row's status is the highest severity among all
    /// its findings, so such a row counts with the errors, whatever it
    /// was counted as before.
    fn count_duplicated_rows(&mut self) {
        let duplicates = |c: &Code| c.kind() == Kind::Duplicate;
        if !self.findings.by_code().keys().any(duplicates) {
            return;
        }
        for source in 0..self.sources.len() {
            // The worst severity of the row's own findings, and whether a
            // duplicate is among them, row by row.
            let mut row: Option<(u64, Option<Severity>, bool)> = None;
            let recount = |row: Option<(u64, Option<Severity>, bool)>, s: &mut Summary| {
                let Some((_, before, true)) = row else {
                    return;
                };
                match before {
                    Some(Severity::Error) => return,
                    Some(Severity::Warning) => s.rows_with_warnings -= 1,
                    _ => s.rows_ok -= 1,
                }
                s.rows_with_errors += 1;
            };
            for f in self.findings.of_source(source) {
                let Ok(f) = f else {
                    break;
                };
                if row.is_some_and(|(r, _, _)| r != f.row) {
                    recount(row.take(), &mut self.summary);
                }
                let (_, before, dup) = row.get_or_insert((f.row, None, false));
                if f.code.kind() == Kind::Duplicate {
                    *dup = true;
                } else {
                    *before = (*before).max(Some(f.severity));
                }
            }
            recount(row, &mut self.summary);
        }
    }

    /// The most serious severity found, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.by_code().values().map(|(_, s)| *s).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// `finish` orders findings as a stable sort by file, sheet, row and
        /// field name does (sources of the same name interleave by row),
        /// whether they stay in memory or not.
        #[test]
        fn finish_is_a_stable_sort_by_place(
            cells in prop::collection::vec((0usize..4, 1u64..6, 0usize..=Field::ALL.len()), 0..200),
            budget in prop_oneof![Just(HELD), 0usize..4000],
        ) {
            // Held in memory, or written to the temporary file in part
            // or whole: the same order.
            let mut run = Run {
                findings: Findings::with_budget(budget),
                ..Run::default()
            };
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
            let mut expected: Vec<Finding> =
                run.findings.unordered().map(|f| f.unwrap().into_owned()).collect();
            expected.sort_by(|a, b| {
                let (sa, sb) = (&run.sources[a.source], &run.sources[b.source]);
                (&sa.file, &sa.sheet, a.row, a.field.as_str())
                    .cmp(&(&sb.file, &sb.sheet, b.row, b.field.as_str()))
            });
            run.finish();
            let got: Vec<_> = run.findings.iter().map(|f| f.unwrap().value.clone()).collect();
            let order = |v: &[Finding]| v.iter().map(|f| f.value.clone()).collect::<Vec<_>>();
            prop_assert_eq!(got, order(&expected));
        }
    }
}
