//! `zhtext.TfidfExtractor` and the TextRank function: bindings of
//! [`crate::keywords`].

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use rustc_hash::FxHashSet;

use super::arrow::{self, Output, RecordLists, WordLists};
use super::batch;
use super::batch::Threads;
use super::convert::{extract_texts, new_py_str, state_from_bytes, state_to_bytes, Missing, Text};
use super::errors::segment_error;
use super::progress::Progress;
use super::tokenizer::Tokenizer;
use crate::convert::Script;
use crate::keywords::{
    self, DocumentFrequencies, Extractor, ExtractorState, Filters, IdfSource, IdfTable, Keyword,
    KeywordBuf, Method, Options,
};
use crate::parallel;
use crate::schema;
use crate::segment::Segmenter;

/// `top_k` as jieba takes it: `None` for all, else a positive number.
fn parse_top_k(top_k: Option<i64>) -> PyResult<Option<usize>> {
    match top_k {
        None => Ok(None),
        Some(k) if k > 0 => Ok(Some(k as usize)),
        Some(k) => Err(PyValueError::new_err(format!(
            "top_k must be a positive number or None (all keywords), not {k}"
        ))),
    }
}

/// `top_k` and `allow_pos` as the extractors take them; `default_pos` when
/// `allow_pos` is not given.
fn parse_selection(
    top_k: Option<i64>,
    allow_pos: Option<&Bound<'_, PyAny>>,
    default_pos: &[&str],
) -> PyResult<(Option<usize>, FxHashSet<String>)> {
    let allow_pos = match allow_pos {
        Some(tags) => parse_pos(tags)?,
        None => default_pos.iter().map(|t| (*t).to_owned()).collect(),
    };
    Ok((parse_top_k(top_k)?, allow_pos))
}

fn parse_pos(allow_pos: &Bound<'_, PyAny>) -> PyResult<FxHashSet<String>> {
    if allow_pos.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "allow_pos must be a collection of tags such as ('ns', 'n'), not a single str",
        ));
    }
    allow_pos
        .try_iter()?
        .map(|t| t?.extract::<String>())
        .collect()
}

