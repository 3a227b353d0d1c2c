//! Property tests: any text, however odd, is cut without a panic, and every
//! mode accounts for every character.

use proptest::prelude::*;

use super::{Mode, Segmenter};

fn segmenter() -> &'static Segmenter {
    static SEGMENTER: std::sync::OnceLock<Segmenter> = std::sync::OnceLock::new();
    SEGMENTER.get_or_init(|| {
        let mut s = Segmenter::new();
        s.add_word("Covid-19", None, Some("nz")).unwrap();
        s.del_word("中国").unwrap();
        s
    })
}

/// Text drawn from the characters that exercise the block rules: Han
/// (including the ranges only jieba-rs counts as Han), Latin, digits,
/// connectors, whitespace, CRLF, punctuation, emoji and controls.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[\u{4E00}-\u{9FD5}]{1,6}",
        "[\u{9FD6}-\u{9FFF}\u{3400}-\u{4DBF}\u{20000}-\u{2A6DF}]",
        "[a-zA-Z0-9]{1,5}",
        "[-._%+#&]{1,3}",
        "[ \t\n\u{3000}\u{1c}]|\r\n",
        "[，。！？“”（）·]",
        "[\u{1F600}-\u{1F64F}\u{0}-\u{8}]",
        Just("中国".to_owned()),
        Just("Covid-19".to_owned()),
    ];
    proptest::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_mode_covers_the_text(text in text()) {
        let s = segmenter();
        for hmm in [true, false] {
            prop_assert_eq!(s.cut(&text, hmm).concat(), text.clone());
            let tagged: String = s.tag(&text, hmm).iter().map(|(w, _)| *w).collect();
            prop_assert_eq!(tagged, text.clone());
            let chars: Vec<char> = text.chars().collect();
            for mode in [Mode::Default, Mode::Search, Mode::All] {
                for t in s.tokenize(&text, mode, hmm) {
                    prop_assert_eq!(chars[t.start..t.end].iter().collect::<String>(), t.word);
                }
            }
        }
        // Full mode drops no non-whitespace character.
        let all: String = s.cut_all(&text).concat();
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            prop_assert!(all.contains(c));
        }
    }

    #[test]
    fn the_prefix_table_cuts_as_jieba_rs(text in text()) {
        let s = segmenter();
        let table = s.table.as_ref().expect("jieba's dictionary fits the table");
        let runs = super::chars::runs(&text, super::chars::is_han_only_in_jieba_rs);
        for run in runs.filter(|&(outside, _)| !outside).map(|(_, run)| run) {
            for hmm in [true, false] {
                let mut words = Vec::new();
                table.cut_each(run, super::prefix_table::Blocks::Cut, hmm, &mut |w| words.push(w));
                let expected: Vec<&str> = s.jieba.cut(run, hmm).iter().map(|t| t.word).collect();
                prop_assert_eq!(words, expected);
            }
        }
    }

    #[test]
    fn the_prefix_table_cuts_whole_texts_as_jieba_rs_cuts_their_runs(text in text()) {
        // With the table, a text is cut whole; jieba-rs's own cut takes it
        // a run between the characters only it puts in blocks at a time.
        static WITHOUT_TABLE: std::sync::OnceLock<Segmenter> = std::sync::OnceLock::new();
        let s = segmenter();
        let without_table = WITHOUT_TABLE.get_or_init(|| {
            let mut copy = s.clone();
            copy.table = None;
            copy
        });
        for hmm in [true, false] {
            prop_assert_eq!(s.cut(&text, hmm), without_table.cut(&text, hmm));
        }
    }

    #[test]
    fn the_hmm_cuts_blocks_as_jieba_rs(text in "[\u{4E00}-\u{9FD5}a-zA-Z0-9+#&._%-]{0,30}") {
        let mut words = Vec::new();
        super::finalseg::cut(&text, &mut |w| words.push(w));
        let expected: Vec<&str> =
            jieba_rs::Jieba::empty().cut(&text, true).iter().map(|t| t.word).collect();
        prop_assert_eq!(words, expected);
    }

    #[test]
    fn the_byte_scan_finds_what_decoding_finds(text in text()) {
        prop_assert_eq!(
            super::chars::contains_han_only_in_jieba_rs(&text),
            text.chars().any(super::chars::is_han_only_in_jieba_rs)
        );
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,64}") {
        let s = segmenter();
        s.cut(&text, true);
        s.cut_all(&text);
        s.cut_for_search(&text, true);
        s.tag(&text, true);
    }
}
