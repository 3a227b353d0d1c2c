//! Sources of archive files: directories, glob patterns, single files, lists
//! of these, and `.zip`, `.tar`, `.tar.gz`/`.tgz` archives, resolved into one
//! ordered stream of [`Entry`]s.
//!
//! - Files are listed, not read: a batch reader reads each on its own thread.
//! - Archive members are read here, in stream order (a `.tar.gz` is
//!   decompressed once, front to back), as the consumer asks for them;
//!   nothing is extracted to disk.
//! - Whatever cannot be read becomes an entry with a [`SourceError`] naming
//!   it: FIFOs, sockets and devices (never opened), files and members over
//!   [`Options::max_file_size`], member names that leave the archive, link
//!   and device members (never followed), corrupt or encrypted archives,
//!   symlink loops, globs that match nothing. Nothing is dropped silently.
//!
//! [`Entries`] runs the resolver on a thread of its own behind a bounded
//! channel, so memory holds at most a few batches of member bytes.
//!
//! ```
//! use zhtext::sources::{self, Content, Options, Source};
//!
//! let dir = std::env::temp_dir().join(format!("zhtext-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("a.md"), "text").unwrap();
//! std::fs::write(dir.join("notes.csv"), "ignored").unwrap();
//! let entries: Vec<_> = sources::Entries::spawn(vec![Source::Path(dir.clone())], Options::default()).collect();
//! assert_eq!(entries.len(), 1);
//! assert!(matches!(entries[0].content, Content::File(_)));
//! std::fs::remove_dir_all(&dir).unwrap();
//! ```

mod archive;
mod error;
mod walk;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};
use std::thread::JoinHandle;

pub use error::SourceError;

/// File names read from directories and archives; other files (manifests,
/// images, hidden files) are left alone.
pub const ARTICLE_SUFFIXES: [&str; 2] = [".md", ".txt"];

/// The default [`Options::max_file_size`]: 64 MB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Limits of a resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Files and archive members larger than this many bytes (uncompressed)
    /// are error entries and are not read.
    pub max_file_size: u64,
    /// Whether archive members are read ([`Content::Bytes`]) or only counted
    /// ([`Content::Member`], to plan partitions).
    pub read_members: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            read_members: true,
        }
    }
}

/// What the caller asks to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A directory, glob pattern, archive or file.
    Path(PathBuf),
    /// The article members numbered `start..stop` of an archive (in the order
    /// the resolver gives them), as [`plan`] splits archives into partitions.
    Members {
        archive: PathBuf,
        start: usize,
        stop: usize,
    },
    /// An error found while planning, reported where the plan is read.
    Failed { name: String, error: SourceError },
    /// Content fetched elsewhere (a remote file), under its name.
    Content { name: String, bytes: Vec<u8> },
}

/// One input: its name (the path, or `archive/member`) and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub content: Content,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// A regular file, read by whoever parses it (see [`read_file`]).
    File(PathBuf),
    /// An archive member's bytes.
    Bytes(Vec<u8>),
    /// Member `index` of `archive`, not read (with `read_members: false`).
    Member {
        archive: PathBuf,
        index: usize,
    },
    Failed(SourceError),
}

impl Entry {
    fn failed(name: impl Into<String>, error: SourceError) -> Self {
        Entry {
            name: name.into(),
            content: Content::Failed(error),
        }
    }

    /// The entry's bytes: a file is read now, within `max_file_size`.
    pub fn bytes(&self, max_file_size: u64) -> Result<std::borrow::Cow<'_, [u8]>, SourceError> {
        match &self.content {
            Content::File(path) => read_file(path, max_file_size).map(std::borrow::Cow::Owned),
            Content::Bytes(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            Content::Member { archive, index } => Err(SourceError::Archive {
                archive: archive.display().to_string(),
                member: Some(self.name.clone()),
                message: format!("member {index} was listed, not read"),
            }),
            Content::Failed(err) => Err(err.clone()),
        }
    }
}

/// Whether `name`'s last component is an article file name (`.md`/`.txt`, not hidden).
pub fn is_article_name(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    let lower = base.to_lowercase();
    !base.starts_with('.') && ARTICLE_SUFFIXES.iter().any(|s| lower.ends_with(s))
}

/// Read a regular file of at most `max_file_size` bytes. Anything else (a
/// FIFO, a device, a file that grew past the limit) is an error, and a FIFO
/// or device is never opened.
pub fn read_file(path: &Path, max_file_size: u64) -> Result<Vec<u8>, SourceError> {
    use std::io::Read;
    let metadata = std::fs::metadata(path).map_err(|err| SourceError::io(path, &err))?;
    walk::check_regular(path, &metadata, max_file_size)?;
    let file = std::fs::File::open(path).map_err(|err| SourceError::io(path, &err))?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(max_file_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| SourceError::io(path, &err))?;
    if bytes.len() as u64 > max_file_size {
        return Err(SourceError::TooLarge {
            path: path.display().to_string(),
            size: None,
            limit: max_file_size,
        });
    }
    Ok(bytes)
}

