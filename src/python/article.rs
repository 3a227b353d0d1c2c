//! `zhtext.Article` and the batch reader behind `zhtext.read_articles`:
//! bindings of [`crate::article`] and [`crate::sources`]. A batch comes back
//! as one Arrow record batch of the article schema ([`crate::article::columns`]).

use std::path::PathBuf;
use std::sync::Mutex;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple, PyType};

use arrow_array::RecordBatch;

use super::arrow::batch_to_pyarrow;
use super::errors::exception;
use crate::article::{self, Byline, Embed, EncodingErrors, Image, Link};
use crate::error::Kinded;
use crate::sources::{self, Entries, Source, SourceError};

fn parse_encoding_errors(value: &str) -> PyResult<EncodingErrors> {
    match value {
        "strict" => Ok(EncodingErrors::Strict),
        "replace" => Ok(EncodingErrors::Replace),
        other => Err(PyValueError::new_err(format!(
            "encoding_errors must be \"strict\" or \"replace\", not {other:?}"
        ))),
    }
}

/// The Python exception for a file that cannot be read or parsed; the
/// message starts with the path when there is one.
fn article_error(err: &article::ArticleError, path: Option<&str>) -> PyErr {
    exception(err.kind(), err.describe(path))
}

fn image_tuple<'py>(py: Python<'py>, image: &Image) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(py, [&image.src, &image.alt, &image.caption, &image.credit])
}

fn link_tuple<'py>(py: Python<'py>, link: &Link) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(py, [&link.text, &link.url])
}

fn embed_tuple<'py>(py: Python<'py>, embed: &Embed) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(
        py,
        [
            &embed.kind,
            &embed.url,
            &embed.author,
            &embed.handle,
            &embed.date,
            &embed.text,
        ],
    )
}

fn byline_tuple<'py>(py: Python<'py>, byline: &Byline) -> PyResult<Bound<'py, PyTuple>> {
    (
        byline.reporters.clone(),
        byline.location.as_str(),
        byline.editors.clone(),
        byline.web_editors.clone(),
        byline.raw.as_str(),
    )
        .into_pyobject(py)
}

fn dicts<'py, T>(
    py: Python<'py>,
    items: &[T],
    keys: &[&str],
    tuple: impl Fn(Python<'py>, &T) -> PyResult<Bound<'py, PyTuple>>,
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for item in items {
        let dict = PyDict::new(py);
        for (key, value) in keys.iter().zip(tuple(py, item)?.iter()) {
            dict.set_item(key, value)?;
        }
        list.append(dict)?;
    }
    Ok(list)
}

const IMAGE_KEYS: &[&str] = &["src", "alt", "caption", "credit"];
const LINK_KEYS: &[&str] = &["text", "url"];
const EMBED_KEYS: &[&str] = &["kind", "url", "author", "handle", "date", "text"];
const BYLINE_KEYS: &[&str] = &["reporters", "location", "editors", "web_editors", "raw"];

