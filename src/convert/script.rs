//! Text seen in simplified script, with the way back to its own characters:
//! what script-aware segmentation and keyword folding stand on.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use super::{Config, Converter, TableId};

/// How a text's script is treated before segmenting it.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Script {
    /// Segment the text as it is (jieba's behaviour).
    #[default]
    AsIs,
    /// Segment a text that looks traditional through its simplified form
    /// (OpenCC `t2s`); leave other texts as they are.
    Auto,
    /// Segment every text through its simplified form.
    Simplified,
}

impl Script {
    /// The name used in the Python API.
    pub fn name(self) -> &'static str {
        match self {
            Script::AsIs => "as_is",
            Script::Auto => "auto",
            Script::Simplified => "simplified",
        }
    }
}

impl fmt::Display for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not a [`Script`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("script must be 'as_is', 'auto' or 'simplified', not {0:?}")]
pub struct UnknownScript(pub String);

impl FromStr for Script {
    type Err = UnknownScript;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        [Script::AsIs, Script::Auto, Script::Simplified]
            .into_iter()
            .find(|s| s.name() == name)
            .ok_or_else(|| UnknownScript(name.to_owned()))
    }
}

/// Whether `text` has more characters that only traditional script uses
/// than characters that only simplified script uses. A character counts as
/// traditional when OpenCC's `t2s` character table changes it and the
/// `s2t` table does not know it, and the other way round.
pub fn looks_traditional(text: &str) -> bool {
    survey(text).traditional
}

/// [`looks_traditional`] fed one character at a time, for a caller that
/// already walks the text's characters (shingling does) and so saves a pass.
///
/// ```
/// use zhtext::convert::ScriptBalance;
/// let mut balance = ScriptBalance::new();
/// "這是關於頭髮的報導".chars().for_each(|c| balance.add(c));
/// assert!(balance.looks_traditional());
/// ```
pub struct ScriptBalance {
    leans: &'static Leans,
    balance: i64,
}

impl ScriptBalance {
    pub fn new() -> Self {
        ScriptBalance {
            leans: Leans::get(),
            balance: 0,
        }
    }

    /// Count the next character of the text.
    #[inline]
    pub fn add(&mut self, c: char) {
        if !c.is_ascii() {
            self.balance += i64::from(self.leans.of(c));
        }
    }

    /// Whether the characters counted so far look traditional.
    pub fn looks_traditional(&self) -> bool {
        self.balance > 0
    }
}

impl Default for ScriptBalance {
    fn default() -> Self {
        Self::new()
    }
}

/// The script each character of the Basic Multilingual Plane leans to, as
/// two bit sets. [`looks_traditional`] runs over every text under
/// [`Script::Auto`] (near-duplicate shingles, segmentation), and looking
/// each character up in two conversion tables cost a quarter of the time of
/// a MinHash signature; two bit tests do not. Built once from the tables.
struct Leans {
    traditional: Box<[u64; BMP_WORDS]>,
    simplified: Box<[u64; BMP_WORDS]>,
}

const BMP_WORDS: usize = 0x1_0000 / 64;

impl Leans {
    fn get() -> &'static Leans {
        static LEANS: OnceLock<Leans> = OnceLock::new();
        LEANS.get_or_init(|| {
            let mut leans = Leans {
                traditional: Box::new([0; BMP_WORDS]),
                simplified: Box::new([0; BMP_WORDS]),
            };
            for c in (0x80..0x1_0000).filter_map(char::from_u32) {
                let (i, bit) = (c as usize / 64, 1u64 << (c as usize % 64));
                match table_lean(c) {
                    1 => leans.traditional[i] |= bit,
                    -1 => leans.simplified[i] |= bit,
                    _ => {}
                }
            }
            leans
        })
    }

    /// 1 for a traditional-only character, -1 for a simplified-only one,
    /// else 0.
    #[inline]
    fn of(&self, c: char) -> i8 {
        let (i, bit) = (c as usize / 64, 1u64 << (c as usize % 64));
        match (self.traditional.get(i), self.simplified.get(i)) {
            (Some(t), Some(s)) => i8::from(t & bit != 0) - i8::from(s & bit != 0),
            _ => table_lean(c),
        }
    }
}

