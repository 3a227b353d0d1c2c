//! `zhtext.minhash`, `zhtext.shingles` and the Rust side of
//! `zhtext.near_duplicates`: bindings of [`crate::dedup`].

use numpy::{IntoPyArray, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;

use super::batch::Threads;
use super::convert::{extract_texts, BatchText, Missing};
use super::errors::dedup_error;
use crate::dedup::{self, Bands, HashValue, MinHasher, Pair, Shingler, Signatures, Verify};
use crate::parallel;

fn shingler(shingle: i64, script: &str) -> PyResult<Shingler> {
    let size = usize::try_from(shingle)
        .map_err(|_| PyValueError::new_err(format!("shingle must be positive, not {shingle}")))?;
    let script = super::tokenizer::parse_script(Some(script), crate::convert::Script::Auto)?;
    Shingler::new(size, script).map_err(dedup_error)
}

fn positive(name: &str, value: i64) -> PyResult<usize> {
    usize::try_from(value)
        .ok()
        .filter(|&v| v > 0)
        .ok_or_else(|| PyValueError::new_err(format!("{name} must be positive, not {value}")))
}

fn hasher(
    num_perm: i64,
    shingle: i64,
    seed: i64,
    scheme: &str,
    script: &str,
) -> PyResult<MinHasher> {
    let seed = u32::try_from(seed).map_err(|_| {
        PyValueError::new_err(format!(
            "seed must be between 0 and 2**32 - 1 (numpy's RandomState), not {seed}"
        ))
    })?;
    MinHasher::new(
        scheme.parse().map_err(dedup_error)?,
        positive("num_perm", num_perm)?,
        seed,
        shingler(shingle, script)?,
    )
    .map_err(dedup_error)
}

/// MinHash signatures of ``texts``, one row of ``num_perm`` values per text.
///
/// A text's shingles are its character ``shingle``-grams after whitespace,
/// punctuation and symbols are removed, full-width letters and digits folded
/// to ASCII and Latin letters lowercased (:func:`shingles` lists them). Each
/// row equals ``datasketch.MinHash(num_perm, seed=seed, scheme=scheme)``
/// updated with the UTF-8 bytes of those shingles, so the rows can go into
/// datasketch's LSH indexes and storage: ``scheme="affine32"`` (datasketch
/// 2's default) gives ``uint32`` values, ``"legacy"`` (datasketch 1's
/// scheme) ``uint64``. The array owns the Rust buffer (no copy); it costs
/// ``num_perm × 4`` (or 8) bytes per text.
///
/// A text with fewer than ``shingle`` characters left (such as an empty one)
/// has no shingles: its row is datasketch's empty signature (every value
/// ``2**32 - 1``) and :func:`near_duplicates` matches it with nothing.
/// ``script="auto"`` folds a text that looks traditional to simplified
/// characters (OpenCC ``t2s``) before shingling, so a traditional-script copy
/// of an article matches it; ``"as_is"`` compares characters as written and
/// ``"simplified"`` folds every text.
/// ``missing``: ``"raise"`` (a ``TypeError`` naming the position) or
/// ``"empty"`` (``None``/NaN treated as empty texts).
///
/// >>> import zhtext as zt
/// >>> sigs = zt.minhash(["新华社北京12月1日电", "新华社北京 12 月 1 日电。", ""], num_perm=64)
/// >>> sigs.shape, sigs.dtype.name
/// ((3, 64), 'uint32')
/// >>> bool((sigs[0] == sigs[1]).all()), int(sigs[2].min())
/// (True, 4294967295)
#[pyfunction]
#[pyo3(signature = (texts, *, num_perm = 128, shingle = 5, seed = 1, scheme = "affine32", script = "auto", threads = None, missing = "raise"))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn minhash<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    num_perm: i64,
    shingle: i64,
    seed: i64,
    scheme: &str,
    script: &str,
    threads: Option<Threads>,
    missing: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let threads = Threads::count(threads);
    let hasher = hasher(num_perm, shingle, seed, scheme, script)?;
    let texts = extract_texts(texts, Missing::parse(missing)?)?;
    let signatures = py.detach(|| parallel::install(threads, || hasher.signatures(&texts)));
    Ok(match signatures {
        Signatures::Affine32(s) => PyArray2::from_owned_array(py, s).into_any(),
        Signatures::Legacy(s) => PyArray2::from_owned_array(py, s).into_any(),
    })
}

/// The shingles of ``text`` that :func:`minhash` hashes, in order (repeated
/// ones repeated): character ``shingle``-grams of the normalised text.
///
/// >>> import zhtext as zt
/// >>> zt.shingles("美国 总统，拜登！", shingle=4)
/// ['美国总统', '国总统拜', '总统拜登']
#[pyfunction]
#[pyo3(signature = (text, *, shingle = 5, script = "auto"))]
pub(crate) fn shingles(text: &str, shingle: i64, script: &str) -> PyResult<Vec<String>> {
    let shingler = shingler(shingle, script)?;
    let mut out = Vec::new();
    shingler.for_each(text, |s| out.push(s.to_owned()));
    Ok(out)
}

