//! IMSS NSS (Número de Seguridad Social, Mexico): 11 digits
//! `SS AA NN CCCC D`, Luhn check digit. Rules as in IDENTIFIERS.md §2.
//!
//! ```
//! use roster_check::ids::{nss, Context, Date, Problem};
//! let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
//! assert!(nss::check("28138801999", &ctx).is_valid());
//! assert_eq!(nss::check("28138801998", &ctx).issues[0].problem, Problem::CheckDigit);
//! ```

use super::clean::{self, Cleaned};
use super::{
    Canon, Context, Descriptor, Detail, IdKind, Issue, Outcome, Parts, Problem, Severity, Status,
};

/// The NSS entry of the identifier table.
pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    kind: IdKind::Nss,
    name: "nss",
    headers: &[
        "nss",
        "nssimss",
        "imss",
        "noimss",
        "nimss",
        "numimss",
        "numeroimss",
        "numerodeimss",
        "nodeimss",
        "nodeseguridadsocial",
        "numerodeseguridadsocial",
        "numerodesegurosocial",
        "nodesegurosocial",
        "nosegurosocial",
        "numerosegurosocial",
        "numeroseguridadsocial",
        "noseguridadsocial",
        "nssdelalumno",
        "nssalumno",
        "imssnss",
    ],
    compact,
    check,
    quick: Some(quick),
    digits: Some(11),
    placeholders: &["SIN NSS"],
    vectors: "mx_nss.tsv",
};

/// IMSS subdelegation codes whose entity is known (IMSS internal manual,
/// partial; IDENTIFIERS.md §2.3). Codes not listed are not errors.
const SUBDELEGATIONS: [(u8, &str); 53] = [
    (1, "Ciudad de México"),
    (3, "Nuevo León"),
    (4, "Jalisco"),
    (6, "Ciudad de México"),
    (7, "Ciudad de México"),
    (9, "Tamaulipas"),
    (10, "Ciudad de México"),
    (11, "Ciudad de México"),
    (12, "Guanajuato"),
    (13, "Hidalgo"),
    (15, "Morelos"),
    (16, "Estado de México"),
    (17, "Ciudad de México"),
    (20, "Ciudad de México"),
    (21, "Baja California"),
    (22, "Baja California Sur"),
    (23, "Sinaloa"),
    (24, "Sonora"),
    (25, "Baja California"),
    (26, "Sinaloa"),
    (27, "Ciudad de México"),
    (28, "Ciudad de México"),
    (29, "Ciudad de México"),
    (30, "Ciudad de México"),
    (31, "Durango"),
    (32, "Coahuila"),
    (33, "Chihuahua"),
    (35, "Chihuahua"),
    (36, "Ciudad de México"),
    (37, "Ciudad de México"),
    (38, "Ciudad de México"),
    (39, "Ciudad de México"),
    (40, "Ciudad de México"),
    (42, "Ciudad de México"),
    (43, "Nuevo León"),
    (44, "Ciudad de México"),
    (45, "Ciudad de México"),
    (46, "Ciudad de México"),
    (47, "Nuevo León"),
    (49, "Tamaulipas"),
    (51, "Aguascalientes"),
    (52, "Colima"),
    (53, "Michoacán"),
    (54, "Jalisco"),
    (55, "Nayarit"),
    (56, "Jalisco"),
    (57, "Sonora"),
    (71, "Chiapas"),
    (72, "Guerrero"),
    (81, "Campeche"),
    (83, "Tabasco"),
    (90, "Estado de México"),
    (91, "Estado de México"),
];

/// What a well-formed NSS says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NssParts {
    /// Positions 1-2: the IMSS subdelegation that assigned it.
    pub subdelegation: u8,
    /// The subdelegation's entity, when the partial IMSS table knows it.
    pub entity: Option<&'static str>,
    /// Positions 3-4 read in the hundred years up to today.
    pub registration_year: i32,
    /// Positions 5-6 read in the hundred years up to today.
    pub birth_year: i32,
}

/// Reads a two-digit year as the latest year not after `today`'s year.
///
/// ```
/// use roster_check::ids::{nss::full_year, Date};
/// let today = Date::new(2026, 11, 23).unwrap();
/// assert_eq!(full_year(26, today), 2026);
/// assert_eq!(full_year(27, today), 1927);
/// ```
pub fn full_year(yy: u32, today: super::Date) -> i32 {
    let y = today.year() - today.year().rem_euclid(100) + yy as i32;
    if y > today.year() {
        y - 100
    } else {
        y
    }
}

/// Removes separators and surrounding space, and a trailing `.0`.
///
/// ```
/// assert_eq!(roster_check::ids::nss::compact("28-13-88-0199-9"), "28138801999");
/// ```
pub fn compact(value: &str) -> String {
    Cleaned::new(value, true).chars().iter().collect()
}

/// The Luhn check digit of the first ten digits.
///
/// ```
/// assert_eq!(roster_check::ids::nss::calc_check_digit("2813880199"), Some('9'));
/// assert_eq!(roster_check::ids::nss::calc_check_digit("28138801"), None);
/// ```
pub fn calc_check_digit(first10: &str) -> Option<char> {
    let b = first10.as_bytes();
    if b.len() != 10 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let p = u32::from(d - b'0') * if i % 2 == 1 { 2 } else { 1 };
            if p >= 10 {
                p - 9
            } else {
                p
            }
        })
        .sum();
    Some(char::from(b'0' + ((10 - sum % 10) % 10) as u8))
}

