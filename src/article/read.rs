//! From files to articles: reading, decoding (with the byte offset of any
//! invalid UTF-8), and batches parsed in parallel. A panic while parsing one
//! file becomes that file's error, so a batch always returns one result per
//! input.

use std::panic::{catch_unwind, AssertUnwindSafe};

use super::columns::ArticleColumns;
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

/// One input of a batch: a file to read, or the content of an archive member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(String),
    Content { name: String, bytes: Vec<u8> },
}

impl Input {
    /// The path or member name, as errors and the `path` column give it.
    pub fn name(&self) -> &str {
        match self {
            Input::Path(path) => path,
            Input::Content { name, .. } => name,
        }
    }

    pub fn read(&self, encoding: EncodingErrors) -> ReadResult {
        match self {
            Input::Path(path) => read_article(path, encoding),
            Input::Content { name, bytes } => parse_bytes(bytes, Some(name), encoding),
        }
    }
}

/// Rows per column batch: small enough to spread over the threads, large
/// enough that Arrow's per-batch overhead does not show.
pub const BATCH_ROWS: usize = 64;

/// Read and parse `inputs` on `threads` threads (all cores for `None`) into
/// column batches of at most [`BATCH_ROWS`] rows, in input order (see
/// [`read_batch`]).
pub fn read_columns(
    inputs: &[Input],
    encoding: EncodingErrors,
    threads: Option<usize>,
    error_kind: fn(&ArticleError) -> &'static str,
) -> Vec<ArticleColumns> {
    crate::parallel::install(threads, || {
        crate::parallel::map_chunks_collect(inputs, BATCH_ROWS, |chunk| {
            read_batch(chunk, encoding, error_kind)
        })
    })
}

/// Read and parse `inputs` into one column batch, on this thread: a chunk of
/// a batch call (see [`crate::parallel::map_chunks`]). The worker builds the
/// batch's columns and frees its articles itself, so nothing but the batch
/// is left for the calling thread.
pub fn read_batch(
    inputs: &[Input],
    encoding: EncodingErrors,
    error_kind: fn(&ArticleError) -> &'static str,
) -> ArticleColumns {
    let results: Vec<ReadResult> = inputs.iter().map(|input| input.read(encoding)).collect();
    let names: Vec<&str> = inputs.iter().map(Input::name).collect();
    ArticleColumns::new(&names, &results, error_kind)
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
        let input = Input::Path("/nonexistent/x.md".to_string());
        assert!(matches!(
            input.read(EncodingErrors::Strict),
            Err(ArticleError::Io {
                kind: std::io::ErrorKind::NotFound,
                ..
            })
        ));
    }

    #[test]
    fn batches_keep_input_order_with_one_row_per_input() {
        let inputs: Vec<Input> = (0..150)
            .map(|i| Input::Content {
                name: format!("dir/{i}.md"),
                bytes: if i % 7 == 0 {
                    b"broken".to_vec()
                } else {
                    SEED.as_bytes().to_vec()
                },
            })
            .collect();
        let batches = read_columns(&inputs, EncodingErrors::Strict, Some(2), |_| "ArticleError");
        assert_eq!(
            batches.iter().map(|b| b.rows).collect::<Vec<_>>(),
            [64, 64, 22]
        );
        let parsed: Vec<bool> = batches.iter().flat_map(|b| b.parsed.clone()).collect();
        assert_eq!(parsed, (0..150).map(|i| i % 7 != 0).collect::<Vec<_>>());
        let ids = &batches[2].strings[0].1;
        assert_eq!(&ids.data[..ids.offsets[1] as usize], b"128");
    }
}