/// The banding ``(bands, rows)`` that :func:`near_duplicates` uses for
/// ``threshold`` and ``num_perm``: the one that makes a pair at the threshold
/// a candidate with probability at least 0.99 and has the fewest candidates
/// below it (``bands`` given: ``num_perm / bands`` rows, which must divide).
/// Pass it as ``params=`` to ``datasketch.MinHashLSH`` to index
/// :func:`minhash` signatures the same way.
///
/// >>> import zhtext as zt
/// >>> zt.lsh_params(0.8, 128)
/// (16, 6)
#[pyfunction]
#[pyo3(signature = (threshold = 0.8, num_perm = 128, *, bands = None))]
pub(crate) fn lsh_params(
    threshold: f64,
    num_perm: i64,
    bands: Option<i64>,
) -> PyResult<(usize, usize)> {
    let b = self::bands(threshold, positive("num_perm", num_perm)?, bands)?;
    Ok((b.bands, b.rows))
}

/// A 2-D array of signatures: `uint32` (affine32) or `uint64` (legacy).
enum SignatureArray<'py> {
    U32(PyReadonlyArray2<'py, u32>),
    U64(PyReadonlyArray2<'py, u64>),
}

impl<'py> SignatureArray<'py> {
    fn extract(obj: &Bound<'py, PyAny>) -> PyResult<Self> {
        if let Ok(a) = obj.extract::<PyReadonlyArray2<'py, u32>>() {
            return Ok(SignatureArray::U32(a));
        }
        if let Ok(a) = obj.extract::<PyReadonlyArray2<'py, u64>>() {
            return Ok(SignatureArray::U64(a));
        }
        Err(PyTypeError::new_err(
            "signatures must be a 2-D uint32 or uint64 numpy array, as zhtext.minhash returns",
        ))
    }

    fn num_perm(&self) -> usize {
        match self {
            SignatureArray::U32(a) => a.as_array().ncols(),
            SignatureArray::U64(a) => a.as_array().ncols(),
        }
    }

    fn len(&self) -> usize {
        match self {
            SignatureArray::U32(a) => a.as_array().nrows(),
            SignatureArray::U64(a) => a.as_array().nrows(),
        }
    }
}

fn bands(threshold: f64, num_perm: usize, bands: Option<i64>) -> PyResult<Bands> {
    let bands = bands.map(|b| usize::try_from(b).unwrap_or(0));
    Bands::new(threshold, num_perm, bands).map_err(dedup_error)
}

type PairArrays<'py> = (
    Bound<'py, numpy::PyArray1<i64>>,
    Bound<'py, numpy::PyArray1<i64>>,
    Bound<'py, numpy::PyArray1<f64>>,
);

fn pair_arrays(py: Python<'_>, pairs: Vec<Pair>) -> PairArrays<'_> {
    let i = pairs.iter().map(|p| p.i as i64).collect::<Vec<_>>();
    let j = pairs.iter().map(|p| p.j as i64).collect::<Vec<_>>();
    let jaccard = pairs.iter().map(|p| p.jaccard).collect::<Vec<_>>();
    (
        i.into_pyarray(py),
        j.into_pyarray(py),
        jaccard.into_pyarray(py),
    )
}

/// Near-duplicate pairs `(i, j, jaccard)` among `signatures`, verified with
/// `texts` when given (`zhtext.near_duplicates` builds the frame).
#[pyfunction]
#[pyo3(signature = (signatures, texts, *, threshold, bands = None, shingle = 5, script = "auto", threads = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _near_duplicates<'py>(
    py: Python<'py>,
    signatures: &Bound<'py, PyAny>,
    texts: Option<&Bound<'py, PyAny>>,
    threshold: f64,
    bands: Option<i64>,
    shingle: i64,
    script: &str,
    threads: Option<Threads>,
) -> PyResult<PairArrays<'py>> {
    let threads = Threads::count(threads);
    let signatures = SignatureArray::extract(signatures)?;
    let banding = self::bands(threshold, signatures.num_perm(), bands)?;
    let shingler = shingler(shingle, script)?;
    let texts: Option<Vec<BatchText>> = texts
        .map(|t| extract_texts(t, Missing::Empty))
        .transpose()?;
    if let Some(texts) = &texts {
        if texts.len() != signatures.len() {
            return Err(PyValueError::new_err(format!(
                "{} texts for {} signatures",
                texts.len(),
                signatures.len()
            )));
        }
    }
    fn run<T: HashValue>(
        sigs: ndarray::ArrayView2<'_, T>,
        banding: Bands,
        threshold: f64,
        texts: Option<&[BatchText]>,
        shingler: &Shingler,
    ) -> Vec<Pair> {
        let verify = texts.map(|texts| Verify { texts, shingler });
        dedup::near_duplicates(sigs, banding, threshold, verify)
    }
    let texts = texts.as_deref();
    let pairs = match &signatures {
        SignatureArray::U32(a) => {
            let view = a.as_array();
            py.detach(|| {
                parallel::install(threads, || run(view, banding, threshold, texts, &shingler))
            })
        }
        SignatureArray::U64(a) => {
            let view = a.as_array();
            py.detach(|| {
                parallel::install(threads, || run(view, banding, threshold, texts, &shingler))
            })
        }
    };
    Ok(pair_arrays(py, pairs))
}