/// [`Leans::of`] from the conversion tables themselves.
fn table_lean(c: char) -> i8 {
    let changes = |table: &super::Table, c: &str| {
        table.longest_prefix(c).is_some_and(|(_, value)| value != c)
    };
    let mut buf = [0u8; 4];
    let c = &*c.encode_utf8(&mut buf);
    match (
        changes(TableId::TsCharacters.table(), c),
        changes(TableId::StCharacters.table(), c),
    ) {
        (true, false) => 1,
        (false, true) => -1,
        _ => 0,
    }
}

/// What one pass over a text finds that decides how [`Script::Auto`]
/// reads it.
struct Survey {
    /// See [`looks_traditional`].
    traditional: bool,
    /// It has full-width forms that [`half_width`] folds.
    full_width: bool,
}

fn survey(text: &str) -> Survey {
    let mut balance = ScriptBalance::new();
    let mut full_width = false;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        if folds_width(c) {
            full_width = true;
        } else {
            balance.add(c);
        }
    }
    Survey {
        traditional: balance.looks_traditional(),
        full_width,
    }
}

/// The ASCII character a full-width form stands for, for the characters
/// jieba reads as parts of words (its `re_han_default` class): letters,
/// digits and `+ # & _ % -` (`ＧＤＰ`, `２０２４`, `５０％`, `－５`).
/// jieba's dictionary and HMM know these words only in ASCII; other
/// full-width punctuation (`，：（）`) is cut one character at a time in
/// either width, so it is left as written. `U+3000` (the ideographic
/// space) is left too: jieba reads it as the space it is. The full-width
/// full stop `．` is a decimal point only before a digit (`４７．７万`) and
/// otherwise joins transliterated names (`穆罕默德．沙尔曼`), so
/// [`script_text`] and [`ScriptView`] fold it only there.
///
/// ```
/// use zhtext::convert::half_width;
/// assert_eq!(half_width('Ｇ'), Some('G'));
/// assert_eq!(half_width('％'), Some('%'));
/// assert_eq!(half_width('，'), None);
/// assert_eq!(half_width('．'), None);
/// assert_eq!(half_width('G'), None);
/// ```
pub fn half_width(c: char) -> Option<char> {
    let ascii = char::from_u32((c as u32).checked_sub(0xFEE0)?)?;
    let folds = ('\u{FF01}'..='\u{FF5E}').contains(&c)
        && (ascii.is_ascii_alphanumeric() || matches!(ascii, '+' | '#' | '&' | '_' | '%' | '-'));
    folds.then_some(ascii)
}

const FULL_WIDTH_STOP: char = '．';

/// Whether [`half_widths`] changes something in `c` (or, for `．`, may).
fn folds_width(c: char) -> bool {
    c == FULL_WIDTH_STOP || half_width(c).is_some()
}

/// The characters of `text` with their byte offsets, full-width forms
/// [folded](half_width) and `．` before a digit read as `.`.
fn half_widths(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (at, c) = chars.next()?;
        let c = match c {
            FULL_WIDTH_STOP => {
                let before_digit = chars.peek().is_some_and(|&(_, n)| {
                    n.is_ascii_digit() || half_width(n).is_some_and(|a| a.is_ascii_digit())
                });
                if before_digit {
                    '.'
                } else {
                    c
                }
            }
            c => half_width(c).unwrap_or(c),
        };
        Some((at, c))
    })
}

