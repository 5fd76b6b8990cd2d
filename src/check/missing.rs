//! Placeholders people type where a value is missing ("N/A", "SIN NSS",
//! "PENDIENTE", "0", all zeros …).

use crate::ids::names::fold;

/// Words that mean "no value", compared after folding accents and case
/// and collapsing spaces.
const PLACEHOLDERS: [&str; 34] = [
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
    "SIN NSS",
    "SIN CURP",
    "SIN NUSS",
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

/// The placeholder `text` is, if it is one: a word from the list, or
/// nothing but zeros (with separators).
///
/// ```
/// use roster_check::check::placeholder;
/// assert_eq!(placeholder(" sin nss "), Some("SIN NSS"));
/// assert_eq!(placeholder("000-000-000"), Some("000-000-000"));
/// assert_eq!(placeholder("Pendiente"), Some("PENDIENTE"));
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
    if starts_real || (t.len() > 12 && !t.starts_with('0')) {
        return None;
    }
    let folded = fold(t);
    let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(p) = PLACEHOLDERS.iter().find(|p| **p == folded) {
        return Some(p);
    }
    let mut digits = t.chars().filter(|c| !matches!(c, ' ' | '-' | '/' | '.'));
    let first = digits.next()?;
    (first == '0' && digits.all(|c| c == '0')).then_some(t)
}
