//! Writes the synthetic sample rosters in fixtures/ (run from the
//! repository root): `cargo run --example make_fixtures`.
//!
//! Every person is invented; every identifier is computed from the rules
//! (names → CURP letters, check digits), then one documented fault is
//! injected per row. fixtures/README.md lists what each row should give.

use roster_check::ids::{curp, names::curp_letters, nss, nuss};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

struct Student {
    paterno: &'static str,
    materno: &'static str,
    nombre: &'static str,
    birth: (i32, u32, u32),
    sex: char,
    state: &'static str,
    nss_head: &'static str, // subdelegation + registration year
    seq: &'static str,      // 4 digits
}

impl Student {
    fn curp(&self) -> String {
        let k = curp_letters(self.nombre, self.paterno, self.materno);
        let (y, m, d) = self.birth;
        let initials: String = k.initials.iter().map(|&b| char::from(b)).collect();
        let cons: String = k.consonants.iter().map(|&b| char::from(b)).collect();
        let h = if y < 2000 { '0' } else { 'A' };
        let first17 = format!(
            "{initials}{:02}{m:02}{d:02}{}{}{cons}{h}",
            y % 100,
            self.sex,
            self.state
        );
        curp::complete(&first17)
            .expect("valid alphabet")
            .to_string()
    }

    fn nss(&self) -> String {
        let first10 = format!("{}{:02}{}", self.nss_head, self.birth.0 % 100, self.seq);
        format!(
            "{first10}{}",
            nss::calc_check_digit(&first10).expect("10 digits")
        )
    }

    fn birth(&self) -> String {
        let (y, m, d) = self.birth;
        format!("{d:02}/{m:02}/{y}")
    }
}

const MX: [Student; 16] = [
    Student {
        paterno: "GARCÍA",
        materno: "LÓPEZ",
        nombre: "ANA SOFÍA",
        birth: (2008, 3, 14),
        sex: 'M',
        state: "JC",
        nss_head: "0423",
        seq: "1234",
    },
    Student {
        paterno: "HERNÁNDEZ",
        materno: "RUIZ",
        nombre: "JOSÉ LUIS",
        birth: (2007, 11, 2),
        sex: 'H',
        state: "DF",
        nss_head: "3922",
        seq: "4411",
    },
    Student {
        paterno: "MARTÍNEZ",
        materno: "SOTO",
        nombre: "VALERIA",
        birth: (2008, 6, 30),
        sex: 'M',
        state: "NL",
        nss_head: "0323",
        seq: "0078",
    },
    Student {
        paterno: "PÉREZ",
        materno: "DÍAZ",
        nombre: "MARÍA FERNANDA",
        birth: (2009, 1, 19),
        sex: 'M',
        state: "PL",
        nss_head: "4324",
        seq: "5120",
    },
    Student {
        paterno: "RAMÍREZ",
        materno: "CRUZ",
        nombre: "DIEGO",
        birth: (2007, 8, 8),
        sex: 'H',
        state: "VZ",
        nss_head: "1622",
        seq: "3302",
    },
    Student {
        paterno: "TORRES",
        materno: "VEGA",
        nombre: "CAMILA",
        birth: (2008, 12, 24),
        sex: 'M',
        state: "GT",
        nss_head: "1223",
        seq: "0912",
    },
    Student {
        paterno: "FLORES",
        materno: "MORALES",
        nombre: "EMILIANO",
        birth: (2008, 4, 5),
        sex: 'H',
        state: "MC",
        nss_head: "9023",
        seq: "2231",
    },
    Student {
        paterno: "GÓMEZ",
        materno: "REYES",
        nombre: "XIMENA",
        birth: (2009, 2, 11),
        sex: 'M',
        state: "OC",
        nss_head: "7124",
        seq: "6140",
    },
    Student {
        paterno: "DÍAZ",
        materno: "JIMÉNEZ",
        nombre: "SANTIAGO",
        birth: (2007, 9, 27),
        sex: 'H',
        state: "DF",
        nss_head: "2822",
        seq: "7011",
    },
    Student {
        paterno: "CRUZ",
        materno: "ORTIZ",
        nombre: "ALEX",
        birth: (2008, 7, 16),
        sex: 'X',
        state: "JC",
        nss_head: "5423",
        seq: "0044",
    },
    Student {
        paterno: "MORALES",
        materno: "CASTILLO",
        nombre: "REGINA",
        birth: (2008, 10, 3),
        sex: 'M',
        state: "YN",
        nss_head: "8323",
        seq: "1190",
    },
    Student {
        paterno: "NÚÑEZ",
        materno: "PEÑA",
        nombre: "IKER",
        birth: (2009, 5, 21),
        sex: 'H',
        state: "SR",
        nss_head: "2424",
        seq: "3071",
    },
    Student {
        paterno: "REYES",
        materno: "MENDOZA",
        nombre: "RENATA",
        birth: (2007, 3, 9),
        sex: 'M',
        state: "CH",
        nss_head: "3322",
        seq: "8802",
    },
    Student {
        paterno: "VARGAS",
        materno: "SILVA",
        nombre: "MATEO",
        birth: (2008, 1, 28),
        sex: 'H',
        state: "SL",
        nss_head: "2323",
        seq: "4456",
    },
    Student {
        paterno: "CASTRO",
        materno: "ROJAS",
        nombre: "LUCÍA",
        birth: (2008, 9, 12),
        sex: 'M',
        state: "AS",
        nss_head: "5123",
        seq: "2210",
    },
    Student {
        paterno: "BAEZ",
        materno: "CAMPOS",
        nombre: "ANDREA",
        birth: (2008, 5, 4),
        sex: 'M',
        state: "HG",
        nss_head: "1323",
        seq: "9901",
    },
];