/// Keywords as jieba returns them: words, `(word, flag)` pairs with
/// `with_flag`, each paired with its weight with `with_weight`.
fn keywords_to_list<'py>(
    py: Python<'py>,
    keywords: &[Keyword<'_>],
    with_weight: bool,
) -> PyResult<Bound<'py, PyList>> {
    let items = keywords
        .iter()
        .map(|k| {
            let item = match k.flag {
                Some(flag) => {
                    PyTuple::new(py, [new_py_str(py, k.word), PyString::intern(py, flag)])?
                        .into_any()
                }
                None => new_py_str(py, k.word).into_any(),
            };
            if with_weight {
                Ok((item, k.weight).into_pyobject(py)?.into_any())
            } else {
                Ok(item)
            }
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// `fold_script`: `None`, or `"simplified"` to count and give keywords in
/// simplified characters.
pub(crate) fn parse_fold(fold_script: Option<&str>) -> PyResult<bool> {
    match fold_script {
        None => Ok(false),
        Some("simplified") => Ok(true),
        Some(other) => Err(PyValueError::new_err(format!(
            "fold_script must be None or 'simplified', not {other:?}"
        ))),
    }
}

/// Keywords that own their words, as [`keywords_to_list`] takes them.
fn borrowed(found: &[KeywordBuf]) -> Vec<Keyword<'_>> {
    found
        .iter()
        .map(|k| Keyword {
            word: &k.word,
            flag: k.flag.as_deref(),
            weight: k.weight,
        })
        .collect()
}

/// `(word, idf)` pairs from a dict or a list of pairs; `None` for anything
/// else (a path).
fn idf_pairs(obj: &Bound<'_, PyAny>) -> Option<PyResult<Vec<(String, f64)>>> {
    let items = if obj.is_instance_of::<PyDict>() {
        obj.call_method0("items").ok()?
    } else if obj.is_instance_of::<PyList>() {
        obj.clone()
    } else {
        return None;
    };
    Some(
        items
            .try_iter()
            .and_then(|it| it.map(|pair| pair?.extract::<(String, f64)>()).collect()),
    )
}

/// Keyword filters from `None` (none), a name, or an iterable of names.
fn parse_filters(filters: Option<&Bound<'_, PyAny>>) -> PyResult<Filters> {
    let names: Vec<String> = match filters {
        None => return Ok(Filters::default()),
        Some(f) if f.is_instance_of::<PyString>() => vec![f.extract()?],
        Some(f) => f
            .try_iter()
            .map_err(|_| {
                PyTypeError::new_err("filters must be a filter name or an iterable of names")
            })?
            .map(|n| n?.extract::<String>())
            .collect::<PyResult<_>>()?,
    };
    Filters::parse(names.iter().map(String::as_str)).map_err(PyValueError::new_err)
}

/// Stop words from a file path or an iterable of words.
fn read_stop_words(source: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if let Ok(path) = source.extract::<PathBuf>() {
        let text = crate::segment::read_text(&path).map_err(segment_error)?;
        return Ok(text.lines().map(str::to_owned).collect());
    }
    source.try_iter()?.map(|w| w?.extract::<String>()).collect()
}

/// Keyword extraction by TF-IDF, as ``jieba.analyse.TFIDF``.
///
/// ``tokenizer`` is the :class:`Tokenizer` to cut with (``None``: zhtext's
/// default one). ``idf`` is ``None`` (jieba's table, embedded), the path of a
/// jieba-format ``idf.txt``, or a ``dict`` of word to IDF. ``stop_words``
/// (a path or an iterable of words) are added to jieba's default English
/// ones. Unknown words get the table's median IDF, as in jieba.
///
/// ``filters`` leaves out, beyond jieba's rules, the kinds of words that make
/// poor keywords for reading an archive: ``"numbers"`` (``2020``, ``二十``,
/// ``万元``), ``"dates"`` (``12月``, ``星期一``, ``今年``), ``"percentages"``,
/// ``"punctuation"``, ``"latin"`` (lowercase Latin fragments such as ``www``;
/// ``AI`` and ``Trump`` stay) and ``"boilerplate"`` (zhtext's list of newsroom
/// words: ``本台``, ``记者``, ``报道``, outlet names, ``点击查看``, ...);
/// ``"all"`` (``zhtext.ANALYSIS_FILTERS``) for every one. The default, ``None``,
/// keeps jieba's results exactly.
///
/// Examples
/// --------
/// >>> import zhtext as zt
/// >>> ex = zt.TfidfExtractor()
/// >>> ex.extract("吉林欧亚置业有限公司增资4.3亿元，吉林欧亚置业注册资本增加到5亿元", top_k=3)
/// ['欧亚', '吉林', '置业']
/// >>> text = "本台记者报道，2020年台风登陆福建，12月台风再次登陆"
/// >>> ex.extract(text, top_k=3)
/// ['台风', '登陆', '本台记者']
/// >>> zt.TfidfExtractor(filters="all").extract(text, top_k=3)
/// ['台风', '登陆', '福建']
#[pyclass(module = "zhtext", subclass, frozen)]
pub struct TfidfExtractor {
    tokenizer: Py<Tokenizer>,
    state: RwLock<Extractor>,
}

/// The arguments of a batch keyword call that are not the method's.
struct Many<'a, 'py> {
    texts: &'a Bound<'py, PyAny>,
    threads: Option<usize>,
    missing: &'a str,
    progress: Option<bool>,
    output: &'a str,
    with_weight: bool,
}

/// jieba's default POS tags for TextRank.
const TEXTRANK_POS: [&str; 4] = ["ns", "n", "vn", "v"];

impl TfidfExtractor {
    /// `extract_many` and `textrank_many`: keywords of each text as lists
    /// (jieba's shapes) or as Arrow (`list<large_string>`, or
    /// `list<struct<word, weight>>` with weights).
    #[allow(clippy::too_many_arguments)]
    fn keywords_many<'py>(
        &self,
        py: Python<'py>,
        many: Many<'_, 'py>,
        method: Method,
        top_k: Option<usize>,
        allow_pos: &FxHashSet<String>,
        with_flag: bool,
        script: Option<&str>,
        fold_script: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let script = self.tokenizer.get().script(script)?;
        let fold = parse_fold(fold_script)?;
        let output = Output::parse(many.output)?;
        if output == Output::Arrow && with_flag {
            return Err(PyValueError::new_err(
                "with_flag=True gives (word, flag) pairs, which output='arrow' does not hold",
            ));
        }
        let texts = extract_texts(many.texts, Missing::parse_per_text(many.missing)?)?;
        let segmenter = self.segmenter(py);
        let (idf, stop_words, filters) = self.state();
        let options = Options {
            top_k,
            allow_pos,
            with_flag,
            filters,
        };
        let name = match method {
            Method::Tfidf => "extract_many",
            Method::TextRank => "textrank_many",
        };
        let bar = Progress::new(py, many.progress, texts.len(), name)?;
        let with_weight = many.with_weight;
        // Also for script="as_is" without folding, where it runs the
        // extractor on the text itself.
        let extract = |t: &str| {
            keywords::extract_in_script(
                &segmenter,
                &idf,
                &stop_words,
                t,
                &options,
                method,
                script,
                fold,
            )
        };
        match output {
            Output::List => {
                let lists = batch::map_texts(py, &texts, many.threads, &bar, extract, |found| {
                    keywords_to_list(py, &borrowed(&found), with_weight)
                })?;
                Ok(PyList::new(py, lists)?.into_any())
            }
            Output::Arrow if with_weight => {
                let mut rows = RecordLists::new(&schema::weighted_keywords());
                batch::for_each_result(py, &texts, many.threads, &bar, extract, |found| {
                    rows.push(found, |r, k| {
                        r.text(&k.word).float(k.weight);
                    })
                })?;
                arrow::array_to_pyarrow(py, rows.finish())
            }
            Output::Arrow => {
                let mut rows = WordLists::new();
                batch::for_each_result(py, &texts, many.threads, &bar, extract, |found| {
                    rows.push(found.map(|f| f.into_iter().map(|k| k.word)))
                })?;
                arrow::array_to_pyarrow(py, rows.finish())
            }
        }
    }

    fn state(&self) -> (Arc<IdfTable>, Arc<FxHashSet<String>>, Filters) {
        let state = self.state.read().unwrap_or_else(|e| e.into_inner());
        (
            Arc::clone(&state.idf),
            Arc::clone(&state.stop_words),
            state.filters,
        )
    }

    pub(crate) fn segmenter(&self, py: Python<'_>) -> Arc<Segmenter> {
        self.tokenizer.get().read(py)
    }

    /// The extractor's settings now (its tables shared, not copied).
    pub(crate) fn extractor(&self) -> Extractor {
        self.state.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

#[pymethods]
impl TfidfExtractor {
    #[new]
    #[pyo3(signature = (tokenizer = None, idf = None, stop_words = None, filters = None))]
    fn new(
        py: Python<'_>,
        tokenizer: Option<Py<Tokenizer>>,
        idf: Option<&Bound<'_, PyAny>>,
        stop_words: Option<&Bound<'_, PyAny>>,
        filters: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let filters = parse_filters(filters)?;
        let tokenizer = match tokenizer {
            Some(t) => t,
            None => py
                .import("zhtext")?
                .call_method0("default_tokenizer")?
                .cast_into::<Tokenizer>()?
                .unbind(),
        };
        let (idf, idf_source) = match idf {
            None => (py.detach(IdfTable::embedded), IdfSource::Embedded),
            Some(obj) => {
                if let Some(pairs) = idf_pairs(obj) {
                    let pairs = pairs?;
                    (
                        Arc::new(IdfTable::from_pairs(pairs).map_err(segment_error)?),
                        IdfSource::Table,
                    )
                } else {
                    let path: PathBuf = obj.extract().map_err(|_| {
                        PyTypeError::new_err(
                            "idf must be None, a path to an idf.txt, or a dict of word to IDF",
                        )
                    })?;
                    let (table, source) = py
                        .detach(|| Extractor::read_idf(&path))
                        .map_err(segment_error)?;
                    (Arc::new(table), source)
                }
            }
        };
        let mut words = keywords::default_stop_words();
        if let Some(source) = stop_words {
            words.extend(read_stop_words(source)?);
        }
        Ok(TfidfExtractor {
            tokenizer,
            state: RwLock::new(Extractor {
                idf,
                idf_source,
                stop_words: Arc::new(words),
                filters,
            }),
        })
    }

    /// The tokenizer this extractor cuts with.
    #[getter]
    fn tokenizer(&self, py: Python<'_>) -> Py<Tokenizer> {
        self.tokenizer.clone_ref(py)
    }

    /// The stop words in use (jieba's defaults plus the added ones), sorted.
    #[getter]
    fn stop_words(&self) -> Vec<String> {
        let mut words: Vec<String> = self.state().1.iter().cloned().collect();
        words.sort();
        words
    }

    /// The names of the keyword filters in use (none: jieba's keywords).
    #[getter]
    fn filters(&self) -> Vec<&'static str> {
        self.state().2.names()
    }

    /// The IDF of ``word`` (the median for a word not in the table).
    fn idf(&self, word: &str) -> f64 {
        self.state().0.get(word)
    }

    /// The table's median IDF, which unknown words get.
    #[getter]
    fn median_idf(&self) -> f64 {
        self.state().0.median()
    }

    /// Keywords of ``text`` by TF-IDF, as ``jieba.analyse.extract_tags``.
    ///
    /// ``top_k=None`` returns all. ``allow_pos`` keeps only words with these
    /// POS tags (then the text is tagged, as jieba does); ``with_flag``
    /// returns ``(word, tag)`` pairs. ``with_weight`` pairs each with its
    /// weight.
    ///
    /// ``script`` (default: the tokenizer's) is how traditional text is cut,
    /// as in ``Tokenizer``: with ``"auto"`` a traditional text is cut and
    /// weighed through its simplified form (jieba's dictionary and IDF table
    /// are simplified) and keywords keep the text's own characters.
    /// ``fold_script="simplified"`` gives (and counts) every keyword in
    /// simplified characters, so 俄羅斯 and 俄罗斯 are one keyword and an
    /// article gets the same keywords in either script; it reads traditional
    /// text as ``script="auto"`` does (or ``"simplified"``, if given).
    ///
    /// >>> TfidfExtractor().extract("吉林欧亚置业有限公司增资，吉林欧亚置业注册资本增加", top_k=2, with_weight=True)[0][0]
    /// '欧亚'
    /// >>> TfidfExtractor().extract("俄羅斯總統訪問中國，俄羅斯與中國簽署協議", top_k=2, fold_script="simplified")
    /// ['俄罗斯', '访问']
    #[pyo3(
        signature = (text, top_k = Some(20), with_weight = false, allow_pos = None, with_flag = false, *, script = None, fold_script = None),
        text_signature = "(self, /, text, top_k=20, with_weight=False, allow_pos=None, with_flag=False, *, script=None, fold_script=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        top_k: Option<i64>,
        with_weight: bool,
        allow_pos: Option<&Bound<'py, PyAny>>,
        with_flag: bool,
        script: Option<&str>,
        fold_script: Option<&str>,
    ) -> PyResult<Bound<'py, PyList>> {
        let (top_k, allow_pos) = parse_selection(top_k, allow_pos, &[])?;
        let script = self.tokenizer.get().script(script)?;
        let fold = parse_fold(fold_script)?;
        // A text with lone surrogates is read as jieba reads it; no keyword
        // holds one (they are cut alone, and keywords have two characters).
        let text = Text::extract(text)?;
        let segmenter = if fold {
            self.segmenter(py)
        } else {
            self.tokenizer.get().read_for(py, &text, script)
        };
        let (idf, stop_words, filters) = self.state();
        let options = Options {
            top_k,
            allow_pos: &allow_pos,
            with_flag: with_flag && !allow_pos.is_empty(),
            filters,
        };
        if script != Script::AsIs || fold {
            let found = py.detach(|| {
                keywords::extract_in_script(
                    &segmenter,
                    &idf,
                    &stop_words,
                    &text,
                    &options,
                    Method::Tfidf,
                    script,
                    fold,
                )
            });
            return keywords_to_list(py, &borrowed(&found), with_weight);
        }
        let keywords =
            py.detach(|| keywords::extract_tags(&segmenter, &idf, &stop_words, &text, &options));
        keywords_to_list(py, &keywords, with_weight)
    }

    /// ``extract`` over many texts on Rust threads, without the GIL, in order.
    /// Meanwhile the calling thread turns the keywords found into lists.
    ///
    /// ``missing="empty"`` treats ``None``/NaN (as in pandas columns) as empty
    /// texts; by default they raise a ``TypeError`` naming their position.
    ///
    /// ``progress=True`` shows a ``tqdm.auto`` bar (``None``: for large batches
    /// when running interactively).
    ///
    /// ``script`` and ``fold_script`` as in ``extract``.
    ///
    /// >>> TfidfExtractor().extract_many(["吉林欧亚置业增资", "台风登陆福建"], top_k=1)
    /// [['欧亚'], ['台风']]
    #[pyo3(
        signature = (texts, top_k = Some(20), with_weight = false, allow_pos = None, with_flag = false, threads = None, missing = "raise", progress = None, *, script = None, fold_script = None, output = "list"),
        text_signature = "(self, /, texts, top_k=20, with_weight=False, allow_pos=None, with_flag=False, threads=None, missing='raise', progress=None, *, script=None, fold_script=None, output='list')"
    )]
    #[allow(clippy::too_many_arguments)]
    fn extract_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        top_k: Option<i64>,
        with_weight: bool,
        allow_pos: Option<&Bound<'py, PyAny>>,
        with_flag: bool,
        threads: Option<Threads>,
        missing: &str,
        progress: Option<bool>,
        script: Option<&str>,
        fold_script: Option<&str>,
        output: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let threads = Threads::count(threads);
        let (top_k, allow_pos) = parse_selection(top_k, allow_pos, &[])?;
        let with_flag = with_flag && !allow_pos.is_empty();
        let many = Many {
            texts,
            threads,
            missing,
            progress,
            output,
            with_weight,
        };
        self.keywords_many(
            py,
            many,
            Method::Tfidf,
            top_k,
            &allow_pos,
            with_flag,
            script,
            fold_script,
        )
    }

    /// :meth:`textrank` over many texts on Rust threads, without the GIL, in
    /// order. ``texts``, ``missing``, ``progress`` and ``output`` as in
    /// :meth:`extract_many`.
    ///
    /// >>> TfidfExtractor().textrank_many(["吉林欧亚置业有限公司增资，吉林欧亚置业注册资本增加"], top_k=2)
    /// [['吉林', '欧亚']]
    #[pyo3(
        signature = (texts, top_k = Some(20), with_weight = false, allow_pos = None, with_flag = false, threads = None, missing = "raise", progress = None, *, script = None, fold_script = None, output = "list"),
        text_signature = "(self, /, texts, top_k=20, with_weight=False, allow_pos=None, with_flag=False, threads=None, missing='raise', progress=None, *, script=None, fold_script=None, output='list')"
    )]
    #[allow(clippy::too_many_arguments)]
    fn textrank_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        top_k: Option<i64>,
        with_weight: bool,
        allow_pos: Option<&Bound<'py, PyAny>>,
        with_flag: bool,
        threads: Option<Threads>,
        missing: &str,
        progress: Option<bool>,
        script: Option<&str>,
        fold_script: Option<&str>,
        output: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let threads = Threads::count(threads);
        let (top_k, allow_pos) = parse_selection(top_k, allow_pos, &TEXTRANK_POS)?;
        let many = Many {
            texts,
            threads,
            missing,
            progress,
            output,
            with_weight,
        };
        self.keywords_many(
            py,
            many,
            Method::TextRank,
            top_k,
            &allow_pos,
            with_flag,
            script,
            fold_script,
        )
    }

    /// Learn the IDF table from your own documents, so that keywords are
    /// relative to your archive rather than to jieba's general corpus.
    /// Returns the extractor.
    ///
    /// >>> ex = TfidfExtractor().fit(["台风登陆福建", "台风登陆浙江", "台风登陆广东"])
    /// >>> ex.idf("台风") < ex.idf("福建")
    /// True
    ///
    /// ``fold_script="simplified"`` counts every text in simplified characters
    /// (traditional text read as ``script="auto"`` reads it), as
    /// :meth:`extract` with ``fold_script="simplified"`` looks words up: both
    /// spellings of a word then share one document frequency.
    #[pyo3(signature = (texts, *, threads = None, missing = "raise", fold_script = None))]
    fn fit<'py>(
        slf: &Bound<'py, Self>,
        texts: &Bound<'py, PyAny>,
        threads: Option<Threads>,
        missing: &str,
        fold_script: Option<&str>,
    ) -> PyResult<Bound<'py, Self>> {
        let (df, n_docs) =
            slf.get()
                .document_frequencies(slf.py(), texts, threads, missing, fold_script)?;
        Self::fit_document_frequencies(slf, df, n_docs)
    }

    /// In how many of ``texts`` each candidate keyword occurs, and the number
    /// of texts: the statistics :meth:`fit` learns from. Counts from parts of
    /// a corpus add up, so a cluster can count partitions separately and
    /// combine them with :meth:`fit_document_frequencies`.
    ///
    /// ``fold_script`` as in :meth:`fit`.
    ///
    /// >>> TfidfExtractor().document_frequencies(["台风登陆福建", "台风登陆浙江"])[0]["台风"]
    /// 2
    /// >>> TfidfExtractor().document_frequencies(["颱風登陸", "台风登陆"], fold_script="simplified")[0]["台风"]
    /// 2
    #[pyo3(signature = (texts, *, threads = None, missing = "raise", fold_script = None))]
    fn document_frequencies(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        threads: Option<Threads>,
        missing: &str,
        fold_script: Option<&str>,
    ) -> PyResult<(HashMap<String, u64>, u64)> {
        let threads = Threads::count(threads);
        // Folded as `extract` folds: the tokenizer's script, `as_is` read as `auto`.
        let fold = parse_fold(fold_script)?
            .then(|| self.tokenizer.get().script(None))
            .transpose()?;
        let texts = extract_texts(texts, Missing::parse(missing)?)?;
        let segmenter = self.segmenter(py);
        let (_, stop_words, filters) = self.state();
        let mut counts = DocumentFrequencies::default();
        batch::for_each_chunk(
            py,
            threads,
            &texts,
            parallel::chunk_len(threads, texts.len(), 1024),
            &Progress::new(py, Some(false), 0, "fit")?,
            |part| DocumentFrequencies::of_texts(&segmenter, part, &stop_words, filters, fold),
            |part| {
                counts.merge(part);
                Ok(())
            },
        )?;
        Ok((counts.df.into_iter().collect(), counts.n_docs))
    }

    /// Set the IDF table from document frequencies (as :meth:`document_frequencies`
    /// returns them, possibly summed over partitions) and the number of
    /// documents; equal to :meth:`fit` on the whole corpus. Returns the extractor.
    ///
    /// >>> ex = TfidfExtractor()
    /// >>> df, n = ex.document_frequencies(["台风登陆福建", "台风登陆浙江", "台风登陆广东"])
    /// >>> ex.fit_document_frequencies(df, n).idf("台风") == TfidfExtractor().fit(["台风登陆福建", "台风登陆浙江", "台风登陆广东"]).idf("台风")
    /// True
    fn fit_document_frequencies<'py>(
        slf: &Bound<'py, Self>,
        document_frequencies: HashMap<String, u64>,
        n_docs: u64,
    ) -> PyResult<Bound<'py, Self>> {
        let counts = DocumentFrequencies {
            df: document_frequencies.into_iter().collect(),
            n_docs,
        };
        let table = counts.idf_table().map_err(segment_error)?;
        let this = slf.get();
        let mut state = this.state.write().unwrap_or_else(|e| e.into_inner());
        state.idf = Arc::new(table);
        state.idf_source = IdfSource::Table;
        Ok(slf.clone())
    }

    /// Write the IDF table in jieba's ``idf.txt`` format (``word idf`` per
    /// line); ``TfidfExtractor(idf=path)`` reads it back.
    fn save_idf(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let (idf, _, _) = self.state();
        py.detach(|| std::fs::write(&path, idf.to_text()))
            .map_err(|e| pyo3::exceptions::PyOSError::new_err(format!("{}: {e}", path.display())))
    }

    /// Use another ``idf.txt``, as ``jieba.analyse.set_idf_path``.
    fn set_idf_path(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let (table, source) = py
            .detach(|| Extractor::read_idf(&path))
            .map_err(segment_error)?;
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        state.idf = Arc::new(table);
        state.idf_source = source;
        Ok(())
    }

    /// Add stop words (a file path, one per line, or an iterable of words),
    /// as ``jieba.analyse.set_stop_words``.
    fn set_stop_words(&self, source: &Bound<'_, PyAny>) -> PyResult<()> {
        let words = read_stop_words(source)?;
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        let mut set = (*state.stop_words).clone();
        set.extend(words);
        state.stop_words = Arc::new(set);
        Ok(())
    }

    /// Keywords of ``text`` by TextRank, as ``jieba.analyse.textrank``,
    /// with this extractor's tokenizer and stop words.
    ///
    /// ``script`` and ``fold_script`` as in ``extract``.
    ///
    /// >>> TfidfExtractor().textrank("吉林欧亚置业有限公司增资，吉林欧亚置业注册资本增加", top_k=2)
    /// ['吉林', '欧亚']
    #[pyo3(
        signature = (text, top_k = Some(20), with_weight = false, allow_pos = None, with_flag = false, *, script = None, fold_script = None),
        text_signature = "(self, /, text, top_k=20, with_weight=False, allow_pos=None, with_flag=False, *, script=None, fold_script=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn textrank<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        top_k: Option<i64>,
        with_weight: bool,
        allow_pos: Option<&Bound<'py, PyAny>>,
        with_flag: bool,
        script: Option<&str>,
        fold_script: Option<&str>,
    ) -> PyResult<Bound<'py, PyList>> {
        let top_k = parse_top_k(top_k)?;
        let script = self.tokenizer.get().script(script)?;
        let fold = parse_fold(fold_script)?;
        let allow_pos = match allow_pos {
            Some(p) => parse_pos(p)?,
            None => TEXTRANK_POS.iter().map(|t| (*t).to_owned()).collect(),
        };
        let text = Text::extract(text)?;
        let segmenter = self.segmenter(py);
        let (_, stop_words, filters) = self.state();
        let options = Options {
            top_k,
            allow_pos: &allow_pos,
            with_flag,
            filters,
        };
        if script != Script::AsIs || fold {
            let (idf, _, _) = self.state();
            let found = py.detach(|| {
                keywords::extract_in_script(
                    &segmenter,
                    &idf,
                    &stop_words,
                    &text,
                    &options,
                    Method::TextRank,
                    script,
                    fold,
                )
            });
            return keywords_to_list(py, &borrowed(&found), with_weight);
        }
        let keywords = py.detach(|| keywords::textrank(&segmenter, &stop_words, &text, &options));
        keywords_to_list(py, &keywords, with_weight)
    }

    /// Unpickling makes the extractor with its tokenizer, then sets its state.
    fn __getnewargs__(&self, py: Python<'_>) -> (Py<Tokenizer>,) {
        (self.tokenizer.clone_ref(py),)
    }

    /// The state to pickle, as serde bytes (``keywords::ExtractorState``):
    /// the IDF source (a file by path and content hash, a fitted table in
    /// full), the added stop words and the filters.
    fn __getstate__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let state = self.state.read().unwrap_or_else(|e| e.into_inner()).state();
        Ok(PyBytes::new(py, &state_to_bytes(&state)?))
    }

    fn __setstate__(&self, py: Python<'_>, state: &[u8]) -> PyResult<()> {
        let state: ExtractorState = state_from_bytes(state, "TfidfExtractor")?;
        let extractor = py
            .detach(|| Extractor::from_state(&state))
            .map_err(segment_error)?;
        *self.state.write().unwrap_or_else(|e| e.into_inner()) = extractor;
        Ok(())
    }

    fn __repr__(&self) -> String {
        let state = self.state.read().unwrap_or_else(|e| e.into_inner());
        let idf = match &state.idf_source {
            IdfSource::Embedded => "jieba's idf.txt".to_owned(),
            IdfSource::File { path, .. } => path.display().to_string(),
            IdfSource::Table => format!("fitted table of {} words", state.idf.len()),
        };
        let filters = if state.filters.is_none() {
            String::new()
        } else {
            format!(", filters={:?}", state.filters.names())
        };
        format!(
            "TfidfExtractor(idf={idf}, {} stop words{filters})",
            state.stop_words.len()
        )
    }
}
