//! Every Spanish string, rendered in every variant, read as an office
//! would: no «de el», no code point (`U+200B`), no «tabla(s)».

use super::*;
use crate::config::{ArgsError, Output, TableHeaders, UsageError};
use crate::findings::{Code, Holders, Place, Skip};
use crate::ids::{Context, Date, Severity};
use crate::input::InputError;

/// What no clerk should read (as words: «decide el siglo» is fine).
const WRONG: [&str; 5] = [" de el ", " a el ", "U+", "(s)", "(es)"];

/// Sample values of each kind, valid and broken in every way the checks
/// tell apart (synthetic: RENAPO's and the ministry's examples, or made
/// up by the project's generators).
const VALUES: [&str; 40] = [
    "HEGG560427MVZRRL04",
    "HEGG560427MVZRRL05",
    "HEGG560427MVZRRL0",
    "HEGG56O427MVZRRL04",
    "HEGG561327MVZRRL04",
    "HEGG560427ZVZRRL04",
    "HEGG560427MCXRRL04",
    "HEGG560427MDFRRL0O",
    "BUEY560427MVZRRL04",
    "HEGG560427MVZRRL0\u{200b}",
    "HEGG560427MVZRRÑ04",
    "HEGG560427XVZRRL04",
    "HEGG300427MVZRRLO4",
    "HEGG560427MVZRRL0\u{1F600}",
    "HEGG560427MVZRRL0\u{ad}",
    "HEGG560427MVZRRL0\u{feff}",
    "HEGG560427MVZRRL0\u{fffd}",
    "HEGG560427MVZRRL0\u{a0}",
    "HEGG560427MVZRRL0\u{7}",
    "HEGG560427MVZRRL0\u{2062}",
    "28138801999",
    "28138801998",
    "2813880199",
    "2813880199O",
    "28 1388 0199 9",
    "２8138801999",
    "28998801999",
    "281234567840",
    "28123456784",
    "281234567841",
    "991234567840",
    "531234567840",
    "2,81234567840E+11",
    "12345678Z",
    "12345678A",
    "1234567",
    "K1234567L",
    "X1234567L",
    "GODE561231GR8",
    "GODE561231GR9",
];

fn every_lang() -> impl Iterator<Item = Lang> {
    Lang::ALL.into_iter().chain([Lang::ES])
}

fn assert_clean(text: &str) {
    let spaced = format!(" {text}");
    for wrong in WRONG {
        assert!(!spaced.contains(wrong), "«{wrong}» in: {text}");
    }
    assert!(!spaced.contains(" De el "), "«De el» in: {text}");
}

fn finding(field: Field, kind: Kind, note: Note) -> Finding {
    Finding {
        source: 0,
        row: 4,
        field,
        column: Some(1),
        value: Some("28138801998".to_string()),
        severity: Severity::Error,
        code: Code::new(field, kind),
        note,
        suggestion: Some("28138801999".to_string()),
    }
}