/// Rows 18-24: faults only a cross-field check sees, and two spellings
/// that must not be flagged.
const CROSS: [Student; 7] = [
    Student {
        paterno: "IBARRA",
        materno: "LUNA",
        nombre: "SOFÍA",
        birth: (2008, 6, 9),
        sex: 'M',
        state: "JC",
        nss_head: "0423",
        seq: "5501",
    },
    Student {
        paterno: "OCHOA",
        materno: "MEJÍA",
        nombre: "PAULA",
        birth: (2008, 2, 17),
        sex: 'M',
        state: "MN",
        nss_head: "5323",
        seq: "6602",
    },
    Student {
        paterno: "URIBE",
        materno: "SALAS",
        nombre: "TOMÁS",
        birth: (2008, 8, 30),
        sex: 'H',
        state: "DF",
        nss_head: "3723",
        seq: "7703",
    },
    Student {
        paterno: "LARA",
        materno: "PONCE",
        nombre: "EMMA",
        birth: (2009, 3, 3),
        sex: 'M',
        state: "PL",
        nss_head: "4324",
        seq: "8804",
    },
    Student {
        paterno: "LARA",
        materno: "PONCE",
        nombre: "NOÉ",
        birth: (2009, 3, 3),
        sex: 'H',
        state: "PL",
        nss_head: "4324",
        seq: "8805",
    },
    Student {
        paterno: "MUÑOZ",
        materno: "IBÁÑEZ",
        nombre: "SERGIO",
        birth: (2008, 11, 1),
        sex: 'H',
        state: "QT",
        nss_head: "1223",
        seq: "9906",
    },
    Student {
        paterno: "ROSAS",
        materno: "VIDAL",
        nombre: "CARLOS",
        birth: (2008, 4, 22),
        sex: 'H',
        state: "ZS",
        nss_head: "1623",
        seq: "1107",
    },
];

/// A cross-field row: (CURP, NSS, paterno, materno, nombre, birth cell, sex cell).
fn cross_row(i: usize, s: &Student) -> [String; 7] {
    let (curp, nss) = (s.curp(), s.nss());
    let (y, m, d) = s.birth;
    let mut row = [
        curp,
        nss,
        s.paterno.into(),
        s.materno.into(),
        s.nombre.into(),
        s.birth(),
        s.sex.to_string(),
    ];
    match i {
        0 => row[5] = format!("{m:02}/{d:02}/{y}"), // curp.birthdate_mismatch (day and month swapped)
        1 => row[6] = "H".into(),                   // curp.sex_mismatch
        2 => {
            // nss.birth_year_mismatch: the NSS says born 07
            let first10 = format!("{}07{}", s.nss_head, s.seq);
            row[1] = format!(
                "{first10}{}",
                nss::calc_check_digit(&first10).expect("digits")
            );
        }
        4 => row[1] = CROSS[3].nss(), // nss.duplicate with row 21 (a twin given the sibling's number)
        5 => {
            // typed without tildes: MUNOZ IBANEZ must still match MUÑOZ IBÁÑEZ
            row[2] = "MUNOZ".into();
            row[3] = "IBANEZ".into();
        }
        6 => row[4] = "JUAN CARLOS".into(), // an extra given name: still CARLOS's CURP
        _ => {}                             // row 21: nss.duplicate with row 22
    }
    row
}

