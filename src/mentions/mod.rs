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

use crate::convert::{Script, ScriptView};
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

/// [`mentions_of`] under a [`Script`]: with [`Script::Auto`] a traditional
/// text is tagged through its simplified form (OpenCC `t2s`, where the
/// dictionary and the rules know the words) and the mentions come back in
/// the text's own characters, with offsets into it.
///
/// ```
/// use zhtext::convert::Script;
/// use zhtext::mentions::{mentions_in_script, Kind};
/// use zhtext::segment::Segmenter;
/// let seg = Segmenter::shared_embedded();
/// let found = mentions_in_script(&seg, "俄羅斯總統普京訪問北韓", &Kind::ALL, Script::Auto);
/// let names: Vec<_> = found.iter().map(|m| (m.text, m.start, m.end)).collect();
/// assert!(names.contains(&("普京", 5, 7)));
/// assert!(names.contains(&("俄羅斯", 0, 3)));
/// ```
pub fn mentions_in_script<'a>(
    segmenter: &Segmenter,
    text: &'a str,
    kinds: &[Kind],
    script: Script,
) -> Vec<Mention<'a>> {
    let view = ScriptView::new(text, script);
    if !view.is_folded() {
        return mentions_of(segmenter, text, kinds);
    }
    let mut back = BackToOriginal::new(&view);
    mentions_of(segmenter, view.text(), kinds)
        .into_iter()
        .filter_map(|m| back.mention(m))
        .collect()
}

/// [`quotes`] under a [`Script`], as [`mentions_in_script`] reads it: every
/// string and offset is in the text's own characters.
///
/// ```
/// use zhtext::convert::Script;
/// use zhtext::mentions::quotes_in_script;
/// use zhtext::segment::Segmenter;
/// let seg = Segmenter::shared_embedded();
/// let found = quotes_in_script(&seg, "黃之鋒說：「我們不會放棄。」", Script::Auto);
/// assert_eq!((found[0].speaker, found[0].cue, found[0].quote), ("黃之鋒", "說", "我們不會放棄。"));
/// ```
pub fn quotes_in_script<'a>(
    segmenter: &Segmenter,
    text: &'a str,
    script: Script,
) -> Vec<Quote<'a>> {
    let view = ScriptView::new(text, script);
    if !view.is_folded() {
        return quotes(segmenter, text);
    }
    let mut back = BackToOriginal::new(&view);
    quotes(segmenter, view.text())
        .into_iter()
        .filter_map(|q| back.quote(q))
        .collect()
}

/// [`mentions_in_script`] and [`quotes_in_script`] of the text `view` reads,
/// from one tagging: the quotes' speakers are found among the same mentions.
/// Equal to the two calls (a text longer than a mention block is read by
/// them in turn, as they read it).
///
/// ```
/// use zhtext::convert::{Script, ScriptView};
/// use zhtext::mentions::{mentions_and_quotes, mentions_in_script, quotes_in_script, Kind};
/// use zhtext::segment::Segmenter;
/// let seg = Segmenter::shared_embedded();
/// let text = "外交部長王毅說：「我們歡迎。」";
/// let (found, said) = mentions_and_quotes(&seg, &ScriptView::new(text, Script::Auto), &Kind::ALL);
/// assert_eq!(found, mentions_in_script(&seg, text, &Kind::ALL, Script::Auto));
/// assert_eq!(said, quotes_in_script(&seg, text, Script::Auto));
/// ```
pub fn mentions_and_quotes<'a>(
    segmenter: &Segmenter,
    view: &ScriptView<'a>,
    kinds: &[Kind],
) -> (Vec<Mention<'a>>, Vec<Quote<'a>>) {
    mentions_and_quotes_each(segmenter, view, kinds, |_| {})
}

