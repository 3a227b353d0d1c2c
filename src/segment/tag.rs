//! Part-of-speech tagging as `jieba.posseg` does it: its own block split,
//! dictionary tags along the best route, and the joint HMM for the runs of
//! characters the dictionary leaves single.

use super::chars::{self, is_han, is_han_internal};
use super::posseg;
use super::Segmenter;

/// A word and its part-of-speech tag.
pub type Tagged<'a> = (&'a str, &'a str);

impl Segmenter {
    /// `jieba.posseg.lcut(text, HMM=hmm)` as `(word, tag)` pairs.
    pub fn tag<'a>(&'a self, text: &'a str, hmm: bool) -> Vec<Tagged<'a>> {
        let mut tagged = Vec::with_capacity(text.len() / 3);
        self.tag_each(text, hmm, |w, t| tagged.push((w, t)));
        tagged
    }

    /// Tagged words of `text`, handed to `emit` in order.
    pub fn tag_each<'a>(
        &'a self,
        text: &'a str,
        hmm: bool,
        mut emit: impl FnMut(&'a str, &'a str),
    ) {
        for (han, block) in chars::runs(text, is_han_internal) {
            if han {
                if hmm {
                    self.tag_block_hmm(block, &mut emit);
                } else {
                    self.tag_block_no_hmm(block, &mut emit);
                }
                continue;
            }
            // Outside blocks every character is its own `x` word, but for
            // `\r\n`, which stays together.
            let mut rest = block;
            while let Some(c) = rest.chars().next() {
                let len = if rest.starts_with("\r\n") {
                    2
                } else {
                    c.len_utf8()
                };
                emit(&rest[..len], "x");
                rest = &rest[len..];
            }
        }
    }

    /// `word_tag_tab.get(word, 'x')`, with the user's tags first.
    fn dictionary_tag<'a>(&'a self, word: &str, jieba_rs_tag: &'a str) -> &'a str {
        if let Some(tag) = self.user_tags.get(word) {
            return tag;
        }
        if jieba_rs_tag.is_empty() || !self.jieba.has_word(word) {
            "x"
        } else {
            jieba_rs_tag
        }
    }

    /// [`Segmenter::dictionary_tag`] of a word of more than one character
    /// on jieba-rs's no-HMM route that is no run of single characters
    /// ([`Segmenter::is_single_chars`]): a dictionary word, whose tag
    /// jieba-rs took from its entry, so that looking it up again (a trie
    /// walk per word) cannot change the tag.
    fn route_word_tag<'a>(&'a self, word: &str, jieba_rs_tag: &'a str) -> &'a str {
        if let Some(tag) = self.user_tags.get(word) {
            return tag;
        }
        debug_assert!(self.jieba.has_word(word), "{word} is a dictionary word");
        if jieba_rs_tag.is_empty() {
            "x"
        } else {
            jieba_rs_tag
        }
    }

    /// Whether a no-HMM jieba-rs token is a run of single characters along
    /// the route (jieba-rs joins consecutive ASCII alphanumerics) rather
    /// than a dictionary word.
    fn is_single_chars(&self, word: &str) -> bool {
        word.chars().nth(1).is_none()
            || (word.bytes().all(|b| b.is_ascii_alphanumeric()) && !self.is_word(word))
    }

    fn tag_block_hmm<'a>(&'a self, block: &'a str, emit: &mut impl FnMut(&'a str, &'a str)) {
        let base = block.as_ptr() as usize;
        // Byte range of the pending run of single characters, and the
        // jieba-rs tag of its first token.
        let mut buf: Option<(usize, usize, &str)> = None;
        for t in self
            .stretches(block)
            .into_iter()
            .flat_map(|stretch| self.jieba.tag(stretch, false))
        {
            if self.is_single_chars(t.word) {
                let start = t.word.as_ptr() as usize - base;
                let end = start + t.word.len();
                buf = Some(buf.map_or((start, end, t.tag), |(s, _, tag)| (s, end, tag)));
                continue;
            }
            if let Some((s, e, tag)) = buf.take() {
                self.tag_single_chars(&block[s..e], tag, emit);
            }
            emit(t.word, self.route_word_tag(t.word, t.tag));
        }
        if let Some((s, e, tag)) = buf {
            self.tag_single_chars(&block[s..e], tag, emit);
        }
    }

    /// `block` in stretches that jieba-rs's best route cuts exactly as it
    /// cuts them inside the block, so that a long block is routed a stretch
    /// at a time, in memory bounded by the stretch. A stretch ends between
    /// two Han characters where no dictionary word spans across: every
    /// route passes there, so the best one on each side is the best one
    /// within it. A block with no such place stays whole.
    fn stretches<'a>(&self, block: &'a str) -> Vec<&'a str> {
        const STRETCH_BYTES: usize = 16 << 10;
        if block.len() <= 2 * STRETCH_BYTES {
            return vec![block];
        }
        let mut stretches = Vec::new();
        let mut start = 0;
        while block.len() - start > 2 * STRETCH_BYTES {
            let mut from = start + STRETCH_BYTES;
            while !block.is_char_boundary(from) {
                from += 1;
            }
            let Some(cut) = block[from..]
                .char_indices()
                .map(|(i, _)| from + i)
                .find(|&at| self.is_route_boundary(block, at))
            else {
                break;
            };
            stretches.push(&block[start..cut]);
            start = cut;
        }
        stretches.push(&block[start..]);
        stretches
    }

    /// Whether byte `at` of `block` lies between two Han characters and
    /// inside no dictionary word of the text around it.
    fn is_route_boundary(&self, block: &str, at: usize) -> bool {
        let (before, after) = block.split_at(at);
        if !before.chars().next_back().is_some_and(is_han)
            || !after.chars().next().is_some_and(is_han)
        {
            return false;
        }
        // Each word that starts in the `max_word_chars - 1` characters
        // before `at` and reaches past it. With words of up to
        // `SHORT_WORDS_CHARS` characters (jieba's dictionary has 16) every
        // fragment is looked up, a few hundred trie walks per place tried;
        // longer user words would make that quadratic in their length, so
        // then jieba's prefix entries end the search early, at the cost of
        // building that table (tens of MB, once per segmenter).
        const SHORT_WORDS_CHARS: usize = 16;
        let use_prefixes = self.max_word_chars > SHORT_WORDS_CHARS;
        let starts = before
            .char_indices()
            .rev()
            .take(self.max_word_chars.saturating_sub(1))
            .map(|(i, _)| i);
        for word_start in starts {
            let chars_before = before[word_start..].chars().count();
            for (n, c) in after
                .char_indices()
                .take(self.max_word_chars - chars_before)
            {
                let fragment = &block[word_start..at + n + c.len_utf8()];
                if self.is_word(fragment) {
                    return false;
                }
                if use_prefixes && !self.is_word_or_prefix(fragment) {
                    break;
                }
            }
        }
        true
    }

    /// posseg's handling of `buf`, a run of characters each of which is a
    /// step of the route. `first_tag` is jieba-rs's tag of its first
    /// character.
    fn tag_single_chars<'a>(
        &'a self,
        buf: &'a str,
        first_tag: &'a str,
        emit: &mut impl FnMut(&'a str, &'a str),
    ) {
        if buf.chars().nth(1).is_none() {
            emit(buf, self.dictionary_tag(buf, first_tag));
            return;
        }
        if self.is_word(buf) {
            for (i, c) in buf.char_indices() {
                let ch = &buf[i..i + c.len_utf8()];
                emit(ch, self.dictionary_tag(ch, self.char_tag(ch)));
            }
            return;
        }
        // `__cut_detail`: the joint HMM on Han runs, the rest by shape.
        for (han, run) in chars::runs(buf, is_han) {
            if han {
                posseg::for_each_span(run, |(s, e, tag)| emit(&run[s..e], tag));
            } else {
                split_detail(run, |piece| {
                    let first = piece.as_bytes()[0];
                    let tag = if first == b'.' || first.is_ascii_digit() {
                        "m"
                    } else if first.is_ascii_alphanumeric() {
                        "eng"
                    } else {
                        "x"
                    };
                    emit(piece, tag);
                });
            }
        }
    }

    /// The dictionary tag of a single character, "" if it has none.
    fn char_tag<'a>(&'a self, ch: &'a str) -> &'a str {
        if !self.jieba.has_word(ch) {
            return "";
        }
        self.jieba.tag(ch, false).first().map_or("", |t| t.tag)
    }

    fn tag_block_no_hmm<'a>(&'a self, block: &'a str, emit: &mut impl FnMut(&'a str, &'a str)) {
        for t in self.jieba.tag(block, false) {
            if t.word.bytes().all(|b| b.is_ascii_alphanumeric()) && self.is_single_chars(t.word) {
                // `re_eng1` single characters, joined into one `eng` word.
                emit(t.word, "eng");
            } else {
                emit(t.word, self.dictionary_tag(t.word, t.tag));
            }
        }
    }
}

/// `re_skip_detail.split` = `([\.0-9]+|[a-zA-Z0-9]+)`, empty pieces dropped.
fn split_detail<'a>(text: &'a str, piece: impl FnMut(&'a str)) {
    chars::split_by_matches(
        text,
        |bytes| {
            let num = bytes
                .iter()
                .take_while(|&&b| b == b'.' || b.is_ascii_digit())
                .count();
            if num > 0 {
                num
            } else {
                bytes
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count()
            }
        },
        piece,
    );
}

#[cfg(test)]
mod tests {
    use super::split_detail;

    #[test]
    fn detail_split_prefers_numbers() {
        let mut pieces = Vec::new();
        split_detail("3.5abc+x", |p| pieces.push(p));
        assert_eq!(pieces, ["3.5", "abc", "+", "x"]);
    }
}
