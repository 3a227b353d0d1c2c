//! Dictionary files: the main `word freq [tag]` dictionary and jieba's user
//! dictionaries, parsed with errors that name the source and line.

use std::fmt;

/// One dictionary line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    pub word: &'a str,
    /// `None` in a user dictionary line without a frequency: jieba then
    /// suggests one.
    pub freq: Option<usize>,
    pub tag: Option<&'a str>,
}

/// A dictionary line that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryError {
    /// File path, or `<lines>` for an in-memory list.
    pub source_name: String,
    /// 1-based line number.
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for EntryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, line {}: {}",
            self.source_name, self.line, self.reason
        )
    }
}

impl std::error::Error for EntryError {}

/// Why `word` cannot be a dictionary word, if it cannot: an empty word is
/// meaningless, and NUL is reserved for internal entries. A word with
/// whitespace is accepted, as jieba accepts it (`Edu Trust认证` in its own
/// user dictionary): it counts towards the total and its prefixes become
/// prefix entries, but text is split at whitespace, so it is never cut out.
pub fn check_word(word: &str) -> Result<(), &'static str> {
    if word.is_empty() {
        Err("a word cannot be empty")
    } else if word.contains('\0') {
        Err("a word cannot contain NUL")
    } else {
        Ok(())
    }
}

fn is_tag(field: &str) -> bool {
    !field.is_empty() && field.bytes().all(|b| b.is_ascii_alphabetic())
}

fn parse_freq(field: &str) -> Option<usize> {
    if field.bytes().all(|b| b.is_ascii_digit()) {
        field.parse().ok()
    } else {
        None
    }
}

/// Python's `str.isspace`, which `str.strip` and `re`'s `\s` use.
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{1c}'..='\u{1f}')
}

/// Parse one main-dictionary line (already without its line break):
/// `word freq [tag]` separated by whitespace. `Ok(None)` for a blank line.
pub fn parse_line(line: &str) -> Result<Option<Entry<'_>>, String> {
    let mut fields = line.split_whitespace();
    let Some(word) = fields.next() else {
        return Ok(None);
    };
    let rest: Vec<&str> = fields.collect();
    let (freq, tag) = match rest.as_slice() {
        [] => return Err(format!("`{word}` has no frequency")),
        [freq] if parse_freq(freq).is_some() => (parse_freq(freq), None),
        [freq, tag] if parse_freq(freq).is_some() && is_tag(tag) => (parse_freq(freq), Some(*tag)),
        [field] | [field, _] if parse_freq(field).is_none() && !is_tag(field) => {
            return Err(format!(
                "`{field}` is neither a frequency (a whole number) nor a POS tag (letters)"
            ))
        }
        [_, tag] if !is_tag(tag) => return Err(format!("POS tag `{tag}` is not made of letters")),
        [_, _] | [_] => return Err(format!("`{}` is not a frequency", rest[0])),
        _ => {
            return Err(format!(
                "expected `word freq [tag]`, found {} fields",
                rest.len() + 1
            ))
        }
    };
    check_word(word).map_err(|reason| format!("`{word}`: {reason}"))?;
    Ok(Some(Entry { word, freq, tag }))
}

/// `text` split before its longest suffix ` x` where `x` is a non-empty run
/// of characters in `class`, leaving a non-empty head; `None` if there is
/// no such suffix.
fn split_field(text: &str, class: impl Fn(u8) -> bool) -> Option<(&str, &str)> {
    let run = text.bytes().rev().take_while(|&b| class(b)).count();
    let head_end = text.len().checked_sub(run + 1)?;
    (run > 0 && head_end > 0 && text.as_bytes()[head_end] == b' ')
        .then(|| (&text[..head_end], &text[head_end + 1..]))
}

