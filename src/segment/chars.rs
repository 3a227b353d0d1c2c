//! Python jieba's character classes (its regular expressions), so that text
//! is split into blocks exactly where jieba splits it.

/// The first character [`is_han`] accepts.
pub const FIRST_HAN: char = '\u{4E00}';
/// The last character [`is_han`] accepts.
pub const LAST_HAN: char = '\u{9FD5}';

/// `[\u4E00-\u9FD5]`: what jieba calls Han. jieba-rs also counts
/// `\u9FD6-\u9FFF` and the CJK extensions, which jieba leaves outside blocks.
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c, FIRST_HAN..=LAST_HAN)
}

/// `re_han_default`: `[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]`.
#[inline]
pub fn is_han_default(c: char) -> bool {
    is_han(c) || c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
}

/// posseg's `re_han_internal`: `[\u4E00-\u9FD5a-zA-Z0-9+#&\._]` (no `%`, no `-`).
#[inline]
pub fn is_han_internal(c: char) -> bool {
    is_han(c) || c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_')
}

/// Characters jieba-rs puts inside a block where jieba ends the block.
#[inline]
pub fn is_han_only_in_jieba_rs(c: char) -> bool {
    matches!(c,
        '\u{9FD6}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}'
    )
}

/// Whether `text` has any character [`is_han_only_in_jieba_rs`] accepts.
/// Ordinary text has none, and this runs on every text cut, so it avoids
/// decoding: those characters are the ones whose first two UTF-8 bytes fall
/// in the ranges [`may_start_han_only_in_jieba_rs`] checks, and a byte that
/// can lead a multi-byte character never occurs inside one, so every byte
/// pair can be tested without finding character boundaries. The pairs are
/// tested a chunk at a time without branches (which the compiler turns into
/// vector instructions); only a chunk with a candidate is decoded.
pub fn contains_han_only_in_jieba_rs(text: &str) -> bool {
    const CHUNK: usize = 64;
    let bytes = text.as_bytes();
    let mut start = 0;
    while start + 1 < bytes.len() {
        let end = (start + CHUNK).min(bytes.len() - 1);
        let leads = &bytes[start..end];
        let seconds = &bytes[start + 1..end + 1];
        let any = leads.iter().zip(seconds).fold(false, |any, (&a, &b)| {
            any | may_start_han_only_in_jieba_rs(a, b)
        });
        if any
            && (start..end).any(|i| {
                may_start_han_only_in_jieba_rs(bytes[i], bytes[i + 1])
                    && text[i..]
                        .chars()
                        .next()
                        .is_some_and(is_han_only_in_jieba_rs)
            })
        {
            return true;
        }
        start = end;
    }
    false
}

/// Whether a character whose UTF-8 encoding starts with `lead`, `second`
/// may be one [`is_han_only_in_jieba_rs`] accepts (the 4-byte ranges are
/// checked by their first two bytes only).
#[inline(always)]
fn may_start_han_only_in_jieba_rs(lead: u8, second: u8) -> bool {
    (lead == 0xE3 && second >= 0x90) // U+3400..U+3FFF
        | (lead == 0xE4 && second <= 0xB6) // U+4000..U+4DBF
        | (lead == 0xE9 && second == 0xBF) // U+9FC0..U+9FFF
        | (lead == 0xEF && (0xA4..=0xAB).contains(&second)) // U+F900..U+FAFF
        | (lead == 0xF0 && (0xA0..=0xAF).contains(&second)) // U+20000..U+2FFFF
}

/// Connectors that jieba-rs lets join two alphanumeric runs inside one
/// HMM token (`Covid-19`), where jieba splits (`Covid`, `-`, `19`).
#[inline]
pub fn is_connector(b: u8) -> bool {
    matches!(b, b'.' | b'-' | b'_')
}

/// Length of a match of finalseg's `re_skip` = `[a-zA-Z0-9]+(?:\.\d+)?%?`
/// at the start of `bytes`, 0 when none.
pub fn skip_match_len(bytes: &[u8]) -> usize {
    let mut end = bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if end == 0 {
        return 0;
    }
    if bytes.get(end) == Some(&b'.') {
        let digits = bytes[end + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits > 0 {
            end += 1 + digits;
        }
    }
    if bytes.get(end) == Some(&b'%') {
        end += 1;
    }
    end
}

/// Split `text` as `re_skip.split` does in finalseg, dropping empty pieces:
/// matches and the stretches between them, in order.
pub fn split_skip<'a>(text: &'a str, piece: impl FnMut(&'a str)) {
    split_by_matches(text, skip_match_len, piece);
}

/// Python's `re.split` with a capturing ASCII pattern, empty pieces dropped:
/// `match_len` gives the length of the match at the start of a byte slice
/// (0 for none), and each match and each stretch between matches goes to
/// `piece` in order.
pub fn split_by_matches<'a>(
    text: &'a str,
    match_len: impl Fn(&[u8]) -> usize,
    mut piece: impl FnMut(&'a str),
) {
    let bytes = text.as_bytes();
    let mut gap_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let len = match_len(&bytes[i..]);
        if len == 0 {
            i += 1;
            continue;
        }
        if gap_start < i {
            piece(&text[gap_start..i]);
        }
        piece(&text[i..i + len]);
        i += len;
        gap_start = i;
    }
    if gap_start < bytes.len() {
        piece(&text[gap_start..]);
    }
}

