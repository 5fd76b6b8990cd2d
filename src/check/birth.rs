//! Birth dates read the ways offices write them: date cells (either of
//! Excel's date systems, decided when the workbook is read), Excel serials,
//! `dd/mm/yyyy`, `dd-mm-yy`, `yyyy-mm-dd`, and month names in Spanish and
//! English (`15/ABR/2009`, `15 de abril de 2009`, `April 15, 2009`).

use crate::ids::names::fold_char;
use crate::ids::Date;
use crate::input::Stored;

/// Reads a birth date. A two-digit year is the year ending in those
/// digits nearest `near` (the CURP's birth year, when the row has one)
/// and not after `today`; without `near`, the latest such year. Numbers
/// (cells or text) are Excel serials. Month names are read in Spanish and
/// English, abbreviated or not, with or without a dot.
///
/// ```
/// use roster_check::check::birth::parse_birth;
/// use roster_check::ids::Date;
/// use roster_check::input::Stored;
/// let today = Date::new(2026, 11, 23).unwrap();
/// let d = Date::new(2008, 3, 14);
/// assert_eq!(parse_birth("14/03/2008", Stored::Text, today, None), d);
/// assert_eq!(parse_birth("14-03-08", Stored::Text, today, None), d);
/// assert_eq!(parse_birth("2008-03-14", Stored::Text, today, None), d);
/// assert_eq!(parse_birth("39521", Stored::Number, today, None), d);
/// assert_eq!(parse_birth("14/MAR/2008", Stored::Text, today, None), d);
/// assert_eq!(parse_birth("14 de marzo de 2008", Stored::Text, today, None), d);
/// assert_eq!(parse_birth("Mar. 14, 2008", Stored::Text, today, None), d);
/// assert_eq!(parse_birth("31/02/2008", Stored::Text, today, None), None);
/// // Born 1900 by the CURP: "00" is 1900, not 2000.
/// let old = Date::new(1900, 1, 1);
/// assert_eq!(parse_birth("01-ene-00", Stored::Text, today, Some(1900)), old);
/// ```
pub fn parse_birth(text: &str, stored: Stored, today: Date, near: Option<i32>) -> Option<Date> {
    // The common shapes, DD/MM/YYYY and YYYY-MM-DD, read in place.
    if let (Stored::Text, &[a, b, c, d, e, f, g, h, i, j]) = (stored, text.as_bytes()) {
        let sep = |x: u8| matches!(x, b'/' | b'-' | b'.');
        let n = |digits: &[u8]| {
            digits.iter().try_fold(0u32, |acc, &x| {
                x.is_ascii_digit().then(|| acc * 10 + u32::from(x - b'0'))
            })
        };
        if sep(c) && sep(f) {
            if let (Some(day), Some(month), Some(year)) = (n(&[a, b]), n(&[d, e]), n(&[g, h, i, j]))
            {
                return Date::new(year as i32, month, day);
            }
        } else if sep(e) && sep(h) {
            if let (Some(year), Some(month), Some(day)) = (n(&[a, b, c, d]), n(&[f, g]), n(&[i, j]))
            {
                return Date::new(year as i32, month, day);
            }
        }
    }
    parse_birth_any(text, stored, today, near)
}

/// [`parse_birth`] without its fast lane: every shape.
fn parse_birth_any(text: &str, stored: Stored, today: Date, near: Option<i32>) -> Option<Date> {
    let t = text.trim();
    let serial = |t: &str| {
        let n: f64 = t.parse().ok()?;
        (1.0..=today.unix_days() as f64 + 25_569.0)
            .contains(&n)
            .then(|| Date::from_excel_serial(n))?
    };
    match stored {
        Stored::Date => return Date::parse_iso(t.split([' ', 'T']).next().unwrap_or(t)),
        Stored::Number | Stored::PaddedNumber(_) => return serial(t),
        _ => {}
    }
    let t = without_time(t);
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) && (3..=5).contains(&t.len()) {
        return serial(t);
    }
    let year = |y: &str| match y.len() {
        4 => y.parse().ok(),
        2 => {
            let yy: i32 = y.parse().ok()?;
            Some(nearest_year(yy, near.unwrap_or(today.year()), today.year()))
        }
        _ => None,
    };
    let mut parts = t.split(['/', '-', '.']);
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return with_month_name(t, year);
    };
    let num = |s: &str| -> Option<u32> { (!s.is_empty() && s.len() <= 4).then(|| s.parse().ok())? };
    let (Some(a_n), Some(b_n)) = (num(a), num(b)) else {
        return with_month_name(t, year);
    };
    if a.len() == 4 {
        return Date::new(a_n as i32, b_n, num(c)?);
    }
    Date::new(year(c)?, b_n, a_n)
}