/// A finding of every note, on every field it can be about.
fn findings() -> Vec<Finding> {
    let headers = vec!["CURP".to_string(), "Nombre".to_string()];
    let date = |y, m, d| Date::new(y, m, d).unwrap();
    let mut all = Vec::new();
    for field in Field::ALL {
        all.push(finding(
            field,
            Kind::Missing,
            Note::Missing { placeholder: None },
        ));
        all.push(finding(
            field,
            Kind::Missing,
            Note::Missing {
                placeholder: Some("N/A".into()),
            },
        ));
        all.push(finding(field, Kind::Missing, Note::Uncalculated));
        all.push(finding(
            field,
            Kind::Missing,
            Note::ErrorCell {
                error: "#N/A".into(),
            },
        ));
        all.push(finding(
            field,
            Kind::MissingColumn,
            Note::MissingColumn {
                headers: headers.clone(),
            },
        ));
        for who in [Holders::Same, Holders::Others, Holders::Unknown] {
            for others in [1, 2] {
                all.push(finding(
                    field,
                    Kind::Duplicate,
                    Note::Duplicate {
                        others: vec![Place { source: 0, row: 9 }],
                        total: others + 1,
                        who,
                    },
                ));
            }
        }
        all.push(finding(
            field,
            Kind::DuplicateColumn,
            Note::DuplicateColumn {
                used: ("B".into(), "NSS".into()),
                unread: vec![("C".into(), "NSS".into())],
            },
        ));
        all.push(finding(
            field,
            Kind::DuplicateColumn,
            Note::DuplicateColumn {
                used: ("B".into(), "NSS".into()),
                unread: vec![("C".into(), "NSS".into()), ("D".into(), "NSS".into())],
            },
        ));
    }
    let row = Field::Row;
    all.extend([
        finding(
            Field::NSS,
            Kind::Missing,
            Note::PaddedNumber {
                restored: "01234567890".into(),
            },
        ),
        finding(row, Kind::UnclosedQuote, Note::UnclosedQuote { lines: 1 }),
        finding(row, Kind::TooLong, Note::TooLong { limit: 1 << 20 }),
        finding(
            row,
            Kind::Ragged,
            Note::Ragged {
                cells: 20_000,
                headers: 3,
            },
        ),
        finding(
            row,
            Kind::Ragged,
            Note::Ragged {
                cells: 4,
                headers: 3,
            },
        ),
        finding(
            row,
            Kind::Ragged,
            Note::Ragged {
                cells: 2,
                headers: 3,
            },
        ),
        finding(
            Field::CURP,
            Kind::NameMismatch,
            Note::NameMismatch {
                curp: "HEGG-RRL".into(),
                row: "HEGG-RZL".into(),
                name: "Gloria Hernández".into(),
            },
        ),
        finding(
            Field::CURP,
            Kind::BirthdateMismatch,
            Note::BirthdateMismatch {
                curp: date(1956, 4, 27),
                row: date(1956, 4, 28),
            },
        ),
        finding(
            Field::CURP,
            Kind::SexMismatch,
            Note::SexMismatch {
                curp: 'M',
                row: 'H',
            },
        ),
        finding(
            Field::NSS,
            Kind::BirthYearMismatch,
            Note::BirthYearMismatch {
                nss: 88,
                curp: 1956,
            },
        ),
        finding(Field::Nacimiento, Kind::Unreadable, Note::UnreadableDate),
        finding(
            row,
            Kind::Swapped,
            Note::Swapped {
                first: (Field::CURP, "28138801999".into()),
                second: (Field::NSS, "HEGG560427MVZRRL04".into()),
                fixed: ("HEGG560427MVZRRL04".into(), "28138801999".into()),
            },
        ),
        finding(row, Kind::Skipped, Note::BlankRows { through: 8 }),
        finding(row, Kind::Skipped, Note::BlankRows { through: 4 }),
    ]);
    for why in [
        Skip::Blank,
        Skip::Header,
        Skip::Title,
        Skip::Footer,
        Skip::Heading,
        Skip::NoPerson,
    ] {
        all.push(finding(row, Kind::Skipped, Note::Skipped(why)));
    }
    all
}

fn input_errors() -> Vec<InputError> {
    use InputError::*;
    vec![
        NotFound,
        PermissionDenied,
        EmptyDirectory,
        Unsupported("pdf".into()),
        Empty,
        UnknownEncoding("klingon".into()),
        Csv("bad".into()),
        Workbook("bad".into()),
        NoSuchSheet("1B".into()),
        TooLong { row: 3 },
        RangeTooLarge,
        HtmlNotWorkbook,
        Binary,
        Encrypted,
        Damaged("bad".into()),
        ZipBomb(3 << 30),
        TooManyStrings,
        BrokenLink,
        LinkLoop,
        NotAFile,
        TooLargeToCopy,
        NoIdentifierColumn {
            headers: vec!["A".into(); 20],
        },
        NoRosterSheet,
        Io(std::io::Error::other("bad")),
        DamagedFrom {
            sheet: Some("1B".into()),
            row: Some(12),
            error: Box::new(Damaged("bad".into())),
        },
        DamagedFrom {
            sheet: None,
            row: None,
            error: Box::new(Damaged("bad".into())),
        },
        Changed,
    ]
}

