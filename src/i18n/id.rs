//! What `roster-check id` says about a value.

use super::*;

/// The verdict line of `roster-check id` on `value`.
pub fn verdict(lang: Lang, kind: IdKind, status: crate::ids::Status, value: &str) -> String {
    use crate::ids::Status::*;
    let name = value_name(kind, value);
    let feminine = feminine(kind);
    let word = match (lang, status) {
        (Lang::Es(_), Valid) if feminine => "válida",
        (Lang::Es(_), Valid) => "válido",
        (Lang::Es(_), Repairable) => "reparable",
        (Lang::Es(_), Ambiguous) if feminine => "ambigua",
        (Lang::Es(_), Ambiguous) => "ambiguo",
        (Lang::Es(_), Invalid) if feminine => "NO válida",
        (Lang::Es(_), Invalid) => "NO válido",
        (Lang::En, Valid) => "valid",
        (Lang::En, Repairable) => "repairable",
        (Lang::En, Ambiguous) => "ambiguous",
        (Lang::En, Invalid) => "NOT valid",
    };
    match lang {
        Lang::Es(_) => format!("{name} {word}"),
        Lang::En => format!("{word} {name}"),
    }
}

/// What a well-formed identifier encodes, in one line.
pub fn parts_line(lang: Lang, parts: &crate::ids::Parts) -> String {
    use crate::ids::curp::Sex;
    use crate::ids::Parts;
    match parts {
        Parts::Curp(p) => {
            let sex = match (lang, p.sex) {
                (Lang::Es(_), Sex::Male) => "hombre (H)",
                (Lang::Es(_), Sex::Female) => "mujer (M)",
                (Lang::Es(_), Sex::NonBinary) => "no binario (X)",
                (Lang::En, Sex::Male) => "male (H)",
                (Lang::En, Sex::Female) => "female (M)",
                (Lang::En, Sex::NonBinary) => "non-binary (X)",
            };
            let b = p.birth;
            match lang {
                Lang::Es(_) => format!(
                    "nacimiento {:02}/{:02}/{}, sexo {sex}, {} {} ({})",
                    b.day(),
                    b.month(),
                    b.year(),
                    lang.local("entidad", "estado", ""),
                    p.state_name,
                    p.state
                ),
                Lang::En => format!("born {b}, sex {sex}, state {} ({})", p.state_name, p.state),
            }
        }
        Parts::Nss(p) => {
            let entity = p.entity.map(|e| format!(" ({e})")).unwrap_or_default();
            match lang {
                Lang::Es(_) => format!(
                    "subdelegación {:02}{entity}, año de alta {}, año de nacimiento {}",
                    p.subdelegation, p.registration_year, p.birth_year
                ),
                Lang::En => format!(
                    "subdelegation {:02}{entity}, registered {}, born {}",
                    p.subdelegation, p.registration_year, p.birth_year
                ),
            }
        }
        Parts::Nuss(p) => {
            let name = p
                .province_name
                .unwrap_or(lang.pick("código no oficial", "unofficial code"));
            match lang {
                Lang::Es(_) => format!("provincia {:02} ({name})", p.province),
                Lang::En => format!("province {:02} ({name})", p.province),
            }
        }
        Parts::Dni(p) => match (lang, p.nie_prefix) {
            (Lang::Es(_), None) if p.number == 0 => "DNI: número 00000000, letra T: el DNI de relleno de los formularios, no el de una persona (en un listado cuenta como que falta)".to_string(),
            (Lang::En, None) if p.number == 0 => "DNI: number 00000000, letter T: the dummy DNI forms are filled with, nobody's (a roster counts it as missing)".to_string(),
            (Lang::Es(_), None) => format!("DNI: número {:08}, letra {}", p.number, p.letter),
            (Lang::En, None) => format!("DNI: number {:08}, letter {}", p.number, p.letter),
            (Lang::Es(_), Some(x)) => format!(
                "NIE: letra inicial {x} (cuenta como {} para la letra final), número {:07}, letra {}",
                p.prefix_value().unwrap_or(0),
                p.number,
                p.letter
            ),
            (Lang::En, Some(x)) => format!(
                "NIE: prefix {x} (counts as {} for the final letter), number {:07}, letter {}",
                p.prefix_value().unwrap_or(0),
                p.number,
                p.letter
            ),
        },
        Parts::Rfc(p) if p.generic => lang
            .pick(
                "RFC genérico del SAT (público en general o extranjeros), no el de una persona (en un padrón cuenta como que falta)",
                "the SAT's generic RFC (general public or foreigners), nobody's own (a roster counts it as missing)",
            )
            .to_string(),
        Parts::Rfc(p) => {
            let d = p.date;
            match (lang, p.person) {
                (Lang::Es(_), true) => format!(
                    "persona física, fecha de nacimiento {:02}/{:02}/{}",
                    d.day(),
                    d.month(),
                    d.year()
                ),
                (Lang::Es(_), false) => format!(
                    "persona moral, fecha de constitución {:02}/{:02}/{}",
                    d.day(),
                    d.month(),
                    d.year()
                ),
                (Lang::En, true) => format!("person, born {d}"),
                (Lang::En, false) => format!("company, incorporated {d}"),
            }
        }
    }
}