/// `t` without a time of day after the date ("14/03/2008 00:00:00",
/// "2008-03-14T00:00"): it says nothing about the birth.
fn without_time(t: &str) -> &str {
    let Some(colon) = t.find(':') else {
        return t;
    };
    let head = &t[..colon];
    head.rfind([' ', 'T'])
        .map_or(t, |cut| head[..cut].trim_end())
}

/// The year ending in `yy` (0-99) nearest `near` and not after `latest`
/// (ties: the earlier).
fn nearest_year(yy: i32, near: i32, latest: i32) -> i32 {
    let same_century = near - near.rem_euclid(100) + yy;
    [same_century - 100, same_century, same_century + 100]
        .into_iter()
        .filter(|&y| y <= latest)
        .min_by_key(|&y| (y - near).abs())
        .unwrap_or(same_century - 100)
}

/// Month names and their abbreviations, Spanish and English, upper case.
const MONTHS: [(&str, u32); 42] = [
    ("ENERO", 1),
    ("ENE", 1),
    ("JANUARY", 1),
    ("JAN", 1),
    ("FEBRERO", 2),
    ("FEBRUARY", 2),
    ("FEB", 2),
    ("MARZO", 3),
    ("MARCH", 3),
    ("MAR", 3),
    ("ABRIL", 4),
    ("ABR", 4),
    ("APRIL", 4),
    ("APR", 4),
    ("MAYO", 5),
    ("MAY", 5),
    ("JUNIO", 6),
    ("JUNE", 6),
    ("JUN", 6),
    ("JULIO", 7),
    ("JULY", 7),
    ("JUL", 7),
    ("AGOSTO", 8),
    ("AGO", 8),
    ("AUGUST", 8),
    ("AUG", 8),
    ("SEPTIEMBRE", 9),
    ("SETIEMBRE", 9),
    ("SEPTEMBER", 9),
    ("SEPT", 9),
    ("SEP", 9),
    ("SET", 9),
    ("OCTUBRE", 10),
    ("OCTOBER", 10),
    ("OCT", 10),
    ("NOVIEMBRE", 11),
    ("NOVEMBER", 11),
    ("NOV", 11),
    ("DICIEMBRE", 12),
    ("DIC", 12),
    ("DECEMBER", 12),
    ("DEC", 12),
];

/// Words a long date carries besides the day, month and year: "15 de
/// abril de 2009", "miércoles, 15 de abril de 2009", "Wednesday, April 15".
const FILLERS: [&str; 16] = [
    "DE",
    "DEL",
    "LUNES",
    "MARTES",
    "MIERCOLES",
    "JUEVES",
    "VIERNES",
    "SABADO",
    "DOMINGO",
    "MONDAY",
    "TUESDAY",
    "WEDNESDAY",
    "THURSDAY",
    "FRIDAY",
    "SATURDAY",
    "SUNDAY",
];

/// True when `word` is `upper` but for case and accents.
fn is_word(word: &str, upper: &str) -> bool {
    word.chars().map(fold_char).eq(upper.chars())
}

fn month_number(word: &str) -> Option<u32> {
    MONTHS
        .iter()
        .find(|(name, _)| word.eq_ignore_ascii_case(name))
        .map(|&(_, m)| m)
}

/// A date written with its month's name: day, month, year (`15/ABR/2009`,
/// `15-abr.-09`, `15 de abril de 2009`), month, day, year (`April 15,
/// 2009`) or year, month, day (`2009-Apr-15`). `year` reads the year's
/// digits. Nothing is allocated.
fn with_month_name(t: &str, year: impl Fn(&str) -> Option<i32>) -> Option<Date> {
    let mut words = [""; 3];
    let mut n = 0;
    let all = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    for w in all.filter(|w| !FILLERS.iter().any(|f| is_word(w, f))) {
        *words.get_mut(n)? = w;
        n += 1;
    }
    let ([a, b, c], 3) = (words, n) else {
        return None;
    };
    let (d, m, y) = if day_number(a).is_some() && month_number(b).is_some() {
        (a, b, c)
    } else if month_number(a).is_some() {
        (b, a, c)
    } else if a.len() == 4 {
        (c, b, a)
    } else {
        return None;
    };
    Date::new(year(y)?, month_number(m)?, day_number(d)?)
}