fn usage_errors() -> Vec<UsageError> {
    use UsageError::*;
    let table = |sheet: Option<&str>| TableHeaders {
        file: "a.xlsx".into(),
        sheet: sheet.map(String::from),
        headers: vec!["CURP".into()],
    };
    let mut all = vec![
        BadToday("x".into()),
        BadColumn("x".into()),
        UnknownField("x".into()),
        BadDelimiter("x".into()),
        BadEncoding("x".into()),
        OutputIsInput(Output::Report, "a.xlsx".into()),
        OutputIsInput(Output::Json, "a.json".into()),
        SameOutput("a.xlsx".into()),
        OutputIsDirectory("a".into()),
        OutputDirMissing("a".into()),
        BadThreads,
        TooManyThreads(1000),
    ];
    for tables in [1, 6, 7] {
        all.push(UnmatchedColumn {
            field: Field::NSS,
            header: "IMSS".into(),
            tables: (0..tables)
                .map(|i| table((i % 2 == 0).then_some("1B")))
                .collect(),
        });
    }
    all.extend(
        [
            ArgsError::Unexpected {
                arg: "--jsn".into(),
                suggestion: Some("--json".into()),
            },
            ArgsError::Unexpected {
                arg: "x".into(),
                suggestion: None,
            },
            ArgsError::MissingValue {
                arg: "--json <ARCHIVO>".into(),
            },
            ArgsError::BadValue {
                arg: "--lang".into(),
                value: "fr".into(),
                valid: vec!["es".into()],
            },
            ArgsError::BadValue {
                arg: "--threads".into(),
                value: "x".into(),
                valid: vec![],
            },
            ArgsError::Missing {
                args: vec!["<ENTRADA>...".into()],
            },
            ArgsError::Conflict {
                arg: "-o".into(),
                with: None,
            },
            ArgsError::Conflict {
                arg: "-o".into(),
                with: Some("--no-report".into()),
            },
            ArgsError::NotText,
            ArgsError::Other("x".into()),
        ]
        .map(Args),
    );
    all
}

/// Every message, description, error and phrase, in every variant.
#[test]
fn no_spanish_string_says_de_el_or_a_code_point_or_a_bracketed_plural() {
    let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
    let sources = vec![crate::findings::Source {
        file: "alumnos.xlsx".into(),
        sheet: Some("1B".into()),
        ..Default::default()
    }];
    let mut rendered = 0;
    for lang in every_lang() {
        let mut say = |text: String| {
            assert_clean(&text);
            rendered += 1;
        };
        for code in findings::tests::every_code() {
            say(code_description(lang, code).to_string());
        }
        for f in findings() {
            say(message(lang, &f, &sources));
        }
        for kind in IdKind::ALL {
            for value in VALUES {
                let outcome = kind.check(value, &ctx);
                say(verdict(lang, kind, outcome.status, value));
                if let Some(parts) = &outcome.parts {
                    say(parts_line(lang, parts));
                }
                for issue in &outcome.issues {
                    let fix = issue.suggestion.map(|s| s.to_string());
                    say(id_message(
                        lang,
                        kind,
                        issue.problem,
                        &issue.detail,
                        fix.as_deref(),
                        value,
                    ));
                }
            }
        }
        for e in input_errors() {
            say(input_error(lang, &e));
        }
        for e in usage_errors() {
            say(usage_error(lang, &e));
        }
        for text in page::every_label(lang) {
            say(text.to_string());
        }
        for (_, name) in page::languages() {
            say(name.to_string());
        }
        for text in [
            page::serving(lang, "http://127.0.0.1:8765/t/0/"),
            page::port_taken(lang, 8765, 8766),
            page::cannot_serve(lang, 8765, "denied"),
            page::cannot_open_browser(lang).to_string(),
            page::stopped(lang).to_string(),
            page::not_found(lang).to_string(),
            page::refused(lang).to_string(),
            page::too_large(lang, 200),
            page::no_files(lang).to_string(),
            page::too_many_files(lang, 100),
            page::bad_upload(lang).to_string(),
            page::no_such_job(lang).to_string(),
            page::cannot_keep(lang, "disk full"),
            page::no_report(lang, "disk full"),
            page::no_corrected(lang, "disk full"),
        ] {
            say(text);
        }
        for n in [0, 1, 2, 1_000_000] {
            say(say::rows_read(lang, n, n as usize));
            say(say::rows_skipped(lang, n));
            say(say::nothing_checked(lang, n as usize, true));
            say(say::more_codes(lang, n as usize));
        }
    }
    assert!(rendered > 2_000, "{rendered}");
}

