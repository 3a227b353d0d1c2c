//! `zhtext.convert`: the binding of [`crate::convert`].

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyList, PyString};

use super::batch;
use super::batch::Threads;
use super::convert::{extract_texts, new_py_str, Missing};
use super::progress::Progress;
use crate::convert::{Config, Converter};

/// The OpenCC configuration for `to`, `phrases` and `config`.
pub(crate) fn resolve_config(
    to: Option<&str>,
    phrases: bool,
    config: Option<&str>,
) -> PyResult<Config> {
    if let Some(name) = config {
        if to.is_some() {
            return Err(PyValueError::new_err(
                "pass either to= or config=, not both",
            ));
        }
        return name
            .parse()
            .map_err(|e: crate::convert::UnknownConfig| PyValueError::new_err(e.to_string()));
    }
    Ok(match to.unwrap_or("simplified") {
        "simplified" => Config::T2S,
        "traditional" => Config::S2T,
        "taiwan" if phrases => Config::S2TWP,
        "taiwan" => Config::S2TW,
        "hongkong" => Config::S2HK,
        other => {
            return Err(PyValueError::new_err(format!(
                "to must be 'simplified', 'traditional', 'taiwan' or 'hongkong', not {other:?}"
            )))
        }
    })
}

/// Convert Chinese text between simplified and traditional script, as OpenCC does.
///
/// ``text_or_texts`` is one ``str`` (the result is a ``str``) or an iterable of
/// ``str`` (a list of ``str``, in order, converted on ``threads`` threads without
/// the GIL; ``None`` uses every core). Output equals OpenCC 1.4's, whose
/// dictionaries zhtext embeds (character and phrase tables, regional variants).
///
/// ``to`` chooses the target, each an OpenCC configuration:
///
/// - ``"simplified"``: ``t2s``, from traditional of any region;
/// - ``"traditional"``: ``s2t``, OpenCC's standard traditional characters;
/// - ``"taiwan"``: ``s2twp``, Taiwan's standard characters and Taiwanese
///   phrases (软件 → 軟體, 鼠标 → 滑鼠); with ``phrases=False`` ``s2tw``,
///   characters only;
/// - ``"hongkong"``: ``s2hk``, Hong Kong's standard characters.
///
/// ``config`` names any of the eight configurations instead (``"s2t"``,
/// ``"t2s"``, ``"s2tw"``, ``"tw2s"``, ``"s2hk"``, ``"hk2s"``, ``"tw2sp"``,
/// ``"s2twp"``), for example ``"tw2sp"`` to turn Taiwanese phrases back into
/// mainland ones. Raises ``ValueError`` for an unknown ``to`` or ``config``
/// and for text with lone surrogates, ``TypeError`` naming the position of an
/// item that is not a ``str``.
///
/// >>> import zhtext as zt
/// >>> zt.convert("汉字转换，头发")
/// '汉字转换，头发'
/// >>> zt.convert("汉字转换，头发", to="traditional")
/// '漢字轉換，頭髮'
/// >>> zt.convert(["鼠标和软件", "着装"], to="taiwan")
/// ['滑鼠和軟體', '著裝']
/// >>> zt.convert("滑鼠和軟體", config="tw2sp")
/// '鼠标和软件'
#[pyfunction]
#[pyo3(signature = (text_or_texts, to = None, *, phrases = true, threads = None, config = None, progress = None))]
pub(crate) fn convert<'py>(
    py: Python<'py>,
    text_or_texts: &Bound<'py, PyAny>,
    to: Option<&str>,
    phrases: bool,
    threads: Option<Threads>,
    config: Option<&str>,
    progress: Option<bool>,
) -> PyResult<Bound<'py, PyAny>> {
    let threads = Threads::count(threads);
    let converter = Converter::get(resolve_config(to, phrases, config)?);
    if text_or_texts.is_instance_of::<PyString>() {
        let text: PyBackedStr = text_or_texts.extract()?;
        // Releasing the GIL costs more than converting a short text.
        const DETACH_MIN_BYTES: usize = 8 << 10;
        let converted = if text.len() < DETACH_MIN_BYTES {
            converter.convert(&text)
        } else {
            py.detach(|| converter.convert(&text))
        };
        return Ok(PyString::new(py, &converted).into_any());
    }
    if text_or_texts.hasattr("__iter__")? {
        let texts = extract_texts(text_or_texts, Missing::Raise)?;
        let bar = Progress::new(py, progress, texts.len(), "convert")?;
        let converted = batch::map_texts(
            py,
            &texts,
            threads,
            &bar,
            |text| converter.convert(text),
            |text| Ok(new_py_str(py, &text)),
        )?;
        return Ok(PyList::new(py, converted)?.into_any());
    }
    Err(PyTypeError::new_err(format!(
        "text_or_texts must be a str or an iterable of str, not {}",
        text_or_texts.get_type().name()?
    )))
}
