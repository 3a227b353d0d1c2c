//! Directories, glob patterns and single files.

use std::path::Path;

use super::{archive, is_article_name, Entry, Options, SourceError};
use crate::error::Kind;

/// Whether `path` holds glob characters (`*`, `?`, `[`).
pub(super) fn is_pattern(path: &Path) -> bool {
    path.to_string_lossy().contains(['*', '?', '['])
}

/// What a file that is not regular is, for messages.
fn file_kind(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "FIFO";
        }
        if file_type.is_socket() {
            return "socket";
        }
        if file_type.is_char_device() {
            return "character device";
        }
        if file_type.is_block_device() {
            return "block device";
        }
    }
    if file_type.is_dir() {
        return "directory";
    }
    "special file"
}

/// An error unless `metadata` (followed through symlinks) is a regular file
/// within the size limit.
pub(super) fn check_regular(
    path: &Path,
    metadata: &std::fs::Metadata,
    max_file_size: u64,
) -> Result<(), SourceError> {
    if metadata.is_dir() {
        return Err(SourceError::Io {
            path: path.display().to_string(),
            kind: Kind::IsADirectory,
            message: "Is a directory".into(),
        });
    }
    if !metadata.is_file() {
        return Err(SourceError::NotRegularFile {
            path: path.display().to_string(),
            what: file_kind(metadata.file_type()).to_string(),
        });
    }
    if metadata.len() > max_file_size {
        return Err(SourceError::TooLarge {
            path: path.display().to_string(),
            size: Some(metadata.len()),
            limit: max_file_size,
        });
    }
    Ok(())
}

/// The entry for one file: to be read later, or why it will not be.
pub(super) fn file_entry(path: &Path, options: Options) -> Entry {
    let name = path.display().to_string();
    match std::fs::metadata(path) {
        Ok(metadata) => match check_regular(path, &metadata, options.max_file_size) {
            Ok(()) => Entry {
                name,
                content: super::Content::File(path.to_owned()),
            },
            Err(error) => Entry::failed(name, error),
        },
        Err(err) => Entry::failed(name, SourceError::io(path, &err)),
    }
}

/// The article files under `root`, sorted by name, following symlinks; a
/// symlink back to a directory being walked is reported once, not followed.
pub(super) fn directory(
    root: &Path,
    options: Options,
    sink: &mut dyn FnMut(Entry) -> bool,
) -> bool {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name();
    for item in walker {
        let entry = match item {
            Ok(found) if found.file_type().is_dir() => continue,
            Ok(found) => {
                if !is_article_name(&found.file_name().to_string_lossy()) {
                    continue;
                }
                file_entry(found.path(), options)
            }
            Err(err) => {
                let path = err.path().unwrap_or(root).to_owned();
                let error = match err.loop_ancestor() {
                    Some(ancestor) => SourceError::SymlinkLoop {
                        path: path.display().to_string(),
                        target: ancestor.display().to_string(),
                    },
                    None => {
                        // A dangling link named `photo.jpg` is none of our business.
                        let named = is_article_name(&path.to_string_lossy());
                        let io = err.io_error();
                        let unreadable_dir =
                            io.is_some_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied);
                        if !named && !unreadable_dir && err.depth() > 0 {
                            continue;
                        }
                        match io {
                            Some(io) => SourceError::io(&path, io),
                            None => SourceError::Io {
                                path: path.display().to_string(),
                                kind: Kind::Io,
                                message: err.to_string(),
                            },
                        }
                    }
                };
                Entry::failed(path.display().to_string(), error)
            }
        };
        if !sink(entry) {
            return false;
        }
    }
    true
}

/// The files a glob pattern matches, sorted; archives among them are read.
/// A pattern that matches nothing is an error entry.
pub(super) fn glob(pattern: &Path, options: Options, sink: &mut dyn FnMut(Entry) -> bool) -> bool {
    let shown = pattern.display().to_string();
    let Some(text) = pattern.to_str() else {
        return sink(Entry::failed(
            shown.clone(),
            SourceError::NoMatch { pattern: shown },
        ));
    };
    let matches = match glob::glob(text) {
        Ok(matches) => matches,
        Err(err) => {
            // Not a valid pattern either: the path simply does not exist.
            return sink(Entry::failed(
                shown.clone(),
                SourceError::Io {
                    path: shown,
                    kind: Kind::NotFound,
                    message: format!("No such file or directory (nor a valid glob pattern: {err})"),
                },
            ));
        }
    };
    let mut any = false;
    for item in matches {
        any = true;
        let entry = match item {
            Ok(path) if path.is_dir() => continue,
            Ok(path) if path.is_file() && archive::is_archive(&path) => {
                if !archive::read(&path, 0..usize::MAX, options, sink) {
                    return false;
                }
                continue;
            }
            Ok(path) => file_entry(&path, options),
            Err(err) => Entry::failed(
                err.path().display().to_string(),
                SourceError::io(err.path(), err.error()),
            ),
        };
        if !sink(entry) {
            return false;
        }
    }
    any || sink(Entry::failed(
        shown.clone(),
        SourceError::NoMatch { pattern: shown },
    ))
}