fn utc_datetime(py: Python<'_>, ms: i64) -> PyResult<Bound<'_, PyAny>> {
    let datetime = py.import("datetime")?;
    let utc = datetime.getattr("timezone")?.getattr("utc")?;
    let epoch = datetime
        .getattr("datetime")?
        .call1((1970, 1, 1, 0, 0, 0, 0, utc))?;
    let delta = datetime.getattr("timedelta")?.call1((0, 0, 0, ms))?;
    epoch.call_method1("__add__", (delta,))
}

/// One parsed archive file.
///
/// Made by :func:`zhtext.parse_article` and :func:`zhtext.read_article`;
/// :func:`zhtext.read_articles` gives the same fields as DataFrame columns.
///
/// >>> import zhtext as zt
/// >>> art = zt.read_article(zt.sample_article_path())
/// >>> art.outlet, art.section
/// ('rfa', 'yataibaodao/junshiwaijiao')
/// >>> art.byline["reporters"], art.byline["location"]
/// (['黄春梅'], '台北')
#[pyclass(module = "zhtext", frozen)]
pub struct Article {
    inner: article::Article,
}

#[pymethods]
impl Article {
    /// The file stem.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }
    #[getter]
    fn path(&self) -> &str {
        &self.inner.path
    }
    /// `rfa`, `bbc`, `voa`, `dw`, `rfi`, `nyt`, `cdt`, … from the URL's host.
    #[getter]
    fn outlet(&self) -> &str {
        &self.inner.outlet
    }
    #[getter]
    fn url(&self) -> &str {
        &self.inner.url
    }
    /// From the URL path, e.g. `yataibaodao/junshiwaijiao`; `""` when the URL has none.
    #[getter]
    fn section(&self) -> &str {
        &self.inner.section
    }
    #[getter]
    fn title(&self) -> &str {
        &self.inner.title
    }
    /// The publish time from the header, a timezone-aware UTC datetime.
    #[getter]
    fn published<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        utc_datetime(py, self.inner.published_ms)
    }
    /// `simplified`, `traditional` or `other`.
    #[getter]
    fn script(&self) -> &str {
        self.inner.script.as_str()
    }
    /// Characters in `text`.
    #[getter]
    fn n_chars(&self) -> usize {
        self.inner.n_chars()
    }
    #[getter]
    fn paragraphs(&self) -> Vec<String> {
        self.inner.paragraphs.clone()
    }
    #[getter]
    fn subheadings(&self) -> Vec<String> {
        self.inner.subheadings.clone()
    }
    /// The paragraphs joined by newlines.
    #[getter]
    fn text(&self) -> String {
        self.inner.text()
    }
    /// Dicts with `src`, `alt`, `caption`, `credit`.
    #[getter]
    fn images<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        dicts(py, &self.inner.images, IMAGE_KEYS, image_tuple)
    }
    /// In-text links: dicts with `text`, `url`.
    #[getter]
    fn links<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        dicts(py, &self.inner.links, LINK_KEYS, link_tuple)
    }
    /// Related-story links: dicts with `text` (the title) and `url`.
    #[getter]
    fn related<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        dicts(py, &self.inner.related, LINK_KEYS, link_tuple)
    }
    /// Tweets, videos and iframes: dicts with `kind`, `url`, `author`, `handle`, `date`, `text`.
    #[getter]
    fn embeds<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        dicts(py, &self.inner.embeds, EMBED_KEYS, embed_tuple)
    }
    /// A dict with `reporters`, `location`, `editors`, `web_editors`, `raw`.
    #[getter]
    fn byline<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (key, value) in BYLINE_KEYS
            .iter()
            .zip(byline_tuple(py, &self.inner.byline)?.iter())
        {
            dict.set_item(key, value)?;
        }
        Ok(dict)
    }

    /// Every field as a plain dict (the row :func:`zhtext.read_articles` makes).
    ///
    /// >>> import zhtext as zt
    /// >>> d = zt.read_article(zt.sample_article_path()).to_dict()
    /// >>> d["title"], len(d["paragraphs"]), d["images"][0]["credit"]
    /// ('美国跨部会访团刚离开中亚 中国外长王毅后脚跟上', 9, '美联社')
    fn to_dict<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(slf.py());
        for name in FIELDS {
            dict.set_item(name, slf.getattr(name)?)?;
        }
        Ok(dict)
    }

    /// The article as one JSON object (``published_ms`` in milliseconds since the epoch, UTC).
    ///
    /// >>> import json, zhtext as zt
    /// >>> json.loads(zt.read_article(zt.sample_article_path()).to_json())["outlet"]
    /// 'rfa'
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// An article from :meth:`to_json`'s output.
    ///
    /// >>> import zhtext as zt
    /// >>> art = zt.read_article(zt.sample_article_path())
    /// >>> zt.Article.from_json(art.to_json()) == art
    /// True
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, json: &str) -> PyResult<Self> {
        serde_json::from_str(json)
            .map(|inner| Article { inner })
            .map_err(|err| PyValueError::new_err(format!("not an article's JSON: {err}")))
    }

    /// Pickles as its JSON.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let from_json = slf.get_type().getattr("from_json")?;
        (from_json, (slf.get().inner.to_json(),)).into_pyobject(py)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Article>()
            .is_ok_and(|other| other.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        let title: String = self.inner.title.chars().take(30).collect();
        format!(
            "Article(id={:?}, outlet={:?}, published={}, title={:?}, paragraphs={}, n_chars={})",
            self.inner.id,
            self.inner.outlet,
            format_utc(self.inner.published_ms),
            title,
            self.inner.paragraphs.len(),
            self.inner.n_chars()
        )
    }

    /// Title, outlet, time, byline, the first paragraphs and image captions, for Jupyter.
    fn _repr_html_(&self) -> String {
        let a = &self.inner;
        let mut html = format!(
            "<div class=\"zhtext-article\"><h4 style=\"margin:0\"><a href=\"{}\">{}</a></h4>\
             <div style=\"color:#666\">{} · {} · {}{}</div>",
            escape(&a.url),
            escape(&a.title),
            escape(&a.outlet),
            escape(&a.section),
            format_utc(a.published_ms),
            if a.byline.raw.is_empty() {
                String::new()
            } else {
                format!(" · {}", escape(&a.byline.raw))
            }
        );
        for paragraph in a.paragraphs.iter().take(3) {
            html.push_str(&format!("<p>{}</p>", escape(paragraph)));
        }
        if a.paragraphs.len() > 3 {
            html.push_str(&format!(
                "<p style=\"color:#666\">… {} more paragraphs, {} characters in all</p>",
                a.paragraphs.len() - 3,
                a.n_chars()
            ));
        }
        for image in a.images.iter().filter(|i| !i.caption.is_empty()) {
            html.push_str(&format!(
                "<div style=\"color:#666\">🖼 {}</div>",
                escape(&image.caption)
            ));
        }
        html.push_str("</div>");
        html
    }
}