/// [`mentions_and_quotes`], handing each tagged word of the text `view`
/// reads (a slice of `view.text()`, `Segmenter::tag`'s words in order) to
/// `each` on the way, so that a caller needing the words too (the one pass
/// of [`crate::analysis`]) tags the text once.
///
/// ```
/// use zhtext::convert::{Script, ScriptView};
/// use zhtext::mentions::{mentions_and_quotes, mentions_and_quotes_each, Kind};
/// use zhtext::segment::Segmenter;
/// let seg = Segmenter::shared_embedded();
/// let view = ScriptView::new("外交部長王毅說：「我們歡迎。」", Script::Auto);
/// let mut words = Vec::new();
/// let found = mentions_and_quotes_each(&seg, &view, &Kind::ALL, |w| words.push(w));
/// assert_eq!(found, mentions_and_quotes(&seg, &view, &Kind::ALL));
/// assert_eq!(words[..3], ["外交部长", "王毅", "说"]);
/// ```
pub fn mentions_and_quotes_each<'v, 'a>(
    segmenter: &Segmenter,
    view: &'v ScriptView<'a>,
    kinds: &[Kind],
    mut each: impl FnMut(&'v str),
) -> (Vec<Mention<'a>>, Vec<Quote<'a>>) {
    if !view.is_folded() {
        // The closure hands the text's words (`'a`) on as the view's (`'v`):
        // `each` itself only takes the shorter lifetime.
        #[allow(clippy::redundant_closure)]
        return tagged_once(segmenter, view.original_text(), kinds, |w| each(w));
    }
    let (found, said) = tagged_once(segmenter, view.text(), kinds, each);
    let mut back = BackToOriginal::new(view);
    (
        found.into_iter().filter_map(|m| back.mention(m)).collect(),
        said.into_iter().filter_map(|q| back.quote(q)).collect(),
    )
}

/// [`mentions_of`] and [`quotes`] of `text` with one tagging, whose words
/// go to `each`, when the text fits one mention block (a longer one is read
/// by the two in turn, and tagged once more for `each`).
fn tagged_once<'t>(
    segmenter: &Segmenter,
    text: &'t str,
    kinds: &[Kind],
    mut each: impl FnMut(&'t str),
) -> (Vec<Mention<'t>>, Vec<Quote<'t>>) {
    if text.len() > entities::BLOCK_BYTES {
        // The tagger's words are slices of `text`: handed on as such.
        let base = text.as_ptr() as usize;
        segmenter.tag_each(text, true, |word, _| {
            let start = word.as_ptr() as usize - base;
            each(&text[start..start + word.len()]);
        });
        return (mentions_of(segmenter, text, kinds), quotes(segmenter, text));
    }
    let tokens = tokens::tag(segmenter, text);
    tokens.iter().for_each(|t| each(t.word));
    let spans = entities::spans(segmenter, text, &tokens);
    let mut found = Vec::with_capacity(spans.len());
    let mut offsets = tokens::CharOffsets::new(text);
    entities::push_mentions(text, 0, &tokens, &spans, &mut offsets, &mut found);
    found.retain(|m| kinds.contains(&m.kind));
    (found, quotes::quotes_of_tagged(text, &tokens, spans))
}

/// Maps slices and character offsets of a [`ScriptView`]'s folded text
/// back to the original text.
struct BackToOriginal<'v, 'a> {
    view: &'v ScriptView<'a>,
    /// Byte offset of every character of the folded text, and its end.
    folded_bytes: Vec<usize>,
    offsets: tokens::CharOffsets<'a>,
}

impl<'v, 'a> BackToOriginal<'v, 'a> {
    fn new(view: &'v ScriptView<'a>) -> Self {
        let folded = view.text();
        let folded_bytes = folded
            .char_indices()
            .map(|(i, _)| i)
            .chain([folded.len()])
            .collect();
        BackToOriginal {
            view,
            folded_bytes,
            offsets: tokens::CharOffsets::new(view.original_text()),
        }
    }

    /// The original of `part` (a slice of the folded text, possibly empty)
    /// with its character offsets.
    fn span(&mut self, part: &str) -> Option<(&'a str, usize, usize)> {
        if part.is_empty() {
            return Some(("", 0, 0));
        }
        let folded = self.view.text();
        let start = (part.as_ptr() as usize).checked_sub(folded.as_ptr() as usize)?;
        self.bytes(start, start + part.len())
    }

    /// The original of characters `start..end` of the folded text.
    fn chars(&mut self, start: usize, end: usize) -> Option<(&'a str, usize, usize)> {
        let (a, b) = (*self.folded_bytes.get(start)?, *self.folded_bytes.get(end)?);
        self.bytes(a, b)
    }

    fn mention(&mut self, m: Mention<'_>) -> Option<Mention<'a>> {
        let (text, start, end) = self.span(m.text)?;
        Some(Mention {
            text,
            kind: m.kind,
            start,
            end,
        })
    }

    fn quote(&mut self, q: Quote<'_>) -> Option<Quote<'a>> {
        let (speaker, _, _) = self.span(q.speaker)?;
        let (cue, _, _) = self.span(q.cue)?;
        let (quote, quote_start, quote_end) = self.span(q.quote)?;
        let (_, speaker_start, speaker_end) = self.chars(q.speaker_start, q.speaker_end)?;
        Some(Quote {
            speaker,
            speaker_start,
            speaker_end,
            cue,
            quote,
            quote_start,
            quote_end,
            direct: q.direct,
        })
    }

    fn bytes(&mut self, start: usize, end: usize) -> Option<(&'a str, usize, usize)> {
        if end > self.view.text().len() {
            return None;
        }
        let (a, b) = self.view.source_range(start, end);
        let original = self.view.original_text();
        Some((&original[a..b], self.offsets.at(a), self.offsets.at(b)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_mentions_come_back_in_their_own_characters() {
        let seg = Segmenter::shared_embedded();
        let text = "美國國務卿布林肯週三抵達北京，會見中國外交部長王毅。";
        let found = mentions_in_script(&seg, text, &Kind::ALL, Script::Auto);
        let chars: Vec<char> = text.chars().collect();
        for m in &found {
            let at: String = chars[m.start..m.end].iter().collect();
            assert_eq!(at, m.text);
        }
        let names: Vec<_> = found.iter().map(|m| (m.text, m.kind)).collect();
        assert!(names.contains(&("布林肯", Kind::Person)));
        assert!(names.contains(&("王毅", Kind::Person)));
        assert!(names.contains(&("北京", Kind::Place)));
        // As is, the same text is read by the traditional forms alone.
        let as_is = mentions_in_script(&seg, text, &Kind::ALL, Script::AsIs);
        assert_eq!(as_is, mentions(&seg, text));
    }

    #[test]
    fn traditional_quotes_keep_cues_speakers_and_offsets() {
        let seg = Segmenter::shared_embedded();
        let text = "王毅：「中方堅決反對。」他表示，中美關係需要穩定發展。";
        let found = quotes_in_script(&seg, text, Script::Auto);
        assert_eq!(found.len(), 2);
        let chars: Vec<char> = text.chars().collect();
        let at = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
        assert_eq!((found[0].speaker, found[0].cue), ("王毅", ""));
        assert_eq!(
            at(found[0].quote_start, found[0].quote_end),
            "中方堅決反對。"
        );
        assert_eq!((found[1].speaker, found[1].cue), ("王毅", "表示"));
        assert_eq!(at(found[1].speaker_start, found[1].speaker_end), "他");
        assert_eq!(found[1].quote, "中美關係需要穩定發展");
        assert!(!found[1].direct);
    }
}
