//! Spanish NUSS / NAF (Número de la Seguridad Social): 12 digits
//! `PP NNNNNNNN DD`, mod 97 with the legacy rule for bodies below
//! 10,000,000, and the 10- and 11-digit repairs. IDENTIFIERS.md §1.
//!
//! ```
//! use roster_check::ids::{nuss, Context, Date, Status};
//! let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
//! assert_eq!(nuss::check("28/12345678/40", &ctx).status, Status::Valid);
//! assert_eq!(nuss::check("28123456742", &ctx).status, Status::Ambiguous);
//! ```

use super::clean::{self, Cleaned};
use super::{
    Canon, Context, Descriptor, Detail, IdKind, Issue, Outcome, Parts, Problem, Severity, Status,
};

/// The NUSS entry of the identifier table.
pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    kind: IdKind::Nuss,
    name: "nuss",
    headers: &[
        "nuss",
        "naf",
        "noafiliacion",
        "nafiliacion",
        "nodeafiliacion",
        "numerodeafiliacion",
        "numeroafiliacion",
        "noafiliacionss",
        "nodeafiliacionss",
        "nafiliacionss",
        "numerodeafiliacionss",
        "numerodelaseguridadsocial",
        "nodelaseguridadsocial",
        "numseguridadsocial",
        "nussnaf",
        "nafnuss",
        "afiliacionss",
        "afiliacionseguridadsocial",
        "socialsecuritynumber",
        "ssn",
        "noss",
        "nodess",
        "numss",
        "numeross",
        "numerodess",
        "seguridadsocial",
        "nseguridadsocial",
    ],
    compact,
    check,
    quick: None,
    digits: Some(12),
    placeholders: &["SIN NUSS"],
    vectors: "es_nuss.tsv",
};

/// INE province codes 01-52 (index = code - 1).
const PROVINCES: [&str; 52] = [
    "Álava/Araba",
    "Albacete",
    "Alicante",
    "Almería",
    "Ávila",
    "Badajoz",
    "Illes Balears",
    "Barcelona",
    "Burgos",
    "Cáceres",
    "Cádiz",
    "Castellón",
    "Ciudad Real",
    "Córdoba",
    "A Coruña",
    "Cuenca",
    "Girona",
    "Granada",
    "Guadalajara",
    "Gipuzkoa",
    "Huelva",
    "Huesca",
    "Jaén",
    "León",
    "Lleida",
    "La Rioja",
    "Lugo",
    "Madrid",
    "Málaga",
    "Murcia",
    "Navarra",
    "Ourense",
    "Asturias",
    "Palencia",
    "Las Palmas",
    "Pontevedra",
    "Salamanca",
    "Santa Cruz de Tenerife",
    "Cantabria",
    "Segovia",
    "Sevilla",
    "Soria",
    "Tarragona",
    "Teruel",
    "Toledo",
    "Valencia",
    "Valladolid",
    "Bizkaia",
    "Zamora",
    "Zaragoza",
    "Ceuta",
    "Melilla",
];

/// What a well-formed NUSS says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NussParts {
    /// Positions 1-2.
    pub province: u8,
    /// The INE province name, for codes 01-52.
    pub province_name: Option<&'static str>,
}

/// How a province code stands: INE 01-52, seen-but-unofficial 53 and 66,
/// or unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProvinceStatus {
    Ine,
    Unusual,
    Unknown,
}

fn province_status(code: u32) -> ProvinceStatus {
    match code {
        1..=52 => ProvinceStatus::Ine,
        53 | 66 => ProvinceStatus::Unusual,
        _ => ProvinceStatus::Unknown,
    }
}

/// The INE name of a province code.
///
/// ```
/// assert_eq!(roster_check::ids::nuss::province_name(28), Some("Madrid"));
/// assert_eq!(roster_check::ids::nuss::province_name(66), None);
/// ```
pub fn province_name(code: u8) -> Option<&'static str> {
    PROVINCES.get(usize::from(code).checked_sub(1)?).copied()
}

/// Removes separators and surrounding space, and a trailing `.0`.
///
/// ```
/// assert_eq!(roster_check::ids::nuss::compact("28/12345678/40"), "281234567840");
/// ```
pub fn compact(value: &str) -> String {
    Cleaned::new(value, true).chars().iter().collect()
}

/// The mod-97 base of a province and a body: the province is glued to the
/// 7-digit body when the body is below 10,000,000 (legacy numbers), else
/// to the 8-digit body. u64: the base passes 2^31 for provinces >= 22.
fn base(province: u64, body: u64) -> u64 {
    if body < 10_000_000 {
        province * 10_000_000 + body
    } else {
        province * 100_000_000 + body
    }
}

