//! Stage 0, pure identifier rules: a value as a person typed it goes in, a
//! structured [`Outcome`] comes out. No I/O, no clock, no threads: "today" is
//! a parameter ([`Context`]), and messages are rendered elsewhere (`i18n`)
//! from the language-free [`Detail`] carried here.
//!
//! Every identifier module has the same small API, after python-stdnum:
//! `compact`, `check`, `is_valid`, `format` and `calc_check_digit(s)`.
//! Checks run in a fixed order (length, format, components, check digit) and
//! a value gets only the first failing hard rule; soft findings (warnings and
//! notes) are kept only when no hard rule failed.

mod canon;
mod clean;
pub mod curp;
mod date;
pub mod dni;
pub mod names;
pub mod nss;
pub mod nuss;
pub mod rfc;

pub use canon::Canon;
pub use date::Date;

/// What the rest of the program knows of one identifier: each kind's file
/// under `src/ids/` defines its `DESCRIPTOR`, and [`kinds!`] lists them.
/// The checks, the duplicate finder, the column detector, `id`, the JSON
/// and the report read this table, never a kind by name, except where a
/// rule is about two particular identifiers (a CURP against the row's
/// names, an NSS against a NUSS column).
#[derive(Debug)]
pub struct Descriptor {
    /// The kind this describes.
    pub kind: IdKind,
    /// The field name in codes, JSON and `--col` (`curp`, `nss` …).
    pub name: &'static str,
    /// Headers that name this identifier's column, as
    /// `columns::header_key` writes them (lower case, no accents, spaces
    /// or punctuation).
    pub headers: &'static [&'static str],
    /// The value without separators, upper case: what duplicates compare
    /// when a value has no canonical form.
    pub compact: fn(&str) -> String,
    /// The checks ([`IdKind::check`]).
    pub check: fn(&str, &Context) -> Outcome,
    /// The fast lane ([`IdKind::quick`]), if the kind has one: true only
    /// for a value already in its canonical form and valid with nothing
    /// to say.
    pub quick: Option<fn(&str, Date) -> bool>,
    /// What people write in this identifier's cell when they have none
    /// ("SIN RFC", the SAT's generic RFC …), besides the words any cell
    /// may hold (`check::placeholder`); upper case.
    pub placeholders: &'static [&'static str],
    /// For an identifier of digits only, how many: a spreadsheet that
    /// stored it as a number dropped its leading zeros, which
    /// [`IdKind::check_with`] restores.
    pub digits: Option<usize>,
    /// Its test vectors, a file in `fixtures/vectors/`.
    pub vectors: &'static str,
}

