//! Realistic Mexican rosters for benchmarks, shared (through `#[path]`) by
//! examples/gen_roster.rs and benches/pipeline.rs: names, CURPs built by
//! the ids name rules, NSS, birth dates and sex, with about 8 % of rows
//! carrying one fault of every kind the tool reports. Deterministic.

use std::collections::HashSet;

use roster_check::ids::{curp, names::curp_letters, nss, Date};

/// xorshift64*: small, fast, deterministic; quality is ample for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }
    fn chance(&mut self, per_thousand: u64) -> bool {
        self.below(1000) < per_thousand
    }
}

const SURNAMES: [&str; 60] = [
    "HERNÁNDEZ",
    "GARCÍA",
    "MARTÍNEZ",
    "LÓPEZ",
    "GONZÁLEZ",
    "PÉREZ",
    "RODRÍGUEZ",
    "SÁNCHEZ",
    "RAMÍREZ",
    "CRUZ",
    "FLORES",
    "GÓMEZ",
    "MORALES",
    "VÁZQUEZ",
    "REYES",
    "JIMÉNEZ",
    "TORRES",
    "DÍAZ",
    "GUTIÉRREZ",
    "RUIZ",
    "MENDOZA",
    "AGUILAR",
    "ORTIZ",
    "MORENO",
    "CASTILLO",
    "ROMERO",
    "ÁLVAREZ",
    "MÉNDEZ",
    "CHÁVEZ",
    "RIVERA",
    "JUÁREZ",
    "RAMOS",
    "DOMÍNGUEZ",
    "HERRERA",
    "MEDINA",
    "CASTRO",
    "VARGAS",
    "GUZMÁN",
    "VELÁZQUEZ",
    "MUÑOZ",
    "ROJAS",
    "DE LA CRUZ",
    "CONTRERAS",
    "SALAZAR",
    "LUNA",
    "ORTEGA",
    "SANTIAGO",
    "GUERRERO",
    "BAUTISTA",
    "CORTÉS",
    "SOTO",
    "ALVARADO",
    "ESPINOZA",
    "LARA",
    "ÁVILA",
    "RÍOS",
    "CERVANTES",
    "SILVA",
    "DELGADO",
    "NÚÑEZ",
];
const GIVEN_F: [&str; 30] = [
    "MARÍA JOSÉ",
    "SOFÍA",
    "XIMENA",
    "VALENTINA",
    "REGINA",
    "CAMILA",
    "MARÍA FERNANDA",
    "VALERIA",
    "RENATA",
    "ANA SOFÍA",
    "NATALIA",
    "DANIELA",
    "ANDREA",
    "MARIANA",
    "ISABELLA",
    "LUCÍA",
    "PAULA",
    "FERNANDA",
    "ALEJANDRA",
    "GUADALUPE",
    "MARÍA GUADALUPE",
    "ITZEL",
    "DIANA",
    "KARLA",
    "ABRIL",
    "MONSERRAT",
    "ZOE",
    "EMILIA",
    "FRIDA",
    "JIMENA",
];
const GIVEN_M: [&str; 30] = [
    "SANTIAGO",
    "MATEO",
    "SEBASTIÁN",
    "LEONARDO",
    "EMILIANO",
    "DIEGO",
    "JOSÉ LUIS",
    "MIGUEL ÁNGEL",
    "DANIEL",
    "ALEJANDRO",
    "JESÚS",
    "JUAN CARLOS",
    "LUIS ÁNGEL",
    "CARLOS",
    "FERNANDO",
    "ÁNGEL",
    "IKER",
    "ANTONIO",
    "JOSÉ ANTONIO",
    "EDUARDO",
    "RICARDO",
    "ÓSCAR",
    "BRUNO",
    "GAEL",
    "ÍÑIGO",
    "RODRIGO",
    "JAVIER",
    "MANUEL",
    "JUAN PABLO",
    "ERICK",
];
const SUBDELEGATIONS: [&str; 16] = [
    "01", "03", "04", "12", "13", "15", "16", "21", "23", "24", "28", "31", "38", "43", "51", "90",
];

struct Student {
    paterno: &'static str,
    materno: &'static str,
    nombre: &'static str,
    birth: Date,
    sex: char,
    curp: String,
    nss: String,
}

/// Identifiers already issued: RENAPO and IMSS never give one twice.
#[derive(Default)]
struct Issued {
    curp: HashSet<String>,
    nss: HashSet<String>,
}

