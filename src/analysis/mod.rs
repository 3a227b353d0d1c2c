//! One pass over an article for `zhtext analyze`: its tokens, TF-IDF
//! keywords, distinct words, mentions and quotes from one tagging.
//!
//! Called separately, `cut`, `extract`, `mentions` and `quotes` each read
//! the text again (and convert a traditional one again): two cuts, two
//! taggings, four script views per article. Here the view is made once and
//! tagged once: the tagger's words are the tokens and the keywords'
//! candidates, and its tags give the mentions and the quotes (whose
//! speakers are among the same mentions). The tagging costs twice a cut
//! and the mentions need it, so a separate cut for the tokens was dropped:
//! the tokens are `Segmenter::tag`'s words (jieba's `posseg.cut`), which
//! differ from `cut`'s only where the two HMMs guess differently at words
//! the dictionary does not know (and at `%`/`-`, which `posseg` keeps
//! apart). The keywords are TF-IDF over those same words.

use std::borrow::Cow;

use rustc_hash::FxHashSet;

use crate::convert::{Script, ScriptView};
use crate::keywords::{Extractor, KeywordBuf, Options, TermCounts};
use crate::mentions::{mentions_and_quotes_each, Kind, Mention, Quote};
use crate::segment::Segmenter;

/// What [`annotate`] finds in an article.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation<'a> {
    /// The tagged words (`Segmenter::tag` with the HMM) in the article's own
    /// characters; empty unless asked for (`keep_tokens`).
    pub tokens: Vec<&'a str>,
    /// The distinct words as the script reads them (simplified characters
    /// for a folded text), in order of first appearance: what a report
    /// counts the articles mentioning a keyword with.
    pub words: Vec<Cow<'a, str>>,
    /// The `top_k` TF-IDF keywords, counted and spelled in the text the
    /// script reads (simplified characters for a folded text).
    pub keywords: Vec<KeywordBuf>,
    /// People, places and organisations (every [`Kind`]).
    pub mentions: Vec<Mention<'a>>,
    pub quotes: Vec<Quote<'a>>,
}

