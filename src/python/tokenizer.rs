//! `zhtext._zhtext.Tokenizer`: the binding of [`crate::segment::Segmenter`].

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use numpy::PyArray1;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};

use super::batch;
use super::convert::{extract_texts, new_py_str, words_to_list, Missing};
use super::errors::segment_error;
use super::progress::Progress;
use crate::parallel;
use crate::segment::{Columnar, Edit, Mode, Segmenter};

/// An edit as Python sees it in a pickling recipe: `(word, freq, tag)`.
type EditTuple = (String, usize, Option<String>);

/// A jieba tokenizer: cut, tokenize and tag Chinese text, like ``jieba.Tokenizer``.
///
/// Results equal Python jieba 0.42.1's token for token (the README lists the
/// documented differences). ``dictionary`` is a jieba-format main dictionary
/// file (``word freq [tag]`` per line); ``None`` uses jieba's dictionary,
/// embedded in zhtext and shared by all tokenizers until one changes it.
/// A tokenizer pickles as a small recipe: the dictionary path plus the user
/// words and frequency changes applied, not the dictionary itself.
///
/// Examples
/// --------
/// >>> import zhtext as zt
/// >>> tok = zt.Tokenizer()
/// >>> tok.cut("我来到北京清华大学")
/// ['我', '来到', '北京', '清华大学']
/// >>> _ = tok.add_word("侍建宇", tag="nr")
/// >>> tok.tag("侍建宇表示")
/// [('侍建宇', 'nr'), ('表示', 'v')]
///
/// Implementation notes: safe to share between threads. A call works on a snapshot of the
/// segmenter taken when it starts; a dictionary change makes a new one
/// (copying only if some call still uses the old), so cuts never wait for
/// edits and never see half an edit. Locks are only taken with the GIL
/// released, so no thread can hold one while waiting for the GIL.
#[pyclass(module = "zhtext", subclass, frozen)]
pub struct Tokenizer {
    segmenter: RwLock<Arc<Segmenter>>,
}

pub(crate) fn parse_mode(mode: &str) -> PyResult<Mode> {
    match mode {
        "default" => Ok(Mode::Default),
        "all" => Ok(Mode::All),
        "search" => Ok(Mode::Search),
        other => Err(PyValueError::new_err(format!(
            "mode must be 'default', 'all' or 'search', not {other:?}"
        ))),
    }
}

impl Tokenizer {
    fn from_shared(segmenter: Arc<Segmenter>) -> Self {
        Tokenizer {
            segmenter: RwLock::new(segmenter),
        }
    }