/// The band keys (`n × bands`, `uint64`) of `signatures` for `threshold`:
/// texts sharing a key in a band are candidates (`zhtext.dask` meets them).
#[pyfunction]
#[pyo3(signature = (signatures, *, threshold, bands = None))]
pub(crate) fn _band_keys<'py>(
    py: Python<'py>,
    signatures: &Bound<'py, PyAny>,
    threshold: f64,
    bands: Option<i64>,
) -> PyResult<Bound<'py, PyArray2<u64>>> {
    let signatures = SignatureArray::extract(signatures)?;
    let banding = self::bands(threshold, signatures.num_perm(), bands)?;
    let keys = match &signatures {
        SignatureArray::U32(a) => dedup::band_keys(a.as_array(), banding),
        SignatureArray::U64(a) => dedup::band_keys(a.as_array(), banding),
    };
    Ok(PyArray2::from_owned_array(py, keys))
}

/// Exact Jaccard similarity of the shingle sets of `left[k]` and
/// `right[k]` for each `k` (`zhtext.dask` verifies pairs with it).
#[pyfunction]
#[pyo3(signature = (left, right, *, shingle = 5, script = "auto", threads = None))]
pub(crate) fn _exact_jaccard<'py>(
    py: Python<'py>,
    left: &Bound<'py, PyAny>,
    right: &Bound<'py, PyAny>,
    shingle: i64,
    script: &str,
    threads: Option<Threads>,
) -> PyResult<Bound<'py, numpy::PyArray1<f64>>> {
    let threads = Threads::count(threads);
    let shingler = shingler(shingle, script)?;
    let left = extract_texts(left, Missing::Empty)?;
    let right = extract_texts(right, Missing::Empty)?;
    if left.len() != right.len() {
        return Err(PyValueError::new_err(
            "left and right must have the same length",
        ));
    }
    let pairs: Vec<_> = left.iter().zip(&right).collect();
    let values: Vec<f64> = py.detach(|| {
        parallel::install(threads, || {
            let chunk_len = parallel::task_len(pairs.len(), 256);
            parallel::map_chunks_collect(&pairs, chunk_len, |chunk| {
                chunk
                    .iter()
                    .map(|(a, b)| dedup::jaccard(&shingler.key_set(a), &shingler.key_set(b)))
                    .collect::<Vec<_>>()
            })
            .concat()
        })
    });
    Ok(values.into_pyarray(py))
}

/// The near-duplicate group of each of `texts` (`zhtext.duplicate_groups`
/// of texts): [`dedup::duplicate_groups`], each distinct text hashed and
/// verified once.
#[pyfunction]
#[pyo3(signature = (texts, *, threshold, num_perm = 128, verify = true, bands = None, shingle = 5, seed = 1, scheme = "affine32", script = "auto", threads = None, missing = "raise"))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _duplicate_groups<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    threshold: f64,
    num_perm: i64,
    verify: bool,
    bands: Option<i64>,
    shingle: i64,
    seed: i64,
    scheme: &str,
    script: &str,
    threads: Option<Threads>,
    missing: &str,
) -> PyResult<Bound<'py, numpy::PyArray1<i64>>> {
    let threads = Threads::count(threads);
    let hasher = hasher(num_perm, shingle, seed, scheme, script)?;
    let banding = self::bands(threshold, hasher.num_perm(), bands)?;
    let texts = extract_texts(texts, Missing::parse(missing)?)?;
    let groups = py.detach(|| {
        parallel::install(threads, || {
            dedup::duplicate_groups(&hasher, &texts, banding, threshold, verify)
        })
    });
    Ok(groups
        .into_iter()
        .map(|g| g as i64)
        .collect::<Vec<_>>()
        .into_pyarray(py))
}

/// Group numbers of `n` texts from pairs `i`, `j` (connected components,
/// numbered in order of their first text).
#[pyfunction]
pub(crate) fn _groups<'py>(
    py: Python<'py>,
    n: usize,
    i: PyReadonlyArray1<'py, i64>,
    j: PyReadonlyArray1<'py, i64>,
) -> PyResult<Bound<'py, numpy::PyArray1<i64>>> {
    let (i, j) = (i.as_array(), j.as_array());
    let pairs = i
        .iter()
        .zip(j.iter())
        .map(|(&i, &j)| match (usize::try_from(i), usize::try_from(j)) {
            (Ok(i), Ok(j)) if i < n && j < n => Ok(Pair { i, j, jaccard: 1.0 }),
            _ => Err(PyValueError::new_err(format!(
                "pair ({i}, {j}) is outside 0..{n}"
            ))),
        })
        .collect::<PyResult<Vec<_>>>()?;
    let groups: Vec<i64> = dedup::groups(n, &pairs)
        .into_iter()
        .map(|g| g as i64)
        .collect();
    Ok(groups.into_pyarray(py))
}