fn student(rng: &mut Rng, issued: &mut Issued) -> Student {
    let female = rng.chance(500);
    let nombre = if female {
        *rng.pick(&GIVEN_F)
    } else {
        *rng.pick(&GIVEN_M)
    };
    let (paterno, materno) = (*rng.pick(&SURNAMES), *rng.pick(&SURNAMES));
    let birth = Date::from_unix_days(
        Date::new(2006, 1, 1).map_or(0, |d| d.unix_days()) + rng.below(6 * 365) as i64,
    )
    .unwrap_or(Date::MIN);
    let sex = if female { 'M' } else { 'H' };
    let state = curp::STATES[rng.below(32) as usize].0;
    let k = curp_letters(nombre, paterno, materno);
    let initials: String = k.initials.iter().map(|&b| char::from(b)).collect();
    let consonants: String = k.consonants.iter().map(|&b| char::from(b)).collect();
    let curp = loop {
        let homonymy = char::from(b'A' + rng.below(26) as u8);
        let first17 = format!(
            "{initials}{:02}{:02}{:02}{sex}{state}{consonants}{homonymy}",
            birth.year() % 100,
            birth.month(),
            birth.day()
        );
        let c = curp::complete(&first17)
            .map(|c| c.to_string())
            .unwrap_or_default();
        if issued.curp.insert(c.clone()) {
            break c;
        }
    };
    let nss = loop {
        // Registered some year between birth and 2026 (students also get
        // their own NSS at 15); wide enough that every bucket has room.
        let span = (2026 - birth.year()).max(1) as u64;
        let registration = (birth.year() + 1 + rng.below(span) as i32).min(2026) % 100;
        let first10 = format!(
            "{}{registration:02}{:02}{:04}",
            rng.pick(&SUBDELEGATIONS),
            birth.year() % 100,
            rng.below(10_000)
        );
        let n = format!(
            "{first10}{}",
            nss::calc_check_digit(&first10).unwrap_or('0')
        );
        if issued.nss.insert(n.clone()) {
            break n;
        }
    };
    Student {
        paterno,
        materno,
        nombre,
        birth,
        sex,
        curp,
        nss,
    }
}

/// Applies one fault (about 8 % of rows): each kind the tool reports.
fn fault(rng: &mut Rng, s: &mut Student, row: &mut [String; 10], previous_nss: &str) {
    if !rng.chance(80) {
        return;
    }
    let swap = |s: &str, at: usize, c: char| -> String {
        s.chars()
            .enumerate()
            .map(|(i, x)| if i == at { c } else { x })
            .collect()
    };
    match rng.below(14) {
        0 => {
            row[1] = swap(
                &s.curp,
                13,
                if s.curp.as_bytes()[13] == b'B' {
                    'C'
                } else {
                    'B'
                },
            )
        } // curp.check_digit (+ name)
        1 => row[1] = format!(" {} ", s.curp.to_lowercase()), // curp.normalized
        2 => {
            row[1] = curp::complete(&format!("{}13{}", &s.curp[..6], &s.curp[8..17]))
                .map(|c| c.to_string())
                .unwrap_or_default()
        } // curp.date (month 13)
        3 => {
            row[1] = curp::complete(&format!("{}CX{}", &s.curp[..11], &s.curp[13..17]))
                .map(|c| c.to_string())
                .unwrap_or_default()
        } // curp.state
        4 => row[2] = s.nss.trim_start_matches('0').to_string(), // nss.leading_zero_lost (when it had a zero)
        5 => {
            row[2] = swap(
                &s.nss,
                10,
                char::from(b'0' + ((s.nss.as_bytes()[10] - b'0' + 1) % 10)),
            )
        } // nss.check_digit
        6 => {
            row[2] = rng
                .pick(&["", "SIN NSS", "N/A", "PENDIENTE", "0"])
                .to_string()
        } // nss.missing
        7 => row[2] = format!("{:.5E}", s.nss.parse::<f64>().unwrap_or(0.0)).replace('.', ","), // nss.scientific_notation
        8 => {
            row[2] = format!(
                "{}-{}-{}-{}-{}",
                &s.nss[..2],
                &s.nss[2..4],
                &s.nss[4..6],
                &s.nss[6..10],
                &s.nss[10..]
            )
        } // nss.normalized
        9 => {
            row[6] = format!(
                "{:02}/{:02}/{}",
                s.birth.month(),
                s.birth.day(),
                s.birth.year()
            )
        } // curp.birthdate_mismatch
        10 => row[7] = if s.sex == 'M' { "H".into() } else { "M".into() }, // curp.sex_mismatch
        11 => row[2] = previous_nss.to_string(), // nss.duplicate (+ birth year)
        12 => row[1] = String::new(),            // curp.missing
        _ => row[1] = s.curp.replacen(&s.curp[..1], "Ñ", 1), // curp.format
    }
}

pub fn rows(n: u64, seed: u64) -> impl Iterator<Item = [String; 10]> {
    let mut rng = Rng(seed.max(1));
    let mut issued = Issued::default();
    let mut previous_nss = String::from("28138801999");
    (0..n).map(move |i| {
        let mut s = student(&mut rng, &mut issued);
        let mut row = [
            (i + 1).to_string(),
            s.curp.clone(),
            s.nss.clone(),
            s.paterno.to_string(),
            s.materno.to_string(),
            s.nombre.to_string(),
            format!(
                "{:02}/{:02}/{}",
                s.birth.day(),
                s.birth.month(),
                s.birth.year()
            ),
            s.sex.to_string(),
            // The school (CCT) and the group, as state rosters carry them.
            format!(
                "{:02}DST{:04}{}",
                1 + i / 40_000 % 32,
                i / 1200 % 10_000,
                char::from(b'A' + (i / 1200 % 26) as u8)
            ),
            format!("{}{}", 1 + i % 3, char::from(b'A' + (i / 3 % 6) as u8)),
        ];
        fault(&mut rng, &mut s, &mut row, &previous_nss);
        previous_nss = s.nss;
        row
    })
}

pub const HEADER: [&str; 10] = [
    "No.",
    "CURP",
    "NSS",
    "Apellido Paterno",
    "Apellido Materno",
    "Nombre(s)",
    "Fecha de nacimiento",
    "Sexo",
    "CCT",
    "Grupo",
];
