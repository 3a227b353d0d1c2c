//! Simplified ↔ traditional Chinese conversion, compatible with OpenCC.
//!
//! [`Config`] names OpenCC's configurations (`s2t`, `t2s`, `s2tw`, `tw2s`,
//! `s2hk`, `hk2s`, `tw2sp`, `s2twp`); [`Converter::get`] gives the converter
//! of one, built on first use from OpenCC's own dictionaries (`data/`,
//! Apache-2.0, see `data/README.md`) and shared from then on. A converter
//! runs OpenCC's algorithm step for step, so that its output equals
//! OpenCC's:
//!
//! 1. normalization: compatibility ideographs become their unified forms;
//! 2. segmentation (the configurations with a regional step): maximum
//!    forward matching over the phrase dictionary, unmatched runs kept
//!    together as one segment;
//! 3. each segment through the conversion chain: in every stage, at each
//!    position the longest key of the stage's dictionary group is replaced
//!    by its first value, anything else is copied one character (or one
//!    ideographic description sequence) at a time.
//!
//! ```
//! use zhtext::convert::{Config, Converter};
//! assert_eq!(Converter::get(Config::S2T).convert("汉字转换"), "漢字轉換");
//! assert_eq!(Converter::get(Config::S2TWP).convert("鼠标和软件"), "滑鼠和軟體");
//! assert_eq!(Converter::get(Config::T2S).convert("漢字轉換"), "汉字转换");
//! ```

mod script;
mod table;

pub use script::{
    fold_to_simplified, half_width, looks_traditional, script_text, Script, ScriptBalance,
    ScriptView, UnknownScript,
};

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use table::Table;

/// An OpenCC configuration: which script and regional standard to convert
/// from and to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Config {
    /// Simplified to traditional (OpenCC standard).
    S2T,
    /// Traditional (OpenCC standard) to simplified.
    T2S,
    /// Simplified to traditional, Taiwan standard characters.
    S2TW,
    /// Traditional, Taiwan standard characters, to simplified.
    TW2S,
    /// Simplified to traditional, Hong Kong standard characters.
    S2HK,
    /// Traditional, Hong Kong standard characters, to simplified.
    HK2S,
    /// Traditional, Taiwan standard, to simplified with mainland phrases.
    TW2SP,
    /// Simplified to traditional, Taiwan standard with Taiwanese phrases.
    S2TWP,
}

impl Config {
    /// Every configuration.
    pub const ALL: [Config; 8] = [
        Config::S2T,
        Config::T2S,
        Config::S2TW,
        Config::TW2S,
        Config::S2HK,
        Config::HK2S,
        Config::TW2SP,
        Config::S2TWP,
    ];

    /// OpenCC's name of the configuration (its config file's stem).
    pub fn name(self) -> &'static str {
        match self {
            Config::S2T => "s2t",
            Config::T2S => "t2s",
            Config::S2TW => "s2tw",
            Config::TW2S => "tw2s",
            Config::S2HK => "s2hk",
            Config::HK2S => "hk2s",
            Config::TW2SP => "tw2sp",
            Config::S2TWP => "s2twp",
        }
    }

    /// The configuration's dictionaries, as OpenCC's config file lists them.
    fn plan(self) -> Plan {
        use TableId::*;
        // The first stage towards traditional, and the last towards simplified.
        let to_traditional = Stage::ShortCircuit(&[StPhrases, StCharacters]);
        let to_simplified = Stage::ShortCircuit(&[TsPhrases, TsCharactersExt, TsCharacters]);
        let (segmentation, chain) = match self {
            Config::S2T => (None, vec![to_traditional]),
            Config::T2S => (None, vec![to_simplified]),
            Config::S2TW => (
                Some(StPhrases),
                vec![
                    to_traditional,
                    Stage::ShortCircuit(&[TwVariantsPhrases, TwVariants]),
                ],
            ),
            Config::S2HK => (
                Some(StPhrases),
                vec![
                    to_traditional,
                    Stage::ShortCircuit(&[HkVariantsPhrases, HkVariants]),
                ],
            ),
            Config::S2TWP => (
                Some(StPhrases),
                vec![
                    to_traditional,
                    Stage::ShortCircuit(&[TwPhrases, TwVariantsPhrases, TwVariants]),
                ],
            ),
            Config::TW2S => (
                Some(TsPhrases),
                vec![
                    Stage::ShortCircuit(&[TwVariantsRevPhrases, TwVariantsRev]),
                    to_simplified,
                ],
            ),
            Config::HK2S => (
                Some(TsPhrases),
                vec![
                    Stage::ShortCircuit(&[HkVariantsRevPhrases, HkVariantsRev]),
                    to_simplified,
                ],
            ),
            Config::TW2SP => (
                Some(TsPhrases),
                vec![
                    Stage::ShortCircuit(&[TwPhrasesRev, TwVariantsRevPhrases, TwVariantsRev]),
                    to_simplified,
                ],
            ),
        };
        Plan {
            segmentation,
            chain,
        }
    }
}

impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not one of the supported configurations.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown conversion config {0:?}: expected one of s2t, t2s, s2tw, tw2s, s2hk, hk2s, tw2sp, s2twp")]
pub struct UnknownConfig(pub String);

impl FromStr for Config {
    type Err = UnknownConfig;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Config::ALL
            .into_iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| UnknownConfig(name.to_owned()))
    }
}

/// The dictionaries, one table each; a table of OpenCC's `union` groups
/// merges their files.
#[derive(Clone, Copy)]
enum TableId {
    CompatibilityIdeographs,
    StPhrases,
    StCharacters,
    TsPhrases,
    TsCharactersExt,
    TsCharacters,
    TwVariantsPhrases,
    TwVariants,
    TwVariantsRevPhrases,
    TwVariantsRev,
    HkVariantsPhrases,
    HkVariants,
    HkVariantsRevPhrases,
    HkVariantsRev,
    TwPhrases,
    TwPhrasesRev,
}

const TABLE_COUNT: usize = TableId::TwPhrasesRev as usize + 1;

macro_rules! dictionary {
    ($name:literal) => {
        include_str!(concat!("data/", $name, ".txt"))
    };
}

impl TableId {
    fn sources(self) -> &'static [&'static str] {
        use TableId::*;
        match self {
            CompatibilityIdeographs => &[dictionary!("CJK_Compatibility_Ideographs")],
            StPhrases => &[
                dictionary!("STPhrases"),
                dictionary!("STPhrases_GeneratedFromRegionalPhrases"),
            ],
            StCharacters => &[dictionary!("STCharacters")],
            TsPhrases => &[dictionary!("TSPhrases")],
            TsCharactersExt => &[dictionary!("TSCharactersExt")],
            TsCharacters => &[dictionary!("TSCharacters")],
            TwVariantsPhrases => &[dictionary!("TWVariantsPhrases")],
            TwVariants => &[dictionary!("TWVariants")],
            TwVariantsRevPhrases => &[dictionary!("TWVariantsRevPhrases")],
            TwVariantsRev => &[dictionary!("TWVariantsRev")],
            HkVariantsPhrases => &[dictionary!("HKVariantsPhrases")],
            HkVariants => &[dictionary!("HKVariants")],
            HkVariantsRevPhrases => &[dictionary!("HKVariantsRevPhrases")],
            HkVariantsRev => &[dictionary!("HKVariantsRev")],
            TwPhrases => &[dictionary!("TWPhrases")],
            TwPhrasesRev => &[dictionary!("TWPhrasesRev")],
        }
    }

    /// The table, built on first use and shared by every converter.
    fn table(self) -> &'static Table {
        static TABLES: [OnceLock<Table>; TABLE_COUNT] = [const { OnceLock::new() }; TABLE_COUNT];
        TABLES[self as usize].get_or_init(|| Table::from_sources(self.sources()))
    }
}

/// One stage of a conversion chain: a `short_circuit` group, whose first
/// table with any key at a position decides the replacement there.
#[derive(Clone, Copy)]
enum Stage {
    ShortCircuit(&'static [TableId]),
}

struct Plan {
    segmentation: Option<TableId>,
    chain: Vec<Stage>,
}

/// The tables of one stage, resolved.
struct Matcher(Vec<&'static Table>);

impl Matcher {
    fn new(tables: &[TableId]) -> Matcher {
        Matcher(tables.iter().map(|t| t.table()).collect())
    }

    #[inline]
    fn longest_prefix(&self, text: &str) -> Option<(usize, &'static str)> {
        self.0.iter().find_map(|t| t.longest_prefix(text))
    }

    /// Replace every match in `text`, appending to `out`; `on_piece` hears
    /// the byte lengths of each replaced or copied piece, input then output.
    fn apply(&self, text: &str, out: &mut String, on_piece: &mut impl FnMut(usize, usize)) {
        let mut rest = text;
        while !rest.is_empty() {
            let (consumed, replacement) = match self.longest_prefix(rest) {
                Some((len, value)) => (len, value),
                None => {
                    let len = unmatched_len(rest);
                    (len, &rest[..len])
                }
            };
            out.push_str(replacement);
            on_piece(consumed, replacement.len());
            rest = &rest[consumed..];
        }
    }
}

/// A piece of a conversion: `source` characters of the input became
/// `target` characters of the output. The pieces of a text, in order, tile
/// both input and output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Length of the input piece in characters.
    pub source: usize,
    /// Length of the output piece in characters.
    pub target: usize,
}

/// An OpenCC configuration, ready to convert.
pub struct Converter {
    normalization: &'static Table,
    segmentation: Option<Matcher>,
    chain: Vec<Matcher>,
}

impl Converter {
    /// The converter for `config`, built on first use (tens of milliseconds)
    /// and shared afterwards.
    pub fn get(config: Config) -> &'static Converter {
        static CONVERTERS: [OnceLock<Converter>; 8] = [const { OnceLock::new() }; 8];
        let index = Config::ALL.iter().position(|&c| c == config).unwrap_or(0);
        CONVERTERS[index].get_or_init(|| Converter::build(config))
    }

