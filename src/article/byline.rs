//! Bylines: who reported, from where, and who edited. Outlets mark byline
//! elements (`<address>`, BBC's byline block, DW's `<i>name<br>date</i>`);
//! Chinese newsrooms such as RFA write a credit line at the end of the body
//! instead, in many forms:
//!
//! `自由亚洲电台记者黄春梅 台北报道 责编 许书婷 陈美华 网编 瑞哲`,
//! `（记者：韩洁   责编：申铧   网编：洪伟）`, `记者：乾朗 刘邦羽  责编：许书婷`,
//! `自由亚洲电台记者蔡凌巴黎报导 编辑：何平 网编：瑞 哲`.

/// The byline of an article; empty fields where the outlet gives none.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Byline {
    pub reporters: Vec<String>,
    /// Where the report was filed (`台北`, `华盛顿`).
    pub location: String,
    pub editors: Vec<String>,
    pub web_editors: Vec<String>,
    /// The byline as written, whitespace folded.
    pub raw: String,
}

impl Byline {
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty() && self.reporters.is_empty()
    }
}

/// What the walk collected from byline elements.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BylineParts {
    /// Text lines of byline elements, in order.
    pub lines: Vec<String>,
    /// Names the outlet marked as reporters.
    pub reporters: Vec<String>,
}

/// The generic reading of byline elements: date lines are dropped, a line in
/// the credit-line grammar is parsed as such, other lines are lists of names.
pub fn from_parts(parts: BylineParts) -> Byline {
    let lines: Vec<String> = parts
        .lines
        .into_iter()
        .filter(|line| !is_date_like(line))
        .collect();
    let raw = lines.join(" ");
    if let Some(mut byline) = parse_credit_line(&raw) {
        if !parts.reporters.is_empty() {
            byline.reporters = parts.reporters;
        }
        return byline;
    }
    let reporters = if parts.reporters.is_empty() {
        lines.iter().flat_map(|line| split_names(line)).collect()
    } else {
        parts.reporters
    };
    Byline {
        reporters,
        raw,
        ..Byline::default()
    }
}

/// Find the credit line among the last paragraphs, remove it (and anything
/// after it) from the paragraphs, and parse it.
pub fn take_credit_line(paragraphs: &mut Vec<String>) -> Option<Byline> {
    let from = paragraphs.len().saturating_sub(4);
    let index = (from..paragraphs.len())
        .rev()
        .find(|&i| parse_credit_line(&paragraphs[i]).is_some())?;
    let byline = parse_credit_line(&paragraphs[index]);
    paragraphs.truncate(index);
    byline
}

const REPORTER_PREFIXES: &[&str] = &["自由亚洲电台", "本台", "特约", "实习"];
const EDITOR_MARKERS: &[&str] = &["责编", "编辑"];
const WEB_EDITOR_MARKERS: &[&str] = &["网编"];
const FILED_SUFFIXES: &[&str] = &["报道", "报导", "報道", "報導"];

/// Places reporters file from, for bylines that run name and place together
/// (`记者蔡凌巴黎报导`). Unknown places fall back to the last two characters.
const PLACES: &[&str] = &[
    "华盛顿",
    "台北",
    "香港",
    "巴黎",
    "伦敦",
    "东京",
    "纽约",
    "首尔",
    "柏林",
    "曼谷",
    "多伦多",
    "温哥华",
    "悉尼",
    "墨尔本",
    "洛杉矶",
    "旧金山",
    "日内瓦",
    "布鲁塞尔",
    "莫斯科",
    "北京",
    "上海",
    "新加坡",
    "吉隆坡",
    "达兰萨拉",
    "加州",
    "德国",
    "法国",
    "英国",
    "日本",
    "台湾",
    "澳门",
];

/// Parse one credit line, or `None` if `line` is not one. A credit line has
/// an editor marker (`责编`, `编辑`, `网编`) or is a short `记者… 报道` line.
pub fn parse_credit_line(line: &str) -> Option<Byline> {
    let raw = line.trim();
    let char_count = raw.chars().count();
    if char_count == 0 || char_count > 90 {
        return None;
    }
    let inner = raw
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')'])
        .trim();
    let (reporter_part, editor_part, web_part) = split_markers(inner);
    let reporter_part = reporter_part.trim();
    let reporter_text = strip_reporter_prefix(reporter_part);
    let has_markers = editor_part.is_some() || web_part.is_some();
    let files_report = FILED_SUFFIXES.iter().any(|s| reporter_part.ends_with(s));
    match reporter_text {
        // Text before the editor markers that is not a reporter credit means
        // this is a sentence that happens to mention an editor.
        None if has_markers && !reporter_part.is_empty() => return None,
        None if !has_markers => return None,
        Some(_) if !(has_markers || files_report && char_count <= 30) => return None,
        _ => {}
    }
    let (reporters, location) = reporter_text.map(split_reporters).unwrap_or_default();
    Some(Byline {
        reporters,
        location,
        editors: editor_part.map(split_names).unwrap_or_default(),
        web_editors: web_part.map(split_names).unwrap_or_default(),
        raw: raw.to_string(),
    })
}