/// The two control digits for the first ten digits of a 12-digit NUSS.
///
/// ```
/// use roster_check::ids::nuss::calc_check_digits;
/// assert_eq!(calc_check_digits("2812345678").as_deref(), Some("40"));
/// assert_eq!(calc_check_digits("2801234567").as_deref(), Some("42")); // legacy body
/// ```
pub fn calc_check_digits(first10: &str) -> Option<String> {
    if first10.len() != 10 || !first10.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let p: u64 = first10[..2].parse().ok()?;
    let n: u64 = first10[2..].parse().ok()?;
    Some(format!("{:02}", base(p, n) % 97))
}

/// The canonical 12 digits of province `p`, body `n` and control `dd`.
fn canonical(p: u64, n: u64, dd: u64) -> Canon {
    Canon::new(&format!("{p:02}{n:08}{dd:02}"))
}

/// Which readings of 11 digits the writing allows.
#[derive(Clone, Copy, PartialEq)]
enum Reading {
    /// `PP/NNNNNNN/DD`: legacy 7-digit body.
    Legacy,
    /// `P/NNNNNNNN/DD`: the province's leading zero was lost.
    ZeroLost,
    /// Bare digits: either.
    Either,
}

fn outcome(status: Status, canon: Canon, p: u64, issues: Vec<Issue>) -> Outcome {
    let province = p as u8;
    Outcome {
        kind: IdKind::Nuss,
        status,
        canonical: Some(canon),
        issues,
        parts: Some(Parts::Nuss(NussParts {
            province,
            province_name: province_name(province),
        })),
    }
}

fn province_issue(p: u64) -> Option<Issue> {
    let detail = Detail::Province { code: p as u8 };
    match province_status(p as u32) {
        ProvinceStatus::Ine => None,
        ProvinceStatus::Unusual => Some(Issue::new(Problem::Province, Severity::Warning, detail)),
        ProvinceStatus::Unknown => Some(Issue::error(Problem::Province, detail)),
    }
}

fn check_digit_issue(expected: u64, found: u64) -> Issue {
    let detail = Detail::CheckDigit {
        expected: Canon::new(&format!("{expected:02}")),
        found: Canon::new(&format!("{found:02}")),
    };
    Issue::error(Problem::CheckDigit, detail)
}

fn length_issue(found: usize, zero_tried: bool) -> Issue {
    let detail = Detail::Length {
        found,
        expected: 12,
        zero_tried,
    };
    Issue::error(Problem::Length, detail)
}

/// 12 digits: province, then control digits.
fn check12(d: u64, changed: bool) -> Outcome {
    let (p, n, dd) = (d / 10_000_000_000, d / 100 % 100_000_000, d % 100);
    let mut issues = Vec::new();
    if let Some(issue) = province_issue(p) {
        if issue.severity == Severity::Error {
            return Outcome::invalid(IdKind::Nuss, issue);
        }
        issues.push(issue);
    }
    let expected = base(p, n) % 97;
    if expected != dd {
        return Outcome::invalid(IdKind::Nuss, check_digit_issue(expected, dd));
    }
    let canon = canonical(p, n, dd);
    if changed {
        issues.insert(
            0,
            Issue::new(Problem::Normalized, Severity::Info, Detail::Normalized).suggest(canon),
        );
    }
    outcome(Status::Valid, canon, p, issues)
}

/// 11 digits: the legacy form or a lost leading zero. Both readings share
/// the same mod-97 base (the first nine digits), so only the grouping and
/// the province codes can tell them apart (IDENTIFIERS.md §1.5) -- except
/// when the lost-zero reading's 8-digit body starts with 0: the 12 digits
/// are then a legacy-rule number whose base is the province glued to the
/// 7-digit body, and at most one reading can check.
fn check11(d: u64, reading: Reading) -> Outcome {
    let (first9, dd) = (d / 100, d % 100);
    let legacy_p = first9 / 10_000_000;
    let legacy = (legacy_p, canonical(legacy_p, first9 % 10_000_000, dd));
    let (lost_p, lost_n) = (first9 / 100_000_000, first9 % 100_000_000);
    let lost = (lost_p, canonical(lost_p, lost_n, dd));
    let (legacy_expected, lost_expected) = (first9 % 97, base(lost_p, lost_n) % 97);
    let (legacy_ok, lost_ok) = (legacy_expected == dd, lost_expected == dd);
    let ok = |p: u64| province_status(p as u32) != ProvinceStatus::Unknown;
    let pick = match reading {
        Reading::Legacy if !legacy_ok => {
            return Outcome::invalid(IdKind::Nuss, check_digit_issue(legacy_expected, dd));
        }
        Reading::Legacy => Some((Problem::LegacyForm, legacy)),
        Reading::ZeroLost if !lost_ok => {
            return Outcome::invalid(IdKind::Nuss, check_digit_issue(lost_expected, dd));
        }
        Reading::ZeroLost => Some((Problem::LeadingZeroLost, lost)),
        Reading::Either => match (legacy_ok, lost_ok) {
            (false, false) => return Outcome::invalid(IdKind::Nuss, length_issue(11, true)),
            (true, false) => Some((Problem::LegacyForm, legacy)),
            (false, true) => Some((Problem::LeadingZeroLost, lost)),
            (true, true) => match (ok(legacy.0), ok(lost.0)) {
                (true, true) => None,
                (false, true) => Some((Problem::LeadingZeroLost, lost)),
                _ => Some((Problem::LegacyForm, legacy)),
            },
        },
    };
    let Some((problem, (p, canon))) = pick else {
        let detail = Detail::TwoReadings {
            legacy: legacy.1,
            zero_lost: lost.1,
        };
        return Outcome {
            kind: IdKind::Nuss,
            status: Status::Ambiguous,
            canonical: None,
            issues: vec![Issue::new(Problem::Ambiguous, Severity::Warning, detail)],
            parts: None,
        };
    };
    repaired(problem, p, canon, 11)
}