/// The identifier table. Each line declares a kind: its variant of
/// [`IdKind`] (in this order), its descriptor and the type of its decoded
/// parts (a variant of [`Parts`]). `IdKind::ALL`, `IdKind::COUNT` and
/// `IdKind::descriptor` are made from it, so a kind cannot be half
/// declared.
macro_rules! kinds {
    ($($(#[$doc:meta])* $kind:ident => $descriptor:path, $parts:ty;)*) => {
        /// The identifiers roster-check knows.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize,
            serde::Deserialize,
        )]
        pub enum IdKind {
            $($(#[$doc])* $kind,)*
        }

        impl IdKind {
            /// Every kind, in the table's order (listings, detection ties).
            pub const ALL: [IdKind; [$(IdKind::$kind),*].len()] = [$(IdKind::$kind),*];

            /// How many kinds there are.
            pub const COUNT: usize = IdKind::ALL.len();

            /// This kind's entry in the identifier table.
            ///
            /// ```
            /// use roster_check::ids::IdKind;
            /// assert_eq!(IdKind::Nss.descriptor().digits, Some(11));
            /// ```
            pub const fn descriptor(self) -> &'static Descriptor {
                match self {
                    $(IdKind::$kind => &$descriptor,)*
                }
            }
        }

        /// The decoded parts of a well-formed identifier, by kind.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Parts {
            $($(#[$doc])* $kind($parts),)*
        }
    };
}

kinds! {
    /// Mexican CURP (18 characters).
    Curp => curp::DESCRIPTOR, curp::CurpParts;
    /// Mexican IMSS social-security number (11 digits).
    Nss => nss::DESCRIPTOR, nss::NssParts;
    /// Spanish social-security number, NUSS / NAF (12 digits).
    Nuss => nuss::DESCRIPTOR, nuss::NussParts;
    /// Spanish DNI or NIE (9 characters: 8 digits or X/Y/Z and 7 digits,
    /// then a check letter).
    Dni => dni::DESCRIPTOR, dni::DniParts;
    /// Mexican RFC (13 characters for people, 12 for companies).
    Rfc => rfc::DESCRIPTOR, rfc::RfcParts;
}

// Each descriptor sits at its kind's place in the table.
const _: () = {
    let mut i = 0;
    while i < IdKind::COUNT {
        assert!(IdKind::ALL[i].descriptor().kind as usize == i);
        i += 1;
    }
};

impl IdKind {
    /// The field name used in codes and JSON (`curp`, `nss`, `nuss`, `dni`,
    /// `rfc`).
    ///
    /// ```
    /// assert_eq!(roster_check::ids::IdKind::Nuss.as_str(), "nuss");
    /// ```
    pub fn as_str(self) -> &'static str {
        self.descriptor().name
    }

    /// Runs this kind's checks on `value`.
    ///
    /// ```
    /// use roster_check::ids::{Context, Date, IdKind, Status};
    /// let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
    /// assert_eq!(IdKind::Nss.check("28138801999", &ctx).status, Status::Valid);
    /// ```
    pub fn check(self, value: &str, ctx: &Context) -> Outcome {
        (self.descriptor().check)(value, ctx)
    }

    /// Like [`IdKind::check`], knowing how the value reached us. With
    /// [`Hint::ZerosLost`] (a spreadsheet stored the identifier as a
    /// number) a number shorter than the identifier is read with its
    /// leading zeros restored: `leading_zero_lost` with the restored value
    /// when that validates, rather than a legacy or ambiguous reading.
    ///
    /// ```
    /// use roster_check::ids::{Context, Date, Hint, IdKind, Problem, Status};
    /// let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
    /// // As text, 11 digits of a NUSS can be two numbers ...
    /// assert_eq!(IdKind::Nuss.check("28123456742", &ctx).status, Status::Ambiguous);
    /// // ... but a number cell lost a zero.
    /// let o = IdKind::Nuss.check_with("28123456742", &ctx, Hint::ZerosLost);
    /// assert_eq!(o.issues[0].problem, Problem::LeadingZeroLost);
    /// assert_eq!(o.issues[0].suggestion.unwrap().as_str(), "028123456742");
    /// ```
    pub fn check_with(self, value: &str, ctx: &Context, hint: Hint) -> Outcome {
        let Some(width) = self.descriptor().digits else {
            return self.check(value, ctx);
        };
        let digits = value.trim();
        let short = !digits.is_empty()
            && digits.len() < width
            && digits.bytes().all(|b| b.is_ascii_digit());
        if hint != Hint::ZerosLost || !short {
            return self.check(value, ctx);
        }
        let mut padded = Canon::new(&"0".repeat(width - digits.len()));
        padded.push_str(digits);
        let as_text = self.check(value, ctx);
        let mut o = self.check(padded.as_str(), ctx);
        if o.status != Status::Valid {
            return as_text;
        }
        let legacy = as_text.issues.iter().find_map(|i| match i.detail {
            Detail::TwoReadings { legacy, .. } => Some(legacy),
            _ => None,
        });
        let detail = Detail::ZeroLost {
            digits: digits.len(),
            expected: width,
            legacy,
        };
        o.status = Status::Repairable;
        o.issues.insert(
            0,
            Issue::new(Problem::LeadingZeroLost, Severity::Warning, detail).suggest(padded),
        );
        o
    }

    /// True for a value already written exactly as it should be (its own
    /// canonical form) and valid with nothing to say, when this kind has
    /// such a fast lane (CURP, NSS, DNI/NIE): the same verdict as
    /// [`IdKind::check`] without building an [`Outcome`]. False means
    /// "run the check".
    ///
    /// ```
    /// use roster_check::ids::{Date, IdKind};
    /// let today = Date::new(2026, 11, 23).unwrap();
    /// assert!(IdKind::Nss.quick("28138801999", today));
    /// assert!(!IdKind::Nss.quick("28138801998", today));
    /// ```
    pub fn quick(self, value: &str, today: Date) -> bool {
        self.descriptor()
            .quick
            .is_some_and(|quick| quick(value, today))
    }

    /// The value without separators, upper case.
    ///
    /// ```
    /// use roster_check::ids::IdKind;
    /// assert_eq!(IdKind::Curp.compact(" hegg-560427 "), "HEGG560427");
    /// ```
    pub fn compact(self, value: &str) -> String {
        (self.descriptor().compact)(value)
    }

    /// Guesses which identifier a lone value is meant to be, from its shape:
    /// letters and 18 characters make a CURP; 12-13 characters an RFC
    /// when letters are half of them or they start with three or four
    /// letters and six digits; 8 digits, or 9
    /// characters ending in a letter, a DNI/NIE; 11 digits an NSS unless
    /// written in the Spanish `PP/NNNNNNN/DD` grouping; 12 digits, or a
    /// slash anywhere, a NUSS. The first of those kinds under which the
    /// value is not invalid wins.
    ///
    /// ```
    /// use roster_check::ids::{Context, Date, IdKind};
    /// let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
    /// assert_eq!(IdKind::detect("28138801999", &ctx), IdKind::Nss);
    /// assert_eq!(IdKind::detect("28/12345678/40", &ctx), IdKind::Nuss);
    /// assert_eq!(IdKind::detect("28/1234567/42", &ctx), IdKind::Nuss);
    /// assert_eq!(IdKind::detect("hegg560427mvzrrl04", &ctx), IdKind::Curp);
    /// assert_eq!(IdKind::detect("12345678-z", &ctx), IdKind::Dni);
    /// assert_eq!(IdKind::detect("X1234567L", &ctx), IdKind::Dni);
    /// // An RFC whose check character is wrong is still an RFC.
    /// assert_eq!(IdKind::detect("MOHA900101T51", &ctx), IdKind::Rfc);
    /// assert_eq!(IdKind::detect("MAB9307148T4", &ctx), IdKind::Rfc);
    /// ```
    pub fn detect(value: &str, ctx: &Context) -> IdKind {
        let candidates = clean::candidate_kinds(value);
        candidates
            .iter()
            .copied()
            .find(|k| k.check(value, ctx).status != Status::Invalid)
            .unwrap_or(candidates[0])
    }
}

impl IdKind {
    /// The other kinds a lone value also reads as (not invalid under them),
    /// besides `chosen`: `28123456742` is an NSS and also a NUSS.
    ///
    /// ```
    /// use roster_check::ids::{Context, Date, IdKind};
    /// let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
    /// assert_eq!(IdKind::Nss.others_fitting("28123456742", &ctx), vec![IdKind::Nuss]);
    /// assert!(IdKind::Nss.others_fitting("28138801999", &ctx).is_empty());
    /// ```
    pub fn others_fitting(self, value: &str, ctx: &Context) -> Vec<IdKind> {
        clean::candidate_kinds(value)
            .into_iter()
            .filter(|&k| k != self && k.check(value, ctx).status != Status::Invalid)
            .collect()
    }
}

impl std::fmt::Display for IdKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a value reached the checks, when that says something about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Hint {
    /// Text as typed.
    #[default]
    None,
    /// The value went through a number: leading zeros were dropped.
    ZerosLost,
}

/// What the checks need to know about the world: only the date of today,
/// so that ids never reads the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// Birth dates after this day are impossible.
    pub today: Date,
}

