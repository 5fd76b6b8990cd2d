//! The language of every user-facing word: Spanish as written in Mexico
//! or in Spain, or English. A plain value that configuration names and
//! `i18n` draws words in.
//!
//! Plain `--lang es` (the default) leaves the country open
//! ([`Region::Auto`]) until the identifiers found decide it
//! ([`Lang::placed`]): a secretariat in Spain reads *Listado* and
//! *Incidencias*, a control-escolar office in Mexico *Padrón* and
//! *Hallazgos*. Text written before that (usage errors, help) uses the
//! Spanish common to both.

/// The language of messages, reports and the terminal.
///
/// Strings common to both Spanish variants go through [`Lang::pick`] or
/// match `Lang::Es(_)`; strings that differ by country go through
/// [`Lang::local`] or match `Lang::Es(Region::Mexico)` /
/// `Lang::Es(Region::Spain)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Es(Region),
    En,
}

/// Where a Spanish reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Region {
    /// Not said (`--lang es`): the identifiers found decide. Until they
    /// are known, and wherever a word differs by country, Mexico's
    /// (as when no Spanish identifier is found).
    #[default]
    Auto,
    Mexico,
    Spain,
}

impl Default for Lang {
    fn default() -> Lang {
        Lang::ES
    }
}

impl Lang {
    /// Spanish, its country decided by the identifiers found.
    pub const ES: Lang = Lang::Es(Region::Auto);
    /// Spanish as written in Mexico.
    pub const ES_MX: Lang = Lang::Es(Region::Mexico);
    /// Spanish as written in Spain.
    pub const ES_ES: Lang = Lang::Es(Region::Spain);
    /// Every language a report can be written in, for tests that render
    /// every string in each.
    pub const ALL: [Lang; 3] = [Lang::ES_MX, Lang::ES_ES, Lang::En];

    /// Picks the Spanish (common to both countries) or the English text.
    pub fn pick<'a>(self, es: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Es(_) => es,
            Lang::En => en,
        }
    }

    /// Picks the text of Mexico, of Spain, or the English one (an
    /// undecided Spanish takes Mexico's).
    pub fn local<'a>(self, mx: &'a str, es: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Es(Region::Spain) => es,
            Lang::Es(_) => mx,
            Lang::En => en,
        }
    }

    /// True in Spain's Spanish.
    pub fn is_spain(self) -> bool {
        self == Lang::ES_ES
    }

    /// The language once the identifiers are known: plain Spanish becomes
    /// Spain's when `spain` (a NUSS or DNI/NIE was found), else Mexico's.
    /// A country or English that was asked for stays.
    pub fn placed(self, spain: bool) -> Lang {
        match self {
            Lang::Es(Region::Auto) if spain => Lang::ES_ES,
            Lang::Es(Region::Auto) => Lang::ES_MX,
            other => other,
        }
    }

    /// Reads `--lang`'s value: `es`, `es-MX`, `es-ES`, `en`, in any case,
    /// with `-` or `_` (`es_MX`, as locales are written).
    ///
    /// ```
    /// use roster_check::lang::Lang;
    /// assert_eq!(Lang::parse("es_mx"), Some(Lang::ES_MX));
    /// assert_eq!(Lang::parse("ES-es"), Some(Lang::ES_ES));
    /// assert_eq!(Lang::parse("es"), Some(Lang::ES));
    /// assert_eq!(Lang::parse("fr"), None);
    /// ```
    pub fn parse(value: &str) -> Option<Lang> {
        match value.to_ascii_lowercase().replace('_', "-").as_str() {
            "es" => Some(Lang::ES),
            "es-mx" => Some(Lang::ES_MX),
            "es-es" => Some(Lang::ES_ES),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language a locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) asks for:
    /// English when it starts with `en`, else none (Spanish stays the
    /// default).
    ///
    /// ```
    /// use roster_check::lang::Lang;
    /// assert_eq!(Lang::from_locale("en_US.UTF-8"), Some(Lang::En));
    /// assert_eq!(Lang::from_locale("C.UTF-8"), None);
    /// ```
    pub fn from_locale(locale: &str) -> Option<Lang> {
        locale.starts_with("en").then_some(Lang::En)
    }
}