/// Resolve `sources` in order, handing each entry to `sink` until it
/// returns `false`.
pub fn resolve(sources: &[Source], options: Options, sink: &mut dyn FnMut(Entry) -> bool) {
    for source in sources {
        let go_on = match source {
            Source::Path(path) => resolve_path(path, options, sink),
            Source::Members {
                archive,
                start,
                stop,
            } => archive::read(archive, *start..*stop, options, sink),
            Source::Failed { name, error } => sink(Entry::failed(name.clone(), error.clone())),
            Source::Content { name, bytes } if bytes.len() as u64 > options.max_file_size => {
                sink(Entry::failed(
                    name.clone(),
                    SourceError::TooLarge {
                        path: name.clone(),
                        size: Some(bytes.len() as u64),
                        limit: options.max_file_size,
                    },
                ))
            }
            Source::Content { name, bytes } => sink(Entry {
                name: name.clone(),
                content: Content::Bytes(bytes.clone()),
            }),
        };
        if !go_on {
            return;
        }
    }
}

/// One path: a directory is walked, an archive read, a missing path with
/// glob characters expanded, anything else is one file.
fn resolve_path(path: &Path, options: Options, sink: &mut dyn FnMut(Entry) -> bool) -> bool {
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_dir() => walk::directory(path, options, sink),
        Ok(metadata) if metadata.is_file() && archive::is_archive(path) => {
            archive::read(path, 0..usize::MAX, options, sink)
        }
        Ok(_) => sink(walk::file_entry(path, options)),
        // A real file named `report[1].md` is that file (metadata found it);
        // only a path that does not exist is a pattern.
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && walk::is_pattern(path) => {
            walk::glob(path, options, sink)
        }
        Err(err) => sink(Entry::failed(
            path.display().to_string(),
            SourceError::io(path, &err),
        )),
    }
}

/// Entries needed to refill one batch ahead: the resolver runs at most this
/// far ahead of the reader.
const CHANNEL_CAPACITY: usize = 1024;

/// The entries of `sources`, resolved on a thread of their own and handed
/// over through a bounded channel. Dropping it stops the resolver.
pub struct Entries {
    receiver: Option<Receiver<Entry>>,
    thread: Option<JoinHandle<()>>,
}

impl Entries {
    pub fn spawn(sources: Vec<Source>, options: Options) -> Self {
        let (sender, receiver) = sync_channel(CHANNEL_CAPACITY);
        let fallback = sources.clone();
        let thread = std::thread::Builder::new()
            .name("zhtext-sources".into())
            .spawn(move || {
                let mut sink = |entry| sender.send(entry).is_ok();
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    resolve(&sources, options, &mut sink)
                }));
                if let Err(payload) = outcome {
                    let detail = payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    sink(Entry::failed(
                        "",
                        SourceError::Archive {
                            archive: String::new(),
                            member: None,
                            message: format!(
                                "internal error while listing (please report it): {detail}"
                            ),
                        },
                    ));
                }
            });
        match thread {
            Ok(thread) => Entries {
                receiver: Some(receiver),
                thread: Some(thread),
            },
            // No thread to be had (a sandbox limit): resolve everything now.
            Err(_) => {
                let (sender, receiver) = std::sync::mpsc::channel();
                resolve(&fallback, options, &mut |entry| sender.send(entry).is_ok());
                Entries {
                    receiver: Some(receiver),
                    thread: None,
                }
            }
        }
    }

    /// Up to `n` more entries; fewer only at the end.
    pub fn next_batch(&mut self, n: usize) -> Vec<Entry> {
        self.by_ref().take(n).collect()
    }
}

impl Iterator for Entries {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        self.receiver.as_ref()?.recv().ok()
    }
}

impl Drop for Entries {
    fn drop(&mut self) {
        // Disconnect first: a resolver blocked on a full channel then stops.
        self.receiver = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// `sources` as a list of smaller sources of at most `per_part` entries
/// each, for partitions read elsewhere: files one by one, archives as
/// ranges of members (listed, not read), errors as they are.
pub fn plan(sources: &[Source], options: Options) -> Vec<Source> {
    let options = Options {
        read_members: false,
        ..options
    };
    let mut planned: Vec<Source> = Vec::new();
    resolve(sources, options, &mut |entry| {
        let next = match entry.content {
            Content::File(path) => Source::Path(path),
            Content::Member { archive, index } => {
                if let Some(Source::Members {
                    archive: last,
                    stop,
                    ..
                }) = planned.last_mut()
                {
                    if *last == archive && *stop == index {
                        *stop += 1;
                        return true;
                    }
                }
                Source::Members {
                    archive,
                    start: index,
                    stop: index + 1,
                }
            }
            Content::Bytes(bytes) => Source::Content {
                name: entry.name,
                bytes,
            },
            Content::Failed(error) => Source::Failed {
                name: entry.name,
                error,
            },
        };
        planned.push(next);
        true
    });
    planned
}

/// The number of entries `source` stands for in a plan.
pub fn planned_len(source: &Source) -> usize {
    match source {
        Source::Members { start, stop, .. } => stop - start,
        _ => 1,
    }
}
