//! Keywords under a [`Script`]: traditional text is read through its
//! simplified form, so that jieba's dictionary and IDF table (both
//! simplified) apply; keywords are given in the text's own characters, or
//! all in simplified characters with `fold` (one term for both spellings).

use rustc_hash::FxHashSet;

use super::{extract_tags, textrank, IdfTable, Options};
use crate::convert::{fold_to_simplified, Script, ScriptView};
use crate::segment::Segmenter;

/// A keyword that owns its word: the word may come from a converted copy
/// of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct KeywordBuf {
    pub word: String,
    pub flag: Option<String>,
    pub weight: f64,
}

/// Which extractor to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Tfidf,
    TextRank,
}

/// Keywords of `text` by `method` under `script`; with `fold`, counted
/// and given in simplified characters (see [`fold_to_simplified`]).
///
/// ```
/// use zhtext::convert::Script;
/// use zhtext::keywords::{extract_in_script, IdfTable, Method, Options};
/// use zhtext::segment::Segmenter;
/// let (s, idf) = (Segmenter::new(), IdfTable::embedded());
/// let stop = Default::default();
/// let options = Options { top_k: Some(1), allow_pos: &Default::default(), with_flag: false, filters: Default::default() };
/// let text = "俄羅斯總統訪問中國，俄羅斯與中國簽署協議";
/// let own = extract_in_script(&s, &idf, &stop, text, &options, Method::Tfidf, Script::Auto, false);
/// assert_eq!(own[0].word, "俄羅斯");
/// let folded = extract_in_script(&s, &idf, &stop, text, &options, Method::Tfidf, Script::Auto, true);
/// assert_eq!(folded[0].word, "俄罗斯");
/// ```
#[allow(clippy::too_many_arguments)]
pub fn extract_in_script(
    segmenter: &Segmenter,
    idf: &IdfTable,
    stop_words: &FxHashSet<String>,
    text: &str,
    options: &Options<'_>,
    method: Method,
    script: Script,
    fold: bool,
) -> Vec<KeywordBuf> {
    let run = |text: &str, spell: &dyn Fn(&str) -> String| -> Vec<KeywordBuf> {
        let found = match method {
            Method::Tfidf => extract_tags(segmenter, idf, stop_words, text, options),
            Method::TextRank => textrank(segmenter, stop_words, text, options),
        };
        found
            .into_iter()
            .map(|k| KeywordBuf {
                word: spell(k.word),
                flag: k.flag.map(str::to_owned),
                weight: k.weight,
            })
            .collect()
    };
    if fold {
        return run(&fold_to_simplified(text, script), &str::to_owned);
    }
    let view = ScriptView::new(text, script);
    // A keyword is a slice of its first occurrence in the text it was
    // found in: give that occurrence's own characters.
    run(view.text(), &|word| {
        view.original(word).unwrap_or(word).to_owned()
    })
}
