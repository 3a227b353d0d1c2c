//! The archive header: `<!--epoch ms-->`, `[title](url)`, `------`, a blank
//! line, then the body. The publish time comes from here, never the body.

use super::ArticleError;

/// The header fields and where the body starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header<'a> {
    pub published_ms: i64,
    pub title: String,
    pub url: &'a str,
    pub body: &'a str,
}

/// Publish times outside 1970–2100 cannot belong to this archive.
const LATEST_MS: i64 = 4_102_444_800_000;

/// Split `text` into its header fields and body. Errors name the 1-based line.
pub fn parse_header(text: &str) -> Result<Header<'_>, ArticleError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ArticleError::Empty);
    }
    let mut rest = text;
    let mut next_line = || {
        let (line, tail) = rest.split_once('\n').unwrap_or((rest, ""));
        rest = tail;
        line.trim_end_matches('\r')
    };
    let published_ms = parse_timestamp(next_line())?;
    let (title, url) = parse_title_line(next_line())?;
    let rule = next_line();
    if !(rule.len() >= 3 && rule.bytes().all(|b| b == b'-')) {
        return Err(ArticleError::Header {
            line: 3,
            message: format!(
                "expected a line of dashes `------`, found {:?}",
                preview(rule)
            ),
        });
    }
    Ok(Header {
        published_ms,
        title,
        url,
        body: rest,
    })
}

fn parse_timestamp(line: &str) -> Result<i64, ArticleError> {
    let Some(inner) = line
        .trim()
        .strip_prefix("<!--")
        .and_then(|l| l.strip_suffix("-->"))
    else {
        return Err(ArticleError::Header {
            line: 1,
            message: format!(
                "expected the publish time as `<!--epoch milliseconds-->`, found {:?}",
                preview(line)
            ),
        });
    };
    let inner = inner.trim();
    let value: i64 = inner.parse().map_err(|_| ArticleError::Header {
        line: 1,
        message: format!(
            "the publish time {:?} is not a whole number of milliseconds",
            preview(inner)
        ),
    })?;
    if !(0..LATEST_MS).contains(&value) {
        return Err(ArticleError::Header {
            line: 1,
            message: format!("the publish time {value} ms is outside 1970–2100"),
        });
    }
    Ok(value)
}

/// `[title](url)`. Titles may contain brackets, so the URL is the text in the
/// last `](`…`)`.
fn parse_title_line(line: &str) -> Result<(String, &str), ArticleError> {
    let malformed = |why: &str| ArticleError::Header {
        line: 2,
        message: format!("expected `[title](url)`: {why}, found {:?}", preview(line)),
    };
    let line = line.trim();
    let inner = line
        .strip_prefix('[')
        .ok_or_else(|| malformed("no opening `[`"))?;
    let inner = inner
        .strip_suffix(')')
        .ok_or_else(|| malformed("no closing `)`"))?;
    let (title, url) = inner
        .rsplit_once("](")
        .ok_or_else(|| malformed("no `](` between title and url"))?;
    let url = url.trim();
    if url.is_empty() || url.contains(char::is_whitespace) {
        return Err(malformed("the url is empty or contains spaces"));
    }
    Ok((title.trim().to_string(), url))
}

/// The first 60 characters of a bad line, for error messages.
fn preview(line: &str) -> String {
    let mut out: String = line.chars().take(60).collect();
    if out.len() < line.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_seed_header() {
        let text = "<!--1654614058000-->\n[美国跨部会访团 [快讯]](https://www.rfa.org/a.html)\n------\n\n<p>x</p>";
        let header = parse_header(text).unwrap();
        assert_eq!(header.published_ms, 1654614058000);
        assert_eq!(header.title, "美国跨部会访团 [快讯]");
        assert_eq!(header.url, "https://www.rfa.org/a.html");
        assert_eq!(header.body, "\n<p>x</p>");
    }

    #[test]
    fn names_the_bad_line() {
        let line_of = |text: &str| match parse_header(text) {
            Err(ArticleError::Header { line, .. }) => line,
            other => panic!("{other:?}"),
        };
        assert_eq!(line_of("<p>no header</p>"), 1);
        assert_eq!(line_of("<!--12x-->\n[a](b)\n---\n"), 1);
        assert_eq!(line_of("<!--99999999999999999-->\n[a](b)\n---\n"), 1);
        assert_eq!(line_of("<!---5-->\n[a](b)\n---\n"), 1);
        assert_eq!(line_of("<!--5-->\ntitle only\n---\n"), 2);
        assert_eq!(line_of("<!--5-->\n[a](b c)\n---\n"), 2);
        assert_eq!(line_of("<!--5-->\n[a](http://x)\nbody\n"), 3);
        assert!(matches!(parse_header(" \n"), Err(ArticleError::Empty)));
    }
}
