//! The language of every user-facing word, Spanish (default) or English:
//! a plain value that configuration names and `i18n` draws words in.

/// The language of messages, reports and the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Es,
    En,
}

impl Lang {
    /// Picks the Spanish or the English text.
    pub fn pick<'a>(self, es: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Es => es,
            Lang::En => en,
        }
    }
}