    fn build(config: Config) -> Converter {
        let plan = config.plan();
        Converter {
            normalization: TableId::CompatibilityIdeographs.table(),
            segmentation: plan.segmentation.map(|t| Matcher::new(&[t])),
            chain: plan
                .chain
                .iter()
                .map(|Stage::ShortCircuit(tables)| Matcher::new(tables))
                .collect(),
        }
    }

    /// `text` converted.
    ///
    /// ```
    /// use zhtext::convert::{Config, Converter};
    /// assert_eq!(Converter::get(Config::S2HK).convert("着"), "着");
    /// assert_eq!(Converter::get(Config::S2TW).convert("着"), "著");
    /// ```
    pub fn convert(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + text.len() / 5);
        self.convert_into(text, &mut out, &mut |_, _| {});
        out
    }

    /// `text` converted, with the [`Piece`]s that map output characters
    /// back to input characters. A piece is one replacement where the
    /// chain has one stage, one segment where it has several (a later stage
    /// may rewrite across the first stage's replacements).
    ///
    /// ```
    /// use zhtext::convert::{Config, Converter, Piece};
    /// let (out, pieces) = Converter::get(Config::T2S).convert_with_pieces("憑藉它");
    /// assert_eq!(out, "凭借它");
    /// assert_eq!(pieces, [Piece { source: 2, target: 2 }, Piece { source: 1, target: 1 }]);
    /// ```
    pub fn convert_with_pieces(&self, text: &str) -> (String, Vec<Piece>) {
        let mut out = String::with_capacity(text.len() + text.len() / 5);
        let mut pieces = Vec::new();
        let mut source_start = 0;
        let mut target_start = 0;
        let mut push = |source: usize, target: usize, input: &str, out: &str| {
            pieces.push(Piece {
                source: input[source_start..source_start + source].chars().count(),
                target: out[target_start..target_start + target].chars().count(),
            });
            source_start += source;
            target_start += target;
        };
        // Normalization replaces one character with one, so characters
        // count the same before and after it; the pieces are measured on
        // the normalized text.
        let normalized = self.normalize(text);
        let input: &str = &normalized;
        let mut sink = Vec::new();
        self.convert_normalized(input, &mut out, &mut |s, t| sink.push((s, t)));
        for (source, target) in sink {
            push(source, target, input, &out);
        }
        (out, pieces)
    }

    /// Append `text` converted to `out`.
    fn convert_into(&self, text: &str, out: &mut String, on_piece: &mut impl FnMut(usize, usize)) {
        let normalized = self.normalize(text);
        self.convert_normalized(&normalized, out, on_piece);
    }

    fn normalize<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if !self.normalization.may_match(text) {
            return std::borrow::Cow::Borrowed(text);
        }
        let mut normalized = String::with_capacity(text.len());
        Matcher(vec![self.normalization]).apply(text, &mut normalized, &mut |_, _| {});
        std::borrow::Cow::Owned(normalized)
    }

    fn convert_normalized(
        &self,
        text: &str,
        out: &mut String,
        on_piece: &mut impl FnMut(usize, usize),
    ) {
        match &self.segmentation {
            None => self.convert_segment(text, out, on_piece),
            Some(segmentation) => {
                // Maximum forward matching: a match is a segment of its
                // own, the text between matches one segment.
                let mut rest = text;
                let mut unmatched = 0;
                while unmatched < rest.len() {
                    match segmentation.longest_prefix(&rest[unmatched..]) {
                        Some((len, _)) => {
                            if unmatched > 0 {
                                self.convert_segment(&rest[..unmatched], out, on_piece);
                            }
                            let word_end = unmatched + len;
                            self.convert_segment(&rest[unmatched..word_end], out, on_piece);
                            rest = &rest[word_end..];
                            unmatched = 0;
                        }
                        None => unmatched += unmatched_len(&rest[unmatched..]),
                    }
                }
                if !rest.is_empty() {
                    self.convert_segment(rest, out, on_piece);
                }
            }
        }
    }

    fn convert_segment(
        &self,
        segment: &str,
        out: &mut String,
        on_piece: &mut impl FnMut(usize, usize),
    ) {
        let Some((last, first)) = self.chain.split_last() else {
            out.push_str(segment);
            on_piece(segment.len(), segment.len());
            return;
        };
        if first.is_empty() {
            last.apply(segment, out, on_piece);
            return;
        }
        let mut current = String::with_capacity(segment.len() + 8);
        first[0].apply(segment, &mut current, &mut |_, _| {});
        for stage in &first[1..] {
            let mut next = String::with_capacity(current.len() + 8);
            stage.apply(&current, &mut next, &mut |_, _| {});
            current = next;
        }
        let start = out.len();
        last.apply(&current, out, &mut |_, _| {});
        on_piece(segment.len(), out.len() - start);
    }
}

