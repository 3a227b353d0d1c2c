//! Text normalisation shared by every outlet: whitespace runs become one
//! space, invisible characters go, markup that leaked into the text as
//! escaped characters (`网编：洪伟/p&gt;`) is removed, and the script of an
//! article is classified.

/// Characters that carry no text: zero-width spaces and joiners, BOM, soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
    )
}

/// Neither white space nor invisible. Above U+3000 (the ideographic
/// space), where Chinese text lives, only the BOM is either: the Unicode
/// tables are asked about the rest.
fn is_ordinary(c: char) -> bool {
    if c > '\u{3000}' {
        return c != '\u{feff}';
    }
    !c.is_whitespace() && !is_invisible(c)
}

/// Accumulates text, folding any run of whitespace (including ideographic and
/// no-break spaces) into a single ASCII space and never starting with one.
#[derive(Debug, Default, Clone)]
pub struct TextBuf {
    text: String,
    pending_space: bool,
}

impl TextBuf {
    pub fn push(&mut self, s: &str) {
        // Runs of ordinary characters are copied whole; only whitespace and
        // invisible characters need a decision.
        let mut run_start = 0;
        for (i, c) in s.char_indices() {
            if is_ordinary(c) {
                continue;
            }
            self.push_run(&s[run_start..i]);
            run_start = i + c.len_utf8();
            if c.is_whitespace() {
                self.pending_space = true;
            }
        }
        self.push_run(&s[run_start..]);
    }

    fn push_run(&mut self, run: &str) {
        if run.is_empty() {
            return;
        }
        if self.pending_space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.pending_space = false;
        self.text.push_str(run);
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text so far, without stray markup; the buffer is left empty,
    /// with its capacity kept for the next text: each text is copied out
    /// once at its length, not grown from nothing piece by piece.
    pub fn take(&mut self) -> String {
        self.pending_space = false;
        let text = finish(self.text.as_str().to_owned());
        self.text.clear();
        text
    }
}

/// A [`TextBuf`]'s text without stray markup. The buffer never starts or
/// ends with white space (`push` writes none but a space between runs), so
/// without a `>` there is nothing to strip or trim.
fn finish(text: String) -> String {
    if text.is_empty() || memchr::memchr(b'>', text.as_bytes()).is_none() {
        return text;
    }
    strip_stray_markup(text)
}

/// `s` with whitespace folded and trimmed, as [`TextBuf`] does.
pub fn clean_inline(s: &str) -> String {
    let mut buf = TextBuf::default();
    buf.push(s);
    finish(buf.text)
}

/// Tag names whose escaped forms show up as text in the archive.
const STRAY_TAGS: &[&str] = &["p", "br", "span", "div", "strong", "b", "em", "i"];

/// Remove tag-like text such as `</p>`, `/p>`, `<br/>` left by double
/// escaping, and trim. Text without a `>` is returned as it came.
pub fn strip_stray_markup(s: String) -> String {
    if !s.contains('>') {
        return match s.trim() {
            trimmed if trimmed.len() == s.len() => s,
            trimmed => trimmed.to_string(),
        };
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(gt) = rest.find('>') {
        let (before, after) = rest.split_at(gt);
        let cut = stray_tag_start(before);
        out.push_str(&before[..cut.unwrap_or(before.len())]);
        if cut.is_none() {
            out.push('>');
        }
        rest = &after[1..];
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// Where the stray tag ending at the end of `before` (just before a `>`) starts.
fn stray_tag_start(before: &str) -> Option<usize> {
    let trimmed = before.strip_suffix('/').unwrap_or(before).trim_end();
    let name_len = trimmed
        .bytes()
        .rev()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let name_start = trimmed.len() - name_len;
    let name = &trimmed[name_start..];
    if !STRAY_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name)) {
        return None;
    }
    let head = &trimmed[..name_start];
    let head = head.strip_suffix('/').unwrap_or(head);
    let head = head.strip_suffix('<').unwrap_or(head);
    // Only `/p>`, `</p>` or `<p>` forms: a bare `p>` is ordinary text.
    (head.len() < name_start).then_some(head.len())
}

/// The writing system of an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    Simplified,
    Traditional,
    #[default]
    Other,
}

impl Script {
    pub fn as_str(self) -> &'static str {
        match self {
            Script::Simplified => "simplified",
            Script::Traditional => "traditional",
            Script::Other => "other",
        }
    }
}