/// (before any marker, after an editor marker, after a web-editor marker).
fn split_markers(text: &str) -> (&str, Option<&str>, Option<&str>) {
    let find = |markers: &[&str]| {
        markers
            .iter()
            .filter_map(|m| text.find(m).map(|i| (i, i + m.len())))
            .min()
    };
    let editor = find(EDITOR_MARKERS);
    let web = find(WEB_EDITOR_MARKERS);
    let start_of_markers = [editor, web].into_iter().flatten().map(|(s, _)| s).min();
    let reporter = &text[..start_of_markers.unwrap_or(text.len())];
    let section = |span: Option<(usize, usize)>, other: Option<(usize, usize)>| {
        span.map(|(_, end)| {
            let stop = other
                .map(|(s, _)| s)
                .filter(|&s| s > end)
                .unwrap_or(text.len());
            trim_separators(&text[end..stop])
        })
    };
    (reporter, section(editor, web), section(web, editor))
}

fn trim_separators(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '：' | ':' | '，' | ',' | '；' | ';' | '/')
    })
}

/// The names after `记者` (with any station prefix), or `None` without `记者`.
fn strip_reporter_prefix(part: &str) -> Option<&str> {
    let mut rest = part;
    loop {
        let before = rest;
        for prefix in REPORTER_PREFIXES {
            rest = rest.strip_prefix(prefix).unwrap_or(rest);
        }
        if rest == before {
            break;
        }
    }
    let rest = rest
        .strip_prefix("记者")
        .or_else(|| rest.strip_prefix("記者"))?;
    // `记者会` is a press conference, not a credit.
    if rest.starts_with('会') || rest.starts_with('會') {
        return None;
    }
    Some(trim_separators(rest))
}

/// Reporter names and the filing place from `黄春梅 台北报道` / `蔡凌巴黎报导` / `乾朗 刘邦羽`.
fn split_reporters(text: &str) -> (Vec<String>, String) {
    let Some(stem) = FILED_SUFFIXES.iter().find_map(|s| text.strip_suffix(s)) else {
        return (split_names(text), String::new());
    };
    let stem = stem.trim_end();
    if let Some((names, place)) = stem.rsplit_once(char::is_whitespace) {
        return (split_names(names), place.to_string());
    }
    let place = PLACES
        .iter()
        .filter(|p| stem.ends_with(*p) && stem.len() > p.len())
        .max_by_key(|p| p.len())
        .map(|p| p.to_string())
        .unwrap_or_else(|| {
            let chars: Vec<char> = stem.chars().collect();
            if chars.len() >= 4 {
                chars[chars.len() - 2..].iter().collect()
            } else {
                String::new()
            }
        });
    let names = &stem[..stem.len() - place.len()];
    (split_names(names), place)
}

/// Names separated by spaces, `、`, commas, `/` or ` and `; runs of
/// one-character pieces are rejoined (`瑞 哲` is one name). A note in
/// brackets is a role, not part of a name (`张平（摘编）`, DW's credit for
/// compiled reports).
pub fn split_names(text: &str) -> Vec<String> {
    let text = without_bracketed_notes(text)
        .replace(" and ", ",")
        .replace(" AND ", ",");
    let pieces: Vec<&str> = text
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '、' | '，' | ',' | '/' | '；' | ';' | '&')
        })
        .map(trim_separators)
        .filter(|p| !p.is_empty())
        .collect();
    let is_han_name = |p: &str| !p.is_ascii();
    // Latin names keep their spaces: `Thomas Latschan` is one name.
    if pieces.iter().all(|p| !is_han_name(p)) {
        return text
            .split(['、', '，', ',', '/', '；', ';', '&'])
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect();
    }
    let mut names: Vec<String> = Vec::new();
    let mut single_run = false;
    for piece in pieces.into_iter().flat_map(split_run_together) {
        let single = piece.chars().count() == 1;
        match names.last_mut() {
            Some(last) if single && single_run => last.push_str(piece),
            _ => names.push(piece.to_string()),
        }
        single_run = single;
    }
    names
}

/// `text` with every bracketed note (`（摘编）`, `(编译)`) replaced by a
/// space; an unclosed bracket is kept as written.
fn without_bracketed_notes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['（', '(']) {
        let Some(close) = rest[open..].find(['）', ')']) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push(' ');
        rest = &rest[open
            + close
            + rest[open + close..]
                .chars()
                .next()
                .map_or(0, char::len_utf8)..];
    }
    out.push_str(rest);
    out
}

/// Two three-character Chinese names written without a separator
/// (`陈美华许书婷`); other pieces are returned whole.
fn split_run_together(piece: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = piece.char_indices().collect();
    if chars.len() == 6 && chars.iter().all(|(_, c)| !c.is_ascii()) {
        let middle = chars[3].0;
        return vec![&piece[..middle], &piece[middle..]];
    }
    vec![piece]
}