/// Checks 11 ASCII digits: the soft year finding and the check digit.
fn check_digits(digits: &str, ctx: &Context) -> Result<(NssParts, Vec<Issue>), Issue> {
    let n = |a: usize| digits[a..a + 2].parse::<u32>().unwrap_or(0);
    let expected = calc_check_digit(&digits[..10]).unwrap_or('?');
    if !digits.ends_with(expected) {
        let detail = Detail::CheckDigit {
            expected: Canon::new(expected.encode_utf8(&mut [0; 4])),
            found: Canon::new(&digits[10..]),
        };
        return Err(Issue::error(Problem::CheckDigit, detail));
    }
    let subdelegation = n(0) as u8;
    let parts = NssParts {
        subdelegation,
        entity: SUBDELEGATIONS
            .iter()
            .find(|(c, _)| *c == subdelegation)
            .map(|(_, e)| *e),
        registration_year: full_year(n(2), ctx.today),
        birth_year: full_year(n(4), ctx.today),
    };
    let mut soft = Vec::new();
    if parts.registration_year < parts.birth_year {
        let detail = Detail::Years {
            registration: parts.registration_year,
            birth: parts.birth_year,
        };
        soft.push(Issue::new(
            Problem::RegistrationBeforeBirth,
            Severity::Warning,
            detail,
        ));
    }
    Ok((parts, soft))
}

/// Checks an NSS: scientific notation, length (10 digits: a lost leading
/// zero is restored when the result validates), digits only, check digit;
/// then the soft findings (registration before birth, normalisation).
///
/// ```
/// use roster_check::ids::{nss, Context, Date, Problem, Status};
/// let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
/// let o = nss::check("4159912346", &ctx);
/// assert_eq!(o.status, Status::Repairable);
/// assert_eq!(o.issues[0].problem, Problem::LeadingZeroLost);
/// assert_eq!(o.issues[0].suggestion.unwrap().as_str(), "04159912346");
/// ```
pub fn check(value: &str, ctx: &Context) -> Outcome {
    let kind = IdKind::Nss;
    let c = match clean::digits(kind, value, ctx, 10..=11, 11) {
        Ok(c) => c,
        Err(outcome) => return outcome,
    };
    let len = c.len();
    let mut canonical = Canon::empty();
    if len == 10 {
        canonical.push('0');
    }
    canonical.push_str(c.canon().as_str());
    match check_digits(canonical.as_str(), ctx) {
        Err(_) if len == 10 => {
            let detail = Detail::Length {
                found: 10,
                expected: 11,
                zero_tried: true,
            };
            Outcome::invalid(kind, Issue::error(Problem::Length, detail))
        }
        Err(issue) => Outcome::invalid(kind, issue),
        Ok((parts, soft)) => {
            let mut issues = Vec::new();
            let status = if len == 10 {
                let detail = Detail::ZeroLost {
                    digits: 10,
                    expected: 11,
                    legacy: None,
                };
                issues.push(
                    Issue::new(Problem::LeadingZeroLost, Severity::Warning, detail)
                        .suggest(canonical),
                );
                Status::Repairable
            } else {
                if c.changed {
                    issues.push(
                        Issue::new(Problem::Normalized, Severity::Info, Detail::Normalized)
                            .suggest(canonical),
                    );
                }
                Status::Valid
            };
            issues.extend(soft);
            Outcome {
                kind,
                status,
                canonical: Some(canonical),
                issues,
                parts: Some(Parts::Nss(parts)),
            }
        }
    }
}

/// True for an NSS written as its 11 digits alone that [`check`] finds
/// valid with nothing to say: the value is then its own canonical form,
/// known without building an [`Outcome`] (the fast lane for clean
/// cells). False means "ask [`check`]".
///
/// ```
/// use roster_check::ids::{nss, Date};
/// let today = Date::new(2026, 11, 23).unwrap();
/// assert!(nss::quick("28138801999", today));
/// assert!(!nss::quick("2813880199-9", today)); // valid, normalised
/// ```
pub fn quick(value: &str, today: super::Date) -> bool {
    let b = value.as_bytes();
    if b.len() != 11 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n = |a: usize| u32::from(b[a] - b'0') * 10 + u32::from(b[a + 1] - b'0');
    let years = full_year(n(2), today) >= full_year(n(4), today);
    years && calc_check_digit(&value[..10]).is_some_and(|d| char::from(b[10]) == d)
}

/// True when `value` is a valid NSS as written (separators allowed).
///
/// ```
/// use roster_check::ids::{nss, Date};
/// let today = Date::new(2026, 11, 23).unwrap();
/// assert!(nss::is_valid("92919084431", today));
/// assert!(!nss::is_valid("4159912346", today)); // repairable, not valid as written
/// ```
pub fn is_valid(value: &str, today: super::Date) -> bool {
    check(value, &Context::new(today)).is_valid()
}

/// The IMSS grouping `NN-NN-NN-NNNN-N` of a compact NSS (other input is
/// returned compacted).
///
/// ```
/// assert_eq!(roster_check::ids::nss::format("28138801999"), "28-13-88-0199-9");
/// ```
pub fn format(value: &str) -> String {
    let s = compact(value);
    if s.len() == 11 && s.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "{}-{}-{}-{}-{}",
            &s[..2],
            &s[2..4],
            &s[4..6],
            &s[6..10],
            &s[10..]
        )
    } else {
        s
    }
}
