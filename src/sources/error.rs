//! Why an input yields an error row instead of an article.

use crate::error::{Kind, Kinded};

/// A source, file or archive member that cannot be read. Each names the
/// path (and the archive member) it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum SourceError {
    /// The operating system refused: missing, unreadable, a directory, ...
    #[error("cannot read {path}: {message}")]
    Io {
        path: String,
        kind: Kind,
        message: String,
    },
    /// A FIFO, socket or device met in a directory or given by name: never
    /// opened, since reading one can block for ever or never end.
    #[error("{path} is a {what}, not a regular file; it is not read")]
    NotRegularFile { path: String, what: String },
    /// Over `max_file_size` (a file, or an archive member's uncompressed size).
    #[error("{path} is larger than max_file_size ({limit} bytes){}", size.map(|s| format!(": {s} bytes")).unwrap_or_default())]
    TooLarge {
        path: String,
        size: Option<u64>,
        limit: u64,
    },
    /// A directory symlink that leads back to a directory being walked.
    #[error("symlink loop: {path} leads back to {target}, which is already being read")]
    SymlinkLoop { path: String, target: String },
    /// A glob pattern that matches no file.
    #[error("no file matches {pattern}")]
    NoMatch { pattern: String },
    /// An archive member that is not read: its name leaves the archive, it is
    /// a link or device, or its name is not UTF-8.
    #[error("{archive}: member {member}: {reason}")]
    UnsafeMember {
        archive: String,
        member: String,
        reason: String,
    },
    /// A corrupt, truncated, encrypted or unsupported archive or member.
    #[error("{archive}: {}{message}", member.as_ref().map(|m| format!("member {m}: ")).unwrap_or_default())]
    Archive {
        archive: String,
        member: Option<String>,
        message: String,
    },
}

impl SourceError {
    /// The error for an I/O failure on `path`.
    pub fn io(path: &std::path::Path, err: &std::io::Error) -> Self {
        SourceError::Io {
            path: path.display().to_string(),
            kind: err.kind().into(),
            message: io_message(err),
        }
    }
}

/// The OS's message without Rust's ` (os error 2)` suffix.
fn io_message(err: &std::io::Error) -> String {
    let message = err.to_string();
    match message.rfind(" (os error ") {
        Some(at) => message[..at].to_string(),
        None => message,
    }
}

impl Kinded for SourceError {
    fn kind(&self) -> Kind {
        match self {
            SourceError::Io { kind, .. } => *kind,
            SourceError::NoMatch { .. } => Kind::NotFound,
            _ => Kind::Io,
        }
    }
}
