//! Every identifier check on arbitrary text: no panic, and the verdicts
//! keep their promises (an invalid value has exactly one error; a valid or
//! repairable one has a canonical form that is itself valid; the fast lane
//! agrees with the full check).
#![no_main]

use libfuzzer_sys::fuzz_target;
use roster_check::i18n::Lang;
use roster_check::ids::{
    curp, dni, nss, nuss, rfc, Context, Date, Hint, IdKind, Problem, Severity, Status,
};
use roster_check::report::explain;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    let ctx = Context::new(Date::new(2026, 11, 23).unwrap());
    for kind in IdKind::ALL {
        for hint in [Hint::None, Hint::ZerosLost] {
            let o = kind.check_with(value, &ctx, hint);
            match o.status {
                Status::Invalid => {
                    assert!(o.canonical.is_none(), "{value:?}: {o:?}");
                    assert_eq!(o.issues.len(), 1, "{value:?}: {o:?}");
                    // The documented exceptions (CONTRACT.md): an Anexo 2
                    // word in a CURP, and an RFC's check character, are
                    // warnings in values the vectors call invalid.
                    let word = o.issues[0].problem == Problem::InconvenientWord;
                    let rfc = kind == IdKind::Rfc && o.issues[0].problem == Problem::CheckDigit;
                    assert!(
                        o.issues[0].severity == Severity::Error || word || rfc,
                        "{value:?}: {o:?}"
                    );
                }
                Status::Valid | Status::Repairable => {
                    assert!(o.worst() < Some(Severity::Error), "{value:?}: {o:?}");
                    let canonical = o.canonical.expect("valid without canonical form");
                    let again = kind.check(canonical.as_str(), &ctx);
                    assert_eq!(
                        again.status,
                        Status::Valid,
                        "{value:?} → {canonical:?}: {again:?}"
                    );
                }
                Status::Ambiguous => {
                    assert!(o.canonical.is_none(), "{value:?}: {o:?}");
                }
            }
        }
        // The fast lane says exactly what the full check says.
        let o = kind.check(value, &ctx);
        let full = (o.status == Status::Valid && o.issues.is_empty())
            .then_some(o.canonical)
            .flatten()
            .filter(|c| c.as_str() == value);
        // Kinds without a fast lane always run the check.
        let has_lane = kind.descriptor().quick.is_some();
        let quick = kind.quick(value, ctx.today);
        assert_eq!(quick, full.is_some() && has_lane, "{value:?}: {o:?}");
        let _ = kind.others_fitting(value, &ctx);
    }
    let _ = IdKind::detect(value, &ctx);
    let _ = (
        curp::compact(value),
        curp::format(value),
        curp::calc_check_digit(value),
    );
    let _ = (
        nss::compact(value),
        nss::format(value),
        nss::calc_check_digit(value),
    );
    let _ = (
        nuss::compact(value),
        nuss::format(value),
        nuss::calc_check_digits(value),
    );
    let _ = (
        dni::compact(value),
        dni::format(value),
        dni::calc_check_letter(value),
    );
    let _ = (
        rfc::compact(value),
        rfc::format(value),
        rfc::calc_check_digit(value),
    );
    let values = [value.to_string()];
    for lang in Lang::ALL {
        let _ = explain::explain_all(&values, None, lang, &ctx);
    }
});
