//! Shingles: the character n-grams of a text after normalisation, so that
//! copies that differ only in spacing, line breaks, punctuation, letter case
//! or full-width forms have the same shingles.

use std::sync::OnceLock;

use super::{sha1, Error, Script};
use crate::convert::{script_text, ScriptBalance};

/// Splits texts into shingles of `size` characters.
///
/// ```
/// use zhtext::dedup::{Script, Shingler};
/// let shingler = Shingler::new(3, Script::AsIs).unwrap();
/// let mut shingles = Vec::new();
/// shingler.for_each("新华社 北京，１２月！", |s| shingles.push(s.to_owned()));
/// assert_eq!(shingles, ["新华社", "华社北", "社北京", "北京1", "京12", "12月"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shingler {
    size: usize,
    script: Script,
}

impl Shingler {
    /// A shingler of `size` characters (at least 1).
    pub fn new(size: usize, script: Script) -> Result<Self, Error> {
        if size == 0 {
            return Err(Error::ShingleSize);
        }
        Ok(Shingler { size, script })
    }

    /// Characters per shingle.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The script treatment.
    pub fn script(&self) -> Script {
        self.script
    }

    /// Call `f` with each shingle of `text`, in order (repeated shingles
    /// repeatedly). A text with fewer than `size` characters left after
    /// normalisation has no shingles. Under [`Script::Auto`] a text that
    /// looks traditional is folded to simplified characters first (OpenCC
    /// `t2s`), so a traditional-script copy of an article has its shingles.
    pub fn for_each(&self, text: &str, mut f: impl FnMut(&str)) {
        let mut normal = String::with_capacity(text.len());
        let mut bounds = Vec::with_capacity(text.len() / 2);
        self.normal_form(text, &mut normal, &mut bounds);
        for window in bounds.windows(self.size + 1) {
            f(&normal[window[0]..window[self.size]]);
        }
    }

    /// Append to `keys` the first eight bytes of the SHA-1 digest of each
    /// shingle, in order, as a little-endian number: the hash datasketch
    /// applies to the bytes it is given (`sha1_hash64`; the low four bytes
    /// are `sha1_hash32`).
    pub fn digest_keys(&self, text: &str, keys: &mut Vec<u64>) {
        let mut normal = String::with_capacity(text.len() + sha1::SLACK);
        let mut bounds = Vec::with_capacity(text.len() / 2);
        self.normal_form(text, &mut normal, &mut bounds);
        let mut bytes = normal.into_bytes();
        bytes.resize(bytes.len() + sha1::SLACK, 0);
        sha1::window_prefixes(&bytes, &bounds, self.size, keys);
    }

    /// `text` normalised into `normal` (empty), with its character bounds
    /// (see [`normalise_into`]), after the script treatment. Under
    /// [`Script::Auto`] the normalising pass also tells whether the text
    /// [looks traditional](crate::convert::looks_traditional), and only a
    /// text that does is folded and normalised again: simplified text is
    /// read once.
    fn normal_form(&self, text: &str, normal: &mut String, bounds: &mut Vec<usize>) {
        if self.script != Script::Auto {
            normalise_into(&script_text(text, self.script), normal, bounds, |_| {});
            return;
        }
        let mut balance = ScriptBalance::new();
        normalise_into(text, normal, bounds, |c| balance.add(c));
        if balance.looks_traditional() {
            normal.clear();
            bounds.clear();
            let folded = script_text(text, Script::Simplified);
            normalise_into(&folded, normal, bounds, |_| {});
        }
    }