impl Context {
    /// A context for checks run on `today`.
    ///
    /// ```
    /// use roster_check::ids::{Context, Date};
    /// let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
    /// assert_eq!(ctx.today.year(), 2026);
    /// ```
    pub fn new(today: Date) -> Context {
        Context { today }
    }
}

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    /// Accepted as is; worth knowing.
    Info,
    /// Probably fine, or fixable without asking anyone; look at it.
    Warning,
    /// Will be rejected by the authority; must be fixed.
    Error,
}

impl Severity {
    /// The JSON name: `info`, `warning` or `error`.
    ///
    /// ```
    /// assert_eq!(roster_check::ids::Severity::Warning.as_str(), "warning");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The verdict on a value, as ../shared/spec/IDENTIFIERS.md defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Passes every hard rule as written (perhaps after removing separators).
    Valid,
    /// Passes only after a documented, lossless repair; see `Outcome::canonical`.
    Repairable,
    /// Valid under two different readings; a person must decide.
    Ambiguous,
    /// Fails a hard rule.
    Invalid,
}

/// What is wrong (or worth noting) about one value. The finding code is
/// `<field>.<name()>`, e.g. `curp.check_digit`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Problem {
    /// Wrong number of characters after removing separators.
    Length,
    /// A character not allowed at its position.
    Format,
    /// The check digit(s) do not match.
    CheckDigit,
    /// The DNI/NIE check letter does not match the number.
    CheckLetter,
    /// A spreadsheet dropped leading zero(s).
    LeadingZeroLost,
    /// Saved in scientific notation: digits are lost.
    ScientificNotation,
    /// Accepted after removing separators or fixing case.
    Normalized,
    /// CURP positions 5-10 are not a real date, or a future one.
    Date,
    /// CURP position 11 is not H, M or X.
    Sex,
    /// CURP sex marker X (non-binary), issued by RENAPO since 2023.
    SexX,
    /// CURP positions 12-13 are not a state code.
    State,
    /// CURP positions 1-4 spell an Anexo 2 word.
    InconvenientWord,
    /// NUSS positions 1-2 are not a province code.
    Province,
    /// NUSS: 11 digits valid under two readings.
    Ambiguous,
    /// NUSS written in the old 11-digit form.
    LegacyForm,
    /// NSS registration year earlier than its birth year.
    RegistrationBeforeBirth,
}

