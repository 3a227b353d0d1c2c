//! Keyword filters for analysis: the words that `jieba.analyse` lets
//! through but a reader of an archive's keywords does not want (numbers,
//! dates, percentages, punctuation, Latin fragments, newsroom boilerplate).
//! jieba's own rule already leaves out words of one character.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use super::terms::shape;

static BOILERPLATE: &str = include_str!("data/boilerplate.txt");

/// The filter names, as [`Filters::parse`] takes them.
pub const FILTER_NAMES: [&str; 6] = [
    "numbers",
    "dates",
    "percentages",
    "punctuation",
    "latin",
    "boilerplate",
];

/// Which kinds of words to leave out; the default leaves out none (jieba).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Filters {
    /// Numbers, also in Chinese numerals or with a unit (`2020`, `4.3`,
    /// `二十`, `万元`, `3亿`).
    pub numbers: bool,
    /// Dates and times (`12月`, `2020年`, `3日`, `星期一`, `今年`).
    pub dates: bool,
    /// Percentages (`15%`, `百分之五`).
    pub percentages: bool,
    /// Words without a letter or digit (`……`, `——`).
    pub punctuation: bool,
    /// Lowercase Latin fragments and two-letter pieces (`www`, `com`,
    /// `ll`); capitalised words and acronyms (`Trump`, `AI`) stay.
    pub latin: bool,
    /// The shipped newsroom boilerplate list ([`boilerplate`]).
    pub boilerplate: bool,
}

impl Filters {
    /// Every filter: the keywords of `zhtext analyze`.
    pub const ALL: Filters = Filters {
        numbers: true,
        dates: true,
        percentages: true,
        punctuation: true,
        latin: true,
        boilerplate: true,
    };

    /// Filters by name (see [`FILTER_NAMES`]; `"all"` for every one).
    ///
    /// ```
    /// use zhtext::keywords::Filters;
    /// let f = Filters::parse(["numbers", "boilerplate"]).unwrap();
    /// assert!(f.drops("2020") && f.drops("本台") && !f.drops("台积电"));
    /// assert!(!f.drops("12月"));
    /// assert!(Filters::parse(["colours"]).is_err());
    /// ```
    pub fn parse<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Filters, String> {
        let mut f = Filters::default();
        for name in names {
            match name {
                "numbers" => f.numbers = true,
                "dates" => f.dates = true,
                "percentages" => f.percentages = true,
                "punctuation" => f.punctuation = true,
                "latin" => f.latin = true,
                "boilerplate" => f.boilerplate = true,
                "all" => f = Filters::ALL,
                other => {
                    return Err(format!(
                        "unknown keyword filter {other:?}: use {} or \"all\"",
                        FILTER_NAMES.map(|n| format!("{n:?}")).join(", ")
                    ))
                }
            }
        }
        Ok(f)
    }

    /// The names of the filters that are on.
    pub fn names(&self) -> Vec<&'static str> {
        let on = [
            self.numbers,
            self.dates,
            self.percentages,
            self.punctuation,
            self.latin,
            self.boilerplate,
        ];
        FILTER_NAMES
            .iter()
            .zip(on)
            .filter(|(_, on)| *on)
            .map(|(n, _)| *n)
            .collect()
    }

    pub fn is_none(&self) -> bool {
        *self == Filters::default()
    }

    /// Whether `word` is left out.
    pub fn drops(&self, word: &str) -> bool {
        if self.is_none() {
            return false;
        }
        let s = shape(word);
        // A percentage is left to its own filter. Only looked for in a
        // number: a search of every word cost as much as the other filters.
        let number = s.any_numeric && s.number_like && !word.contains(['%', '％']);
        (self.punctuation && !s.any_alphanumeric)
            || (self.numbers && (number || is_number(word)))
            || (self.percentages && is_percentage(word))
            || (self.dates && is_date(word))
            || (self.latin && is_latin_fragment(word))
            || (self.boilerplate && boilerplate().contains(super::lowercase(word).as_ref()))
    }
}

/// The shipped newsroom boilerplate words (`data/boilerplate.txt`, where
/// their provenance is given), lowercased.
pub fn boilerplate() -> &'static FxHashSet<String> {
    static WORDS: OnceLock<FxHashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        BOILERPLATE
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect()
    })
}

/// The characters numbers are written with, Chinese numerals included:
/// `零〇一二三四五六七八九十百千万亿两`, ASCII and full-width digits, `.`.
/// A `match`, because every filter call tests the characters of a word
/// against them (a search in a string of them cost a fifth of the pass's
/// keyword counting).
fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '零' | '〇'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
            | '亿'
            | '两'
            | '0'..='9'
            | '０'..='９'
            | '.'
    )
}
/// Units that make a number with a numeral before them (`万元`, `3亿`).
const UNITS: [&str; 16] = [
    "元", "美元", "亿元", "万元", "人", "名", "岁", "次", "个", "位", "倍", "吨", "公里", "米",
    "多", "余",
];

/// A number with a percent sign, or `百分之` something.
fn is_percentage(word: &str) -> bool {
    let number = word.trim_end_matches(['%', '％']);
    word.starts_with("百分之")
        || (number.len() < word.len()
            && !number.is_empty()
            && number.chars().all(|c| is_numeral(c) || c == ','))
}

