//! `zhtext.Article` and the batch reader behind `zhtext.read_articles`:
//! bindings of [`crate::article`]. A batch comes back as one Arrow record
//! batch of the article schema ([`crate::article::columns`]).

use pyo3::exceptions::{
    PyFileNotFoundError, PyOSError, PyPermissionError, PyTypeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use super::arrow::batch_to_pyarrow;
use super::errors::ArticleError;
use crate::article::{self, Byline, Embed, EncodingErrors, Image, Link};

fn parse_encoding_errors(value: &str) -> PyResult<EncodingErrors> {
    match value {
        "strict" => Ok(EncodingErrors::Strict),
        "replace" => Ok(EncodingErrors::Replace),
        other => Err(PyValueError::new_err(format!(
            "encoding_errors must be \"strict\" or \"replace\", not {other:?}"
        ))),
    }
}

/// The Python exception class for `err`, by name: the batch reports it per
/// row (`error_kind`), and [`article_error`] raises it.
fn error_kind(err: &article::ArticleError) -> &'static str {
    match err {
        article::ArticleError::Io { kind, .. } => match kind {
            std::io::ErrorKind::NotFound => "FileNotFoundError",
            std::io::ErrorKind::PermissionDenied => "PermissionError",
            _ => "OSError",
        },
        _ => "ArticleError",
    }
}

/// The Python exception for a file that cannot be read or parsed; the
/// message starts with the path when there is one.
fn article_error(err: &article::ArticleError, path: Option<&str>) -> PyErr {
    let message = err.describe(path);
    match error_kind(err) {
        "FileNotFoundError" => PyFileNotFoundError::new_err(message),
        "PermissionError" => PyPermissionError::new_err(message),
        "OSError" => PyOSError::new_err(message),
        _ => ArticleError::new_err(message),
    }
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
        self.inner.script
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
#[pyo3(signature = (path, *, encoding_errors="strict"))]
pub(crate) fn read_article(
    py: Python<'_>,
    path: std::path::PathBuf,
    encoding_errors: &str,
) -> PyResult<Article> {
    let encoding = parse_encoding_errors(encoding_errors)?;
    let path = path.to_string_lossy().into_owned();
    py.detach(|| article::read_article(&path, encoding))
        .map(|inner| Article { inner })
        .map_err(|err| article_error(&err, Some(&path)))
}

/// Parse a batch on `threads` threads and return it as one
/// `pyarrow.RecordBatch` of the article schema, in input order. `files` are
/// paths, or `(name, bytes)` pairs for archive members. Rows that failed
/// carry `error` and `error_kind` and null fields.
#[pyfunction]
#[pyo3(signature = (files, *, encoding_errors="strict", threads=None))]
pub(crate) fn _read_batch<'py>(
    py: Python<'py>,
    files: &Bound<'py, PyList>,
    encoding_errors: &str,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    let encoding = parse_encoding_errors(encoding_errors)?;
    let inputs = files
        .iter()
        .map(|item| match item.extract::<(String, Vec<u8>)>() {
            Ok((name, bytes)) => Ok(article::Input::Content { name, bytes }),
            Err(_) => item
                .extract::<std::path::PathBuf>()
                .map(|p| article::Input::Path(p.to_string_lossy().into_owned())),
        })
        .collect::<PyResult<Vec<_>>>()?;
    let batch = py.detach(|| article::read_record_batch(&inputs, encoding, threads, error_kind));
    batch_to_pyarrow(py, batch)
}