/// The fault injected in each Mexican row, with the finding it should give.
fn mx_row(i: usize, s: &Student) -> (String, String) {
    let (curp, nss) = (s.curp(), s.nss());
    match i {
        1 => (swap_char(&curp, 14, 'T'), nss), // curp.check_digit (a consonant mistyped)
        2 => (curp, nss[1..].to_string()),     // nss.leading_zero_lost (03…)
        3 => (spaced_lower(&curp), nss),       // curp.normalized
        4 => (curp, last_digit_off(&nss)),     // nss.check_digit
        5 => (future_curp(&curp), nss),        // curp.date (future)
        6 => (curp, String::new()),            // nss.missing (empty)
        7 => (curp, "SIN NSS".to_string()),    // nss.missing (placeholder)
        8 => (with_state(&curp, "CX"), nss),   // curp.state (CX -> DF)
        9 => (curp, nss),                      // curp.sex_x (warning)
        10 => (curp, "9.0233119E+10".to_string()), // nss.scientific_notation
        11 => (curp.replacen('X', "Ñ", 1), nss), // curp.format (Ñ)
        12 => (
            curp,
            format!(
                "{}-{}-{}-{}-{}",
                &nss[..2],
                &nss[2..4],
                &nss[4..6],
                &nss[6..10],
                &nss[10..]
            ),
        ), // nss.normalized
        14 => (curp, inconvenient(&nss)),      // nss.registration_before_birth
        15 => (anexo2(&curp), nss),            // curp.inconvenient_word
        _ => (curp, nss),                      // rows 1 and 14: clean
    }
}

fn swap_char(s: &str, at: usize, c: char) -> String {
    s.chars()
        .enumerate()
        .map(|(i, x)| if i == at { c } else { x })
        .collect()
}

fn last_digit_off(s: &str) -> String {
    let last = s.as_bytes()[s.len() - 1] - b'0';
    format!("{}{}", &s[..s.len() - 1], (last + 1) % 10)
}

fn spaced_lower(s: &str) -> String {
    format!(" {} {} ", &s[..10].to_lowercase(), &s[10..].to_lowercase())
}

/// Position 17 set to the letter O: the century becomes 2000s, a future
/// birth year 20YY for YY > 26 is not possible with these students, so
/// use the 2088 trick on the year digits instead.
fn future_curp(s: &str) -> String {
    let body = format!("{}88{}", &s[..4], &s[6..17]);
    curp::complete(&body).expect("alphabet").to_string()
}

fn with_state(s: &str, state: &str) -> String {
    let body = format!("{}{state}{}", &s[..11], &s[13..17]);
    curp::complete(&body).expect("alphabet").to_string()
}

/// BAEZ CAMPOS ANDREA gives BACA, which RENAPO writes BXCA; here the
/// unreplaced form, as a person deriving it by hand would type it.
fn anexo2(s: &str) -> String {
    let body = format!("BACA{}", &s[4..17]);
    curp::complete(&body).expect("alphabet").to_string()
}

/// An NSS registered in 1999 for a student born in 2008.
fn inconvenient(s: &str) -> String {
    let first10 = format!("{}99{}", &s[..2], &s[4..10]);
    format!(
        "{first10}{}",
        nss::calc_check_digit(&first10).expect("digits")
    )
}

fn nuss(p: u32, body: u64) -> String {
    let first10 = format!("{p:02}{body:08}");
    format!(
        "{first10}{}",
        nuss::calc_check_digits(&first10).expect("digits")
    )
}

