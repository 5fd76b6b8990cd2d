//! Table tests driven by every row of fixtures/vectors/*.tsv (copied from
//! ../shared/spec/vectors so a clone tests on its own; es_dni.tsv and the
//! rows below the marked line of mx_rfc.tsv are the project's own), and
//! property tests.

use std::path::PathBuf;

use proptest::prelude::*;

use super::names::curp_letters;
use super::*;

fn today() -> Context {
    // The vectors' labels were computed on this day.
    Context::new(Date::new(2026, 11, 23).unwrap())
}

struct Row {
    line: usize,
    value: String,
    label: String,
    reason: String,
}

fn vectors(file: &str) -> Vec<Row> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/vectors")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rows: Vec<Row> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert!(
                cols.len() >= 3,
                "{file}:{}: expected value, label, reason",
                i + 1
            );
            Row {
                line: i + 1,
                value: cols[0].to_string(),
                label: cols[1].to_string(),
                reason: cols[2].to_string(),
            }
        })
        .collect();
    assert!(!rows.is_empty(), "{file} has no vectors");
    rows
}

fn status_label(s: Status) -> &'static str {
    match s {
        Status::Valid => "valid",
        Status::Repairable => "repairable",
        Status::Ambiguous => "ambiguous",
        Status::Invalid => "invalid",
    }
}

