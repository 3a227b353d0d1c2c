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

/// Which of jieba's two line formats a text follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `word freq [tag]`, frequency required (jieba's `dict.txt`).
    Main,
    /// `word [freq] [tag]` (jieba's `load_userdict`).
    User,
}

/// Why `word` cannot be a dictionary word, if it cannot: an empty word is
/// meaningless, a word with whitespace can never be matched (text is split
/// at whitespace), and NUL is reserved for internal entries.
pub fn check_word(word: &str) -> Result<(), &'static str> {
    if word.is_empty() {
        Err("a word cannot be empty")
    } else if word.chars().any(|c| c.is_whitespace() || c == '\0') {
        Err("a word cannot contain whitespace or NUL")
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

/// Parse one line (already without its line break). `Ok(None)` for a blank
/// line.
pub fn parse_line(line: &str, format: Format) -> Result<Option<Entry<'_>>, String> {
    let mut fields = line.split_whitespace();
    let Some(word) = fields.next() else {
        return Ok(None);
    };
    let rest: Vec<&str> = fields.collect();
    let (freq, tag) = match (format, rest.as_slice()) {
        (Format::Main, []) => return Err(format!("`{word}` has no frequency")),
        (Format::User, []) => (None, None),
        (_, [freq]) if parse_freq(freq).is_some() => (parse_freq(freq), None),
        (Format::User, [tag]) if is_tag(tag) => (None, Some(*tag)),
        (_, [freq, tag]) if parse_freq(freq).is_some() && is_tag(tag) => {
            (parse_freq(freq), Some(*tag))
        }
        (_, [field]) | (_, [field, _]) if parse_freq(field).is_none() && !is_tag(field) => {
            return Err(format!(
                "`{field}` is neither a frequency (a whole number) nor a POS tag (letters)"
            ))
        }
        (_, [_, tag]) if !is_tag(tag) => {
            return Err(format!("POS tag `{tag}` is not made of letters"))
        }
        (_, [_, _]) => return Err(format!("`{}` is not a frequency", rest[0])),
        _ => {
            return Err(format!(
                "expected `word [freq] [tag]`, found {} fields (words cannot contain spaces)",
                rest.len() + 1
            ))
        }
    };
    check_word(word).map_err(|reason| format!("`{word}`: {reason}"))?;
    Ok(Some(Entry { word, freq, tag }))
}

/// Parse every line of `text`, stopping at the first bad one.
pub fn parse<'a>(
    text: &'a str,
    format: Format,
    source_name: &str,
) -> Result<Vec<Entry<'a>>, EntryError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut entries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        match parse_line(line, format) {
            Ok(Some(entry)) => entries.push(entry),
            Ok(None) => {}
            Err(reason) => {
                return Err(EntryError {
                    source_name: source_name.to_owned(),
                    line: index + 1,
                    reason,
                })
            }
        }
    }
    Ok(entries)
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
            parse_line("云计算", Format::User),
            Ok(Some(entry("云计算", None, None)))
        );
        assert_eq!(
            parse_line("韩玉赏鉴 3", Format::User),
            Ok(Some(entry("韩玉赏鉴", Some(3), None)))
        );
        assert_eq!(
            parse_line("侍建宇 nr", Format::User),
            Ok(Some(entry("侍建宇", None, Some("nr"))))
        );
        assert_eq!(
            parse_line("创新办 3 i", Format::User),
            Ok(Some(entry("创新办", Some(3), Some("i"))))
        );
        assert_eq!(parse_line("   ", Format::User), Ok(None));
    }

    #[test]
    fn main_lines_need_a_frequency() {
        assert!(parse_line("云计算", Format::Main).is_err());
        assert!(parse_line("云计算 n", Format::Main).is_err());
        assert_eq!(
            parse_line("云计算 5 n", Format::Main),
            Ok(Some(entry("云计算", Some(5), Some("n"))))
        );
    }

    #[test]
    fn malformed_lines_are_reported_with_their_line_number() {
        let err = parse("a 1\nb 2 n\nc x1 n\n", Format::User, "user.txt").unwrap_err();
        assert_eq!((err.source_name.as_str(), err.line), ("user.txt", 3));
        assert!(err.to_string().contains("user.txt, line 3"), "{err}");
        assert!(parse("a 1 n extra", Format::User, "u").is_err());
        assert!(parse("a -1", Format::User, "u").is_err());
        assert!(parse("a 1 n1", Format::User, "u").is_err());
        let err = parse("a 1\nb\0c 2\n", Format::User, "u").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let entries = parse("\u{feff}词 5 n\n", Format::Main, "d").unwrap();
        assert_eq!(entries, vec![entry("词", Some(5), Some("n"))]);
    }
}