/// The bytes OpenCC copies at once where no key matches: an ideographic
/// description sequence (such as ⿰亻尔, whose parts are not characters to
/// convert), else one character.
fn unmatched_len(text: &str) -> usize {
    ids_len(text, &mut 0, 16).unwrap_or_else(|| text.chars().next().map_or(0, char::len_utf8))
}

/// The length of the ideographic description sequence `text` starts with,
/// if it starts with a complete one (at most 16 deep and 64 code points,
/// OpenCC's limits); `code_points` counts the code points consumed so far.
fn ids_len(text: &str, code_points: &mut usize, depth_left: usize) -> Option<usize> {
    let first = text.chars().next()?;
    let arity = match first as u32 {
        0x2FF2 | 0x2FF3 => 3,
        0x2FFE | 0x2FFF => 1,
        0x2FF0..=0x2FFD => 2,
        _ => 0,
    };
    if arity == 0 {
        return None;
    }
    let mut offset = first.len_utf8();
    *code_points += 1;
    for _ in 0..arity {
        let rest = &text[offset..];
        let c = rest.chars().next()?;
        if depth_left <= 1 || *code_points >= 64 {
            return None;
        }
        let len = match ids_len(rest, code_points, depth_left - 1) {
            Some(len) => len,
            None if is_ids_operator(c) => return None,
            None => {
                *code_points += 1;
                c.len_utf8()
            }
        };
        offset += len;
    }
    Some(offset)
}

fn is_ids_operator(c: char) -> bool {
    (0x2FF0..=0x2FFF).contains(&(c as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configs_round_trip_through_their_names() {
        for config in Config::ALL {
            assert_eq!(config.name().parse::<Config>(), Ok(config));
        }
        assert!("zh-hant".parse::<Config>().is_err());
    }

    #[test]
    fn each_config_converts_like_opencc() {
        // Outputs of OpenCC 1.4.2 (the `opencc` Python package).
        let cases = [
            (Config::S2T, "头发和发展，干燥", "頭髮和發展，乾燥"),
            (Config::T2S, "頭髮和發展，乾燥", "头发和发展，干燥"),
            (Config::S2TW, "着装的线", "著裝的線"),
            (Config::S2HK, "着装的线", "着裝的線"),
            (Config::TW2S, "著裝的線", "着装的线"),
            (Config::HK2S, "着裝的綫", "着装的线"),
            (Config::S2TWP, "鼠标和软件", "滑鼠和軟體"),
            (Config::TW2SP, "滑鼠和軟體", "鼠标和软件"),
        ];
        for (config, input, expected) in cases {
            assert_eq!(Converter::get(config).convert(input), expected, "{config}");
        }
    }

    #[test]
    fn compatibility_ideographs_are_normalized_first() {
        // U+F9B5 (例, a compatibility ideograph) is U+4F8B.
        assert_eq!(Converter::get(Config::T2S).convert("\u{F9B5}"), "例");
    }

    #[test]
    fn description_sequences_are_copied_whole() {
        // 尔 alone becomes 爾; inside ⿰亻尔 it is a component and stays.
        assert_eq!(Converter::get(Config::S2T).convert("⿰亻尔尔"), "⿰亻尔爾");
        // An incomplete sequence is copied character by character.
        assert_eq!(Converter::get(Config::S2T).convert("⿰尔"), "⿰爾");
    }

    #[test]
    fn pieces_tile_input_and_output() {
        for config in Config::ALL {
            let text = "在香港，头发和「乾燥」的鼠标 ok ⿰亻尔 \u{F9B5}";
            let (out, pieces) = Converter::get(config).convert_with_pieces(text);
            assert_eq!(out, Converter::get(config).convert(text));
            let source: usize = pieces.iter().map(|p| p.source).sum();
            let target: usize = pieces.iter().map(|p| p.target).sum();
            assert_eq!(source, text.chars().count(), "{config}");
            assert_eq!(target, out.chars().count(), "{config}");
        }
    }
}