/// `2022-06-07 15:00 UTC`, computed without a date library (civil-from-days).
fn format_utc(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An article's fields, the keys of [`Article::to_dict`].
const FIELDS: [&str; 17] = [
    "id",
    "path",
    "outlet",
    "url",
    "section",
    "title",
    "published",
    "script",
    "n_chars",
    "paragraphs",
    "subheadings",
    "text",
    "images",
    "links",
    "related",
    "embeds",
    "byline",
];

/// Parse the content of one archive file (``str`` or ``bytes``).
///
/// ``path`` names the file in errors and sets ``id`` and the fallback outlet
/// (the folder's name). Raises ``zhtext.ArticleError`` naming the line of a bad
/// header or the byte offset of invalid UTF-8 (``encoding_errors="replace"``
/// substitutes U+FFFD instead).
///
/// >>> import zhtext as zt
/// >>> art = zt.parse_article("<!--1654614058000-->\n[标题](https://www.rfa.org/mandarin/yataibaodao/zhengzhi/x.html)\n------\n\n<p>正文。</p><p>记者：高锋 责编：何平</p>")
/// >>> art.paragraphs, art.byline["reporters"], art.section
/// (['正文。'], ['高锋'], 'yataibaodao/zhengzhi')
#[pyfunction]
#[pyo3(signature = (content, path=None, *, encoding_errors="strict"))]
pub(crate) fn parse_article(
    py: Python<'_>,
    content: &Bound<'_, PyAny>,
    path: Option<std::path::PathBuf>,
    encoding_errors: &str,
) -> PyResult<Article> {
    let encoding = parse_encoding_errors(encoding_errors)?;
    let path = path.map(|p| p.to_string_lossy().into_owned());
    let result = if let Ok(text) = content.cast::<PyString>() {
        let text = text.to_str()?.to_owned();
        py.detach(|| article::parse_bytes(text.as_bytes(), path.as_deref(), encoding))
    } else if let Ok(bytes) = content.cast::<PyBytes>() {
        let bytes = bytes.as_bytes().to_vec();
        py.detach(|| article::parse_bytes(&bytes, path.as_deref(), encoding))
    } else {
        return Err(PyTypeError::new_err(format!(
            "parse_article() takes the file's content as str or bytes, not {}",
            content.get_type().name()?
        )));
    };
    result
        .map(|inner| Article { inner })
        .map_err(|err| article_error(&err, path.as_deref()))
}

/// Read and parse one archive file.
///
/// >>> import zhtext as zt
/// >>> zt.read_article(zt.sample_article_path()).title
/// '美国跨部会访团刚离开中亚 中国外长王毅后脚跟上'
#[pyfunction]
#[pyo3(signature = (path, *, encoding_errors="strict", max_file_size=sources::DEFAULT_MAX_FILE_SIZE))]
pub(crate) fn read_article(
    py: Python<'_>,
    path: PathBuf,
    encoding_errors: &str,
    max_file_size: u64,
) -> PyResult<Article> {
    let encoding = parse_encoding_errors(encoding_errors)?;
    py.detach(|| article::read_article(&path, encoding, max_file_size))
        .map(|inner| Article { inner })
        .map_err(|err| article_error(&err, Some(&path.display().to_string())))
}

/// What a batch reader does with inputs that fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Errors {
    Raise,
    Skip,
    Collect,
}

fn parse_errors(value: &str) -> PyResult<Errors> {
    match value {
        "raise" => Ok(Errors::Raise),
        "skip" => Ok(Errors::Skip),
        "collect" => Ok(Errors::Collect),
        other => Err(PyValueError::new_err(format!(
            "errors must be \"raise\", \"skip\" or \"collect\", not {other:?}"
        ))),
    }
}