/// A text as the segmenter sees it under a [`Script`]: the text itself, or
/// its simplified form together with where each of its characters came
/// from, so that words cut from it can be given back in the text's own
/// characters.
///
/// ```
/// use zhtext::convert::{Script, ScriptView};
/// let view = ScriptView::new("頭髮亂了", Script::Auto);
/// assert_eq!(view.text(), "头发乱了");
/// let word = &view.text()[..6]; // 头发
/// assert_eq!(view.original(word), Some("頭髮"));
/// ```
pub struct ScriptView<'a> {
    original: &'a str,
    folded: Option<Folded>,
}

struct Folded {
    text: String,
    /// For every character boundary of `text` (a byte offset), the byte
    /// offset in the original text it stands for; other entries unused.
    source_at: Vec<u32>,
}

impl<'a> ScriptView<'a> {
    pub fn new(text: &'a str, script: Script) -> Self {
        let folded = match reading(text, script) {
            Reading::AsIs => None,
            Reading::HalfWidth => Some(fold_widths(text, |at| at as u32)),
            Reading::Simplified => fold_text(text),
        };
        ScriptView {
            original: text,
            folded,
        }
    }

    /// The text to segment.
    pub fn text(&self) -> &str {
        self.folded.as_ref().map_or(self.original, |f| &f.text)
    }

    /// Whether [`text`](Self::text) differs from the original.
    pub fn is_folded(&self) -> bool {
        self.folded.is_some()
    }

    /// The original text.
    pub fn original_text(&self) -> &'a str {
        self.original
    }

    /// The original byte range of the byte range `start..end` of
    /// [`text`](Self::text) (both at character boundaries).
    pub fn source_range(&self, start: usize, end: usize) -> (usize, usize) {
        match &self.folded {
            None => (start, end),
            Some(f) => (f.source_at[start] as usize, f.source_at[end] as usize),
        }
    }

    /// The original characters of `word`, a slice of [`text`](Self::text);
    /// `None` when `word` is not one. Where the conversion changed the
    /// number of characters of a phrase, a word boundary inside it is moved
    /// proportionally, so the words of a text still tile it, and a word can
    /// come back empty.
    pub fn original(&self, word: &str) -> Option<&'a str> {
        let text = self.text();
        let start = (word.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
        if start + word.len() > text.len() {
            return None;
        }
        let (a, b) = self.source_range(start, start + word.len());
        Some(&self.original[a..b])
    }
}

/// `text` in simplified script for counting terms in one script
/// (`fold_script`): converted with OpenCC's `t2s` when `script` says so,
/// where `Script::AsIs` counts as `Script::Auto` (folding text as it is
/// would fold nothing).
///
/// ```
/// use zhtext::convert::{fold_to_simplified, Script};
/// assert_eq!(fold_to_simplified("俄羅斯總統", Script::AsIs), "俄罗斯总统");
/// assert_eq!(fold_to_simplified("乾隆年间", Script::Auto), "乾隆年间");
/// ```
pub fn fold_to_simplified(text: &str, script: Script) -> Cow<'_, str> {
    let script = if script == Script::AsIs {
        Script::Auto
    } else {
        script
    };
    match ScriptView::new(text, script).folded {
        Some(folded) => Cow::Owned(folded.text),
        None => Cow::Borrowed(text),
    }
}

/// `text` as a [`Script`] reads it, without the way back to the original
/// characters (for counting, where only the folded text matters):
/// unchanged under [`Script::AsIs`]; under [`Script::Auto`] converted with
/// OpenCC's `t2s` if it [looks traditional](looks_traditional); under
/// [`Script::Simplified`] converted; and under both, full-width letters,
/// digits and `%`… [folded](half_width) to ASCII.
///
/// ```
/// use zhtext::convert::{script_text, Script};
/// assert_eq!(script_text("俄羅斯總統", Script::Auto), "俄罗斯总统");
/// assert_eq!(script_text("俄羅斯總統", Script::AsIs), "俄羅斯總統");
/// assert_eq!(script_text("乾隆年间", Script::Auto), "乾隆年间");
/// assert_eq!(script_text("增长５０％", Script::Auto), "增长50%");
/// ```
pub fn script_text(text: &str, script: Script) -> Cow<'_, str> {
    match reading(text, script) {
        Reading::AsIs => Cow::Borrowed(text),
        Reading::HalfWidth => Cow::Owned(half_widths(text).map(|(_, c)| c).collect()),
        Reading::Simplified => {
            let converted = Converter::get(Config::T2S).convert(text);
            if converted.contains(folds_width) {
                Cow::Owned(half_widths(&converted).map(|(_, c)| c).collect())
            } else {
                Cow::Owned(converted)
            }
        }
    }
}