/// A day of the month as written: `5`, `05`, or an ordinal (`1º`, `1o`,
/// `1st`, `15th`).
fn day_number(d: &str) -> Option<u32> {
    let digits = d.trim_end_matches(char::is_alphabetic);
    let suffix = &d[digits.len()..];
    let ordinal = ["", "º", "o", "st", "nd", "rd", "th"];
    let ordinal = ordinal.iter().any(|o| suffix.eq_ignore_ascii_case(o));
    (ordinal && digits.len() <= 2).then(|| digits.parse().ok())?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 23).unwrap()
    }

    #[test]
    fn birth_dates_in_every_office_form() {
        let d = Date::new(2008, 3, 14);
        for (text, stored) in [
            ("14/03/2008", Stored::Text),
            ("14/3/2008", Stored::Text),
            ("14-03-2008", Stored::Text),
            ("14.03.2008", Stored::Text),
            ("14-03-08", Stored::Text),
            ("14/03/08", Stored::Text),
            ("2008-03-14", Stored::Text),
            ("2008/03/14", Stored::Text),
            ("14/03/2008 00:00:00", Stored::Text),
            ("2008-03-14", Stored::Date),
            ("39521", Stored::Number),
            ("39521", Stored::Text),
        ] {
            assert_eq!(
                parse_birth(text, stored, today(), None),
                d,
                "{text} {stored:?}"
            );
        }
        // Two-digit years: never in the future.
        assert_eq!(
            parse_birth("01/01/30", Stored::Text, today(), None),
            Date::new(1930, 1, 1)
        );
        assert_eq!(
            parse_birth("01/01/26", Stored::Text, today(), None),
            Date::new(2026, 1, 1)
        );
        for bad in [
            "",
            "abc",
            "32/01/2008",
            "29/02/2007",
            "14/03",
            "1/2/3/4",
            "99999999",
        ] {
            assert_eq!(parse_birth(bad, Stored::Text, today(), None), None, "{bad}");
        }
    }

    #[test]
    fn birth_dates_with_month_names() {
        let d = Date::new(2009, 4, 15);
        for text in [
            "15/ABR/2009",
            "15-abr-09",
            "15-Apr-2009",
            "15 de abril de 2009",
            "15 de abril del 2009",
            "15 abril 2009",
            "15/abr./2009",
            "15-abr.-09",
            "15.ABR.2009",
            "miércoles, 15 de abril de 2009",
            "15 April 2009",
            "April 15, 2009",
            "Wednesday, April 15, 2009",
            "Apr. 15 2009",
            "2009-Apr-15",
            "15-ABR-2009 00:00:00",
            " 15/Abr/2009 ",
            "April 15th, 2009",
        ] {
            assert_eq!(parse_birth(text, Stored::Text, today(), None), d, "{text}");
        }
        let months = [
            ("ENE", 1),
            ("enero", 1),
            ("Jan", 1),
            ("January", 1),
            ("FEB", 2),
            ("febrero", 2),
            ("February", 2),
            ("MAR", 3),
            ("marzo", 3),
            ("March", 3),
            ("Abr", 4),
            ("abril", 4),
            ("Apr", 4),
            ("April", 4),
            ("MAY", 5),
            ("mayo", 5),
            ("JUN", 6),
            ("junio", 6),
            ("June", 6),
            ("JUL", 7),
            ("julio", 7),
            ("July", 7),
            ("AGO", 8),
            ("agosto", 8),
            ("Aug", 8),
            ("August", 8),
            ("SEP", 9),
            ("SEPT", 9),
            ("Sept.", 9),
            ("SET", 9),
            ("septiembre", 9),
            ("setiembre", 9),
            ("September", 9),
            ("OCT", 10),
            ("octubre", 10),
            ("October", 10),
            ("NOV", 11),
            ("noviembre", 11),
            ("November", 11),
            ("DIC", 12),
            ("diciembre", 12),
            ("Dec", 12),
            ("December", 12),
        ];
        for text in [
            "1º de abril de 2009",
            "1o. de abril de 2009",
            "April 1st, 2009",
        ] {
            let first = Date::new(2009, 4, 1);
            assert_eq!(
                parse_birth(text, Stored::Text, today(), None),
                first,
                "{text}"
            );
        }
        for (name, month) in months {
            let text = format!("03-{name}-2008");
            let expected = Date::new(2008, month, 3);
            assert_eq!(
                parse_birth(&text, Stored::Text, today(), None),
                expected,
                "{text}"
            );
        }
        for bad in [
            "15/XYZ/2009",
            "quince de abril de 2009",
            "abril de 2009",
            "15 de abril",
            "31/FEB/2009",
            "15/ABR/2009/1",
            "15 abr 2009 abr",
            "ABRIL",
            "15/ABRI/2009",
            "150/ABR/2009",
            "15/ABR/209",
            "15x/ABR/2009",
            "April 15xx, 2009",
        ] {
            assert_eq!(parse_birth(bad, Stored::Text, today(), None), None, "{bad}");
        }
    }

    /// A two-digit year is read in the CURP's century (the year nearest
    /// the CURP's, never in the future); without a CURP, the latest year
    /// not after today.
    #[test]
    fn two_digit_years_follow_the_curp() {
        let read = |text, near| parse_birth(text, Stored::Text, today(), near);
        assert_eq!(read("01/01/00", Some(1900)), Date::new(1900, 1, 1));
        assert_eq!(read("01/01/00", None), Date::new(2000, 1, 1));
        assert_eq!(read("01-ene-25", Some(1925)), Date::new(1925, 1, 1));
        assert_eq!(read("01-ene-25", None), Date::new(2025, 1, 1));
        // A wrong year stays near the CURP's, to be shown as a mismatch.
        assert_eq!(read("17/02/09", Some(2008)), Date::new(2009, 2, 17));
        assert_eq!(read("17/02/99", Some(2008)), Date::new(1999, 2, 17));
        // Never after today, whatever the CURP says.
        assert_eq!(read("17/02/30", Some(2026)), Date::new(1930, 2, 17));
        // Against every candidate: the nearest not after today.
        for near in [1900, 1956, 2008, 2026] {
            for yy in 0..100 {
                let y = nearest_year(yy, near, 2026);
                assert!(y.rem_euclid(100) == yy && y <= 2026, "{yy} near {near}");
                for other in (1700 + yy..=2026).step_by(100) {
                    assert!((other - near).abs() >= (y - near).abs(), "{yy} near {near}");
                }
            }
        }
    }

    proptest::proptest! {
        /// A date written with its month's name, in any of the ways
        /// offices write it, reads as the same date in digits.
        #[test]
        fn month_names_read_as_digits(
            days in 0i64..40_000,
            month_word in 0usize..4,
            shape in 0usize..6,
            upper in proptest::bool::ANY,
        ) {
            let d = Date::from_unix_days(days - 20_000).unwrap();
            let names = MONTHS.iter().filter(|&&(_, m)| m == d.month()).map(|&(n, _)| n);
            let names: Vec<&str> = names.collect();
            let name = names[month_word % names.len()];
            let name = if upper { name.to_string() } else { name.to_lowercase() };
            let (day, year) = (d.day(), d.year());
            let text = match shape {
                0 => format!("{day:02}/{name}/{year}"),
                1 => format!("{day}-{name}.-{year}"),
                2 => format!("{day} de {name} de {year}"),
                3 => format!("{name} {day}, {year}"),
                4 => format!("{year}-{name}-{day:02}"),
                _ => format!("{day:02}-{name}-{:02}", year % 100),
            };
            let near = (shape == 5).then_some(year);
            proptest::prop_assert_eq!(parse_birth(&text, Stored::Text, today(), near), Some(d), "{}", text);
        }

        /// The fast lane of `parse_birth` reads what the general path reads.
        #[test]
        fn birth_fast_lane_agrees(t in "[0-9+ ]{1,4}[/.\\-][0-9a ]{1,2}[/.\\-][0-9 ]{1,4}|[0-9/.\\-]{10}") {
            proptest::prop_assert_eq!(
                parse_birth(&t, Stored::Text, today(), None),
                parse_birth_any(&t, Stored::Text, today(), None)
            );
        }
    }
}