/// A source as Python gives it: a path (str, bytes or os.PathLike; kept
/// exactly, not decoded) or a part of a plan. Paths are tried first: lists
/// hold hundreds of thousands of them, and each failed try builds an error
/// (trying `PlannedSource` first made 300,000 paths take 4 s, with the GIL
/// held and Ctrl-C unheard).
#[derive(FromPyObject)]
pub(crate) enum SourceArg {
    Path(PathBuf),
    Planned(PlannedSource),
    Content(String, Vec<u8>),
}

/// A part of a source list as :func:`_plan_sources` splits it: one file, a
/// range of an archive's members, or an error found while listing. Pickles,
/// so that a Dask worker reads the part the client planned.
#[pyclass(module = "zhtext._zhtext", frozen, from_py_object)]
#[derive(Clone)]
pub struct PlannedSource {
    source: Source,
}

#[pymethods]
impl PlannedSource {
    /// Entries this part stands for.
    fn __len__(&self) -> usize {
        sources::planned_len(&self.source)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let restore = slf.get_type().getattr("_restore")?;
        let state: (
            Option<PathBuf>,
            usize,
            usize,
            Option<String>,
            Option<String>,
        ) = match &slf.get().source {
            Source::Path(path) => (Some(path.clone()), 0, 0, None, None),
            // Only remote files fetched in the worker are content.
            Source::Content { name, .. } => (Some(PathBuf::from(name)), 0, 0, None, None),
            Source::Members {
                archive,
                start,
                stop,
            } => (Some(archive.clone()), *start, *stop, None, None),
            Source::Failed { name, error } => (
                None,
                0,
                0,
                Some(name.clone()),
                Some(serde_json::to_string(error).unwrap_or_default()),
            ),
        };
        (restore, state).into_pyobject(py)
    }

    #[classmethod]
    fn _restore(
        _cls: &Bound<'_, PyType>,
        path: Option<PathBuf>,
        start: usize,
        stop: usize,
        name: Option<String>,
        error: Option<String>,
    ) -> PyResult<Self> {
        let source = match (path, name, error) {
            (Some(path), _, _) if stop > start => Source::Members {
                archive: path,
                start,
                stop,
            },
            (Some(path), _, _) => Source::Path(path),
            (None, Some(name), Some(error)) => Source::Failed {
                name,
                error: serde_json::from_str::<SourceError>(&error)
                    .map_err(|err| PyValueError::new_err(format!("not a planned source: {err}")))?,
            },
            _ => return Err(PyValueError::new_err("not a planned source")),
        };
        Ok(PlannedSource { source })
    }

    /// A part that is an error: a remote file that could not be fetched.
    #[classmethod]
    fn failed(_cls: &Bound<'_, PyType>, name: String, message: String) -> Self {
        PlannedSource {
            source: Source::Failed {
                error: SourceError::Io {
                    path: name.clone(),
                    kind: crate::error::Kind::Io,
                    message,
                },
                name,
            },
        }
    }

    fn __repr__(&self) -> String {
        match &self.source {
            Source::Path(path) => format!("PlannedSource({})", path.display()),
            Source::Content { name, .. } => format!("PlannedSource({name}: content)"),
            Source::Members {
                archive,
                start,
                stop,
            } => format!(
                "PlannedSource({} members {start}..{stop})",
                archive.display()
            ),
            Source::Failed { name, .. } => format!("PlannedSource({name}: failed)"),
        }
    }
}

fn to_sources(sources: Vec<SourceArg>) -> Vec<Source> {
    sources
        .into_iter()
        .map(|arg| match arg {
            SourceArg::Planned(planned) => planned.source,
            SourceArg::Path(path) => Source::Path(path),
            SourceArg::Content(name, bytes) => Source::Content { name, bytes },
        })
        .collect()
}

/// ``sources`` split into parts of one file or up to ``per_part`` archive
/// members each (listed, not read), for partitions read elsewhere.
#[pyfunction]
#[pyo3(signature = (sources, per_part, *, max_file_size=sources::DEFAULT_MAX_FILE_SIZE))]
pub(crate) fn _plan_sources(
    py: Python<'_>,
    sources: Vec<SourceArg>,
    per_part: usize,
    max_file_size: u64,
) -> Vec<PlannedSource> {
    let sources = to_sources(sources);
    let options = sources::Options {
        max_file_size,
        ..sources::Options::default()
    };
    let per_part = per_part.max(1);
    py.detach(|| sources::plan(&sources, options))
        .into_iter()
        .flat_map(|source| match source {
            Source::Members {
                archive,
                start,
                stop,
            } => (start..stop)
                .step_by(per_part)
                .map(|from| Source::Members {
                    archive: archive.clone(),
                    start: from,
                    stop: (from + per_part).min(stop),
                })
                .collect(),
            other => vec![other],
        })
        .map(|source| PlannedSource { source })
        .collect()
}

