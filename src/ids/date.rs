//! A calendar date (proleptic Gregorian), just what the rules need: validity,
//! order, and conversion from days since 1970 and Excel serial numbers.

use std::fmt;

/// A real calendar day. Construct with [`Date::new`], which refuses days
/// that do not exist (1900-02-29, 2023-04-31 …).
#[derive(
    Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// True for Gregorian leap years (2000 is one, 1900 is not).
/// Every test computed (`&`, `|`), none skipped: no branch on the year.
fn is_leap(year: i32) -> bool {
    (year % 4 == 0) & (year % 100 != 0) | (year % 400 == 0)
}

/// Days of each month of a common year (0 for no month).
const MONTH_DAYS: [u8; 13] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// Looked up, not matched: a match became a branch on the month, which
/// birth dates give at random (a wrong guess on about every third date).
fn days_in_month(year: i32, month: u32) -> u32 {
    let common = MONTH_DAYS.get(month as usize).copied().unwrap_or(0);
    u32::from(common) + u32::from((month == 2) & is_leap(year))
}

impl Date {
    /// The first day this type holds, 0001-01-01.
    pub const MIN: Date = Date {
        year: 1,
        month: 1,
        day: 1,
    };

    /// The date, when that day exists.
    ///
    /// ```
    /// use roster_check::ids::Date;
    /// assert!(Date::new(2000, 2, 29).is_some());
    /// assert!(Date::new(1900, 2, 29).is_none());
    /// assert!(Date::new(2026, 13, 1).is_none());
    /// ```
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let ok = (1..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month);
        ok.then_some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The year.
    ///
    /// ```
    /// assert_eq!(roster_check::ids::Date::new(1956, 6, 26).unwrap().year(), 1956);
    /// ```
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1-12.
    ///
    /// ```
    /// assert_eq!(roster_check::ids::Date::new(1956, 6, 26).unwrap().month(), 6);
    /// ```
    pub fn month(self) -> u32 {
        self.month as u32
    }

    /// The day of the month.
    ///
    /// ```
    /// assert_eq!(roster_check::ids::Date::new(1956, 6, 26).unwrap().day(), 26);
    /// ```
    pub fn day(self) -> u32 {
        self.day as u32
    }

    /// The date `days` days after 1970-01-01 (negative: before).
    ///
    /// ```
    /// use roster_check::ids::Date;
    /// assert_eq!(Date::from_unix_days(0), Date::new(1970, 1, 1));
    /// assert_eq!(Date::from_unix_days(20_415), Date::new(2025, 11, 23));
    /// ```
    pub fn from_unix_days(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(i32::try_from(year).ok()?, month as u32, day as u32)
    }

    /// Days since 1970-01-01.
    ///
    /// ```
    /// use roster_check::ids::Date;
    /// let d = Date::new(2026, 11, 23).unwrap();
    /// assert_eq!(Date::from_unix_days(d.unix_days()), Some(d));
    /// ```
    pub fn unix_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date an Excel serial number stands for (1900 date system, where
    /// serial 60 is Excel's fictitious 1900-02-29). Fractions (the time of
    /// day) are dropped.
    ///
    /// ```
    /// use roster_check::ids::Date;
    /// assert_eq!(Date::from_excel_serial(38_718.0), Date::new(2006, 1, 1));
    /// assert_eq!(Date::from_excel_serial(1.0), Date::new(1900, 1, 1));
    /// assert_eq!(Date::from_excel_serial(60.0), None);
    /// ```
    pub fn from_excel_serial(serial: f64) -> Option<Date> {
        if !serial.is_finite() || !(1.0..3_000_000.0).contains(&serial) {
            return None;
        }
        let whole = serial.floor() as i64;
        let whole = match whole {
            60 => return None,
            w if w < 60 => w + 1,
            w => w,
        };
        // Serial 1 (after the shift below 60) is 1900-01-01 = unix day -25567.
        Date::from_unix_days(whole - 25_569)
    }

    /// The date an Excel serial number stands for in the 1904 date system
    /// (Excel for Mac, and any workbook saved with it: serial 0 is
    /// 1904-01-01, so every date is 1,462 days after its 1900 serial).
    /// Fractions (the time of day) are dropped.
    ///
    /// ```
    /// use roster_check::ids::Date;
    /// assert_eq!(Date::from_excel_serial_1904(0.0), Date::new(1904, 1, 1));
    /// assert_eq!(Date::from_excel_serial_1904(38_059.0), Date::new(2008, 3, 14));
    /// assert_eq!(Date::from_excel_serial(38_059.0), Date::new(2004, 3, 13));
    /// assert_eq!(Date::from_excel_serial_1904(-1.0), None);
    /// ```
    pub fn from_excel_serial_1904(serial: f64) -> Option<Date> {
        if !serial.is_finite() || serial < 0.0 {
            return None;
        }
        Date::from_excel_serial(serial + 1_462.0)
    }

    /// Parses `YYYY-MM-DD`.
    ///
    /// ```
    /// use roster_check::ids::Date;
    /// assert_eq!(Date::parse_iso("2026-11-23"), Date::new(2026, 11, 23));
    /// assert_eq!(Date::parse_iso("2026-02-30"), None);
    /// ```
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut it = s.trim().splitn(3, '-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        Date::new(y, m, d)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each month's length is the distance between the first days of it
    /// and of the next month, counted by an independent formula of the
    /// (proleptic) Gregorian calendar.
    #[test]
    fn months_have_their_calendar_length() {
        // Days from 1970-01-01 to year-month-01 (Howard Hinnant's
        // days_from_civil).
        fn first(year: i64, month: i64) -> i64 {
            let y = if month <= 2 { year - 1 } else { year };
            let era = y.div_euclid(400);
            let yoe = y - era * 400;
            let doy = (153 * ((month + 9) % 12) + 2) / 5;
            era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
        }
        for year in 1..=9999 {
            for month in 1..=12u32 {
                let (ny, nm) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                let days = first(ny.into(), nm.into()) - first(year.into(), month.into());
                assert_eq!(
                    i64::from(days_in_month(year, month)),
                    days,
                    "{year}-{month}"
                );
            }
            for month in [0, 13, 14, u32::MAX] {
                assert_eq!(days_in_month(year, month), 0);
            }
        }
        assert!(is_leap(2000) && is_leap(2024) && !is_leap(1900) && !is_leap(2023));
    }
}