/// A date or time line (`2025-02-15T08:03:55.243Z`, `Wed, 18 Sep 2024 13:48:50 GMT`, `02/01/2023 - 23:45`).
pub fn is_date_like(line: &str) -> bool {
    // More than 40 characters of at most 4 bytes each: no need to count them.
    if line.len() > 4 * 40 {
        return false;
    }
    let digits = line.chars().filter(char::is_ascii_digit).count();
    if digits < 4 || line.chars().count() > 40 {
        return false;
    }
    const WORDS: &[&str] = &[
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", "jan", "feb", "mar", "apr", "may", "jun",
        "jul", "aug", "sep", "oct", "nov", "dec", "gmt", "utc", "年", "月", "日", "am", "pm",
    ];
    let lower = line.to_lowercase();
    let mut rest = lower.clone();
    for word in WORDS {
        rest = rest.replace(word, "");
    }
    rest.chars().all(|c| {
        c.is_ascii_digit()
            || c.is_whitespace()
            || matches!(c, ',' | '-' | '/' | ':' | '.' | 't' | 'z' | '+')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(line: &str) -> (Vec<String>, String, Vec<String>, Vec<String>) {
        let b = parse_credit_line(line).unwrap_or_else(|| panic!("not a byline: {line}"));
        (b.reporters, b.location, b.editors, b.web_editors)
    }

    fn v(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn reads_the_rfa_forms() {
        assert_eq!(
            parsed("自由亚洲电台记者黄春梅 台北报道 责编 许书婷 陈美华 申铧 网编 瑞哲"),
            (
                v(&["黄春梅"]),
                "台北".into(),
                v(&["许书婷", "陈美华", "申铧"]),
                v(&["瑞哲"])
            )
        );
        assert_eq!(
            parsed("（记者：韩洁 责编：申铧 网编：洪伟）"),
            (v(&["韩洁"]), String::new(), v(&["申铧"]), v(&["洪伟"]))
        );
        assert_eq!(
            parsed("记者：乾朗 刘邦羽 责编：许书婷"),
            (
                v(&["乾朗", "刘邦羽"]),
                String::new(),
                v(&["许书婷"]),
                v(&[])
            )
        );
        assert_eq!(
            parsed("自由亚洲电台记者薛小山华盛顿报道 责编：何平 网编：洪伟"),
            (v(&["薛小山"]), "华盛顿".into(), v(&["何平"]), v(&["洪伟"]))
        );
        assert_eq!(
            parsed("自由亚洲电台记者蔡凌巴黎报道 编辑：何平 网编：瑞 哲"),
            (v(&["蔡凌"]), "巴黎".into(), v(&["何平"]), v(&["瑞哲"]))
        );
        assert_eq!(
            parsed("记者：高锋 责编：陈美华、嘉远 网编：瑞哲"),
            (
                v(&["高锋"]),
                String::new(),
                v(&["陈美华", "嘉远"]),
                v(&["瑞哲"])
            )
        );
        assert_eq!(parsed("自由亚洲电台记者郑崇生华盛顿报导").1, "华盛顿");
        assert_eq!(
            parsed("记者：陈子非 责编：陈美华许书婷").2,
            v(&["陈美华", "许书婷"])
        );
        assert_eq!(
            parsed("特约记者：孙诚 责编：梒青 网编：景铭").0,
            v(&["孙诚"])
        );
        assert_eq!(
            parsed("(记者：唐家婕 责编：郑崇生 网编: 洪伟)").3,
            v(&["洪伟"])
        );
    }

    #[test]
    fn leaves_sentences_alone() {
        assert!(parse_credit_line("外交部发言人在记者会上说，责编此事的人已经离职。").is_none());
        assert!(parse_credit_line("他对记者说，中国不会让步。").is_none());
        assert!(parse_credit_line("记者会上的报道").is_none());
    }

    #[test]
    fn takes_the_credit_line_off_the_end() {
        let mut paragraphs = v(&["正文。", "记者：高锋 责编：何平", "Copyright"]);
        let byline = take_credit_line(&mut paragraphs).unwrap();
        assert_eq!(byline.reporters, v(&["高锋"]));
        assert_eq!(paragraphs, v(&["正文。"]));
    }

    #[test]
    fn generic_parts_drop_dates_and_split_names() {
        let parts = BylineParts {
            lines: v(&["Thomas Latschan, Jane Doe", "2025-02-15T08:03:55.243Z"]),
            reporters: vec![],
        };
        let byline = from_parts(parts);
        assert_eq!(byline.reporters, v(&["Thomas Latschan", "Jane Doe"]));
        assert_eq!(byline.raw, "Thomas Latschan, Jane Doe");
        // DW credits a compiled report `张平（摘编）`: the note is no name.
        let parts = BylineParts {
            lines: v(&["  张平（摘编）", "2020-10-11T14:26:39.845Z"]),
            reporters: vec![],
        };
        assert_eq!(from_parts(parts).reporters, v(&["张平"]));
        assert_eq!(split_names("王亮(编译)、李明"), v(&["王亮", "李明"]));
        assert!(is_date_like("Wed, 18 Sep 2024 13:48:50 GMT"));
        assert!(is_date_like("02/01/2023 - 23:45"));
        assert!(!is_date_like("2023年的报告显示经济增长"));
    }
}