/// One user-dictionary line as jieba reads it: stripped of whitespace (and
/// a byte order mark), then matched against `^(.+?)( [0-9]+)?( [a-z]+)?$`,
/// so the word is everything before an optional ` freq` and ` tag`, spaces
/// included. `Ok(None)` for a blank line.
pub fn parse_user_line(line: &str) -> Result<Option<Entry<'_>>, String> {
    let line = line
        .trim_matches(is_py_space)
        .trim_start_matches('\u{feff}');
    if line.is_empty() {
        return Ok(None);
    }
    if line.contains('\n') {
        return Err("a line cannot contain a line break".to_owned());
    }
    // The lazy word takes the longest suffix the optional groups can match:
    // the tag is the whole trailing run of lowercase letters after a space,
    // then the frequency the whole run of digits before it.
    let (head, tag) =
        split_field(line, |b| b.is_ascii_lowercase()).map_or((line, None), |(h, t)| (h, Some(t)));
    let (word, freq) = match split_field(head, |b| b.is_ascii_digit()) {
        Some((word, digits)) => {
            let freq = digits
                .parse()
                .map_err(|_| format!("frequency {digits} is too large"))?;
            (word, Some(freq))
        }
        None => (head, None),
    };
    check_word(word).map_err(|reason| format!("`{word}`: {reason}"))?;
    Ok(Some(Entry { word, freq, tag }))
}

/// Whether jieba's reading of a user-dictionary line is probably not what
/// its author meant: a reading as whitespace-separated `word [freq] [tag]`
/// exists and differs (`词\t5`, `词  5`, `词 5 N`), or the word holds a
/// field of digits (`词 5 n x`).
fn is_misread(line: &str, entry: &Entry<'_>) -> bool {
    let mut fields = line.split_whitespace();
    let fields_reading = fields.next().map(|word| {
        let rest: Vec<&str> = fields.collect();
        match rest.as_slice() {
            [] => Some((word, None, None)),
            [freq] if parse_freq(freq).is_some() => Some((word, parse_freq(freq), None)),
            [tag] if is_tag(tag) => Some((word, None, Some(*tag))),
            [freq, tag] if parse_freq(freq).is_some() && is_tag(tag) => {
                Some((word, parse_freq(freq), Some(*tag)))
            }
            _ => None,
        }
    });
    let differs = matches!(fields_reading, Some(Some(reading)) if reading != (entry.word, entry.freq, entry.tag));
    differs
        || entry
            .word
            .split_whitespace()
            .skip(1)
            .any(|f| f.bytes().all(|b| b.is_ascii_digit()))
}

/// A line that jieba reads in a way its author probably did not mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misread {
    /// 1-based line number.
    pub line: usize,
    /// The line as written.
    pub text: String,
    /// The word jieba reads from it.
    pub word: String,
}

/// A parsed user dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserDict<'a> {
    pub entries: Vec<Entry<'a>>,
    /// The lines jieba misreads (zhtext reads them as jieba does).
    pub misread: Vec<Misread>,
}

fn lines_with_numbers(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines().enumerate().map(|(i, line)| (i + 1, line))
}

/// Parse every line of a main dictionary, stopping at the first bad one.
pub fn parse_main<'a>(text: &'a str, source_name: &str) -> Result<Vec<Entry<'a>>, EntryError> {
    let mut entries = Vec::new();
    for (line, text) in lines_with_numbers(text) {
        match parse_line(text) {
            Ok(Some(entry)) => entries.push(entry),
            Ok(None) => {}
            Err(reason) => {
                return Err(EntryError {
                    source_name: source_name.to_owned(),
                    line,
                    reason,
                })
            }
        }
    }
    Ok(entries)
}