/// Every row's label must equal the status; "warning expected" in the
/// reason must come with a warning.
fn run_vectors(file: &str, kind: IdKind) {
    let mut failures = Vec::new();
    let rows = vectors(file);
    for row in &rows {
        let o = kind.check(&row.value, &today());
        if status_label(o.status) != row.label {
            failures.push(format!(
                "{file}:{} {:?}: expected {}, got {} {:?}",
                row.line,
                row.value,
                row.label,
                status_label(o.status),
                o.issues
            ));
        }
        if row.reason.contains("warning expected") && o.worst() != Some(Severity::Warning) {
            failures.push(format!(
                "{file}:{} {:?}: warning expected, got {:?}",
                row.line, row.value, o.issues
            ));
        }
        if o.status == Status::Invalid && o.issues.is_empty() {
            failures.push(format!(
                "{file}:{} {:?}: invalid without a finding",
                row.line, row.value
            ));
        }
        if matches!(o.status, Status::Valid | Status::Repairable) && o.canonical.is_none() {
            failures.push(format!(
                "{file}:{} {:?}: no canonical form",
                row.line, row.value
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors disagree:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

/// Every kind of the identifier table passes every row of its vector file
/// (`Descriptor::vectors`, one per kind): its label, and where the reason
/// starts with a code (`dni.check_letter: …`) the first finding; a check
/// digit or letter is never suggested; a normalised value's suggestion is
/// its canonical form; a reason starting "placeholder" is exactly what a
/// roster reads as `FIELD.missing` (check::placeholder).
#[test]
fn every_kind_passes_its_vectors() {
    let mut files: Vec<&str> = IdKind::ALL.iter().map(|k| k.descriptor().vectors).collect();
    files.sort_unstable();
    files.dedup();
    assert_eq!(files.len(), IdKind::COUNT, "one vector file per kind");
    for kind in IdKind::ALL {
        let file = kind.descriptor().vectors;
        run_vectors(file, kind);
        let mut failures = Vec::new();
        let rows = vectors(file);
        for row in &rows {
            let o = kind.check(&row.value, &today());
            let first = o.issues.first();
            let own_code = |c: &&str| {
                c.split_once('.')
                    .is_some_and(|(field, _)| field == kind.as_str())
            };
            if let Some(code) = row.reason.split(':').next().filter(own_code) {
                let got = first.map(|i| format!("{kind}.{}", i.problem.name()));
                if got.as_deref() != Some(code) {
                    failures.push(format!(
                        "{file}:{} {:?}: {code} expected, got {got:?}",
                        row.line, row.value
                    ));
                }
            }
            let check_char = |i: &Issue| {
                matches!(i.problem, Problem::CheckLetter | Problem::CheckDigit)
                    && i.suggestion.is_some()
            };
            if first.is_some_and(check_char) {
                failures.push(format!(
                    "{file}:{} {:?}: a check character suggested",
                    row.line, row.value
                ));
            }
            if first.is_some_and(|i| i.problem == Problem::Normalized)
                && first.and_then(|i| i.suggestion) != o.canonical
            {
                failures.push(format!(
                    "{file}:{} {:?}: normalised without the canonical form",
                    row.line, row.value
                ));
            }
            let placeholder = crate::check::placeholder(&row.value).is_some();
            if placeholder != row.reason.starts_with("placeholder") {
                failures.push(format!(
                    "{file}:{} {:?}: placeholder {placeholder}",
                    row.line, row.value
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

#[test]
fn vectors_mx_curp_names() {
    let mut failures = Vec::new();
    let rows = vectors("mx_curp_names.tsv");
    for row in &rows {
        let names: Vec<&str> = row.value.split('|').collect();
        assert_eq!(names.len(), 3, "mx_curp_names.tsv:{}", row.line);
        let got = curp_letters(names[0], names[1], names[2]).to_string();
        if got != row.label {
            failures.push(format!(
                "line {} {:?}: expected {}, got {got}",
                row.line, row.value, row.label
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn anexo2_list_is_sorted_and_unique() {
    assert!(curp::INCONVENIENT_WORDS.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn anexo2_lookup_finds_the_listed_words_and_no_other() {
    let letters = (b'A'..=b'Z').chain([b'X' + 32, b'0', 0, 0xFF, 0xC3]);
    let letters: Vec<u8> = letters.collect();
    for &a in &letters {
        for &b in &letters {
            for &c in &letters {
                for &d in &letters {
                    let word = [a, b, c, d];
                    let listed = curp::INCONVENIENT_WORDS
                        .iter()
                        .any(|w| w.as_bytes() == word);
                    assert_eq!(curp::is_inconvenient(word), listed, "{word:?}");
                }
            }
        }
    }
    assert!(!curp::is_inconvenient("PEDOS") && !curp::is_inconvenient("PED"));
}

#[test]
fn repairs_suggest_the_canonical_form() {
    let cases = [
        ("28/1234567/42", Problem::LegacyForm, "280123456742"),
        ("81234567869", Problem::LeadingZeroLost, "081234567869"),
        ("8/12345678/69", Problem::LeadingZeroLost, "081234567869"),
        ("8123456774", Problem::LeadingZeroLost, "080123456774"),
    ];
    for (value, problem, canon) in cases {
        let o = nuss::check(value, &today());
        assert_eq!(o.issues[0].problem, problem, "{value}");
        assert_eq!(o.issues[0].suggestion.unwrap().as_str(), canon, "{value}");
        assert_eq!(o.canonical.unwrap().as_str(), canon, "{value}");
    }
}

#[test]
fn ambiguous_nuss_names_both_readings() {
    let o = nuss::check("28123456742", &today());
    assert_eq!(
        o.issues[0].detail,
        Detail::TwoReadings {
            legacy: Canon::new("280123456742"),
            zero_lost: Canon::new("028123456742")
        }
    );
    assert_eq!(o.issues[0].suggestion, None);
}

#[test]
fn first_failing_rule_wins() {
    let ctx = today();
    // Length before format, format before components, components before
    // the check digit.
    assert_eq!(
        nuss::check("35X1234567825", &ctx).issues[0].problem,
        Problem::Length
    );
    assert_eq!(
        nuss::check("28123456789A", &ctx).issues[0].problem,
        Problem::Format
    );
    assert_eq!(
        nuss::check("720111361735", &ctx).issues[0].problem,
        Problem::Province
    );
    assert_eq!(
        curp::check("FETO931311HJCRMN06", &ctx).issues[0].problem,
        Problem::Date
    );
    assert_eq!(
        curp::check("SABC560626MDFLRN0A", &ctx).issues[0].problem,
        Problem::Format
    );
    assert_eq!(
        nss::check("2.81235E+11", &ctx).issues[0].problem,
        Problem::ScientificNotation
    );
    assert_eq!(
        nuss::check("2,81235E+11", &ctx).issues[0].problem,
        Problem::ScientificNotation
    );
}

#[test]
fn curp_decodes_birth_sex_and_state() {
    let o = curp::check("GOPL000229HJCMRSA3", &today());
    let Some(Parts::Curp(p)) = o.parts else {
        panic!("{o:?}")
    };
    assert_eq!(p.birth, Date::new(2000, 2, 29).unwrap());
    assert_eq!(p.sex, curp::Sex::Male);
    assert_eq!(p.state_name, "Jalisco");
}

#[test]
fn curp_cx_hints_at_df() {
    let o = curp::check("SABC560626MCXLRN04", &today());
    assert!(matches!(
        o.issues[0].detail,
        Detail::State {
            suggest: Some(s),
            ..
        } if s.as_str() == "DF"
    ));
}

#[test]
fn nss_decodes_years_and_warns_on_registration_before_birth() {
    let o = nss::check("12345678903", &today());
    assert_eq!(o.status, Status::Valid);
    assert_eq!(o.issues[0].problem, Problem::RegistrationBeforeBirth);
    let o = nss::check("28138801999", &today());
    let Some(Parts::Nss(p)) = o.parts else {
        panic!()
    };
    assert_eq!(
        (p.subdelegation, p.registration_year, p.birth_year),
        (28, 2013, 1988)
    );
}

/// A valid CURP built from arbitrary parts.
fn arb_curp() -> impl Strategy<Value = String> {
    let letter = "[A-Z]";
    (
        letter,
        "[AEIOUX]",
        "[A-Z]{2}",
        (1930i32..2025, 1u32..13, 1u32..29),
        "[HMX]",
        0usize..curp::STATES.len(),
        "[B-DF-HJ-NP-TV-Z]{3}",
        "[0-9A-Z]",
    )
        .prop_filter_map(
            "no Anexo 2 word",
            |(a, b, cd, (y, m, d), s, st, cons, h)| {
                let word = format!("{a}{b}{cd}");
                if curp::is_inconvenient(&word) {
                    return None;
                }
                let h = match h.chars().next()? {
                    c if y < 2000 => char::from(b'0' + (c as u8) % 10),
                    c if c.is_ascii_digit() => 'A',
                    c => c,
                };
                let first17 = format!(
                    "{word}{:02}{m:02}{d:02}{s}{}{cons}{h}",
                    y % 100,
                    curp::STATES[st].0
                );
                Some(curp::complete(&first17)?.to_string())
            },
        )
}

fn arb_nss() -> impl Strategy<Value = String> {
    "[0-9]{10}".prop_map(|s| format!("{s}{}", nss::calc_check_digit(&s).unwrap()))
}

/// A valid DNI (8 digits) or NIE (X/Y/Z and 7 digits) with its letter.
fn arb_dni() -> impl Strategy<Value = String> {
    let body = prop_oneof![
        (0u32..100_000_000).prop_map(|n| format!("{n:08}")),
        ("[XYZ]", 0u32..10_000_000).prop_map(|(x, n)| format!("{x}{n:07}")),
    ];
    body.prop_map(|b| {
        let letter = dni::calc_check_letter(&b).unwrap();
        format!("{b}{letter}")
    })
}

/// The DNI/NIE as people write it: lower case, points between thousands,
/// a dash or a space before the letter, spaces around.
fn dressed_dni(dni: &str, style: u8) -> String {
    let (body, letter) = dni.split_at(8);
    let lower = |s: &str| s.to_ascii_lowercase();
    match style % 5 {
        0 => format!("{body}-{}", lower(letter)),
        1 => format!("{}.{}.{} {letter}", &body[..2], &body[2..5], &body[5..]),
        2 => format!(" {} ", lower(dni)),
        3 => format!("{}-{}-{letter}", &body[..1], &body[1..]),
        _ => format!("{body}\u{a0}{letter}"),
    }
}

fn arb_nuss() -> impl Strategy<Value = String> {
    (1u32..53, 0u64..100_000_000).prop_map(|(p, n)| {
        let first10 = format!("{p:02}{n:08}");
        format!("{first10}{}", nuss::calc_check_digits(&first10).unwrap())
    })
}

/// Every single-character substitution of a digit by another digit.
fn substitutions(s: &str) -> impl Iterator<Item = String> + '_ {
    (0..s.len()).flat_map(move |i| {
        (b'0'..=b'9')
            .filter(move |&d| d != s.as_bytes()[i])
            .map(move |d| {
                let mut b = s.as_bytes().to_vec();
                b[i] = d;
                String::from_utf8(b).unwrap()
            })
    })
}

/// The one blind spot of the NUSS control (IDENTIFIERS.md §1.3, "the
/// switch between the two formulas"): changing the body's leading digit
/// between 0 and `d` moves the base by 10^7 * (9 * PP + d), which mod 97
/// cannot see when 9 * PP + d is a multiple of 97.
fn switches_formula_undetectably(a: &str, b: &str) -> bool {
    let (x, y) = (a.as_bytes()[2], b.as_bytes()[2]);
    let differs_elsewhere = a
        .bytes()
        .zip(b.bytes())
        .enumerate()
        .any(|(i, (p, q))| i != 2 && p != q);
    if differs_elsewhere || (x == b'0') == (y == b'0') {
        return false;
    }
    let p: u32 = a[..2].parse().unwrap();
    let d = u32::from(x.max(y) - b'0');
    (9 * p + d) % 97 == 0
}

#[test]
fn nuss_formula_switch_blind_spot_is_exactly_the_derived_set() {
    // Exhaustive over province and the body's leading digit: a substitution
    // 0 <-> d at position 3 survives the check exactly when 9 * PP + d = 0
    // mod 97, i.e. (10,7), (21,5), (32,3), (43,1), (53,8).
    let mut survivors = Vec::new();
    for p in 1..=66u32 {
        for d in 1..=9u32 {
            let first10 = format!("{p:02}0{:07}", 1234567);
            let valid = format!("{first10}{}", nuss::calc_check_digits(&first10).unwrap());
            let changed = format!("{p:02}{d}{}", &valid[3..]);
            if nuss::check(&valid, &today()).is_valid()
                && nuss::check(&changed, &today()).is_valid()
            {
                survivors.push((p, d));
            }
        }
    }
    assert_eq!(survivors, vec![(10, 7), (21, 5), (32, 3), (43, 1), (53, 8)]);
    assert!(nuss::check("100000000081", &today()).is_valid());
    assert!(nuss::check("107000000081", &today()).is_valid());
}

proptest! {
    #[test]
    fn generated_curps_validate(c in arb_curp()) {
        let o = curp::check(&c, &today());
        prop_assert!(o.status == Status::Valid, "{} {:?}", c, o.issues);
    }

    #[test]
    fn generated_nss_validate(n in arb_nss()) {
        prop_assert!(nss::check(&n, &today()).is_valid(), "{}", n);
    }

    #[test]
    fn generated_nuss_validate(n in arb_nuss()) {
        prop_assert!(nuss::check(&n, &today()).is_valid(), "{}", n);
    }

    #[test]
    fn every_nss_substitution_is_rejected(n in arb_nss()) {
        for s in substitutions(&n) {
            prop_assert!(!nss::check(&s, &today()).is_valid(), "{} -> {}", n, s);
        }
    }

    #[test]
    fn every_nuss_substitution_is_rejected(n in arb_nuss()) {
        for s in substitutions(&n) {
            if switches_formula_undetectably(&n, &s) {
                continue;
            }
            prop_assert!(!nuss::check(&s, &today()).is_valid(), "{} -> {}", n, s);
        }
    }

    /// Every valid DNI/NIE passes the check and the fast lane as written,
    /// and, written as people do, the check with `dni.normalized` whose
    /// suggestion is the canonical form. Any one digit changed, or two
    /// neighbours swapped, is caught (23 is prime and divides no change of
    /// one digit, nor 9 times a power of ten).
    #[test]
    fn generated_dni_validate(d in arb_dni(), style in any::<u8>()) {
        let o = dni::check(&d, &today());
        prop_assert!(o.is_valid() && o.issues.is_empty(), "{} {:?}", d, o.issues);
        prop_assert_eq!(o.canonical.map(|c| c.to_string()), Some(d.clone()));
        prop_assert!(dni::quick(&d), "{}", d);
        prop_assert!(IdKind::Dni.quick(&d, today().today));
        prop_assert_eq!(IdKind::detect(&d, &today()), IdKind::Dni);
        let dressed = dressed_dni(&d, style);
        let o = dni::check(&dressed, &today());
        prop_assert_eq!(o.status, Status::Valid, "{:?} {:?}", dressed, o.issues);
        prop_assert_eq!(o.issues.len(), 1);
        prop_assert_eq!(o.issues[0].problem, Problem::Normalized);
        prop_assert_eq!(o.issues[0].suggestion.map(|c| c.to_string()), Some(d.clone()));
        prop_assert!(!dni::quick(&dressed));
        // A NIE's prefix is no digit: X1234567L and 01234567L are two
        // valid documents.
        let start = usize::from(d.starts_with(['X', 'Y', 'Z']));
        let digits = start..8;
        for s in substitutions(&d[start..8]) {
            let changed = format!("{}{s}{}", &d[..start], &d[8..]);
            let o = dni::check(&changed, &today());
            prop_assert_eq!(o.issues[0].problem, Problem::CheckLetter, "{} -> {}", d, changed);
            prop_assert_eq!(o.issues[0].suggestion, None);
        }
        for i in digits.start..digits.end - 1 {
            let mut b = d.as_bytes().to_vec();
            if b[i] != b[i + 1] {
                b.swap(i, i + 1);
                let swapped = String::from_utf8(b).unwrap();
                prop_assert!(!dni::check(&swapped, &today()).is_valid(), "{} -> {}", d, swapped);
            }
        }
    }

    #[test]
    fn checks_never_panic_on_any_string(s in "\\PC{0,40}") {
        for kind in IdKind::ALL {
            let o = kind.check(&s, &today());
            prop_assert!(o.status != Status::Invalid || !o.issues.is_empty());
        }
    }
}

/// The fast lane gives exactly the full check's verdict: `quick` is `Some`
/// precisely when the value is its own canonical form, valid, with no
/// finding at all.
fn quick_agrees(kind: IdKind, value: &str) -> Result<(), String> {
    let ctx = today();
    let o = kind.check(value, &ctx);
    let full = (o.status == Status::Valid
        && o.issues.is_empty()
        && o.canonical.is_some_and(|c| c.as_str() == value))
    .then_some(o.canonical)
    .flatten();
    let quick = kind.quick(value, ctx.today);
    // Kinds without a fast lane always run the check.
    let has_lane = matches!(kind, IdKind::Curp | IdKind::Nss | IdKind::Dni);
    if quick == (full.is_some() && has_lane) {
        Ok(())
    } else {
        Err(format!("{kind} {value:?}: quick {quick:?}, check {o:?}"))
    }
}

#[test]
fn quick_lane_agrees_with_every_vector() {
    for (kind, file) in [
        (IdKind::Curp, "mx_curp.tsv"),
        (IdKind::Nss, "mx_nss.tsv"),
        (IdKind::Dni, "es_dni.tsv"),
    ] {
        let mut fast = 0;
        for row in vectors(file) {
            quick_agrees(kind, &row.value).unwrap();
            fast += usize::from(kind.quick(&row.value, today().today));
        }
        assert!(fast > 0, "{file}: no vector took the fast lane");
    }
}

proptest! {
    #[test]
    fn quick_lane_agrees_with_the_check(
        curp in arb_curp(),
        nss in arb_nss(),
        shaped in "[A-Z0-9]{18}|[0-9]{11}",
        pos in 0usize..18,
        ch in "[A-Z0-9a-z \\-]",
        any in "\\PC{0,20}",
    ) {
        for v in [&curp, &nss, &shaped, &any] {
            prop_assert_eq!(quick_agrees(IdKind::Curp, v), Ok(()));
            prop_assert_eq!(quick_agrees(IdKind::Nss, v), Ok(()));
        }
        // One character changed anywhere: a near miss of a valid value.
        for v in [&curp, &nss] {
            let mut chars: Vec<char> = v.chars().collect();
            if let Some(slot) = chars.get_mut(pos) {
                *slot = ch.chars().next().unwrap_or('0');
            }
            let changed: String = chars.into_iter().collect();
            prop_assert_eq!(quick_agrees(IdKind::Curp, &changed), Ok(()));
            prop_assert_eq!(quick_agrees(IdKind::Nss, &changed), Ok(()));
        }
        for s in substitutions(&nss) {
            prop_assert_eq!(quick_agrees(IdKind::Nss, &s), Ok(()));
        }
    }

    /// The DNI/NIE fast lane gives the full check's verdict on valid
    /// values, values shaped like one, near misses and anything at all.
    #[test]
    fn dni_quick_lane_agrees_with_the_check(
        d in arb_dni(),
        shaped in "[0-9XYZxyz][0-9]{7}[A-Za-z0-9]|[0-9]{8}",
        pos in 0usize..9,
        ch in "[A-Z0-9a-zÑ \\-.]",
        any in "\\PC{0,12}",
    ) {
        for v in [&d, &shaped, &any] {
            prop_assert_eq!(quick_agrees(IdKind::Dni, v), Ok(()));
        }
        let mut chars: Vec<char> = d.chars().collect();
        chars[pos] = ch.chars().next().unwrap_or('0');
        let changed: String = chars.into_iter().collect();
        prop_assert_eq!(quick_agrees(IdKind::Dni, &changed), Ok(()));
        for s in substitutions(&d) {
            prop_assert_eq!(quick_agrees(IdKind::Dni, &s), Ok(()));
        }
    }
}

#[test]
fn dni_parts_say_number_letter_and_nie_prefix() {
    let parts = |v: &str| match dni::check(v, &today()).parts {
        Some(Parts::Dni(p)) => (p.nie_prefix, p.number, p.letter),
        other => panic!("{v}: {other:?}"),
    };
    assert_eq!(parts("00000001R"), (None, 1, 'R'));
    assert_eq!(parts("12345678Z"), (None, 12_345_678, 'Z'));
    assert_eq!(parts("y-8998792-x"), (Some('Y'), 8_998_792, 'X'));
    // A wrong letter still reads: the number and the letter typed.
    assert_eq!(parts("12345678A"), (None, 12_345_678, 'A'));
    assert_eq!(dni::check("12345678", &today()).parts, None);
}

// Regression tests for what `cargo fuzz run ids` found (fuzz/README.md).

/// fuzz/artifacts ids crash 2026-11-24: `8.023456778/9` as a NUSS was
/// repaired to `080234567789`, which is not valid: a lost-zero reading
/// whose 8-digit body starts with 0 does not share the legacy base.
#[test]
fn fuzz_nuss_lost_zero_with_body_starting_zero() {
    let ctx = today();
    for value in ["8.023456778/9", "80234567789"] {
        let o = nuss::check(value, &ctx);
        if let Some(c) = &o.canonical {
            assert!(nuss::check(c.as_str(), &ctx).is_valid(), "{value} -> {c}");
        }
    }
    // Written P/NNNNNNNN/DD, it is a wrong control pair, not a repair.
    let o = nuss::check("8/02345677/89", &ctx);
    assert_eq!(o.status, Status::Invalid);
    assert_eq!(o.issues[0].problem, Problem::CheckDigit);
}

/// An RFC with a wrong check character is invalid (the vectors' verdict)
/// but only a warning: about 1.5 % of RFCs in use carry one
/// (IDENTIFIERS.md §4). The fuzz target allows exactly this exception.
#[test]
fn rfc_wrong_check_digit_is_a_warning() {
    let o = rfc::check("SIN9311169P8", &today());
    assert_eq!(
        (o.status, o.worst()),
        (Status::Invalid, Some(Severity::Warning))
    );
    assert_eq!(o.issues[0].problem, Problem::CheckDigit);
}

/// Look-alike and invisible characters are named, not counted.
#[test]
fn foreign_characters_are_format_errors() {
    let ctx = today();
    let cases = [
        (IdKind::Curp, "HEGG560427MVZRRL04\u{200b}", '\u{200b}', 19),
        (IdKind::Curp, "HEGG560427MVZRRL0\u{41e}4", '\u{41e}', 18),
        (IdKind::Curp, "HEGG560427MVZRRL04\u{1f600}", '\u{1f600}', 19),
        (IdKind::Nss, "2813880199\u{ff19}", '\u{ff19}', 11),
        (IdKind::Nss, "28138801999\0", '\0', 12),
        (IdKind::Nuss, "\u{feff}281234567840", '\u{feff}', 1),
    ];
    for (kind, value, ch, position) in cases {
        let o = kind.check(value, &ctx);
        assert_eq!(o.status, Status::Invalid, "{value:?}");
        let found = match o.issues[0].detail {
            Detail::Foreign { ch, position } | Detail::BadChar { ch, position, .. } => {
                (ch, position)
            }
            ref d => panic!("{value:?}: {d:?}"),
        };
        assert_eq!(found, (ch, position), "{value:?}");
    }
    // A non-breaking space is a separator a word processor put there.
    assert!(IdKind::Nss.check("28\u{a0}138801999", &ctx).status == Status::Valid);
}

/// A valid NUSS of provinces 01-09, under either rule: a modern 8-digit
/// body or a legacy one below 10,000,000.
fn arb_low_province_nuss() -> impl Strategy<Value = String> {
    let body = prop_oneof![0u64..10_000_000, 10_000_000u64..100_000_000];
    (1u32..10, body).prop_map(|(p, n)| {
        let first10 = format!("{p:02}{n:08}");
        format!("{first10}{}", nuss::calc_check_digits(&first10).unwrap())
    })
}

/// Issue 17: `80123456774` (the legacy-rule NUSS `080123456774` stored as
/// a number) was `nuss.length`, "not valid even with a leading zero",
/// while `id 080123456774` said valid.
#[test]
fn legacy_body_nuss_that_lost_its_zero_is_restored() {
    let ctx = today();
    assert!(nuss::check("080123456774", &ctx).is_valid());
    for hint in [Hint::None, Hint::ZerosLost] {
        let o = IdKind::Nuss.check_with("80123456774", &ctx, hint);
        assert_eq!(o.status, Status::Repairable, "{hint:?}");
        assert_eq!(o.issues[0].problem, Problem::LeadingZeroLost, "{hint:?}");
        assert_eq!(o.issues[0].suggestion.unwrap().as_str(), "080123456774");
    }
    // Written with the lost-zero grouping it is the same repair; with the
    // legacy grouping (province 80) the control digits do not match.
    let o = nuss::check("8/01234567/74", &ctx);
    assert_eq!(o.canonical.unwrap().as_str(), "080123456774");
    let o = nuss::check("80/1234567/74", &ctx);
    assert_eq!(o.issues[0].problem, Problem::CheckDigit);
}

proptest! {
    /// Every valid NUSS of provinces 01-09 stored as a number (its leading
    /// zero lost: 11 digits) is read back as that NUSS, in a number cell
    /// and as text alike: `leading_zero_lost` suggesting the 12 digits, or
    /// `ambiguous` only where the old 11-digit reading holds too. The
    /// suggestion is what `roster-check id` calls valid.
    #[test]
    fn low_province_nuss_stored_as_a_number_is_restored(twelve in arb_low_province_nuss()) {
        let ctx = today();
        prop_assert!(IdKind::Nuss.check(&twelve, &ctx).is_valid());
        let eleven = &twelve[1..];
        for hint in [Hint::ZerosLost, Hint::None] {
            let o = IdKind::Nuss.check_with(eleven, &ctx, hint);
            let first = &o.issues[0];
            match &first.detail {
                Detail::ZeroLost { .. } => {
                    prop_assert_eq!(first.problem, Problem::LeadingZeroLost);
                    prop_assert_eq!(o.status, Status::Repairable);
                    prop_assert_eq!(first.suggestion.map(|s| s.to_string()), Some(twelve.clone()));
                }
                Detail::TwoReadings { legacy, zero_lost } => {
                    prop_assert_eq!(hint, Hint::None);
                    prop_assert_eq!(first.problem, Problem::Ambiguous);
                    prop_assert_eq!(zero_lost.as_str(), twelve.as_str());
                    // The old reading holds: PP/NNNNNNN/DD checks and is
                    // a real province.
                    let old = format!("{}/{}/{}", &eleven[..2], &eleven[2..9], &eleven[9..]);
                    let o = nuss::check(&old, &ctx);
                    prop_assert_eq!(o.status, Status::Repairable, "{} {:?}", old, o.issues);
                    prop_assert_eq!(o.canonical, Some(*legacy));
                }
                d => prop_assert!(false, "{} {:?}: {:?}", eleven, hint, d),
            }
        }
    }
}

/// Issue 17: scientific notation whose mantissa kept every digit lost
/// nothing: a warning whose suggestion is the restored value, checked in
/// turn. Digits rounded away stay an error.
#[test]
fn scientific_notation_that_kept_every_digit_is_a_warning() {
    let ctx = today();
    let cases: [(IdKind, &str, Option<&str>); 7] = [
        (IdKind::Nuss, "2,81234567840E+11", Some("281234567840")),
        (IdKind::Nuss, "2.81234567840E+11", Some("281234567840")),
        // The trailing zero left out, the control digits confirm it.
        (IdKind::Nuss, "2.8123456784E+11", Some("281234567840")),
        // Province 08 as a number: the zero is restored too.
        (IdKind::Nuss, "8.1234567869E+10", Some("081234567869")),
        (IdKind::Nss, "2.8138801999E+10", Some("28138801999")),
        (IdKind::Nss, "4,159912346E+09", Some("04159912346")),
        // The NSS's one check digit left out: nothing confirms it.
        (IdKind::Nss, "2.813880199E+10", None),
    ];
    for (kind, value, fix) in cases {
        let o = kind.check(value, &ctx);
        let first = &o.issues[0];
        assert_eq!(first.problem, Problem::ScientificNotation, "{value}");
        match fix {
            Some(fix) => {
                assert_eq!(o.status, Status::Repairable, "{value} {:?}", o.issues);
                assert_eq!(first.severity, Severity::Warning, "{value}");
                assert_eq!(
                    first.suggestion.map(|s| s.to_string()).as_deref(),
                    Some(fix)
                );
                assert_eq!(o.canonical.map(|s| s.to_string()).as_deref(), Some(fix));
            }
            None => {
                assert_eq!(
                    (o.status, first.severity),
                    (Status::Invalid, Severity::Error)
                );
                assert_eq!(o.issues.len(), 1, "{value}");
            }
        }
    }
    // Every digit kept, but the number itself is wrong: both are said.
    let o = nuss::check("2,81234567841E+11", &ctx);
    assert_eq!(o.status, Status::Invalid);
    let found: Vec<_> = o.issues.iter().map(|i| (i.problem, i.severity)).collect();
    assert_eq!(
        found,
        [
            (Problem::ScientificNotation, Severity::Warning),
            (Problem::CheckDigit, Severity::Error)
        ]
    );
    assert_eq!(o.issues[0].suggestion, None);
    assert_eq!(
        o.issues[0].detail,
        Detail::Scientific {
            restored: Canon::new("281234567841")
        }
    );
    // Excel's six digits: lost.
    for value in ["2,81235E+11", "2.81235E+11", "9.0233119E+10"] {
        for kind in [IdKind::Nss, IdKind::Nuss] {
            let o = kind.check(value, &ctx);
            assert_eq!(o.status, Status::Invalid, "{value}");
            assert_eq!(o.issues[0].severity, Severity::Error, "{value}");
        }
    }
}

/// A number in scientific notation with its mantissa whole: `d.ddd…E+n`,
/// with a comma or a point, as a spreadsheet writes it.
fn scientific_text(number: &str, comma: bool) -> String {
    let point = if comma { ',' } else { '.' };
    format!(
        "{}{point}{}E+{:02}",
        &number[..1],
        &number[1..],
        number.len() - 1
    )
}

proptest! {
    /// Any valid NUSS or NSS saved as a number in scientific notation
    /// that kept every digit is restored to itself; cut to Excel's six
    /// significant digits, it is an error.
    #[test]
    fn scientific_notation_restores_every_valid_number(
        nuss_value in arb_nuss(),
        nss_value in arb_nss(),
        comma in any::<bool>(),
    ) {
        let ctx = today();
        for (kind, value) in [(IdKind::Nuss, &nuss_value), (IdKind::Nss, &nss_value)] {
            let number = value.trim_start_matches('0');
            prop_assume!(number.len() >= 10);
            let text = scientific_text(number, comma);
            let o = kind.check(&text, &ctx);
            prop_assert_eq!(o.issues[0].problem, Problem::ScientificNotation, "{}", text);
            prop_assert_eq!(o.issues[0].severity, Severity::Warning, "{} {:?}", text, o.issues);
            prop_assert_eq!(o.canonical.map(|c| c.to_string()), Some(value.clone()), "{}", text);
            let rounded = scientific_text(&number[..6], comma).replace(
                &format!("E+{:02}", 5),
                &format!("E+{:02}", number.len() - 1),
            );
            let o = kind.check(&rounded, &ctx);
            prop_assert_eq!(o.status, Status::Invalid, "{}", rounded);
            prop_assert_eq!(o.issues[0].severity, Severity::Error, "{}", rounded);
        }
    }
}