/// How a [`Script`] reads a text.
enum Reading {
    /// As it is.
    AsIs,
    /// With full-width forms folded only.
    HalfWidth,
    /// Through OpenCC's `t2s`, full-width forms folded.
    Simplified,
}

fn reading(text: &str, script: Script) -> Reading {
    match script {
        Script::AsIs => Reading::AsIs,
        Script::Simplified => Reading::Simplified,
        Script::Auto => {
            let survey = survey(text);
            if survey.traditional {
                Reading::Simplified
            } else if survey.full_width {
                Reading::HalfWidth
            } else {
                Reading::AsIs
            }
        }
    }
}

/// `text` through OpenCC's `t2s` and [`half_width`], with the source of
/// each character; `None` when that changes nothing.
fn fold_text(text: &str) -> Option<Folded> {
    let (converted, pieces) = Converter::get(Config::T2S).convert_with_pieces(text);
    let full_width = converted.contains(folds_width);
    if converted == text {
        return full_width.then(|| fold_widths(text, |at| at as u32));
    }
    let source_bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let mut source_at = vec![0u32; converted.len() + 1];
    let mut target_bytes = converted
        .char_indices()
        .map(|(i, _)| i)
        .chain([converted.len()]);
    let (mut s0, mut t_byte) = (0usize, target_bytes.next().unwrap_or(0));
    for piece in pieces {
        // Boundaries 0..piece.target of the piece; its end is the next
        // piece's start.
        for k in 0..piece.target {
            let s = s0 + k * piece.source / piece.target.max(1);
            source_at[t_byte] = source_bounds[s] as u32;
            t_byte = target_bytes.next().unwrap_or(converted.len());
        }
        s0 += piece.source;
    }
    source_at[converted.len()] = text.len() as u32;
    if full_width {
        return Some(fold_widths(&converted, |at| source_at[at]));
    }
    Some(Folded {
        text: converted,
        source_at,
    })
}

