//! Tagged words with their byte offsets, and byte → character offsets.

use super::lexicon::{cue_start, is_transliteration, Listed};
pub(crate) use crate::segment::CharOffsets;
use crate::segment::{Segmenter, TagId};

/// A tagged word of the text: `text[start..end]`, with what the rules ask
/// of it again and again, found once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'a> {
    pub word: &'a str,
    pub tag: &'static str,
    pub start: usize,
    pub end: usize,
    /// The lexicon's lists the word is in.
    pub listed: Listed,
    /// Where a verb of saying starts in the word (`lexicon::cue_start`).
    pub cue_start: Option<usize>,
    /// The tag the user gave the word (`add_word`, learned words), as the
    /// rules ask for it: a person's or a place's.
    pub user: UserTag,
    chars: u32,
    han: bool,
    transliterated: bool,
    dot: bool,
}

/// What the user's tag for a word says to the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UserTag {
    /// No user tag, or one the rules do not ask for.
    Other,
    /// `nr`, `nrt` or `nrfg`.
    Person,
    /// `ns`.
    Place,
}

impl UserTag {
    fn of(tag: Option<TagId>) -> UserTag {
        match tag {
            Some(TagId::NR | TagId::NRT | TagId::NRFG) => UserTag::Person,
            Some(TagId::NS) => UserTag::Place,
            _ => UserTag::Other,
        }
    }
}

impl<'a> Token<'a> {
    /// The token `word` tagged `tag`, at `text[start..end]`, which the user
    /// tagged `user_tag`. Inlined into [`tag`]'s loop, where the token is
    /// built in place rather than returned through memory (a call cost
    /// about a third of its instructions).
    #[inline]
    pub fn new(word: &'a str, tag: TagId, start: usize, user_tag: Option<TagId>) -> Self {
        let (mut chars, mut han, mut transliterated) = (0, true, true);
        for c in word.chars() {
            chars += 1;
            han &= crate::segment::is_han(c);
            transliterated &= is_transliteration(c);
        }
        let dot = chars == 1 && word.chars().next().is_some_and(is_dot);
        let listed = Listed::of(word);
        Token {
            word,
            tag: tag.name(),
            start,
            end: start + word.len(),
            listed,
            cue_start: cue_start(word, listed),
            user: UserTag::of(user_tag),
            chars,
            han,
            transliterated,
            dot,
        }
    }

    /// Characters in the word.
    pub fn chars(&self) -> usize {
        self.chars as usize
    }

    /// Han characters alone (true for an empty word).
    pub fn is_han(&self) -> bool {
        self.han
    }

    /// Characters of transliterated names alone (true for an empty word).
    pub fn is_transliterated(&self) -> bool {
        self.transliterated
    }

    /// A dot joining the parts of a foreign name (`·`, `・`, ...).
    pub fn is_dot(&self) -> bool {
        self.dot
    }
}

fn is_dot(c: char) -> bool {
    matches!(c, '·' | '•' | '‧' | '・' | '･' | '．')
}

/// The tagged words of `text`, each with its byte range. The tagger hands
/// out slices of `text` in order, so each word's range follows from where
/// it lies in `text`. Each word's user tag is looked up here, once. The
/// tags are the tagger's [`TagId`]s (any tag the rules do not read is
/// `x`), so that tokens borrow only the text.
pub(crate) fn tag<'a>(segmenter: &Segmenter, text: &'a str) -> Vec<Token<'a>> {
    let base = text.as_ptr() as usize;
    let mut tokens = Vec::with_capacity(text.len() / 4);
    segmenter.tagged_each(text, true, |word, tag| {
        let start = word.as_ptr() as usize - base;
        tokens.push(Token::new(
            &text[start..start + word.len()],
            tag.id,
            start,
            segmenter.user_tag_id(word),
        ));
    });
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_cover_the_text_with_their_byte_ranges() {
        let text = "外交部长王毅说：“好。”\nok 2024";
        let tokens = tag(Segmenter::shared_embedded().as_ref(), text);
        let mut at = 0;
        for t in &tokens {
            assert_eq!(t.start, at);
            assert_eq!(&text[t.start..t.end], t.word);
            at = t.end;
        }
        assert_eq!(at, text.len());
    }

    #[test]
    fn char_offsets_go_both_ways() {
        let text = "王毅a说";
        let mut offsets = CharOffsets::new(text);
        assert_eq!(offsets.at(6), 2);
        assert_eq!(offsets.at(7), 3);
        assert_eq!(offsets.at(3), 1);
        assert_eq!(offsets.at(text.len()), 4);
    }
}
