//! The three cutting modes, token for token as Python jieba cuts.

use super::chars::{self, is_connector, is_han_default, is_han_only_in_jieba_rs};
use super::dictionary::is_py_space;
use super::prefix_table::Blocks;
use super::{Mode, Segmenter, Token};

impl Segmenter {
    /// `jieba.lcut(text, HMM=hmm)`.
    pub fn cut<'a>(&self, text: &'a str, hmm: bool) -> Vec<&'a str> {
        let mut words = Vec::with_capacity(text.len() / 3);
        self.cut_default_each(text, hmm, &mut |w| words.push(w));
        words
    }

    /// `jieba.lcut(text, cut_all=True)`, with the empty strings jieba yields
    /// around whitespace outside words (`"a, b"` gives `a , ␣ "" b`).
    pub fn cut_all<'a>(&self, text: &'a str) -> Vec<&'a str> {
        let mut words = Vec::with_capacity(text.len() / 2);
        self.cut_all_each(text, &mut |w| words.push(w));
        words
    }

    /// `jieba.lcut_for_search(text, HMM=hmm)`.
    pub fn cut_for_search<'a>(&self, text: &'a str, hmm: bool) -> Vec<&'a str> {
        let mut words = Vec::with_capacity(text.len() / 2);
        self.tokenize_each(text, Mode::Search, hmm, &mut |t| words.push(t.word));
        words
    }

    /// Words of `text` in `mode`, handed to `emit` in order.
    ///
    /// Generic for its callers' convenience only: the cutting itself takes
    /// `emit` as `&mut dyn FnMut`, so that it is compiled once rather than
    /// once per caller's closure (it was 30 to 90 copies of each helper).
    pub fn cut_each<'a>(
        &self,
        text: &'a str,
        mode: Mode,
        hmm: bool,
        mut emit: impl FnMut(&'a str),
    ) {
        match mode {
            Mode::Default => self.cut_default_each(text, hmm, &mut emit),
            Mode::All => self.cut_all_each(text, &mut emit),
            Mode::Search => self.tokenize_each(text, Mode::Search, hmm, &mut |t| emit(t.word)),
        }
    }

    /// `jieba.tokenize(text, mode, HMM=hmm)`: words with character offsets.
    /// `mode` is `Default` or `Search` (jieba has no full-mode tokenize; it
    /// is accepted here and gives full-mode words with their offsets).
    pub fn tokenize<'a>(&self, text: &'a str, mode: Mode, hmm: bool) -> Vec<Token<'a>> {
        let mut tokens = Vec::with_capacity(text.len() / 3);
        self.tokenize_each(text, mode, hmm, &mut |t| tokens.push(t));
        tokens
    }

    fn tokenize_each<'a>(
        &self,
        text: &'a str,
        mode: Mode,
        hmm: bool,
        emit: &mut dyn FnMut(Token<'a>),
    ) {
        match mode {
            Mode::Default => {
                let mut start = 0;
                self.cut_default_each(text, hmm, &mut |word| {
                    let end = start + word.chars().count();
                    emit(Token { word, start, end });
                    start = end;
                });
            }
            Mode::All => {
                // Full-mode words overlap; each is found at or after the
                // previous one's start.
                let base = text.as_ptr() as usize;
                let (mut byte_pos, mut char_pos) = (0, 0);
                self.cut_all_each(text, &mut |word| {
                    let byte_start = word.as_ptr() as usize - base;
                    char_pos += text[byte_pos..byte_start].chars().count();
                    byte_pos = byte_start;
                    let start = char_pos;
                    emit(Token {
                        word,
                        start,
                        end: start + word.chars().count(),
                    });
                });
            }
            Mode::Search => {
                let mut start = 0;
                self.cut_default_each(text, hmm, &mut |word| {
                    let width = word.chars().count();
                    if width > 2 {
                        self.emit_grams(word, start, 2, emit);
                    }
                    if width > 3 {
                        self.emit_grams(word, start, 3, emit);
                    }
                    emit(Token {
                        word,
                        start,
                        end: start + width,
                    });
                    start += width;
                });
            }
        }
    }

    /// Search mode's n-grams of `word` that are dictionary words.
    fn emit_grams<'a>(
        &self,
        word: &'a str,
        start: usize,
        n: usize,
        emit: &mut dyn FnMut(Token<'a>),
    ) {
        let bounds: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .chain([word.len()])
            .collect();
        for i in 0..bounds.len() - n {
            let gram = &word[bounds[i]..bounds[i + n]];
            if self.is_word(gram) {
                emit(Token {
                    word: gram,
                    start: start + i,
                    end: start + i + n,
                });
            }
        }
    }

    fn cut_default_each<'a>(&self, text: &'a str, hmm: bool, emit: &mut dyn FnMut(&'a str)) {
        // The prefix table's blocks are jieba's, so only jieba-rs's own cut
        // needs the text split at the characters it alone puts in blocks.
        if self.table.is_some() || !chars::contains_han_only_in_jieba_rs(text) {
            self.cut_jieba_rs_run(text, hmm, emit);
            return;
        }
        for (outside, run) in chars::runs(text, is_han_only_in_jieba_rs) {
            if outside {
                // jieba ends its block at each of these characters and
                // emits it alone.
                for (i, c) in run.char_indices() {
                    emit(&run[i..i + c.len_utf8()]);
                }
            } else {
                self.cut_jieba_rs_run(run, hmm, emit);
            }
        }
    }

    /// jieba-rs's cut of `run` (over the prefix table, or jieba-rs's own for
    /// a `run` holding no character jieba-rs and jieba classify
    /// differently), corrected to jieba's output.
    fn cut_jieba_rs_run<'a>(&self, run: &'a str, hmm: bool, emit: &mut dyn FnMut(&'a str)) {
        let mut correct = |word: &'a str| {
            if word.len() > 1 {
                // Only a word that starts with ASCII can be one of these:
                // jieba-rs's HMM joins connectors only in runs of ASCII,
                // and any other word holding one is a dictionary word.
                if hmm
                    && word.as_bytes()[0].is_ascii()
                    && word.bytes().any(is_connector)
                    && !self.jieba.has_word(word)
                {
                    // jieba-rs keeps `Covid-19` whole; finalseg's `re_skip`
                    // splits it.
                    chars::split_skip(word, &mut *emit);
                    return;
                }
                if !self.force_split.is_empty() && self.force_split.contains(word) {
                    for (i, c) in word.char_indices() {
                        emit(&word[i..i + c.len_utf8()]);
                    }
                    return;
                }
            }
            emit(word);
        };
        match &self.table {
            Some(table) => table.cut_each(run, Blocks::Cut, hmm, &mut correct),
            None => self
                .jieba
                .cut(run, hmm)
                .iter()
                .for_each(|t| correct(t.word)),
        }
    }

    fn cut_all_each<'a>(&self, text: &'a str, emit: &mut dyn FnMut(&'a str)) {
        let mut ends: Vec<usize> = Vec::new();
        let mut bounds: Vec<usize> = Vec::new();
        for (han, block) in chars::runs(text, is_han_default) {
            if !han {
                // `re_skip.split(block)`, which full mode yields whole: the
                // whitespace characters (`\r\n` as one) and the stretches
                // before, between and after them, empty ones included.
                let mut rest = block;
                loop {
                    let gap = rest.find(is_py_space).unwrap_or(rest.len());
                    emit(&rest[..gap]);
                    if gap == rest.len() {
                        break;
                    }
                    let space = &rest[gap..];
                    let len = if space.starts_with("\r\n") {
                        2
                    } else {
                        space.chars().next().map_or(1, char::len_utf8)
                    };
                    emit(&space[..len]);
                    rest = &space[len..];
                }
                continue;
            }
            bounds.clear();
            bounds.extend(block.char_indices().map(|(i, _)| i));
            bounds.push(block.len());
            self.cut_all_block(block, &bounds, &mut ends, emit);
        }
    }

    /// jieba's `__cut_all` over one block, whose character boundaries are
    /// `bounds` (one more than the characters).
    fn cut_all_block<'a>(
        &self,
        block: &'a str,
        bounds: &[usize],
        ends: &mut Vec<usize>,
        emit: &mut dyn FnMut(&'a str),
    ) {
        let n = bounds.len() - 1;
        let span = |k: usize, j: usize| &block[bounds[k]..bounds[j + 1]];
        let is_eng = |k: usize| block.as_bytes()[bounds[k]].is_ascii_alphanumeric();
        let mut old_j: isize = -1;
        let mut eng_start: Option<usize> = None;
        let mut eng_end = 0;
        for k in 0..n {
            // The DAG row: ends of the words starting at `k`.
            ends.clear();
            // jieba stops at the first fragment that is neither a word nor
            // a prefix of one.
            for j in k..n.min(k + self.max_word_chars) {
                let fragment = span(k, j);
                if self.is_word(fragment) {
                    ends.push(j);
                } else if !self.is_word_or_prefix(fragment) {
                    break;
                }
            }
            if ends.is_empty() {
                ends.push(k);
            }
            if let Some(start) = eng_start {
                if !is_eng(k) {
                    emit(&block[bounds[start]..bounds[eng_end]]);
                    eng_start = None;
                }
            }
            if ends.len() == 1 && k as isize > old_j {
                let j = ends[0];
                if is_eng(k) {
                    // jieba appends the whole word to its English buffer.
                    if eng_start.is_none() {
                        eng_start = Some(k);
                    }
                    eng_end = j + 1;
                } else if eng_start.is_none() {
                    emit(span(k, j));
                }
                old_j = j as isize;
            } else {
                for &j in ends.iter().filter(|&&j| j > k) {
                    emit(span(k, j));
                    old_j = j as isize;
                }
            }
        }
        if let Some(start) = eng_start {
            emit(&block[bounds[start]..bounds[eng_end]]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_mode_yields_jiebas_empty_strings_around_whitespace() {
        // Expected values from jieba 0.42.1's `lcut(text, cut_all=True)`.
        let s = Segmenter::shared_embedded();
        assert_eq!(s.cut_all("a, b"), ["a", ",", " ", "", "b"]);
        assert_eq!(s.cut_all("40  分钟"), ["40", "", " ", "", " ", "", "分钟"]);
        assert_eq!(s.cut_all("a\r\nb，"), ["a", "", "\r\n", "", "b", "，"]);
        let tokens = s.tokenize("a, b", Mode::All, true);
        assert_eq!(
            tokens[3],
            Token {
                word: "",
                start: 3,
                end: 3
            }
        );
    }
}