fn es_rows() -> Vec<[String; 4]> {
    let row = |n: &str, a: &str, nuss: String, c: &str| {
        [n.to_string(), a.to_string(), nuss, c.to_string()]
    };
    let legacy = nuss(28, 3_456_789); // body < 10^7
    let legacy_written = format!("{}/{}/{}", &legacy[..2], &legacy[3..10], &legacy[10..]);
    let zero = nuss(8, 23_456_781);
    let ambiguous = format!("{}{}", &nuss(2, 81_234_567)[1..], "");
    vec![
        row(
            "1",
            "SÁNCHEZ MOLINA, LUCÍA",
            nuss(28, 12_340_561),
            "4º ESO A",
        ),
        row(
            "2",
            "LÓPEZ GARCÍA, PABLO",
            {
                let n = nuss(46, 20_345_118);
                format!("{}/{}/{}", &n[..2], &n[2..10], &n[10..])
            },
            "4º ESO A",
        ),
        row("3", "FERNÁNDEZ RUIZ, MARTA", legacy_written, "4º ESO A"),
        row(
            "4",
            "GONZÁLEZ PÉREZ, HUGO",
            zero[1..].to_string(),
            "4º ESO B",
        ),
        row("5", "MUÑOZ DÍAZ, ALBA", ambiguous, "4º ESO B"),
        row(
            "6",
            "ROMERO NAVARRO, DANIEL",
            last_digit_off(&nuss(41, 55_021_937)),
            "1º BACH",
        ),
        row("7", "ALONSO TORRES, SARA", nuss(98, 12_345_778), "1º BACH"),
        row(
            "8",
            "GUTIÉRREZ GIL, ÁLVARO",
            nuss(66, 10_203_040),
            "1º BACH",
        ),
        row(
            "9",
            "NAVARRO SERRANO, PAULA",
            "281234567".to_string(),
            "1º BACH",
        ),
        row(
            "10",
            "TORRES DOMÍNGUEZ, MARIO",
            nuss(8, 61_234_567).replacen('0', "O", 1),
            "2º BACH",
        ),
        row("11", "DOMÍNGUEZ VÁZQUEZ, NOA", String::new(), "2º BACH"),
        row(
            "12",
            "VÁZQUEZ RAMOS, IKER",
            "2,81235E+11".to_string(),
            "2º BACH",
        ),
        row("13", "RAMOS BLANCO, CLAUDIA", nuss(51, 23_456), "2º BACH"),
        row("14", "GIL MOLINA, JORGE", nuss(15, 87_654_321), "2º BACH"),
        // Siblings given their mother's number, copied from a health card.
        row("15", "PARDO ROMERO, LEIRE", nuss(20, 45_678_901), "3º ESO"),
        row("16", "PARDO ROMERO, UNAI", nuss(20, 45_678_901), "1º BACH"),
    ]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let header = [
        "No.",
        "CURP",
        "NSS",
        "Apellido Paterno",
        "Apellido Materno",
        "Nombre(s)",
        "Fecha de nacimiento",
        "Sexo",
    ];
    let mut mx: Vec<Vec<String>> = Vec::new();
    for (i, s) in MX.iter().enumerate() {
        let (c, n) = mx_row(i, s);
        mx.push(vec![
            (i + 1).to_string(),
            c,
            n,
            s.paterno.into(),
            s.materno.into(),
            s.nombre.into(),
            s.birth(),
            s.sex.to_string(),
        ]);
    }
    for (i, s) in CROSS.iter().enumerate() {
        let mut row = vec![(MX.len() + i + 1).to_string()];
        row.extend(cross_row(i, s));
        mx.push(row);
    }
    let mut w = csv::Writer::from_path("fixtures/alumnos_mx.csv")?;
    w.write_record(header)?;
    for r in &mx {
        w.write_record(r)?;
    }
    w.flush()?;

    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path("fixtures/alumnos_es.csv")?;
    w.write_record(["Nº", "Apellidos, Nombre", "Nº afiliación S.S.", "Curso"])?;
    for r in es_rows() {
        w.write_record(&r)?;
    }
    w.flush()?;

    // The Mexican roster as an office workbook: a title sheet with notes,
    // then the roster with NSS typed as numbers (so Excel dropped zeros).
    let mut wb = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2026, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&fixed));
    let notes = wb.add_worksheet().set_name("Notas")?;
    notes.write_string(0, 0, "Padrón de alumnos: datos ficticios para pruebas")?;
    let ws = wb.add_worksheet().set_name("Alumnos")?;
    let bold = Format::new().set_bold();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, row) in mx.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            // Numbers typed into an office workbook: the row number and
            // every all-digit NSS (so Excel dropped leading zeros).
            let all_digits = !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
            match v.parse::<f64>() {
                Ok(n) if all_digits && (c == 0 || c == 2) => ws.write_number(r, c, n)?,
                _ => ws.write_string(r, c, v)?,
            };
        }
    }
    wb.save("fixtures/alumnos_mx.xlsx")?;
    Ok(())
}
