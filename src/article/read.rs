//! From files to articles: reading, decoding (with the byte offset of any
//! invalid UTF-8), and batches parsed in parallel. A panic while parsing one
//! file becomes that file's error, so a batch always returns one result per
//! input. Inputs come from [`crate::sources`].

use std::panic::{catch_unwind, AssertUnwindSafe};

use rayon::prelude::*;

use std::path::Path;

use super::{parse_article, Article, ArticleError};
use crate::sources::{self, Entry};

/// What to do with bytes that are not UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EncodingErrors {
    /// An error naming the byte offset.
    #[default]
    Strict,
    /// Substitute U+FFFD and go on.
    Replace,
}

/// One input of a batch and what became of it.
pub type ReadResult = Result<Article, ArticleError>;

/// Bytes scanned for NUL to tell binary files from text.
const BINARY_SNIFF: usize = 8192;

/// Parse the bytes of one archive file.
pub fn parse_bytes(bytes: &[u8], path: Option<&str>, encoding: EncodingErrors) -> ReadResult {
    if let Some(offset) = bytes[..bytes.len().min(BINARY_SNIFF)]
        .iter()
        .position(|&b| b == 0)
    {
        return Err(ArticleError::Binary { offset });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(err) if encoding == EncodingErrors::Strict => {
            return Err(ArticleError::InvalidUtf8 {
                offset: err.valid_up_to(),
            })
        }
        Err(_) => String::from_utf8_lossy(bytes),
    };
    guarded(|| parse_article(&text, path))
}

/// Read and parse one file of at most `max_file_size` bytes.
pub fn read_article(path: &Path, encoding: EncodingErrors, max_file_size: u64) -> ReadResult {
    let bytes = sources::read_file(path, max_file_size)?;
    parse_bytes(&bytes, Some(&path.display().to_string()), encoding)
}

/// Read and parse one entry of a source: a file is read now.
pub fn read_entry(entry: &Entry, encoding: EncodingErrors, max_file_size: u64) -> ReadResult {
    let bytes = entry.bytes(max_file_size)?;
    parse_bytes(&bytes, Some(&entry.name), encoding)
}

/// Read and parse `entries` on `threads` threads (all cores for `None`), one
/// result per entry, in order.
pub fn read_entries(
    entries: &[Entry],
    encoding: EncodingErrors,
    threads: Option<usize>,
    max_file_size: u64,
) -> Vec<ReadResult> {
    crate::parallel::install(threads, || {
        entries
            .par_iter()
            // Every few entries can go to whichever thread is free (see `task_len`).
            .with_max_len(crate::parallel::task_len(entries.len(), 16))
            .map(|entry| read_entry(entry, encoding, max_file_size))
            .collect()
    })
}

/// Run `parse`, turning a panic into an error for this file alone.
fn guarded(parse: impl FnOnce() -> ReadResult) -> ReadResult {
    catch_unwind(AssertUnwindSafe(parse)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(ArticleError::Internal(detail))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::Content;

    const SEED: &str = "<!--1654614058000-->\n[标题](https://www.rfa.org/mandarin/a/b.html)\n------\n\n<p>正文</p>";

    #[test]
    fn names_the_offset_of_invalid_utf8() {
        let mut bytes = SEED.as_bytes().to_vec();
        let at = bytes.len() - 4;
        bytes[at] = 0xff;
        assert_eq!(
            parse_bytes(&bytes, None, EncodingErrors::Strict),
            Err(ArticleError::InvalidUtf8 { offset: at })
        );
        let article = parse_bytes(&bytes, None, EncodingErrors::Replace).unwrap();
        assert!(article.paragraphs[0].contains('\u{fffd}'));
    }

    #[test]
    fn rejects_binary_and_empty_files() {
        assert_eq!(
            parse_bytes(b"\x89PNG\r\n\x1a\n\0\0", None, EncodingErrors::Strict),
            Err(ArticleError::Binary { offset: 8 })
        );
        assert_eq!(
            parse_bytes(b"", None, EncodingErrors::Strict),
            Err(ArticleError::Empty)
        );
    }

    #[test]
    fn missing_files_are_not_found_errors() {
        use crate::error::{Kind, Kinded};
        let entry = Entry {
            name: "/nonexistent/x.md".into(),
            content: Content::File("/nonexistent/x.md".into()),
        };
        let err = read_entry(&entry, EncodingErrors::Strict, 1 << 20).unwrap_err();
        assert_eq!(err.kind(), Kind::NotFound);
        assert!(err.to_string().contains("/nonexistent/x.md"), "{err}");
    }

    #[test]
    fn batches_keep_input_order_with_one_row_per_input() {
        let entries: Vec<Entry> = (0..150)
            .map(|i| Entry {
                name: format!("dir/{i}.md"),
                content: Content::Bytes(if i % 7 == 0 {
                    b"broken".to_vec()
                } else {
                    SEED.as_bytes().to_vec()
                }),
            })
            .collect();
        let results = read_entries(&entries, EncodingErrors::Strict, Some(2), 1 << 20);
        let parsed: Vec<bool> = results.iter().map(Result::is_ok).collect();
        assert_eq!(parsed, (0..150).map(|i| i % 7 != 0).collect::<Vec<_>>());
        assert_eq!(results[128].as_ref().unwrap().id, "128");
    }
}
