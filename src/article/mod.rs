//! Article parsing: one archive file (header + HTML body) to a clean,
//! structured [`Article`]. Pure Rust; the Python binding only converts.
//!
//! - [`header`]: the `<!--ms-->` / `[title](url)` / `------` header;
//! - [`dom`]: the HTML5 tree (our tokenizer, html5ever's tree builder, into
//!   a flat arena);
//! - [`walk`]: one pass over the HTML5 tree that sorts text into paragraphs,
//!   subheadings, captions, bylines, related lists and embeds;
//! - [`outlets`]: what differs per outlet (one file each) behind the
//!   [`outlets::Outlet`] trait, with a generic fallback;
//! - [`byline`]: the credit-line grammar of Chinese newsrooms (`记者… 责编… 网编…`);
//! - [`read`]: entries of [`crate::sources`] read, decoded and parsed in
//!   parallel batches.

pub mod byline;
pub mod columns;
pub mod dom;
pub mod header;
pub mod outlets;
pub mod read;
pub mod shape;
pub mod text;
mod tokenizer;
mod tree;
pub mod walk;

#[cfg(test)]
mod proptests;

pub use byline::Byline;
pub use columns::articles_to_record_batch;
pub use read::{parse_bytes, read_article, read_entries, read_entry, EncodingErrors, ReadResult};
pub use text::Script;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A reason an archive file cannot be parsed. Messages name the line or byte.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ArticleError {
    #[error("the file is empty")]
    Empty,
    #[error("line {line}: {message}")]
    Header { line: usize, message: String },
    #[error("invalid UTF-8 at byte offset {offset} (pass encoding_errors=\"replace\" to substitute U+FFFD)")]
    InvalidUtf8 { offset: usize },
    #[error("the file looks binary: a NUL byte at byte offset {offset}")]
    Binary { offset: usize },
    /// The file or archive member could not be read (the message names it).
    #[error(transparent)]
    Source(#[from] crate::sources::SourceError),
    #[error("the HTML nests deeper than {limit} elements at byte offset {offset} of the body")]
    TooDeep { offset: usize, limit: usize },
    #[error("a tag carries more than {limit} attributes at byte offset {offset} of the body")]
    TooManyAttributes { offset: usize, limit: usize },
    #[error("the HTML nests too deep for its length: building its tree up to byte offset {offset} of the body would take more than {limit} steps per byte")]
    TooComplex { offset: usize, limit: usize },
    #[error("internal error while parsing (please report it): {0}")]
    Internal(String),
}

impl crate::error::Kinded for ArticleError {
    fn kind(&self) -> crate::error::Kind {
        match self {
            ArticleError::Source(err) => err.kind(),
            _ => crate::error::Kind::Article,
        }
    }
}

impl ArticleError {
    /// The message for users: prefixed with the file's path (read errors name it already).
    pub fn describe(&self, path: Option<&str>) -> String {
        match (path, self) {
            (_, ArticleError::Source(err)) => err.to_string(),
            (Some(path), err) if !path.is_empty() => format!("{path}: {err}"),
            (_, err) => err.to_string(),
        }
    }
}

/// An image in the body, with its caption and credit where the outlet gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// Absolute URL.
    pub src: String,
    pub alt: String,
    pub caption: String,
    /// The photo agency or photographer (美联社, Getty Images, …).
    pub credit: String,
}

/// A link: its visible text and absolute URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub text: String,
    pub url: String,
}

/// Embedded third-party content: tweets, videos and other iframes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Embed {
    /// `tweet`, `iframe` or `video`.
    pub kind: String,
    pub url: String,
    pub author: String,
    /// The account, e.g. `@MFA_KZ`.
    pub handle: String,
    /// The date as the embed shows it.
    pub date: String,
    pub text: String,
}

/// One parsed archive file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// The file stem.
    pub id: String,
    pub path: String,
    pub outlet: String,
    pub url: String,
    pub section: String,
    pub title: String,
    /// Milliseconds since the Unix epoch, UTC, from the header.
    pub published_ms: i64,
    /// `simplified`, `traditional` or `other`.
    pub script: Script,
    pub paragraphs: Vec<String>,
    pub subheadings: Vec<String>,
    pub images: Vec<Image>,
    pub links: Vec<Link>,
    pub related: Vec<Link>,
    pub embeds: Vec<Embed>,
    pub byline: Byline,
}

impl Article {
    /// The paragraphs joined by newlines: the input for segmentation and keywords.
    pub fn text(&self) -> String {
        self.paragraphs.join("\n")
    }

    /// The article as one JSON object, its fields as [`Article`] names them.
    ///
    /// ```
    /// let article = zhtext::article::parse_article(
    ///     "<!--1654614058000-->\n[标题](https://www.rfa.org/mandarin/a/b.html)\n------\n\n<p>正文</p>",
    ///     Some("rfa/b.md"),
    /// )
    /// .unwrap();
    /// let json = article.to_json();
    /// assert!(json.contains("\"title\":\"标题\""));
    /// assert_eq!(serde_json::from_str::<zhtext::article::Article>(&json).unwrap(), article);
    /// ```
    pub fn to_json(&self) -> String {
        // Strings and numbers only: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Characters of [`Article::text`].
    pub fn n_chars(&self) -> usize {
        self.paragraphs
            .iter()
            .map(|p| p.chars().count())
            .sum::<usize>()
            + self.paragraphs.len().saturating_sub(1)
    }
}

/// Parse the content of one archive file. `path` names it in the article and
/// decides `id` and the fallback outlet (the parent folder's name).
pub fn parse_article(content: &str, path: Option<&str>) -> Result<Article, ArticleError> {
    let header = header::parse_header(content)?;
    let outlet = outlets::for_url(header.url);
    let base = url::Url::parse(header.url).ok();
    let body =
        walk::extract(header.body, outlet, base.as_ref()).map_err(|excess| match excess {
            shape::Excess::Nesting { offset } => ArticleError::TooDeep {
                offset,
                limit: shape::MAX_NESTING,
            },
            shape::Excess::Attributes { offset } => ArticleError::TooManyAttributes {
                offset,
                limit: shape::MAX_ATTRIBUTES,
            },
            shape::Excess::Work { offset } => ArticleError::TooComplex {
                offset,
                limit: shape::MAX_WORK_PER_BYTE,
            },
        })?;
    let path = path.unwrap_or_default();
    let file = std::path::Path::new(path);
    let outlet_name = match outlet.name() {
        "generic" => base
            .as_ref()
            .and_then(|u| u.host_str())
            .map(outlets::host_label)
            .or_else(|| {
                file.parent()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().to_lowercase())
            })
            .unwrap_or_default(),
        name => name.to_string(),
    };
    let section = base
        .as_ref()
        .map(|u| outlet.section(&outlets::path_segments(u)))
        .unwrap_or_default();
    let script = text::detect_script(
        std::iter::once(header.title.as_str()).chain(body.paragraphs.iter().map(String::as_str)),
    );
    Ok(Article {
        id: file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.to_string(),
        outlet: outlet_name,
        url: header.url.to_string(),
        section,
        title: header.title,
        published_ms: header.published_ms,
        script,
        ..body
    })
}
