//! Placeholders people type where a value is missing ("N/A", "SIN NSS",
//! "PENDIENTE", "0", all zeros, the dummy DNI 00000000T …).

use crate::ids::names::fold;
use crate::ids::IdKind;

/// Words that mean "no value" in any identifier's cell, compared after
/// folding accents and case and collapsing spaces; each identifier's own
/// ("SIN NSS" …) are in its entry of the identifier table.
const PLACEHOLDERS: [&str; 31] = [
    "N/A",
    "NA",
    "N.A.",
    "N/D",
    "ND",
    "N.D.",
    "S/N",
    "SN",
    "S/D",
    "SIN",
    "SIN DATO",
    "SIN DATOS",
    "SIN NUMERO",
    "SIN NUM",
    "NO TIENE",
    "NO APLICA",
    "NO",
    "NINGUNO",
    "PENDIENTE",
    "EN TRAMITE",
    "TRAMITE",
    "EN PROCESO",
    "FALTA",
    "NULL",
    "NONE",
    "NAN",
    "?",
    "-",
    "--",
    "---",
    ".",
];

/// True for a clean cell that is nothing but zeros, or zeros and the
/// letter T: the letter of DNI number 0, the dummy `00000000T` forms fill
/// in. Asked of every value that passes the fast lane: one look at the
/// first byte for nearly all of them.
#[inline]
pub(crate) fn zeros(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = match b.split_last() {
        Some((b'T', rest)) => rest,
        _ => b,
    };
    digits.first() == Some(&b'0') && digits.iter().all(|&d| d == b'0')
}

/// The placeholder `text` is, if it is one: a word from the list, or
/// nothing but zeros (with separators), perhaps followed by the letter T
/// (the dummy DNI `00000000T`).
///
/// ```
/// use roster_check::check::placeholder;
/// assert_eq!(placeholder(" sin nss "), Some("SIN NSS"));
/// assert_eq!(placeholder("000-000-000"), Some("000-000-000"));
/// assert_eq!(placeholder("00000000-t"), Some("00000000-t"));
/// assert_eq!(placeholder("Sin DNI"), Some("SIN DNI"));
/// assert_eq!(placeholder("00000001R"), None);
/// assert_eq!(placeholder("Pendiente"), Some("PENDIENTE"));
/// assert_eq!(placeholder("sin rfc"), Some("SIN RFC"));
/// assert_eq!(placeholder("xaxx010101000"), Some("XAXX010101000"));
/// assert_eq!(placeholder("28138801999"), None);
/// ```
pub fn placeholder(text: &str) -> Option<&str> {
    let t = text.trim();
    // Fast path for the common case, a value that starts like a real one:
    // no allocation per cell.
    let starts_real = t
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() && b != b'0');
    if starts_real {
        return None;
    }
    let own = || {
        IdKind::ALL
            .iter()
            .flat_map(|k| k.descriptor().placeholders)
            .copied()
    };
    if t.len() > 12 && !t.starts_with('0') {
        // Long values are identifiers, or an identifier's own placeholder
        // written as one (the SAT's generic RFC).
        return own().find(|p| p.len() == t.len() && p.eq_ignore_ascii_case(t));
    }
    let folded = fold(t);
    let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(p) = PLACEHOLDERS
        .iter()
        .copied()
        .chain(own())
        .find(|p| *p == folded)
    {
        return Some(p);
    }
    let zeros = t.trim_end_matches(['T', 't']);
    let dummy_dni = zeros.len() + 1 >= t.len();
    let mut digits = zeros
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '/' | '.'));
    let first = digits.next()?;
    (dummy_dni && first == '0' && digits.all(|c| c == '0')).then_some(t)
}
