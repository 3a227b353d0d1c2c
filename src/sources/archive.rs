//! `.zip`, `.tar` and `.tar.gz`/`.tgz` archives, read member by member.
//!
//! A tar stream is read front to back once: members come in the order they
//! were written, and nothing seeks backwards (a sorted read of a `.tar.gz`
//! would decompress it again for every member). A zip is read through its
//! central directory, members sorted by name.

use std::io::{BufReader, Read};
use std::ops::Range;
use std::path::{Component, Path};

use super::{is_article_name, Content, Entry, Options, SourceError};

/// Whether `path`'s name says it is an archive zhtext reads.
pub(super) fn is_archive(path: &Path) -> bool {
    format_of(path).is_some()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Zip,
    Tar,
    TarGz,
}

fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    if name.ends_with(".zip") {
        Some(Format::Zip)
    } else if name.ends_with(".tar") {
        Some(Format::Tar)
    } else if name.ends_with(".tar.gz") || name.ends_with(".tgz") {
        Some(Format::TarGz)
    } else {
        None
    }
}

/// The article members numbered `range` (counting article members only) of
/// the archive at `path`. Returns `false` when `sink` asked to stop.
pub(super) fn read(
    path: &Path,
    range: Range<usize>,
    options: Options,
    sink: &mut dyn FnMut(Entry) -> bool,
) -> bool {
    let shown = path.display().to_string();
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) => return sink(Entry::failed(shown, SourceError::io(path, &err))),
    };
    let reader = Members {
        archive: path,
        shown: &shown,
        range,
        options,
    };
    match format_of(path) {
        Some(Format::Zip) => reader.zip(file, sink),
        Some(Format::Tar) => reader.tar(BufReader::new(file), sink),
        Some(Format::TarGz) => reader.tar(
            flate2::read::MultiGzDecoder::new(BufReader::new(file)),
            sink,
        ),
        None => sink(Entry::failed(
            shown.clone(),
            SourceError::Archive {
                archive: shown,
                member: None,
                message: "not a .zip, .tar, .tar.gz or .tgz archive".into(),
            },
        )),
    }
}

/// Why a member name cannot be used: it is absolute or climbs out with `..`.
fn unsafe_name(name: &str) -> Option<&'static str> {
    let path = Path::new(name);
    if name.starts_with('/') || name.starts_with('\\') || path.has_root() {
        return Some("an absolute path; not read");
    }
    if path
        .components()
        .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
        || name.split(['/', '\\']).any(|part| part == "..")
    {
        return Some("its name leaves the archive (..); not read");
    }
    None
}

/// One pass over an archive's article members.
struct Members<'a> {
    archive: &'a Path,
    shown: &'a str,
    range: Range<usize>,
    options: Options,
}

/// What to do with the member numbered `index`.
enum Step {
    Before,
    Take,
    After,
}

