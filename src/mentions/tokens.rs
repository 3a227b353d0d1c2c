//! Tagged words with their byte offsets, and byte → character offsets.

pub(crate) use crate::segment::CharOffsets;
use crate::segment::Segmenter;

/// A tagged word of the text: `text[start..end]`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'a> {
    pub word: &'a str,
    pub tag: &'static str,
    pub start: usize,
    pub end: usize,
}

impl Token<'_> {
    pub fn chars(&self) -> usize {
        self.word.chars().count()
    }

    pub fn is_han(&self) -> bool {
        self.word.chars().all(crate::segment::is_han)
    }
}

/// The tagged words of `text`, each with its byte range. The tagger hands
/// out slices of `text` in order, so each word's range follows from where
/// it lies in `text`.
pub(crate) fn tag<'a>(segmenter: &Segmenter, text: &'a str) -> Vec<Token<'a>> {
    let base = text.as_ptr() as usize;
    let mut tokens = Vec::with_capacity(text.len() / 4);
    segmenter.tag_each(text, true, |word, tag| {
        let start = word.as_ptr() as usize - base;
        let end = start + word.len();
        tokens.push(Token {
            word: &text[start..end],
            tag: known_tag(tag),
            start,
            end,
        });
    });
    tokens
}

/// The tags the rules look at, as static strings (so tokens borrow only
/// the text); any other tag reads as `x`.
fn known_tag(tag: &str) -> &'static str {
    match tag {
        "nr" => "nr",
        "nrt" => "nrt",
        "nrfg" => "nrfg",
        "ns" => "ns",
        "nt" => "nt",
        "nz" => "nz",
        "n" => "n",
        "ng" => "ng",
        "j" => "j",
        "vn" => "vn",
        "an" => "an",
        "l" => "l",
        "i" => "i",
        "eng" => "eng",
        "v" => "v",
        "vd" => "vd",
        "vg" => "vg",
        "vi" => "vi",
        "vq" => "vq",
        "p" => "p",
        "c" => "c",
        "d" => "d",
        "dg" => "dg",
        "uj" => "uj",
        "ul" => "ul",
        "uz" => "uz",
        "uv" => "uv",
        "ud" => "ud",
        "ug" => "ug",
        "u" => "u",
        "r" => "r",
        "rr" => "rr",
        "rz" => "rz",
        "m" => "m",
        "mq" => "mq",
        "q" => "q",
        "f" => "f",
        "t" => "t",
        "tg" => "tg",
        "y" => "y",
        "e" => "e",
        "o" => "o",
        "zg" => "zg",
        "a" => "a",
        "ad" => "ad",
        "ag" => "ag",
        "b" => "b",
        "z" => "z",
        "s" => "s",
        _ => "x",
    }
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
