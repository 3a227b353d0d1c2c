//! From files to articles: reading, decoding (with the byte offset of any
//! invalid UTF-8), and batches parsed in parallel. A panic while parsing one
//! file becomes that file's error, so a batch always returns one result per
//! input.

use std::panic::{catch_unwind, AssertUnwindSafe};

use rayon::prelude::*;

use super::{parse_article, Article, ArticleError};

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

/// Read and parse one file.
pub fn read_article(path: &str, encoding: EncodingErrors) -> ReadResult {
    let bytes = std::fs::read(path).map_err(|err| ArticleError::Io {
        kind: err.kind(),
        message: format!("cannot read {path}: {err}"),
    })?;
    parse_bytes(&bytes, Some(path), encoding)
}

/// Read and parse many files on `threads` threads (all cores for `None`),
/// one result per path, in order.
pub fn read_many(
    paths: &[String],
    encoding: EncodingErrors,
    threads: Option<usize>,
) -> Vec<ReadResult> {
    crate::parallel::install(threads, || {
        paths
            .par_iter()
            .with_min_len(4)
            .map(|path| read_article(path, encoding))
            .collect()
    })
}

/// Parse many in-memory files (archive members): `(name, bytes)` pairs.
pub fn parse_many(
    files: &[(String, Vec<u8>)],
    encoding: EncodingErrors,
    threads: Option<usize>,
) -> Vec<ReadResult> {
    crate::parallel::install(threads, || {
        files
            .par_iter()
            .with_min_len(4)
            .map(|(name, bytes)| parse_bytes(bytes, Some(name), encoding))
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
    fn missing_files_are_io_errors() {
        let results = read_many(
            &["/nonexistent/x.md".to_string()],
            EncodingErrors::Strict,
            Some(1),
        );
        assert!(matches!(
            &results[0],
            Err(ArticleError::Io {
                kind: std::io::ErrorKind::NotFound,
                ..
            })
        ));
    }
}