/// `text` with its full-width forms folded ([`half_widths`]), each character
/// boundary mapped through `source_at` (the original offset of a byte
/// offset of `text`). Folding replaces one character with one, so the
/// boundaries correspond one for one.
fn fold_widths(text: &str, source_at: impl Fn(usize) -> u32) -> Folded {
    let mut folded = String::with_capacity(text.len());
    let mut sources = Vec::with_capacity(text.len() + 1);
    for (at, c) in half_widths(text) {
        sources.push(source_at(at));
        // Unused entries inside a character's bytes.
        sources.resize(folded.len() + c.len_utf8(), 0);
        folded.push(c);
    }
    sources.push(source_at(text.len()));
    Folded {
        text: folded,
        source_at: sources,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_parse_by_name() {
        for s in [Script::AsIs, Script::Auto, Script::Simplified] {
            assert_eq!(s.name().parse::<Script>(), Ok(s));
        }
        assert!("traditional".parse::<Script>().is_err());
    }

    #[test]
    fn traditional_text_is_recognised() {
        assert!(looks_traditional("這是一個關於頭髮的報導"));
        assert!(!looks_traditional("这是一个关于头发的报道"));
        assert!(!looks_traditional("乾隆皇帝的头发"));
        assert!(!looks_traditional("hello"));
    }

    #[test]
    fn the_bit_sets_agree_with_the_tables() {
        let leans = Leans::get();
        let mut counts = [0usize; 3];
        // The plane the bit sets cover, and the start of the one beyond,
        // where the tables are asked.
        for c in (0..0x1_0000)
            .chain(0x2_0000..0x2_0400)
            .filter_map(char::from_u32)
        {
            let lean = leans.of(c);
            assert_eq!(lean, table_lean(c), "{c:?}");
            counts[(lean + 1) as usize] += 1;
        }
        // Thousands of characters each way, as in OpenCC's tables.
        assert!(counts[0] > 1000 && counts[2] > 1000, "{counts:?}");
    }

    #[test]
    fn auto_leaves_simplified_text_alone() {
        let view = ScriptView::new("乾隆皇帝的头发", Script::Auto);
        assert!(!view.is_folded());
        assert_eq!(view.text(), "乾隆皇帝的头发");
        // Simplified text with a character that t2s changes (乾货 → 干货)
        // is left alone by Auto and converted by Simplified.
        assert!(!ScriptView::new("文件夹里的乾货和头发", Script::Auto).is_folded());
        assert!(ScriptView::new("文件夹里的乾货和头发", Script::Simplified).is_folded());
        assert!(!ScriptView::new("頭髮", Script::AsIs).is_folded());
    }

    #[test]
    fn full_width_forms_are_read_as_ascii_except_as_is() {
        let text = "增长５０％，ＧＤＰ达１．５万亿";
        let view = ScriptView::new(text, Script::Auto);
        assert_eq!(view.text(), "增长50%，GDP达1.5万亿");
        let gdp = &view.text()[12..15];
        assert_eq!(view.original(gdp), Some("ＧＤＰ"));
        assert_eq!(script_text(text, Script::Auto), "增长50%，GDP达1.5万亿");
        assert!(!ScriptView::new(text, Script::AsIs).is_folded());
        assert_eq!(script_text(text, Script::AsIs), text);
        // With t2s too, under Auto (a traditional text) and Simplified.
        let text = "經濟增長５０％";
        for script in [Script::Auto, Script::Simplified] {
            let view = ScriptView::new(text, script);
            assert_eq!(view.text(), "经济增长50%");
            assert_eq!(view.original(&view.text()[12..]), Some("５０％"));
            assert_eq!(script_text(text, script), "经济增长50%");
        }
        // Punctuation and the ideographic space stay as written; `．` is
        // a decimal point before a digit, else a name's dot.
        assert!(!ScriptView::new("他说：（好）\u{3000}！", Script::Auto).is_folded());
        let text = "穆罕默德．沙尔曼说，增长４７．７万";
        assert_eq!(
            script_text(text, Script::Auto),
            "穆罕默德．沙尔曼说，增长47.7万"
        );
    }

    #[test]
    fn every_split_of_the_folded_text_maps_back_to_a_split_of_the_original() {
        // 「」 become “” (one character each); ⿰亻尔 stays whole.
        let text = "他說：「頭髮」，⿰亻尔𠮷野家 ok ＯＫ５０％";
        let view = ScriptView::new(text, Script::Simplified);
        let folded = view.text();
        let bounds: Vec<usize> = folded.char_indices().map(|(i, _)| i).collect();
        for w in bounds.windows(2) {
            let (a, b) = view.source_range(w[0], w[1]);
            assert!(a <= b && text.is_char_boundary(a) && text.is_char_boundary(b));
        }
        let words: Vec<&str> = bounds
            .windows(2)
            .map(|w| view.original(&folded[w[0]..w[1]]).unwrap())
            .chain([view.original(&folded[*bounds.last().unwrap()..]).unwrap()])
            .collect();
        assert_eq!(words.concat(), text);
        assert_eq!(view.original("頭髮"), None);
    }
}