/// The rows of archive files, one batch at a time: the iterator behind
/// ``zhtext.iter_articles`` and ``zhtext.read_articles``. Sources are
/// resolved as they are read (see [`crate::sources`]); each batch is read
/// and parsed on ``threads`` threads without the GIL.
#[pyclass(module = "zhtext._zhtext")]
pub struct ArticleReader {
    /// `None` once exhausted, closed, or while a batch is being read.
    entries: Mutex<Option<Entries>>,
    batch_size: usize,
    errors: Errors,
    encoding: EncodingErrors,
    threads: Option<usize>,
    max_file_size: u64,
    /// Inputs left out under `errors="skip"`, and the first one's message.
    skipped: Mutex<(usize, Option<String>)>,
}

#[pymethods]
impl ArticleReader {
    #[new]
    #[pyo3(signature = (sources, *, batch_size=2048, errors="raise", encoding_errors="strict", threads=None, max_file_size=sources::DEFAULT_MAX_FILE_SIZE))]
    fn new(
        sources: Vec<SourceArg>,
        batch_size: usize,
        errors: &str,
        encoding_errors: &str,
        threads: Option<usize>,
        max_file_size: u64,
    ) -> PyResult<Self> {
        if batch_size == 0 {
            return Err(PyValueError::new_err("batch_size must be positive"));
        }
        let errors = parse_errors(errors)?;
        let encoding = parse_encoding_errors(encoding_errors)?;
        let options = sources::Options {
            max_file_size,
            ..sources::Options::default()
        };
        Ok(ArticleReader {
            entries: Mutex::new(Some(Entries::spawn(to_sources(sources), options))),
            batch_size,
            errors,
            encoding,
            threads,
            max_file_size,
            skipped: Mutex::new((0, None)),
        })
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// The next batch, a ``pyarrow.RecordBatch`` of :func:`zhtext.article_schema`; ``StopIteration`` at the end.
    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(mut entries) = self.lock_entries().take() else {
            return Ok(None);
        };
        let outcome = py.detach(|| self.next_columns(&mut entries));
        match outcome {
            Ok(Some(batch)) => {
                *self.lock_entries() = Some(entries);
                batch_to_pyarrow(py, batch).map(Some)
            }
            // The end, or raised: the reader stays closed.
            Ok(None) => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// Inputs left out so far under ``errors="skip"``.
    #[getter]
    fn skipped(&self) -> usize {
        self.lock_skipped().0
    }

    /// The first skipped input's message, if any.
    #[getter]
    fn first_skipped(&self) -> Option<String> {
        self.lock_skipped().1.clone()
    }

    /// Stop reading: the resolver stops and its thread ends.
    fn close(&self) {
        self.lock_entries().take();
    }
}

impl ArticleReader {
    fn lock_entries(&self) -> std::sync::MutexGuard<'_, Option<Entries>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_skipped(&self) -> std::sync::MutexGuard<'_, (usize, Option<String>)> {
        self.skipped.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Read batches until one has rows to give (under `skip` a batch can
    /// lose them all); `None` at the end.
    fn next_columns(&self, entries: &mut Entries) -> PyResult<Option<RecordBatch>> {
        loop {
            let batch = entries.next_batch(self.batch_size);
            if batch.is_empty() {
                return Ok(None);
            }
            let results =
                article::read_entries(&batch, self.encoding, self.threads, self.max_file_size);
            let mut names: Vec<&str> = Vec::with_capacity(batch.len());
            let mut kept: Vec<article::ReadResult> = Vec::with_capacity(batch.len());
            for (entry, result) in batch.iter().zip(results) {
                if let Err(err) = &result {
                    match self.errors {
                        Errors::Raise => return Err(article_error(err, Some(&entry.name))),
                        Errors::Skip => {
                            let mut skipped = self.lock_skipped();
                            skipped.0 += 1;
                            skipped
                                .1
                                .get_or_insert_with(|| err.describe(Some(&entry.name)));
                            continue;
                        }
                        Errors::Collect => {}
                    }
                }
                names.push(&entry.name);
                kept.push(result);
            }
            if !kept.is_empty() {
                return Ok(Some(article::articles_to_record_batch(&names, &kept)));
            }
        }
    }
}