/// Maximal runs of `text` where `class` holds (`true`) or not (`false`).
pub fn runs(text: &str, class: impl Fn(char) -> bool) -> impl Iterator<Item = (bool, &str)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let matched = class(first);
        let len = rest
            .char_indices()
            .find(|&(_, c)| class(c) != matched)
            .map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(len);
        rest = tail;
        Some((matched, run))
    })
}

/// `text` cut into pieces of about `target` bytes or more, each of which
/// every mode cuts and tags exactly as it would inside the whole text: a
/// piece starts only at a Han character that follows a character outside
/// every block class of jieba and jieba-rs (punctuation, whitespace), where
/// all of them start a new block. A long text can so be cut in parallel and
/// interrupted between pieces. A run with no such place stays whole.
pub fn pieces(text: &str, target: usize) -> Vec<&str> {
    let mut pieces = Vec::with_capacity(text.len() / target.max(1) + 1);
    let mut start = 0;
    while text.len() - start > target {
        let mut from = start + target;
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let mut prev_outside = false;
        let cut = text[from..].char_indices().find_map(|(i, c)| {
            let at = (prev_outside && is_han(c)).then_some(from + i);
            prev_outside = !(is_han_default(c) || is_han_only_in_jieba_rs(c));
            at
        });
        let Some(cut) = cut else { break };
        pieces.push(&text[start..cut]);
        start = cut;
    }
    pieces.push(&text[start..]);
    pieces
}

/// Converts byte offsets into character offsets, cheaply when they are
/// asked for roughly in order (each call counts from the previous one).
pub(crate) struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The character offset of byte offset `byte` (a character boundary).
    pub fn at(&mut self, byte: usize) -> usize {
        if byte >= self.byte {
            self.chars += self.text[self.byte..byte].chars().count();
        } else {
            self.chars -= self.text[byte..self.byte].chars().count();
        }
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_start_at_a_han_character_after_punctuation() {
        let text = "我来到北京。清华大学，abc 中文\n\r\n天安门";
        for target in 1..text.len() + 2 {
            let parts = pieces(text, target);
            assert_eq!(parts.concat(), text);
            for part in &parts[1..] {
                assert!(is_han(part.chars().next().unwrap()), "{parts:?}");
            }
        }
        assert_eq!(pieces("一二三四五六", 3), ["一二三四五六"]);
    }

    fn skip_pieces(text: &str) -> Vec<&str> {
        let mut pieces = Vec::new();
        split_skip(text, |p| pieces.push(p));
        pieces
    }

    #[test]
    fn skip_split_matches_finalseg() {
        assert_eq!(skip_pieces("Covid-19"), ["Covid", "-", "19"]);
        assert_eq!(
            skip_pieces("happynewyear.txt.vbs"),
            ["happynewyear", ".", "txt", ".", "vbs"]
        );
        assert_eq!(skip_pieces("2.5%"), ["2.5%"]);
        assert_eq!(skip_pieces("v1.2.3"), ["v1.2", ".", "3"]);
        assert_eq!(skip_pieces("a--b."), ["a", "--", "b", "."]);
        assert_eq!(skip_pieces("1.x"), ["1", ".", "x"]);
    }

    #[test]
    fn the_byte_scan_agrees_with_the_character_class() {
        let samples = [
            "",
            "中文",
            "abc",
            "\u{9FD5}",
            "\u{9FD6}",
            "\u{9FFF}",
            "\u{3400}",
            "\u{4DBF}",
            "\u{4DC0}",
            "\u{4E00}",
            "\u{F900}",
            "\u{FAFF}",
            "\u{FB00}",
            "\u{20000}",
            "\u{2A6DF}",
            "\u{2A6E0}",
            "\u{2EBF0}",
            "\u{2F800}",
            "\u{2FA1F}",
            "\u{2FA20}",
            "😀",
            "x\u{3400}y",
            "é\u{9FE0}",
        ];
        for text in samples {
            assert_eq!(
                contains_han_only_in_jieba_rs(text),
                text.chars().any(is_han_only_in_jieba_rs),
                "{text:?}"
            );
        }
        // Characters at and around the scan's chunk boundaries.
        for found in ["\u{3400}", "\u{9FE0}", "\u{20000}"] {
            for missed in ["\u{4E00}", "\u{FB00}", "😀"] {
                for at in 60..70 {
                    let text = format!("{}{missed}{found}", "a".repeat(at));
                    assert!(contains_han_only_in_jieba_rs(&text), "{text:?}");
                    assert!(!contains_han_only_in_jieba_rs(
                        &text[..text.len() - found.len()]
                    ));
                }
            }
        }
    }

    #[test]
    fn runs_alternate_between_classes() {
        let runs: Vec<_> = runs("ab，，c", |c| c.is_ascii()).collect();
        assert_eq!(runs, [(true, "ab"), (false, "，，"), (true, "c")]);
        assert_eq!(super::runs("", |_| true).count(), 0);
    }
}