    /// The current segmenter. Call without the GIL. Poisoning is ignored:
    /// edits validate their input before changing anything and never panic
    /// midway, so the segmenter behind a poisoned lock is whole.
    pub(crate) fn snapshot(&self) -> Arc<Segmenter> {
        Arc::clone(&self.segmenter.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// The current segmenter, taken with the GIL released.
    pub(crate) fn read(&self, py: Python<'_>) -> Arc<Segmenter> {
        py.detach(|| self.snapshot())
    }

    /// Run `work` on the current segmenter. Short texts are cut right away
    /// under a read lock: releasing and retaking the GIL would cost more than
    /// the cut. Long ones, or any while an edit holds the lock, run with the
    /// GIL released so other Python threads go on.
    fn run<R: Send>(
        &self,
        py: Python<'_>,
        text_len: usize,
        work: impl FnOnce(&Segmenter) -> R + Send,
    ) -> R {
        const DETACH_MIN_BYTES: usize = 8 << 10;
        if text_len < DETACH_MIN_BYTES {
            if let Ok(segmenter) = self.segmenter.try_read() {
                return work(&segmenter);
            }
        }
        py.detach(|| work(&self.snapshot()))
    }

    /// Apply `edit` with the GIL released. The segmenter is copied first
    /// only if a running call still holds a snapshot of it. Edits check
    /// their input before changing anything, so a failed one changes nothing.
    fn edit<R: Send>(
        &self,
        py: Python<'_>,
        edit: impl FnOnce(&mut Segmenter) -> Result<R, crate::segment::Error> + Send,
    ) -> PyResult<R> {
        py.detach(|| {
            let mut current = self.segmenter.write().unwrap_or_else(|e| e.into_inner());
            edit(Arc::make_mut(&mut current))
        })
        .map_err(segment_error)
    }
}

#[pymethods]
impl Tokenizer {
    #[new]
    #[pyo3(signature = (dictionary = None))]
    fn new(py: Python<'_>, dictionary: Option<PathBuf>) -> PyResult<Self> {
        let segmenter = py
            .detach(|| match &dictionary {
                None => Ok(Segmenter::shared_embedded()),
                Some(path) => Segmenter::with_dictionary(path).map(Arc::new),
            })
            .map_err(segment_error)?;
        Ok(Self::from_shared(segmenter))
    }

    /// Replay edits from another tokenizer's `_recipe()` (used by pickling).
    fn _apply_edits(&self, py: Python<'_>, edits: Vec<EditTuple>) -> PyResult<()> {
        let edits: Vec<Edit> = edits
            .into_iter()
            .map(|(word, freq, tag)| Edit { word, freq, tag })
            .collect();
        self.edit(py, |s| s.apply_edits(&edits))
    }

    /// The dictionary path and the edits applied since loading it.
    fn _recipe(&self, py: Python<'_>) -> (Option<PathBuf>, Vec<EditTuple>) {
        let segmenter = self.read(py);
        let path = segmenter.source().path().map(PathBuf::from);
        let edits = segmenter
            .edits()
            .iter()
            .map(|e| (e.word.clone(), e.freq, e.tag.clone()))
            .collect();
        (path, edits)
    }

    /// The main dictionary file, or None for the embedded jieba dictionary.
    #[getter]
    fn dictionary(&self, py: Python<'_>) -> Option<PathBuf> {
        self.read(py).source().path().map(PathBuf::from)
    }

    /// jieba's total of all frequencies.
    #[getter]
    fn total(&self, py: Python<'_>) -> usize {
        self.read(py).total()
    }

    /// The dictionary frequency of `word`, or None if it is not a word.
    fn word_freq(&self, py: Python<'_>, word: &str) -> Option<usize> {
        py.detach(|| self.snapshot().word_freq(word))
    }

    /// Add the words of a user dictionary, as ``jieba.load_userdict``.
    ///
    /// ``source`` is a file path or an iterable of lines (an open file, a list
    /// of str or bytes). Each line is ``word [freq] [tag]``; a word without a
    /// frequency gets jieba's suggested one, so it is cut whole. Raises
    /// ``FileNotFoundError`` for a missing file and ``zhtext.DictionaryError``
    /// (a ``ValueError``) naming the file (or ``<lines>``) and line of the first
    /// malformed line, in which case nothing is added.
    ///
    /// >>> tok = Tokenizer()
    /// >>> tok.load_userdict(["云计算 5 n", "创新办 3 i"])
    /// >>> tok.cut("创新办主任也是云计算方面的专家")[:2]
    /// ['创新办', '主任']
    fn load_userdict(&self, py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<()> {
        if let Ok(path) = source.extract::<PathBuf>() {
            return self.edit(py, |s| s.load_userdict(&path));
        }
        let name = match source.getattr("name") {
            Ok(name) => name.str()?.to_string(),
            Err(_) => "<lines>".to_owned(),
        };
        let mut text = String::new();
        for line in source.try_iter()? {
            let line = line?;
            if let Ok(bytes) = line.cast::<PyBytes>() {
                let line = std::str::from_utf8(bytes.as_bytes()).map_err(|e| {
                    PyValueError::new_err(format!("{name}: a line is not UTF-8: {e}"))
                })?;
                text.push_str(line.trim_end_matches(['\r', '\n']));
            } else {
                text.push_str(
                    line.extract::<PyBackedStr>()?
                        .trim_end_matches(['\r', '\n']),
                );
            }
            text.push('\n');
        }
        self.edit(py, |s| s.load_userdict_text(&text, &name))
    }

    /// Add ``word`` to the dictionary, as ``jieba.add_word``; returns its frequency.
    ///
    /// ``freq=None`` uses ``suggest_freq(word)``, which keeps the word whole;
    /// ``tag`` is its part of speech for ``tag()``.
    ///
    /// >>> Tokenizer().add_word("石墨烯") > 0
    /// True
    #[pyo3(signature = (word, freq = None, tag = None))]
    fn add_word(
        &self,
        py: Python<'_>,
        word: &str,
        freq: Option<i64>,
        tag: Option<&str>,
    ) -> PyResult<usize> {
        let freq = freq
            .map(|f| {
                usize::try_from(f)
                    .map_err(|_| PyValueError::new_err(format!("freq must be >= 0, not {f}")))
            })
            .transpose()?;
        self.edit(py, |s| s.add_word(word, freq, tag))
    }

    /// Stop producing ``word``, as ``jieba.del_word`` (its frequency becomes 0).
    ///
    /// >>> tok = Tokenizer(); tok.del_word("清华大学"); tok.cut("清华大学")
    /// ['清华', '大学']
    fn del_word(&self, py: Python<'_>, word: &str) -> PyResult<()> {
        self.edit(py, |s| s.del_word(word))
    }

    /// A frequency that keeps ``segment`` whole (a str) or splits it into the
    /// given parts (a tuple of str), as ``jieba.suggest_freq``; ``tune=True``
    /// also applies it.
    ///
    /// >>> tok = Tokenizer()
    /// >>> tok.suggest_freq(("中", "将"), tune=True)
    /// 494
    /// >>> tok.cut("如果放到post中将出错。", hmm=False)
    /// ['如果', '放到', 'post', '中', '将', '出错', '。']
    #[pyo3(signature = (segment, tune = false))]
    fn suggest_freq(
        &self,
        py: Python<'_>,
        segment: &Bound<'_, PyAny>,
        tune: bool,
    ) -> PyResult<usize> {
        let (word, freq) = if let Ok(word) = segment.extract::<PyBackedStr>() {
            let freq = py.detach(|| self.snapshot().suggest_word_freq(&word));
            (word.to_string(), freq)
        } else if let Ok(parts) = segment.extract::<Vec<PyBackedStr>>() {
            let parts: Vec<&str> = parts.iter().map(|p| &**p).collect();
            let freq = py.detach(|| self.snapshot().suggest_split_freq(&parts));
            (parts.concat(), freq)
        } else {
            return Err(PyTypeError::new_err(
                "segment must be a str or a tuple of str",
            ));
        };
        if tune {
            self.edit(py, |s| s.add_word(&word, Some(freq), None))?;
        }
        Ok(freq)
    }

    /// Discover new words in ``texts`` and add them, so that ``cut`` keeps them whole.
    ///
    /// Runs :func:`zhtext.discover_words` with this tokenizer's dictionary and
    /// adds the candidates that are not in it, are not compounds of known words
    /// and score at least ``min_score`` (the ``top_k`` best; ``None``: all).
    /// Each gets the larger of ``suggest_freq(word)`` and the frequency its
    /// count in ``texts`` implies at the dictionary's scale, so that jieba's
    /// route keeps it whole in running text, not only alone. The additions are
    /// ordinary user words: they pickle with the tokenizer and ``del_word``
    /// removes them. Returns what was added: a DataFrame with the columns of
    /// ``discover_words`` plus ``freq``.
    ///
    /// >>> tok = Tokenizer()
    /// >>> texts = [f"{a}，郑月娥{b}。" for a in ("他说", "此外", "同时", "记者问") for b in ("表示", "指出", "强调")]
    /// >>> tok.cut("郑月娥说")
    /// ['郑月', '娥', '说']
    /// >>> tok.learn_words(texts, min_count=3)["word"].tolist()
    /// ['郑月娥']
    /// >>> tok.cut("郑月娥说")
    /// ['郑月娥', '说']
    #[pyo3(
        signature = (texts, *, top_k = None, min_score = crate::words::DEFAULT_MIN_SCORE, min_count = 5, max_len = 6, threads = None, missing = "raise"),
        text_signature = "(self, /, texts, *, top_k=None, min_score=3.0, min_count=5, max_len=6, threads=None, missing='raise')"
    )]
    #[allow(clippy::too_many_arguments)]
    fn learn_words<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        top_k: Option<usize>,
        min_score: f64,
        min_count: i64,
        max_len: usize,
        threads: Option<usize>,
        missing: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let settings = super::words::Settings {
            min_count,
            max_len,
            threads,
            missing: missing.to_owned(),
            max_ngrams: crate::words::Config::default().max_ngrams,
            function_chars: true,
            nested_share: crate::words::Config::default().nested_share,
        };
        let discovery = super::words::discover(py, texts, &self.read(py), &settings)?;
        let added = self.edit(py, |s| crate::words::learn(s, &discovery, min_score, top_k))?;
        let (candidates, freqs): (Vec<_>, Vec<_>) = added.into_iter().unzip();
        let columns = super::words::columns(py, &candidates, Some(&freqs))?;
        super::words::frame(py, columns, &discovery)
    }