impl Problem {
    /// The second half of the finding code.
    ///
    /// ```
    /// assert_eq!(roster_check::ids::Problem::CheckDigit.name(), "check_digit");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Problem::Length => "length",
            Problem::Format => "format",
            Problem::CheckDigit => "check_digit",
            Problem::CheckLetter => "check_letter",
            Problem::LeadingZeroLost => "leading_zero_lost",
            Problem::ScientificNotation => "scientific_notation",
            Problem::Normalized => "normalized",
            Problem::Date => "date",
            Problem::Sex => "sex",
            Problem::SexX => "sex_x",
            Problem::State => "state",
            Problem::InconvenientWord => "inconvenient_word",
            Problem::Province => "province",
            Problem::Ambiguous => "ambiguous",
            Problem::LegacyForm => "legacy_form",
            Problem::RegistrationBeforeBirth => "registration_before_birth",
        }
    }
}

/// The class of character a position expects, for format messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum CharClass {
    /// 0-9.
    Digit,
    /// A-Z.
    Letter,
    /// A, E, I, O, U or X.
    VowelOrX,
    /// A consonant B-Z (X included).
    ConsonantOrX,
    /// 0-9 or A-Z.
    DigitOrLetter,
}

/// A character that shows as nothing (zero-width spaces and joiners, a
/// soft hyphen, direction marks, a byte-order mark): text pasted from a
/// web page or a PDF carries them into a cell. Removing one changes
/// nothing a person sees, so a value that is valid without them is proved.
pub fn is_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{ad}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
    )
}

/// The ASCII letter or digit that `ch` is drawn as, when it is one in
/// another script: a full-width digit or letter (typed with an Asian
/// keyboard layout) or a Cyrillic or Greek capital that looks exactly
/// like a Latin one. Like an invisible character, replacing it changes
/// nothing a person sees.
pub fn same_glyph(ch: char) -> Option<char> {
    let latin = match ch {
        '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}' => {
            char::from_u32(ch as u32 - 0xfee0)?
        }
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'С' => 'C',
        'Е' | 'Ε' => 'E',
        'Н' | 'Η' => 'H',
        'І' | 'Ι' => 'I',
        'Ј' => 'J',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'Ѕ' => 'S',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'У' | 'Υ' => 'Y',
        'Ζ' => 'Z',
        _ => return None,
    };
    Some(latin)
}