impl Members<'_> {
    fn step(&self, index: usize) -> Step {
        if index < self.range.start {
            Step::Before
        } else if index < self.range.end {
            Step::Take
        } else {
            Step::After
        }
    }

    fn name(&self, member: &str) -> String {
        format!("{}/{member}", self.shown)
    }

    fn unsafe_member(&self, member: &str, reason: impl Into<String>) -> Entry {
        Entry::failed(
            self.name(member),
            SourceError::UnsafeMember {
                archive: self.shown.to_string(),
                member: member.to_string(),
                reason: reason.into(),
            },
        )
    }

    fn broken(&self, member: Option<&str>, message: String) -> Entry {
        Entry::failed(
            member.map_or_else(|| self.shown.to_string(), |m| self.name(m)),
            SourceError::Archive {
                archive: self.shown.to_string(),
                member: member.map(str::to_string),
                message,
            },
        )
    }

    fn too_large(&self, member: &str, size: Option<u64>) -> Entry {
        Entry::failed(
            self.name(member),
            SourceError::TooLarge {
                path: self.name(member),
                size,
                limit: self.options.max_file_size,
            },
        )
    }

    /// Read a member's data, at most `max_file_size` bytes of it.
    fn content(&self, member: &str, index: usize, data: impl Read) -> Result<Content, Entry> {
        if !self.options.read_members {
            return Ok(Content::Member {
                archive: self.archive.to_owned(),
                index,
            });
        }
        let limit = self.options.max_file_size;
        let mut bytes = Vec::new();
        data.take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|err| self.broken(Some(member), format!("cannot decompress: {err}")))?;
        if bytes.len() as u64 > limit {
            return Err(self.too_large(member, None));
        }
        Ok(Content::Bytes(bytes))
    }

    fn tar(&self, stream: impl Read, sink: &mut dyn FnMut(Entry) -> bool) -> bool {
        let mut archive = tar::Archive::new(stream);
        let entries = match archive.entries() {
            Ok(entries) => entries,
            Err(err) => {
                return sink(self.broken(None, format!("not a readable tar archive: {err}")))
            }
        };
        let mut index = 0;
        for item in entries {
            let entry = match item {
                Ok(entry) => entry,
                Err(err) => {
                    let message =
                        format!("corrupt or truncated after {index} article members: {err}");
                    return sink(self.broken(None, message));
                }
            };
            let header = entry.header();
            let kind = header.entry_type();
            if kind.is_dir() {
                continue;
            }
            let raw = entry.path_bytes().into_owned();
            let member = String::from_utf8_lossy(&raw).into_owned();
            if !is_article_name(&member) {
                continue;
            }
            let at = index;
            index += 1;
            match self.step(at) {
                Step::Before => continue,
                Step::After => return true,
                Step::Take => {}
            }
            let link = |what: &str| match entry.link_name_bytes() {
                Some(target) => format!(
                    "{what} to {}; not followed",
                    String::from_utf8_lossy(&target)
                ),
                None => format!("{what}; not followed"),
            };
            let outcome = if std::str::from_utf8(&raw).is_err() {
                Err(self.unsafe_member(&member, "its name is not UTF-8; not read"))
            } else if let Some(reason) = unsafe_name(&member) {
                Err(self.unsafe_member(&member, reason))
            } else if kind.is_symlink() {
                Err(self.unsafe_member(&member, link("a symbolic link")))
            } else if kind.is_hard_link() {
                Err(self.unsafe_member(&member, link("a hard link")))
            } else if kind.is_character_special() || kind.is_block_special() {
                Err(self.unsafe_member(&member, "a device; not read"))
            } else if kind.is_fifo() {
                Err(self.unsafe_member(&member, "a FIFO; not read"))
            } else if !(kind.is_file() || kind.is_contiguous()) {
                Err(self.unsafe_member(
                    &member,
                    format!(
                        "not a regular file (type {:?}); not read",
                        kind.as_byte() as char
                    ),
                ))
            } else {
                match entry.header().size() {
                    Ok(size) if size > self.options.max_file_size => {
                        Err(self.too_large(&member, Some(size)))
                    }
                    Ok(_) => self.content(&member, at, entry),
                    Err(err) => Err(self.broken(Some(&member), format!("bad header: {err}"))),
                }
            };
            let (entry, failed_read) = match outcome {
                Ok(content) => (
                    Entry {
                        name: self.name(&member),
                        content,
                    },
                    false,
                ),
                Err(entry) => {
                    let broken =
                        matches!(&entry.content, Content::Failed(SourceError::Archive { .. }));
                    (entry, broken)
                }
            };
            if !sink(entry) {
                return false;
            }
            if failed_read {
                // The stream is broken: later members cannot be found.
                return true;
            }
        }
        true
    }

    fn zip(&self, file: std::fs::File, sink: &mut dyn FnMut(Entry) -> bool) -> bool {
        let mut archive = match zip::ZipArchive::new(BufReader::new(file)) {
            Ok(archive) => archive,
            Err(err) => {
                return sink(self.broken(None, format!("not a readable zip archive: {err}")))
            }
        };
        let mut members: Vec<(String, usize)> = (0..archive.len())
            .filter_map(|i| archive.name_for_index(i).map(|n| (n.to_string(), i)))
            .filter(|(name, _)| !name.ends_with('/') && is_article_name(name))
            .collect();
        members.sort();
        for (at, (member, i)) in members.into_iter().enumerate() {
            match self.step(at) {
                Step::Before => continue,
                Step::After => return true,
                Step::Take => {}
            }
            let outcome = match archive.by_index(i) {
                _ if unsafe_name(&member).is_some() => {
                    Err(self.unsafe_member(&member, unsafe_name(&member).unwrap_or_default()))
                }
                Err(err) => Err(self.broken(Some(&member), format!("cannot read: {err}"))),
                Ok(file) => {
                    if file.is_symlink() {
                        Err(self.unsafe_member(&member, "a symbolic link; not followed"))
                    } else if file.size() > self.options.max_file_size {
                        Err(self.too_large(&member, Some(file.size())))
                    } else {
                        self.content(&member, at, file)
                    }
                }
            };
            let entry = match outcome {
                Ok(content) => Entry {
                    name: self.name(&member),
                    content,
                },
                Err(entry) => entry,
            };
            if !sink(entry) {
                return false;
            }
        }
        true
    }
}