    /// Cut ``text`` into words, as ``jieba.lcut(text, HMM=hmm)``.
    ///
    /// >>> Tokenizer().cut("他来到了网易杭研大厦")
    /// ['他', '来到', '了', '网易', '杭研', '大厦']
    #[pyo3(signature = (text, hmm = true))]
    fn cut<'py>(
        &self,
        py: Python<'py>,
        text: PyBackedStr,
        hmm: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let words = self.run(py, text.len(), |s| s.cut(&text, hmm));
        words_to_list(py, &words)
    }

    /// Every dictionary word in ``text`` (full mode), as ``jieba.lcut(text, cut_all=True)``.
    ///
    /// >>> Tokenizer().cut_all("清华大学")
    /// ['清华', '清华大学', '华大', '大学']
    fn cut_all<'py>(&self, py: Python<'py>, text: PyBackedStr) -> PyResult<Bound<'py, PyList>> {
        let words = self.run(py, text.len(), |s| s.cut_all(&text));
        words_to_list(py, &words)
    }

    /// Search-engine mode, as ``jieba.lcut_for_search``: long words also give
    /// their dictionary parts.
    ///
    /// >>> Tokenizer().cut_for_search("中国科学院")
    /// ['中国', '科学', '学院', '科学院', '中国科学院']
    #[pyo3(signature = (text, hmm = true))]
    fn cut_for_search<'py>(
        &self,
        py: Python<'py>,
        text: PyBackedStr,
        hmm: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let words = self.run(py, text.len(), |s| s.cut_for_search(&text, hmm));
        words_to_list(py, &words)
    }

    /// Words with character offsets ``(word, start, end)``, as ``jieba.tokenize``.
    ///
    /// ``mode`` is ``"default"`` or ``"search"``.
    ///
    /// >>> Tokenizer().tokenize("永和服装")
    /// [('永和', 0, 2), ('服装', 2, 4)]
    #[pyo3(signature = (text, mode = "default", hmm = true))]
    fn tokenize<'py>(
        &self,
        py: Python<'py>,
        text: PyBackedStr,
        mode: &str,
        hmm: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let mode = parse_mode(mode)?;
        let tokens = self.run(py, text.len(), |s| s.tokenize(&text, mode, hmm));
        PyList::new(
            py,
            tokens
                .iter()
                .map(|t| (new_py_str(py, t.word), t.start, t.end)),
        )
    }

    /// Words with part-of-speech tags, as ``jieba.posseg.lcut``.
    ///
    /// >>> Tokenizer().tag("我爱北京天安门")
    /// [('我', 'r'), ('爱', 'v'), ('北京', 'ns'), ('天安门', 'ns')]
    #[pyo3(signature = (text, hmm = true))]
    fn tag<'py>(
        &self,
        py: Python<'py>,
        text: PyBackedStr,
        hmm: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let segmenter = self.read(py);
        let tagged = py.detach(|| segmenter.tag(&text, hmm));
        PyList::new(
            py,
            tagged
                .iter()
                .map(|&(w, t)| PyTuple::new(py, [new_py_str(py, w), PyString::intern(py, t)]))
                .collect::<PyResult<Vec<_>>>()?,
        )
    }

    /// Cut many texts on Rust threads, without the GIL, keeping their order.
    ///
    /// ``mode`` is ``"default"``, ``"all"`` or ``"search"``; ``threads=None``
    /// cuts on every core. Meanwhile the calling thread turns the texts
    /// already cut into lists. ``output`` chooses the result:
    ///
    /// - ``"list"``: a list of lists of str;
    /// - ``"arrow"``: a ``pyarrow.LargeListArray`` of ``large_string``, built
    ///   from flat buffers with no Python object per word (needs pyarrow);
    /// - ``"numpy"``: those buffers, ``(data, word_offsets, text_offsets)``:
    ///   ``data`` holds the UTF-8 bytes of every word (uint8); word ``i`` is
    ///   ``data[word_offsets[i]:word_offsets[i + 1]]``, and the words of text
    ///   ``j`` are words ``text_offsets[j]`` to ``text_offsets[j + 1]`` (int64).
    ///
    /// >>> tok = Tokenizer()
    /// >>> tok.cut_many(["我来到北京", "清华大学"])
    /// [['我', '来到', '北京'], ['清华大学']]
    /// >>> tok.cut_many(["我来到北京"], output="arrow").to_pylist()
    /// [['我', '来到', '北京']]
    ///
    /// ``progress=True`` shows a ``tqdm.auto`` bar that moves as texts finish
    /// (``None``: shown for large batches when running interactively).
    #[pyo3(signature = (texts, *, mode = "default", hmm = true, threads = None, output = "list", progress = None))]
    #[allow(clippy::too_many_arguments)]
    fn cut_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        mode: &str,
        hmm: bool,
        threads: Option<usize>,
        output: &str,
        progress: Option<bool>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mode = parse_mode(mode)?;
        if !matches!(output, "list" | "arrow" | "numpy") {
            return Err(PyValueError::new_err(format!(
                "output must be 'list', 'arrow' or 'numpy', not {output:?}"
            )));
        }
        let texts = extract_texts(texts, Missing::Raise)?;
        let segmenter = self.read(py);
        let bar = Progress::new(py, progress, texts.len(), "cut_many")?;
        if output == "list" {
            let lists = batch::map_texts(
                py,
                &texts,
                threads,
                &bar,
                |text| {
                    let mut words = Vec::new();
                    segmenter.cut_each(text, mode, hmm, |w| words.push(w));
                    words
                },
                |words| words_to_list(py, &words),
            )?;
            return Ok(PyList::new(py, lists)?.into_any());
        }
        let mut columnar = Columnar::default();
        for chunk in bar.chunks(texts.len()) {
            let part = &texts[chunk];
            columnar.append(py.detach(|| {
                parallel::install(threads, || segmenter.cut_many_columnar(part, mode, hmm))
            }));
            bar.advance(part.len())?;
        }
        let buffers = (
            PyArray1::from_vec(py, columnar.data),
            PyArray1::from_vec(py, columnar.word_offsets),
            PyArray1::from_vec(py, columnar.text_offsets),
        )
            .into_pyobject(py)?;
        if output == "numpy" {
            return Ok(buffers.into_any());
        }
        py.import("zhtext._arrow")?
            .call_method1("large_list_of_strings", buffers)
    }

    /// Pickle as ``(restore, (class, dictionary path, edits))``.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let (dictionary, edits) = slf.get()._recipe(py);
        let restore = py.import("zhtext._zhtext")?.getattr("_restore_tokenizer")?;
        (restore, (slf.get_type(), dictionary, edits)).into_pyobject(py)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let segmenter = self.read(py);
        let source = segmenter
            .source()
            .path()
            .map_or("embedded jieba dictionary".to_owned(), |p| {
                p.display().to_string()
            });
        format!(
            "Tokenizer({source}, {} user edits)",
            segmenter.edits().len()
        )
    }
}

/// Rebuild a pickled tokenizer: `cls(dictionary)`, then the recorded edits.
#[pyfunction]
pub(crate) fn _restore_tokenizer<'py>(
    cls: &Bound<'py, pyo3::types::PyType>,
    dictionary: Option<PathBuf>,
    edits: Vec<EditTuple>,
) -> PyResult<Bound<'py, PyAny>> {
    let tokenizer = cls.call1((dictionary,))?;
    tokenizer
        .cast::<Tokenizer>()?
        .get()
        ._apply_edits(cls.py(), edits)?;
    Ok(tokenizer)
}
