//! Who, where and who said what: people, places and organisations named in
//! a text, and the quotations attributed to them.
//!
//! Both start from the POS tagger ([`Segmenter::tag`]): its `nr`/`nrt`
//! (people), `ns` (places) and `nt` (organisations) tags, corrected and
//! extended by the conventions of news writing — a title before a name
//! (`外交部长王毅` → `王毅`), foreign names joined by `·`, organisation names
//! ending in `公司`/`大学`/`委员会`/`部`…, places with an administrative
//! suffix (`温州市`). Quotations are found by the attribution patterns of
//! Chinese news (`X说：“…”`, `“…”，X表示`, `X表示，…。`); see [`quotes`].
//!
//! Offsets are in characters (Unicode scalar values), as Python indexes
//! strings. Names learned into the segmenter (`add_word(w, tag="nr")`,
//! `learn_words`) are found like the dictionary's own.

mod entities;
mod lexicon;
mod quotes;
mod tokens;

pub use entities::mentions;
pub use quotes::quotes;

/// What a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Person,
    Place,
    Organization,
}

impl Kind {
    /// All kinds, in the order they are reported.
    pub const ALL: [Kind; 3] = [Kind::Person, Kind::Place, Kind::Organization];

    /// `"person"`, `"place"` or `"organization"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Organization => "organization",
        }
    }

    /// The kind named `name` (as [`Kind::as_str`] writes it; `"org"` too).
    ///
    /// ```
    /// use zhtext::mentions::Kind;
    /// assert_eq!(Kind::parse("place"), Some(Kind::Place));
    /// assert_eq!(Kind::parse("org"), Some(Kind::Organization));
    /// assert_eq!(Kind::parse("thing"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Kind> {
        match name {
            "person" => Some(Kind::Person),
            "place" => Some(Kind::Place),
            "organization" | "organisation" | "org" => Some(Kind::Organization),
            _ => None,
        }
    }
}

/// A person, place or organisation named in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention<'a> {
    /// The name as written.
    pub text: &'a str,
    pub kind: Kind,
    /// Character offsets: `text` is characters `start..end` of the input.
    pub start: usize,
    pub end: usize,
}

/// A quotation and who said it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote<'a> {
    /// Who said it: the name as written, or, when the text says `他`/`她`,
    /// the name of the speaker that pronoun refers to.
    pub speaker: &'a str,
    /// Character offsets of the speaker as written at the attribution (the
    /// pronoun, when it was resolved).
    pub speaker_start: usize,
    pub speaker_end: usize,
    /// The verb of saying (`说`, `表示`, …), or `""` for `X：“…”`.
    pub cue: &'a str,
    /// What was said, without the quotation marks.
    pub quote: &'a str,
    pub quote_start: usize,
    pub quote_end: usize,
    /// In quotation marks (`true`) or reported speech (`X表示，…。`).
    pub direct: bool,
}

use crate::segment::Segmenter;

/// Mentions of the kinds in `kinds` only.
///
/// ```
/// use zhtext::mentions::{mentions_of, Kind};
/// use zhtext::segment::Segmenter;
/// let seg = Segmenter::shared_embedded();
/// let found = mentions_of(&seg, "外交部长王毅访问北京", &[Kind::Person]);
/// assert_eq!(found.iter().map(|m| m.text).collect::<Vec<_>>(), ["王毅"]);
/// ```
pub fn mentions_of<'a>(segmenter: &Segmenter, text: &'a str, kinds: &[Kind]) -> Vec<Mention<'a>> {
    let mut found = mentions(segmenter, text);
    found.retain(|m| kinds.contains(&m.kind));
    found
}