/// Parse every line of a user dictionary as jieba's `load_userdict` does,
/// stopping at the first line it cannot read, and note the lines jieba
/// misreads.
pub fn parse_user<'a>(text: &'a str, source_name: &str) -> Result<UserDict<'a>, EntryError> {
    let mut dict = UserDict {
        entries: Vec::new(),
        misread: Vec::new(),
    };
    for (line, text) in lines_with_numbers(text) {
        match parse_user_line(text) {
            Ok(Some(entry)) => {
                if is_misread(text, &entry) {
                    dict.misread.push(Misread {
                        line,
                        text: text.to_owned(),
                        word: entry.word.to_owned(),
                    });
                }
                dict.entries.push(entry);
            }
            Ok(None) => {}
            Err(reason) => {
                return Err(EntryError {
                    source_name: source_name.to_owned(),
                    line,
                    reason,
                })
            }
        }
    }
    Ok(dict)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(word: &str, freq: Option<usize>, tag: Option<&str>) -> Entry<'static> {
        Entry {
            word: Box::leak(word.to_owned().into_boxed_str()),
            freq,
            tag: tag.map(|t| &*Box::leak(t.to_owned().into_boxed_str())),
        }
    }

    #[test]
    fn user_lines_take_every_optional_field() {
        assert_eq!(
            parse_user_line("云计算"),
            Ok(Some(entry("云计算", None, None)))
        );
        assert_eq!(
            parse_user_line("韩玉赏鉴 3"),
            Ok(Some(entry("韩玉赏鉴", Some(3), None)))
        );
        assert_eq!(
            parse_user_line("侍建宇 nr"),
            Ok(Some(entry("侍建宇", None, Some("nr"))))
        );
        assert_eq!(
            parse_user_line(" 创新办 3 i\r"),
            Ok(Some(entry("创新办", Some(3), Some("i"))))
        );
        assert_eq!(parse_user_line("   "), Ok(None));
    }

    #[test]
    fn user_lines_are_read_with_jiebas_pattern() {
        // Each expected reading is what `re_userdict.match(line).groups()` gives.
        let cases = [
            ("Edu Trust认证 2000", ("Edu Trust认证", Some(2000), None)),
            ("词\t5", ("词\t5", None, None)),
            ("词  5", ("词 ", Some(5), None)),
            ("词 5 N", ("词 5 N", None, None)),
            ("词 5 n extra", ("词 5 n", None, Some("extra"))),
            ("a 1 n1", ("a 1 n1", None, None)),
            ("a -1", ("a -1", None, None)),
            ("5 n", ("5", None, Some("n"))),
            ("nr", ("nr", None, None)),
            ("x 12 nz", ("x", Some(12), Some("nz"))),
        ];
        for (line, (word, freq, tag)) in cases {
            assert_eq!(
                parse_user_line(line),
                Ok(Some(entry(word, freq, tag))),
                "{line:?}"
            );
        }
    }

    #[test]
    fn lines_jieba_misreads_are_noted() {
        let dict = parse_user(
            "好词 3 n\nEdu Trust认证 2000\n词\t5\n词 5 N\n词 5 n extra\n",
            "u",
        )
        .unwrap();
        assert_eq!(dict.entries.len(), 5);
        let lines: Vec<usize> = dict.misread.iter().map(|m| m.line).collect();
        assert_eq!(lines, [3, 4, 5]);
        assert_eq!(dict.misread[0].word, "词\t5");
    }

    #[test]
    fn main_lines_need_a_frequency() {
        assert!(parse_line("云计算").is_err());
        assert!(parse_line("云计算 n").is_err());
        assert_eq!(
            parse_line("云计算 5 n"),
            Ok(Some(entry("云计算", Some(5), Some("n"))))
        );
    }

    #[test]
    fn malformed_lines_are_reported_with_their_line_number() {
        let err = parse_main("a 1\nb 2 n\nc x1 n\n", "dict.txt").unwrap_err();
        assert_eq!((err.source_name.as_str(), err.line), ("dict.txt", 3));
        assert!(err.to_string().contains("dict.txt, line 3"), "{err}");
        assert!(parse_main("a 1 n extra", "d").is_err());
        assert!(parse_main("a -1", "d").is_err());
        let err = parse_user("a 1\nb\0c 2\n", "u").unwrap_err();
        assert_eq!(err.line, 2);
        let err = parse_user("a 99999999999999999999999\n", "u").unwrap_err();
        assert!(err.reason.contains("too large"), "{err}");
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let entries = parse_main("\u{feff}词 5 n\n", "d").unwrap();
        assert_eq!(entries, vec![entry("词", Some(5), Some("n"))]);
    }
}