/// The facts behind a finding, language-free; `i18n` turns them into words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Detail {
    /// Nothing more to say than the problem itself.
    None,
    /// `found` characters where `expected` were due. `zero_tried`: a leading
    /// zero was restored and the result still failed.
    Length {
        found: usize,
        expected: usize,
        zero_tried: bool,
    },
    /// `ch` at 1-based `position` where `expected` was due.
    BadChar {
        ch: char,
        position: usize,
        expected: CharClass,
    },
    /// `ch` at 1-based `position` can never be part of this identifier
    /// (an invisible character, a letter of another script, an emoji …);
    /// reported instead of the wrong length it causes.
    Foreign { ch: char, position: usize },
    /// The check digit(s) (or letter) should be `expected`, not `found`.
    CheckDigit { expected: Canon, found: Canon },
    /// CURP date fields that name no real day.
    NoSuchDate { year: i32, month: u32, day: u32 },
    /// A birth date after today; `marker` is position 17, which set the
    /// century.
    FutureDate { date: Date, marker: char },
    /// CURP sex marker that is not H, M or X.
    Sex { found: char },
    /// CURP state code not in the list; `suggest` is the right code when the
    /// mistake is a known one (CX for Mexico City, which is DF).
    State { code: Canon, suggest: Option<Canon> },
    /// CURP positions 1-4 are an Anexo 2 word; RENAPO writes `replacement`.
    Word { word: Canon, replacement: Canon },
    /// NUSS province code outside 01-52 (53 and 66 are warnings).
    Province { code: u8 },
    /// `digits` digits in a number that needs `expected`; restored as the
    /// suggestion says. `legacy`: the old 11-digit NUSS reading, also valid,
    /// when the value could be that too.
    ZeroLost {
        digits: usize,
        expected: usize,
        legacy: Option<Canon>,
    },
    /// NUSS in its old 11-digit form.
    Legacy,
    /// Two readings of an 11-digit NUSS that are both valid.
    TwoReadings { legacy: Canon, zero_lost: Canon },
    /// The value as written, before normalisation.
    Normalized,
    /// NSS years, both in the window of the hundred years up to today.
    Years { registration: i32, birth: i32 },
    /// Scientific notation that kept every digit: the number it writes.
    Scientific { restored: Canon },
}

/// One finding about one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// What is wrong.
    pub problem: Problem,
    /// How much it matters.
    pub severity: Severity,
    /// The facts for the message.
    pub detail: Detail,
    /// The corrected value, when the rules prove it.
    pub suggestion: Option<Canon>,
}

impl Issue {
    pub(crate) fn new(problem: Problem, severity: Severity, detail: Detail) -> Issue {
        Issue {
            problem,
            severity,
            detail,
            suggestion: None,
        }
    }

    pub(crate) fn error(problem: Problem, detail: Detail) -> Issue {
        Issue::new(problem, Severity::Error, detail)
    }

    pub(crate) fn suggest(mut self, value: Canon) -> Issue {
        self.suggestion = Some(value);
        self
    }
}

/// The result of checking one value: never a bare bool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Which rules were applied.
    pub kind: IdKind,
    /// The verdict.
    pub status: Status,
    /// The canonical form (no separators, upper case, repaired) when the
    /// status is `Valid` or `Repairable`.
    pub canonical: Option<Canon>,
    /// Findings, the hard failure (if any) alone, else the soft ones.
    pub issues: Vec<Issue>,
    /// Decoded parts, when the structure could be read.
    pub parts: Option<Parts>,
}

impl Outcome {
    pub(crate) fn invalid(kind: IdKind, issue: Issue) -> Outcome {
        Outcome {
            kind,
            status: Status::Invalid,
            canonical: None,
            issues: vec![issue],
            parts: None,
        }
    }

    /// True when the value passes every hard rule as written.
    ///
    /// ```
    /// use roster_check::ids::{nuss, Context, Date};
    /// let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
    /// assert!(nuss::check("28/12345678/40", &ctx).is_valid());
    /// ```
    pub fn is_valid(&self) -> bool {
        self.status == Status::Valid
    }

    /// The most serious severity among the findings, if any.
    ///
    /// ```
    /// use roster_check::ids::{nss, Context, Date, Severity};
    /// let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
    /// assert_eq!(nss::check("28138801998", &ctx).worst(), Some(Severity::Error));
    /// assert_eq!(nss::check("28138801999", &ctx).worst(), None);
    /// ```
    pub fn worst(&self) -> Option<Severity> {
        self.issues.iter().map(|i| i.severity).max()
    }
}

#[cfg(test)]
mod tests;