/// The words each office uses, and those common to both.
#[test]
fn each_country_has_its_words() {
    use report as l;
    assert_eq!(
        [Lang::ES_MX, Lang::ES_ES, Lang::En].map(|lang| [
            l::sheet_summary(lang),
            l::sheet_findings(lang),
            l::sheet_roster(lang),
            l::sheet_duplicates(lang)
        ]),
        [
            ["Resumen", "Hallazgos", "Padrón", "Duplicados"],
            ["Resumen", "Incidencias", "Listado", "Duplicados"],
            ["Summary", "Findings", "Roster", "Duplicates"],
        ]
    );
    let nuss = Code::new(Field::NUSS, Kind::Id(crate::ids::Problem::CheckDigit));
    let curp = Code::new(Field::CURP, Kind::Id(crate::ids::Problem::CheckDigit));
    for lang in [Lang::ES_MX, Lang::ES_ES, Lang::ES] {
        assert!(code_description(lang, nuss).contains("dígitos de control"));
    }
    assert!(code_description(Lang::ES_MX, curp).contains("dígito verificador"));
    assert!(code_description(Lang::ES_ES, curp).contains("dígito de control"));
    // The page: Spain's words once placed there, Mexico's before.
    let findings = |lang| page::labels(lang)["findings"].clone();
    assert_eq!(findings(Lang::ES_ES), "Incidencias");
    assert_eq!(findings(Lang::ES_MX), "Hallazgos");
    assert_eq!(findings(Lang::ES), "Hallazgos");
    assert_eq!(findings(Lang::En), "Findings");
    assert!(page::serving(Lang::ES_ES, "x").contains("ordenador"));
    // The default report's name is the same in both countries.
    assert_eq!(l::report_suffix(Lang::ES_ES), l::report_suffix(Lang::ES_MX));
}

/// Counts as each country writes them.
#[test]
fn counts_have_the_reader_s_separators() {
    assert_eq!(
        say::rows_read(Lang::ES_MX, 1_000_000, 2),
        "1,000,000 filas leídas en 2 tablas."
    );
    assert_eq!(
        say::rows_read(Lang::ES_ES, 1_000_000, 1),
        "1.000.000 filas leídas en 1 tabla."
    );
    assert_eq!(say::rows_read(Lang::En, 1, 1), "1 row read in 1 table.");
    assert_eq!(
        say::rows_read(Lang::ES_ES, 1, 1),
        "1 fila leída en 1 tabla."
    );
    assert_eq!(number(Lang::ES_ES, 12_345), "12.345");
    assert_eq!(number(Lang::ES_ES, 999), "999");
    assert_eq!(number(Lang::ES_MX, 1_000), "1,000");
    assert_eq!(decimal(Lang::ES_ES, 1.5), "1,5");
    assert_eq!(decimal(Lang::ES_MX, 1.5), "1.5");
}

/// Characters are named in words a clerk can act on.
#[test]
fn characters_are_named_in_words() {
    let es = Lang::ES_MX;
    assert_eq!(show_char(es, '\u{200b}'), "un espacio invisible");
    assert_eq!(show_char(es, 'Ñ'), "la letra «Ñ»");
    assert_eq!(show_char(es, 'O'), "la letra «O»");
    assert_eq!(show_char(es, '0'), "el dígito «0»");
    assert_eq!(show_char(es, '\u{7}'), "un carácter de control");
    assert_eq!(show_char(es, '\u{2062}'), "un carácter invisible");
    assert_eq!(show_char(Lang::En, '\u{a0}'), "a non-breaking space");
}
