//! What kind of failure a core error is, for callers that must sort errors
//! without matching every enum: the Python binding turns a [`Kind`] into an
//! exception class in one place (`python/errors.rs`), and batch readers
//! decide from it whether a row failed on I/O or on content.
//!
//! ```
//! use zhtext::error::{Kind, Kinded};
//! use zhtext::article::ArticleError;
//!
//! assert_eq!(ArticleError::Empty.kind(), Kind::Article);
//! assert_eq!(Kind::from(std::io::ErrorKind::NotFound), Kind::NotFound);
//! ```

/// The kinds of failure the cores report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    /// A file or directory that does not exist.
    NotFound,
    /// A file or directory that may not be read.
    PermissionDenied,
    /// A directory where a file was expected.
    IsADirectory,
    /// Any other failure to read: a device or FIFO, a corrupt or truncated
    /// archive, a file over the size limit, an unsafe archive member.
    Io,
    /// An article file whose content cannot be parsed.
    Article,
    /// A dictionary or IDF file whose content cannot be read.
    Dictionary,
    /// An argument out of its range.
    InvalidArgument,
}

impl From<std::io::ErrorKind> for Kind {
    fn from(kind: std::io::ErrorKind) -> Self {
        match kind {
            std::io::ErrorKind::NotFound => Kind::NotFound,
            std::io::ErrorKind::PermissionDenied => Kind::PermissionDenied,
            std::io::ErrorKind::IsADirectory => Kind::IsADirectory,
            _ => Kind::Io,
        }
    }
}

/// A core error that knows its [`Kind`].
pub trait Kinded: std::error::Error {
    fn kind(&self) -> Kind;
}

impl Kinded for crate::segment::Error {
    fn kind(&self) -> Kind {
        match self {
            crate::segment::Error::Io { source, .. } => source.kind().into(),
            crate::segment::Error::NotUtf8 { .. }
            | crate::segment::Error::Entry(_)
            | crate::segment::Error::Changed(_)
            | crate::segment::Error::InvalidState(_) => Kind::Dictionary,
            crate::segment::Error::InvalidWord(..) | crate::segment::Error::Empty(_) => {
                Kind::InvalidArgument
            }
        }
    }
}

impl Kinded for crate::dedup::Error {
    fn kind(&self) -> Kind {
        Kind::InvalidArgument
    }
}

impl Kinded for crate::words::Error {
    fn kind(&self) -> Kind {
        Kind::InvalidArgument
    }
}