    /// The distinct shingles of `text` as sorted 64-bit keys (the first
    /// eight bytes of their SHA-1 digests), for exact Jaccard similarity.
    /// Two different shingles share a key with probability 2⁻⁶⁴.
    pub fn key_set(&self, text: &str) -> Vec<u64> {
        let mut keys = Vec::new();
        self.digest_keys(text, &mut keys);
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

/// `text` without whitespace, punctuation and symbols (every character that
/// is not a letter or a digit), with full-width ASCII forms folded to ASCII
/// and Latin letters lowercased.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalise_into(text, &mut out, &mut Vec::new(), |_| {});
    out
}

/// [`normalise`] `text` into `out`, recording in `bounds` the byte offset
/// of each character of `out` and then its end (when `out` starts empty).
/// `seen` is shown every character of `text`.
fn normalise_into(
    text: &str,
    out: &mut String,
    bounds: &mut Vec<usize>,
    mut seen: impl FnMut(char),
) {
    let offset = String::len;
    for c in text.chars() {
        seen(c);
        if matches!(c, '\u{4E00}'..='\u{9FFF}') {
            // Nearly every character of Chinese text; the Unicode tables
            // below are slow for it.
            bounds.push(offset(out));
            out.push(c);
            continue;
        }
        let c = match c {
            // Full-width forms of ASCII `!`..`~`.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        if is_alphanumeric(c) {
            if c.is_ascii() {
                bounds.push(offset(out));
                out.push(c.to_ascii_lowercase());
            } else {
                for lower in c.to_lowercase() {
                    bounds.push(offset(out));
                    out.push(lower);
                }
            }
        }
    }
    bounds.push(offset(out));
}

/// `char::is_alphanumeric`, from a bit set over the Basic Multilingual
/// Plane built once: the Unicode tables took longer than the rest of
/// normalising for Chinese punctuation (。、“” and the like), most of what
/// in Chinese text is not a Chinese character.
fn is_alphanumeric(c: char) -> bool {
    static BMP: OnceLock<Box<[u64; 0x1_0000 / 64]>> = OnceLock::new();
    let bits = BMP.get_or_init(|| {
        let mut bits = Box::new([0; 0x1_0000 / 64]);
        for c in (0..0x1_0000).filter_map(char::from_u32) {
            if c.is_alphanumeric() {
                bits[c as usize / 64] |= 1 << (c as usize % 64);
            }
        }
        bits
    });
    match bits.get(c as usize / 64) {
        Some(word) => word >> (c as usize % 64) & 1 == 1,
        None => c.is_alphanumeric(),
    }
}

/// Exact Jaccard similarity of two sorted, distinct key sets; 0 when both
/// are empty.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    if union == 0 {
        0.0
    } else {
        common as f64 / union as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shingles(size: usize, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        Shingler::new(size, Script::AsIs)
            .unwrap()
            .for_each(text, |s| out.push(s.to_owned()));
        out
    }

    #[test]
    fn spacing_punctuation_case_and_width_do_not_change_shingles() {
        let a = shingles(4, "美国总统拜登（Joe Biden）说：\n“我们会继续。”");
        let b = shingles(4, "美国总统 拜登 (joe biden) 说:我们会继续.");
        let c = shingles(4, "美国总统拜登ＪＯＥ ＢＩＤＥＮ說我們會繼續");
        assert_eq!(a, b);
        assert_eq!(a[..4], c[..4]);
        assert_eq!(normalise("Ｗｏｒｌｄ　２０２３，年"), "world2023年");
    }

    #[test]
    fn short_and_empty_texts_have_no_shingles() {
        assert!(shingles(5, "").is_empty());
        assert!(shingles(5, "，。！  \n").is_empty());
        assert!(shingles(5, "四个字符").is_empty());
        assert_eq!(shingles(5, "五个字符了"), ["五个字符了"]);
        assert!(Shingler::new(0, Script::AsIs).is_err());
    }

    #[test]
    fn auto_folds_a_traditional_copy_to_the_same_shingles() {
        let simplified = "俄罗斯总统普京表示，他对纳瓦尔尼遭投毒的报道深感关切。";
        let traditional = "俄羅斯總統普京表示，他對納瓦爾尼遭投毒的報道深感關切。";
        let auto = Shingler::new(5, Script::Auto).unwrap();
        let as_is = Shingler::new(5, Script::AsIs).unwrap();
        assert_eq!(auto.key_set(simplified), as_is.key_set(simplified));
        let j_auto = jaccard(&auto.key_set(simplified), &auto.key_set(traditional));
        let j_as_is = jaccard(&as_is.key_set(simplified), &as_is.key_set(traditional));
        assert!(j_auto > 0.8 && j_as_is < 0.2, "{j_auto} {j_as_is}");
    }

    #[test]
    fn auto_reads_each_text_as_script_text_gives_it() {
        let auto = Shingler::new(5, Script::Auto).unwrap();
        let as_is = Shingler::new(5, Script::AsIs).unwrap();
        for text in [
            "俄罗斯总统普京表示，他对纳瓦尔尼遭投毒的报道深感关切。",
            "俄羅斯總統普京表示，他對納瓦爾尼遭投毒的報道深感關切。",
            "乾隆皇帝的頭髮和头发，ＡＢＣ１２３％",
            "",
        ] {
            let folded = script_text(text, Script::Auto);
            assert_eq!(auto.key_set(text), as_is.key_set(&folded), "{text}");
            let mut shingles = Vec::new();
            auto.for_each(text, |s| shingles.push(s.to_owned()));
            let mut expected = Vec::new();
            as_is.for_each(&folded, |s| expected.push(s.to_owned()));
            assert_eq!(shingles, expected, "{text}");
        }
    }

    #[test]
    fn the_bit_set_is_unicode_s_alphanumeric() {
        for c in (0..0x1_0000)
            .chain(0x1_F000..0x2_1000)
            .filter_map(char::from_u32)
        {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn jaccard_of_key_sets() {
        let s = Shingler::new(2, Script::AsIs).unwrap();
        let a = s.key_set("abcd"); // ab bc cd
        let b = s.key_set("abce"); // ab bc ce
        assert_eq!(a.len(), 3);
        assert_eq!(jaccard(&a, &b), 0.5);
        assert_eq!(jaccard(&a, &a), 1.0);
        assert_eq!(jaccard(&[], &[]), 0.0);
        assert_eq!(s.key_set("aaaa").len(), 1);
    }
}