/// Frequent characters that exist in one script only, in code point order
/// for binary search.
const SIMPLIFIED_ONLY: &[char] = &[
    '与', '东', '个', '为', '义', '们', '会', '体', '关', '军', '则', '动', '区', '华', '发', '员',
    '国', '实', '对', '应', '开', '当', '战', '报', '政', '无', '时', '机', '来', '现', '经', '认',
    '让', '议', '记', '说', '边', '过', '还', '这', '进', '长', '门', '问', '间', '际', '题',
];
const TRADITIONAL_ONLY: &[char] = &[
    '來', '個', '們', '則', '動', '區', '員', '問', '國', '報', '實', '對', '應', '戰', '政', '時',
    '會', '東', '機', '為', '無', '現', '當', '發', '經', '義', '與', '華', '記', '認', '說', '議',
    '讓', '軍', '這', '進', '過', '還', '邊', '長', '門', '開', '間', '關', '際', '題', '體',
];

/// Chinese characters looked at to tell the script.
const SCRIPT_SAMPLE: usize = 2_000;

/// Simplified, traditional, or other (too little Chinese to tell, or no
/// script-specific characters at all).
pub fn detect_script<'a>(texts: impl IntoIterator<Item = &'a str>) -> Script {
    let (mut simplified, mut traditional) = (0usize, 0usize);
    // A sample of the Chinese characters decides; whole articles need not be scanned.
    let han = texts
        .into_iter()
        .flat_map(str::chars)
        .filter(|&c| c >= '\u{4e00}')
        .take(SCRIPT_SAMPLE);
    for c in han {
        if SIMPLIFIED_ONLY.binary_search(&c).is_ok() {
            simplified += 1;
        } else if TRADITIONAL_ONLY.binary_search(&c).is_ok() {
            traditional += 1;
        }
    }
    if simplified + traditional < 3 {
        Script::Other
    } else if traditional > simplified {
        Script::Traditional
    } else {
        Script::Simplified
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_whitespace_and_invisible_characters() {
        assert_eq!(
            clean_inline("  记者 柳飞\u{3000}\u{a0}  责编\u{200b}：李 \n"),
            "记者 柳飞 责编：李"
        );
    }

    #[test]
    fn the_fast_path_agrees_with_the_unicode_tables() {
        for c in ('\0'..=char::MAX).filter(|&c| c > '\u{3000}') {
            assert_eq!(
                is_ordinary(c),
                !c.is_whitespace() && !is_invisible(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn strips_escaped_tags_only() {
        assert_eq!(strip_stray_markup("网编：洪伟/p>".into()), "网编：洪伟");
        assert_eq!(strip_stray_markup("网编：洪伟</p>".into()), "网编：洪伟");
        assert_eq!(strip_stray_markup("a<br/>b".into()), "ab");
        assert_eq!(
            strip_stray_markup("x > y, 3>2, p>q".into()),
            "x > y, 3>2, p>q"
        );
        // Found on the corpus: a multi-byte character just before the `>`.
        assert_eq!(strip_stray_markup("初中文>b".into()), "初中文>b");
        assert_eq!(strip_stray_markup(" 正文 ".into()), "正文");
    }

    #[test]
    fn script_tables_are_sorted() {
        assert!(SIMPLIFIED_ONLY.windows(2).all(|w| w[0] < w[1]));
        assert!(TRADITIONAL_ONLY.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn tells_scripts_apart() {
        assert_eq!(
            detect_script(["这是中国的问题，", "我们来说"]),
            Script::Simplified
        );
        assert_eq!(
            detect_script(["這是中國的問題，我們來說"]),
            Script::Traditional
        );
        assert_eq!(detect_script(["hello world"]), Script::Other);
    }
}