/// A repaired number: its province is checked, then it is reported with
/// the repair as a warning and the canonical form as the suggestion.
fn repaired(problem: Problem, p: u64, canon: Canon, digits: usize) -> Outcome {
    let mut issues = Vec::new();
    if let Some(issue) = province_issue(p) {
        if issue.severity == Severity::Error {
            return Outcome::invalid(IdKind::Nuss, issue);
        }
        issues.push(issue);
    }
    let detail = match problem {
        Problem::LegacyForm => Detail::Legacy,
        _ => Detail::ZeroLost {
            digits,
            expected: 12,
            legacy: None,
        },
    };
    issues.insert(
        0,
        Issue::new(problem, Severity::Warning, detail).suggest(canon),
    );
    outcome(Status::Repairable, canon, p, issues)
}

/// Checks a NUSS: scientific notation, length (12; 11 and 10 only as the
/// documented repairs), digits only, province, control digits.
///
/// ```
/// use roster_check::ids::{nuss, Context, Date, Problem, Status};
/// let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
/// let o = nuss::check("28/1234567/42", &ctx);
/// assert_eq!(o.status, Status::Repairable);
/// assert_eq!(o.canonical.unwrap().as_str(), "280123456742");
/// let o = nuss::check("81234567869", &ctx);
/// assert_eq!(o.issues[0].problem, Problem::LeadingZeroLost);
/// assert_eq!(o.issues[0].suggestion.unwrap().as_str(), "081234567869");
/// ```
pub fn check(value: &str, ctx: &Context) -> Outcome {
    let kind = IdKind::Nuss;
    let c = match clean::digits(kind, value, ctx, 10..=12, 12) {
        Ok(c) => c,
        Err(outcome) => return outcome,
    };
    let len = c.len();
    let d = c.digits().fold(0u64, |acc, x| acc * 10 + u64::from(x));
    match len {
        12 => check12(d, c.changed),
        11 => {
            let reading = match c.groups() {
                Some([2, 7, 2]) => Reading::Legacy,
                Some([1, 8, 2]) => Reading::ZeroLost,
                _ => Reading::Either,
            };
            check11(d, reading)
        }
        _ => {
            // 10 digits: a legacy number (P/NNNNNNN/DD) whose province lost
            // its leading zero; a province 00 is no reading at all.
            let (p, n, dd) = (d / 1_000_000_000, d / 100 % 10_000_000, d % 100);
            if p == 0 || base(p, n) % 97 != dd {
                return Outcome::invalid(kind, length_issue(10, true));
            }
            repaired(Problem::LeadingZeroLost, p, canonical(p, n, dd), 10)
        }
    }
}

/// True when `value` is a valid NUSS as written (separators allowed).
///
/// ```
/// assert!(roster_check::ids::nuss::is_valid("280123456742"));
/// assert!(!roster_check::ids::nuss::is_valid("280123456785")); // naive mod 97
/// ```
pub fn is_valid(value: &str) -> bool {
    // A NUSS carries no date: the context's day does not matter.
    check(value, &Context::new(super::Date::MIN)).is_valid()
}

/// The usual written form `PP/NNNNNNNN/DD` of a compact 12-digit NUSS
/// (other input is returned compacted).
///
/// ```
/// assert_eq!(roster_check::ids::nuss::format("281234567840"), "28/12345678/40");
/// ```
pub fn format(value: &str) -> String {
    let s = compact(value);
    if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}/{}/{}", &s[..2], &s[2..10], &s[10..])
    } else {
        s
    }
}
