//! Segmentation under a [`Script`]: traditional text is cut through its
//! simplified form (jieba's dictionary is simplified) and the words come
//! back in the text's own characters, with offsets into it.

use super::{CharOffsets, Mode, Segmenter, Token};
use crate::convert::{Script, ScriptView};

impl Segmenter {
    /// Words of `text` in `mode` under `script`, in the original
    /// characters, handed to `emit` in order. `Script::AsIs` is
    /// [`Segmenter::cut_each`].
    ///
    /// ```
    /// use zhtext::convert::Script;
    /// use zhtext::segment::{Mode, Segmenter};
    /// let s = Segmenter::new();
    /// let mut words = Vec::new();
    /// s.cut_in_script_each("我來到北京清華大學", Script::Auto, Mode::Default, true, |w| words.push(w));
    /// assert_eq!(words, ["我", "來到", "北京", "清華大學"]);
    /// ```
    pub fn cut_in_script_each<'a>(
        &self,
        text: &'a str,
        script: Script,
        mode: Mode,
        hmm: bool,
        mut emit: impl FnMut(&'a str),
    ) {
        let view = ScriptView::new(text, script);
        if !view.is_folded() {
            return self.cut_each(text, mode, hmm, emit);
        }
        self.cut_each(view.text(), mode, hmm, |w| {
            if let Some(original) = view.original(w).filter(|o| !o.is_empty()) {
                emit(original);
            }
        });
    }

    /// `tokenize` under `script`: words in the original characters with
    /// character offsets into `text`.
    ///
    /// ```
    /// use zhtext::convert::Script;
    /// use zhtext::segment::{Mode, Segmenter, Token};
    /// let tokens = Segmenter::new().tokenize_in_script("永和服裝", Script::Auto, Mode::Default, true);
    /// assert_eq!(tokens[1], Token { word: "服裝", start: 2, end: 4 });
    /// ```
    pub fn tokenize_in_script<'a>(
        &self,
        text: &'a str,
        script: Script,
        mode: Mode,
        hmm: bool,
    ) -> Vec<Token<'a>> {
        let view = ScriptView::new(text, script);
        if !view.is_folded() {
            return self.tokenize(text, mode, hmm);
        }
        let folded = view.text();
        let base = folded.as_ptr() as usize;
        // Tokens arrive nearly in order (search mode steps back within a
        // word), so a cursor moved by the difference counts characters.
        let mut cursor = CharOffsets::new(text);
        let mut tokens = Vec::with_capacity(folded.len() / 3);
        for t in self.tokenize(folded, mode, hmm) {
            let start = t.word.as_ptr() as usize - base;
            let (a, b) = view.source_range(start, start + t.word.len());
            if a == b {
                continue;
            }
            let start = cursor.at(a);
            let end = cursor.at(b);
            tokens.push(Token {
                word: &text[a..b],
                start,
                end,
            });
        }
        tokens
    }

    /// `tag` under `script`: words in the original characters, tagged as
    /// their simplified forms are. (A tag lives only as long as the call:
    /// the simplified text it was found in is made for the call.)
    ///
    /// ```
    /// use zhtext::convert::Script;
    /// use zhtext::segment::Segmenter;
    /// let s = Segmenter::new();
    /// let mut tagged = Vec::new();
    /// s.tag_in_script_each("我愛北京天安門", Script::Auto, true, |w, t| tagged.push((w, t.to_owned())));
    /// let tagged: Vec<(&str, &str)> = tagged.iter().map(|(w, t)| (*w, t.as_str())).collect();
    /// assert_eq!(tagged, [("我", "r"), ("愛", "v"), ("北京", "ns"), ("天安門", "ns")]);
    /// ```
    pub fn tag_in_script_each<'a>(
        &'a self,
        text: &'a str,
        script: Script,
        hmm: bool,
        mut emit: impl FnMut(&'a str, &str),
    ) {
        let view = ScriptView::new(text, script);
        if !view.is_folded() {
            return self.tag_each(text, hmm, &mut emit);
        }
        for (w, tag) in self.tag(view.text(), hmm) {
            if let Some(original) = view.original(w).filter(|o| !o.is_empty()) {
                emit(original, tag);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_tile_the_original_text_in_every_mode() {
        let s = Segmenter::new();
        let text = "他說：「香港的頭髮乾燥劑」，憑藉⿰亻尔與𠮷野家 ok 123，ＧＤＰ增長５０％。";
        for script in [Script::AsIs, Script::Auto, Script::Simplified] {
            let mut words = Vec::new();
            s.cut_in_script_each(text, script, Mode::Default, true, |w| words.push(w));
            assert_eq!(words.concat(), text, "{script}");
            let tokens = s.tokenize_in_script(text, script, Mode::Default, true);
            let chars: Vec<char> = text.chars().collect();
            for t in &tokens {
                assert_eq!(t.word, chars[t.start..t.end].iter().collect::<String>());
            }
            let tokens = s.tokenize_in_script(text, script, Mode::Search, true);
            for t in &tokens {
                assert_eq!(t.word, chars[t.start..t.end].iter().collect::<String>());
            }
            let mut tagged = Vec::new();
            s.tag_in_script_each(text, script, true, |w, _| tagged.push(w));
            assert_eq!(tagged.concat(), text);
        }
    }

    #[test]
    fn full_width_digits_and_letters_are_cut_as_ascii_in_both_scripts() {
        let s = Segmenter::new();
        let cut = |text, script| {
            let mut words = Vec::new();
            s.cut_in_script_each(text, script, Mode::Default, true, |w| words.push(w));
            words
        };
        // jieba cuts ５０％ into three characters; read as 50% it is one word.
        assert_eq!(cut("增长５０％", Script::AsIs), ["增长", "５", "０", "％"]);
        assert_eq!(cut("增长５０％", Script::Auto), ["增长", "５０％"]);
        assert_eq!(cut("增長５０％", Script::Auto), ["增長", "５０％"]);
        let tokens = s.tokenize_in_script("ＧＤＰ增長", Script::Auto, Mode::Default, true);
        assert_eq!(
            tokens[0],
            Token {
                word: "ＧＤＰ",
                start: 0,
                end: 3
            }
        );
    }

    #[test]
    fn auto_cuts_traditional_text_as_its_simplified_form() {
        let s = Segmenter::new();
        let mut words = Vec::new();
        s.cut_in_script_each(
            "這是一個關於經濟發展的報導",
            Script::Auto,
            Mode::Default,
            true,
            |w| words.push(w),
        );
        let simplified = s.cut("这是一个关于经济发展的报导", true);
        assert_eq!(
            words.iter().map(|w| w.chars().count()).collect::<Vec<_>>(),
            simplified
                .iter()
                .map(|w| w.chars().count())
                .collect::<Vec<_>>()
        );
    }
}