/// Annotate `text` read under `script`, with `extractor`'s IDF table, stop
/// words and filters. Equal to, called apart: the words of
/// `tag_in_script_each(text, script, true)`; `extract_in_script(..,
/// Method::Tfidf, script, fold)` with every tag allowed (TF-IDF over the
/// tagged words) and `fold` for [`Script::Auto`] and [`Script::Simplified`]
/// (keywords in simplified characters, so that both spellings of a word are
/// one keyword), without it for [`Script::AsIs`]; `mentions_in_script` of
/// every kind; `quotes_in_script`. The tokens are kept with `keep_tokens`:
/// a report counts the distinct words and needs no list of every word.
///
/// ```
/// use zhtext::analysis::annotate;
/// use zhtext::convert::Script;
/// use zhtext::keywords::Extractor;
/// use zhtext::segment::Segmenter;
/// let seg = Segmenter::shared_embedded();
/// let text = "外交部長王毅說：「中方歡迎。」";
/// let found = annotate(&seg, &Extractor::default(), text, Script::Auto, Some(2), true);
/// assert_eq!(found.tokens[..3], ["外交部長", "王毅", "說"]);
/// assert_eq!(found.words[..3], ["外交部长", "王毅", "说"]);
/// assert_eq!(found.keywords[0].word, "王毅");
/// assert_eq!((found.mentions[0].text, found.mentions[0].start), ("王毅", 4));
/// assert_eq!((found.quotes[0].speaker, found.quotes[0].quote), ("王毅", "中方歡迎。"));
/// ```
pub fn annotate<'a>(
    segmenter: &Segmenter,
    extractor: &Extractor,
    text: &'a str,
    script: Script,
    top_k: Option<usize>,
    keep_tokens: bool,
) -> Annotation<'a> {
    let view = ScriptView::new(text, script);
    let options = Options {
        top_k,
        allow_pos: &FxHashSet::default(),
        with_flag: false,
        filters: extractor.filters,
    };
    let read = view.text();
    let mut tokens = Vec::with_capacity(if keep_tokens { read.len() / 4 } else { 0 });
    let mut counts = TermCounts::for_text(read.len());
    let (mentions, quotes) = mentions_and_quotes_each(segmenter, &view, &Kind::ALL, |word| {
        counts.add(word, &extractor.stop_words, &options);
        if !keep_tokens {
            return;
        }
        // A word of a folded text can map back to no characters (where the
        // conversion changed a phrase's length), as `tag_in_script_each` drops it.
        if let Some(original) = view.original(word).filter(|o| !o.is_empty()) {
            tokens.push(original);
        }
    });
    let words = counts
        .words()
        .map(|word| match view.original(word) {
            Some(original) if !view.is_folded() => Cow::Borrowed(original),
            _ => Cow::Owned(word.to_owned()),
        })
        .collect();
    let keywords = counts
        .keywords(&extractor.idf, top_k)
        .into_iter()
        .map(|k| KeywordBuf {
            word: k.word.to_owned(),
            flag: None,
            weight: k.weight,
        })
        .collect();
    Annotation {
        tokens,
        words,
        keywords,
        mentions,
        quotes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keywords::{extract_in_script, Filters, Method};
    use crate::mentions::{mentions_in_script, quotes_in_script};

    /// News-like texts in both scripts, with quotes, names and boilerplate.
    const TEXTS: [&str; 5] = [
        "外交部发言人汪文斌说：“中方坚决反对。”他表示，中方将采取必要措施。本台记者报道，2020年台风登陆福建。",
        "美國國務卿布林肯週三抵達北京，會見中國外交部長王毅。王毅說：「中美關係需要穩定發展。」",
        "",
        "ok 2024 ABC，１２３％ 阿里巴巴集团总部位于杭州市。\n\n俄羅斯總統普京訪問北韓。",
        "“好。”他说。",
    ];

    #[test]
    fn one_pass_equals_the_separate_calls() {
        let seg = Segmenter::shared_embedded();
        let extractor = Extractor {
            filters: Filters::parse(["all"]).unwrap(),
            ..Extractor::default()
        };
        for script in [Script::Auto, Script::AsIs, Script::Simplified] {
            for text in TEXTS {
                let found = annotate(&seg, &extractor, text, script, Some(5), true);
                let kept_none = annotate(&seg, &extractor, text, script, Some(5), false);
                assert!(kept_none.tokens.is_empty());
                assert_eq!(
                    (
                        &kept_none.words,
                        &kept_none.keywords,
                        &kept_none.mentions,
                        &kept_none.quotes
                    ),
                    (
                        &found.words,
                        &found.keywords,
                        &found.mentions,
                        &found.quotes
                    )
                );
                let (mut tokens, mut tags) = (Vec::new(), FxHashSet::default());
                seg.tag_in_script_each(text, script, true, |w, t| {
                    tokens.push(w);
                    tags.insert(t.to_owned());
                });
                assert_eq!(found.tokens, tokens, "{script} {text}");
                // TF-IDF over the tagged words: every tag they have allowed.
                let options = Options {
                    top_k: Some(5),
                    allow_pos: &tags,
                    with_flag: false,
                    filters: extractor.filters,
                };
                let keywords = extract_in_script(
                    &seg,
                    &extractor.idf,
                    &extractor.stop_words,
                    text,
                    &options,
                    Method::Tfidf,
                    script,
                    script != Script::AsIs,
                );
                assert_eq!(found.keywords, keywords, "{script} {text}");
                assert_eq!(
                    found.mentions,
                    mentions_in_script(&seg, text, &Kind::ALL, script)
                );
                assert_eq!(found.quotes, quotes_in_script(&seg, text, script));
                // The distinct words of the text as read, in order.
                let view = ScriptView::new(text, script);
                let mut words: Vec<&str> = Vec::new();
                seg.tag_each(view.text(), true, |w, _| {
                    if !words.contains(&w) {
                        words.push(w);
                    }
                });
                assert_eq!(found.words, words, "{script} {text}");
            }
        }
    }

    #[test]
    fn texts_longer_than_a_mention_block_are_read_as_the_separate_calls_read_them() {
        let seg = Segmenter::shared_embedded();
        let paragraph = "王毅說：「中方歡迎。」美國國務卿布林肯抵達北京。\n";
        let text = paragraph.repeat((1 << 18) / paragraph.len() + 2);
        let found = annotate(
            &seg,
            &Extractor::default(),
            &text,
            Script::Auto,
            Some(3),
            true,
        );
        assert_eq!(
            found.mentions,
            mentions_in_script(&seg, &text, &Kind::ALL, Script::Auto)
        );
        assert_eq!(found.quotes, quotes_in_script(&seg, &text, Script::Auto));
        let mut tokens = Vec::new();
        seg.tag_in_script_each(&text, Script::Auto, true, |w, _| tokens.push(w));
        assert_eq!(found.tokens, tokens);
        assert_eq!(found.words[..3], ["王毅", "说", "："]);
    }
}