/// A number in Chinese numerals, or any numeral followed by a unit.
fn is_number(word: &str) -> bool {
    let rest = word.trim_start_matches(is_numeral);
    rest.len() < word.len() && (rest.is_empty() || UNITS.contains(&rest))
}

const DATE_UNITS: [&str; 8] = ["年", "月", "日", "号", "时", "点", "分", "秒"];
const DATE_WORDS: [&str; 19] = [
    "今年", "去年", "明年", "前年", "今天", "昨天", "明天", "前天", "今日", "昨日", "本周", "上周",
    "下周", "本月", "上月", "下月", "周末", "年代", "年初",
];

/// The words for "week" that a weekday is one of followed by its number
/// (`星期一`, `周五`).
const WEEK: [&str; 3] = ["星期", "礼拜", "周"];
/// The first characters of [`DATE_WORDS`] and of [`WEEK`].
const DATE_WORD_STARTS: [char; 12] = [
    '今', '去', '明', '前', '昨', '本', '上', '下', '周', '年', '星', '礼',
];

/// A date or time: numerals with a date unit (`12月`, `2020年`, `三日`,
/// `1月12日`), a weekday, or a word for a relative date (`今年`).
fn is_date(word: &str) -> bool {
    let Some(first) = word.chars().next() else {
        return false;
    };
    if !is_numeral(first) {
        // Most words are told from every date word and weekday by their
        // first character, without comparing them to each.
        return DATE_WORD_STARTS.contains(&first) && is_date_word(word);
    }
    // Runs of numerals, each followed by a date unit.
    let mut rest = word;
    while !rest.is_empty() {
        let after = rest.trim_start_matches(is_numeral);
        if after.len() == rest.len() {
            return false;
        }
        let Some(unit) = DATE_UNITS.iter().find(|u| after.starts_with(*u)) else {
            return false;
        };
        rest = &after[unit.len()..];
    }
    true
}

/// A word for a relative date, or a weekday.
fn is_date_word(word: &str) -> bool {
    DATE_WORDS.contains(&word)
        || WEEK.iter().any(|week| {
            word.strip_prefix(week).is_some_and(|day| {
                matches!(day, "一" | "二" | "三" | "四" | "五" | "六" | "日" | "天")
            })
        })
}

/// A Latin piece that means little alone: all lowercase (`www`, `com`,
/// `html`), or two letters not both capitals (`Mr`, `ll`).
fn is_latin_fragment(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_alphabetic())
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.'".contains(&b))
        && (!word.bytes().any(|b| b.is_ascii_uppercase())
            || (word.len() <= 2 && !word.bytes().all(|b| b.is_ascii_uppercase())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_filter_drops_its_kind_only() {
        let only = |name: &str| Filters::parse([name]).unwrap();
        let cases: [(&str, &[&str], &[&str]); 6] = [
            (
                "numbers",
                &[
                    "2020",
                    "4.3",
                    "１２",
                    "二十",
                    "万元",
                    "3亿",
                    "一百万",
                    "1,000",
                ],
                &["台积电", "万一些", "15%", "美元", "12月"],
            ),
            (
                "dates",
                &[
                    "12月",
                    "2020年",
                    "3日",
                    "1月12日",
                    "三月",
                    "星期一",
                    "周五",
                    "今年",
                ],
                &["年轻", "月亮", "2020", "周恩来", "日本"],
            ),
            (
                "percentages",
                &["15%", "3.5％", "百分之五"],
                &["2020", "百分比"],
            ),
            ("punctuation", &["……", "——", "“”"], &["台风", "AI"]),
            (
                "latin",
                &["www", "com", "html", "ll", "Mr", "jpg"],
                &["AI", "Trump", "NATO", "iPhone", "台风", "2020"],
            ),
            (
                "boilerplate",
                &["本台", "记者", "报道", "点击查看", "美国之音", "BBC"],
                &["台积电", "总统"],
            ),
        ];
        for (name, dropped, kept) in cases {
            let f = only(name);
            for w in dropped {
                assert!(f.drops(w), "{name} should drop {w:?}");
            }
            for w in kept {
                assert!(!f.drops(w), "{name} should keep {w:?}");
            }
            assert_eq!(f.names(), [name]);
        }
        assert!(!Filters::default().drops("2020"));
        assert_eq!(Filters::parse(["all"]).unwrap(), Filters::ALL);
        assert_eq!(Filters::ALL.names(), FILTER_NAMES);
    }

    #[test]
    fn every_date_word_and_weekday_starts_with_a_date_word_start() {
        for word in DATE_WORDS.iter().chain(&WEEK) {
            let first = word.chars().next().unwrap();
            assert!(DATE_WORD_STARTS.contains(&first), "{word}");
            assert!(!is_numeral(first), "{word}");
        }
    }

    #[test]
    fn the_boilerplate_list_is_clean() {
        let words = boilerplate();
        assert!(words.len() > 100);
        assert!(words.iter().all(|w| !w.contains(char::is_whitespace)));
    }
}
