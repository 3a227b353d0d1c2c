//! `zhtext._zhtext.Tokenizer`: the binding of [`crate::segment::Segmenter`].

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use numpy::PyArray1;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use arrow_array::cast::AsArray;

use super::arrow::{self, Output, RecordLists, WordLists};
use super::batch;
use super::batch::Threads;
use super::convert::{
    extract_texts, new_py_str, state_from_bytes, state_to_bytes, words_to_list, BatchText, Missing,
    TaggedTuples, Text,
};
use super::errors::segment_error;
use super::mentions;
use super::preload;
use super::progress::Progress;
use crate::convert::Script;
use crate::mentions::Kind;
use crate::schema;
use crate::segment::{Misread, Mode, Segmenter, SegmenterState};

/// A jieba tokenizer: cut, tokenize and tag Chinese text, like ``jieba.Tokenizer``.
///
/// Results equal Python jieba 0.42.1's token for token (the README lists the
/// documented differences). ``dictionary`` is a jieba-format main dictionary
/// file (``word freq [tag]`` per line); ``None`` uses jieba's dictionary,
/// embedded in zhtext and shared by all tokenizers until one changes it.
/// A tokenizer pickles as a small recipe: the dictionary's path and content
/// hash plus the net effect of the user's changes, not the dictionary itself.
///
/// ``script`` is how the segmenting methods treat traditional characters
/// (each also takes ``script=`` to override it for one call):
///
/// - ``"as_is"`` (the default): cut the text as it is, exactly as jieba does;
/// - ``"auto"``: a text that looks traditional (more characters that only
///   traditional script uses than simplified-only ones) is cut through its
///   simplified form (OpenCC ``t2s``), since jieba's dictionary is simplified,
///   and the words come back in the text's own characters, with offsets into
///   it; other texts are cut as they are;
/// - ``"simplified"``: every text is cut through its simplified form.
///
/// Both also read full-width letters, digits and ``%``… as ASCII (``５０％`` is
/// one word, as ``50%`` is), giving the words back as written.
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
/// >>> zt.Tokenizer(script="auto").cut("我來到北京清華大學")
/// ['我', '來到', '北京', '清華大學']
///
/// Implementation notes: safe to share between threads. A call works on a snapshot of the
/// segmenter taken when it starts; a dictionary change makes a new one
/// (copying only if some call still uses the old), so cuts never see half
/// an edit. The lock is only taken with the GIL held and never kept while
/// the GIL is released, so no thread holds it while waiting for the GIL,
/// and a process forked by another thread (``os.fork`` holds the GIL)
/// never inherits it locked.
#[pyclass(module = "zhtext", subclass, frozen)]
pub struct Tokenizer {
    /// `None` stands for the shared embedded segmenter while the loading
    /// thread is still building it (see `preload`): the first calls then
    /// need not wait for it (see [`Tokenizer::read_for`]).
    segmenter: RwLock<Option<Arc<Segmenter>>>,
    script: Script,
}

/// A `script=` argument; `None` stands for `default`.
pub(crate) fn parse_script(script: Option<&str>, default: Script) -> PyResult<Script> {
    script.map_or(Ok(default), |name| {
        name.parse()
            .map_err(|e: crate::convert::UnknownScript| PyValueError::new_err(e.to_string()))
    })
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

/// Texts up to this long are cut by a segmenter of their own while the
/// embedded dictionary is being built: about a thousand characters take a
/// few milliseconds (see [`Segmenter::embedded_for_text`]); a longer one
/// would cost nearly as much as the whole dictionary.
const EARLY_TEXT_BYTES: usize = 4 << 10;

/// A segmenter with the main dictionary at `path`, or the shared embedded one.
fn load_segmenter(path: Option<&std::path::Path>) -> Result<Arc<Segmenter>, crate::segment::Error> {
    match path {
        None => Ok(Segmenter::shared_embedded()),
        Some(path) => Segmenter::with_dictionary(path).map(Arc::new),
    }
}

impl Tokenizer {
    /// The script of a call: its `script=` argument, else the tokenizer's.
    pub(crate) fn script(&self, script: Option<&str>) -> PyResult<Script> {
        parse_script(script, self.script)
    }

    /// The current segmenter. Poisoning is ignored: edits validate their
    /// input before changing anything and never panic midway, so the
    /// segmenter behind a poisoned lock is whole.
    pub(crate) fn read(&self, py: Python<'_>) -> Arc<Segmenter> {
        if let Some(current) = &*self.segmenter.read().unwrap_or_else(|e| e.into_inner()) {
            return Arc::clone(current);
        }
        let built = py.detach(Segmenter::shared_embedded);
        self.settle(built)
    }

    /// The segmenter now that the shared embedded one is `built`: unless an
    /// edit or `set_dictionary` put another one in meanwhile, that one.
    fn settle(&self, built: Arc<Segmenter>) -> Arc<Segmenter> {
        let mut current = self.segmenter.write().unwrap_or_else(|e| e.into_inner());
        Arc::clone(current.get_or_insert(built))
    }

    /// The segmenter to cut, tokenize or tag `text` with in `script`: the
    /// current one, except while the embedded dictionary is still being
    /// built, when a short text in its own script gets a segmenter of just
    /// the words it can hold, which cuts it as the whole dictionary would
    /// ([`Segmenter::embedded_for_text`]), instead of waiting.
    pub(crate) fn read_for(&self, py: Python<'_>, text: &str, script: Script) -> Arc<Segmenter> {
        if let Some(current) = &*self.segmenter.read().unwrap_or_else(|e| e.into_inner()) {
            return Arc::clone(current);
        }
        if let Some(built) = Segmenter::shared_embedded_if_built() {
            return self.settle(built);
        }
        if script == Script::AsIs && text.len() <= EARLY_TEXT_BYTES && preload::is_loading() {
            return Arc::new(Segmenter::embedded_for_text(text));
        }
        self.read(py)
    }

    /// Run `work` on the current segmenter. Short texts are cut right away:
    /// releasing and retaking the GIL would cost more than the cut. Long
    /// ones run with the GIL released so other Python threads go on.
    fn run<R: Send>(
        &self,
        py: Python<'_>,
        text_len: usize,
        work: impl FnOnce(&Segmenter) -> R + Send,
    ) -> R {
        const DETACH_MIN_BYTES: usize = 8 << 10;
        if text_len < DETACH_MIN_BYTES {
            if let Some(current) = &*self.segmenter.read().unwrap_or_else(|e| e.into_inner()) {
                return work(current);
            }
        }
        let segmenter = self.read(py);
        if text_len < DETACH_MIN_BYTES {
            return work(&segmenter);
        }
        py.detach(|| work(&segmenter))
    }

    /// Apply `edit`. The segmenter is copied first only if a running call
    /// still holds a snapshot of it. Edits check their input before
    /// changing anything, so a failed one changes nothing. The GIL is kept:
    /// `os.fork()` needs it too, so no child process can be forked while
    /// the lock is held (it would stay locked in the child for good).
    fn edit<R: Send>(
        &self,
        py: Python<'_>,
        edit: impl FnOnce(&mut Segmenter) -> Result<R, crate::segment::Error> + Send,
    ) -> PyResult<R> {
        let built = self.read(py);
        let mut current = self.segmenter.write().unwrap_or_else(|e| e.into_inner());
        edit(Arc::make_mut(current.get_or_insert(built))).map_err(segment_error)
    }

    /// `work` over `text` on the current segmenter, its results handed to
    /// `take` in order: a long text is worked on in pieces (see
    /// [`crate::segment::pieces`]) on every core, with Ctrl-C checked
    /// between them, and each piece's results go to `take` as they come, so
    /// only a few pieces' are held at once; `script` other than `as_is`
    /// judges the whole text, so such a text stays whole.
    fn run_long<'s, 't, W: Send>(
        &self,
        py: Python<'_>,
        segmenter: &'s Segmenter,
        text: &'t str,
        script: Script,
        work: impl Fn(&'s Segmenter, &'t str) -> Vec<W> + Sync + Send,
        mut take: impl FnMut(Vec<W>) -> PyResult<()>,
    ) -> PyResult<()> {
        const DETACH_MIN_BYTES: usize = 8 << 10;
        if text.len() < DETACH_MIN_BYTES {
            return take(work(segmenter, text));
        }
        if text.len() < LONG_TEXT_BYTES || script != Script::AsIs {
            return take(py.detach(|| work(segmenter, text)));
        }
        let pieces = crate::segment::pieces(text, PIECE_BYTES);
        let bar = Progress::new(py, Some(false), 0, "")?;
        // A few pieces per core at a time: the pool would otherwise run
        // ahead of `take` (which makes Python objects on this thread) and
        // hold the results of most of the text at once.
        for group in pieces.chunks(4 * crate::parallel::resolve_threads(None)) {
            batch::for_each_chunk(
                py,
                None,
                group,
                1,
                &bar,
                |piece| work(segmenter, piece[0]),
                &mut take,
            )?;
        }
        Ok(())
    }

    /// `cut` and `cut_for_search`: the words of `text` in `mode`, as a list.
    fn cut_in_mode<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        mode: Mode,
        hmm: bool,
        script: Option<&str>,
    ) -> PyResult<Bound<'py, PyList>> {
        let script = self.script(script)?;
        let text = Text::extract(text)?;
        let segmenter = self.read_for(py, &text, script);
        let words = self.run_long_collect(py, &segmenter, &text, script, |s, text| {
            // About one word per 3 bytes (a Han character) in default mode;
            // search mode adds the long words' parts.
            let mut words =
                Vec::with_capacity(text.len() / if mode == Mode::Search { 2 } else { 3 });
            s.cut_in_script_each(text, script, mode, hmm, |w| words.push(w));
            words
        })?;
        text.words_to_list(py, &words)
    }

    /// All of `work`'s results over `text` ([`Tokenizer::run_long`]).
    fn run_long_collect<'s, 't, W: Send>(
        &self,
        py: Python<'_>,
        segmenter: &'s Segmenter,
        text: &'t str,
        script: Script,
        work: impl Fn(&'s Segmenter, &'t str) -> Vec<W> + Sync + Send,
    ) -> PyResult<Vec<W>> {
        let mut out = Vec::new();
        self.run_long(py, segmenter, text, script, work, |words| {
            if out.is_empty() {
                out = words;
            } else {
                out.extend(words);
            }
            Ok(())
        })?;
        Ok(out)
    }
}

/// Texts from this long are cut in pieces of about [`PIECE_BYTES`].
const LONG_TEXT_BYTES: usize = 256 << 10;
/// A piece takes some tens of milliseconds to tag.
const PIECE_BYTES: usize = 64 << 10;

#[pymethods]
impl Tokenizer {
    #[new]
    #[pyo3(signature = (dictionary = None, *, script = "as_is"))]
    fn new(py: Python<'_>, dictionary: Option<PathBuf>, script: &str) -> PyResult<Self> {
        let script = parse_script(Some(script), Script::AsIs)?;
        let segmenter = match &dictionary {
            // The embedded one, which the loading thread is building: the
            // first calls need not wait for it (see `read_for`).
            None if preload::is_loading() => Segmenter::shared_embedded_if_built(),
            _ => Some(
                py.detach(|| load_segmenter(dictionary.as_deref()))
                    .map_err(segment_error)?,
            ),
        };
        Ok(Tokenizer {
            segmenter: RwLock::new(segmenter),
            script,
        })
    }

    /// How the segmenting methods treat traditional text by default:
    /// ``"as_is"``, ``"auto"`` or ``"simplified"``.
    #[getter(script)]
    fn script_name(&self) -> &'static str {
        self.script.name()
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

    /// The dictionary frequency of ``word`` as ``jieba.get_FREQ``: 0 for a
    /// prefix of a dictionary word that is not a word itself, None for
    /// anything else.
    ///
    /// >>> tok = Tokenizer(); tok.word_freq("清华大学"), tok.word_freq("清华大"), tok.word_freq("清华大学生活")
    /// (922, 0, None)
    fn word_freq(&self, py: Python<'_>, word: &str) -> Option<usize> {
        // With the GIL: the first call builds the frequency table (see `edit`).
        self.read(py).word_freq(word)
    }

    /// Start over from another main dictionary (``None``: the embedded one),
    /// as ``jieba.set_dictionary``: words added or deleted so far are
    /// forgotten. Calls already running finish with the old dictionary;
    /// extractors and analyzers built on this tokenizer use the new one.
    ///
    /// >>> tok = Tokenizer(); _ = tok.add_word("云计算"); tok.set_dictionary(None); tok.cut("云计算")
    /// ['云', '计算']
    fn set_dictionary(&self, py: Python<'_>, dictionary: Option<PathBuf>) -> PyResult<()> {
        let fresh = py
            .detach(|| load_segmenter(dictionary.as_deref()))
            .map_err(segment_error)?;
        *self.segmenter.write().unwrap_or_else(|e| e.into_inner()) = Some(fresh);
        Ok(())
    }

    /// Add the words of a user dictionary, as ``jieba.load_userdict``.
    ///
    /// ``source`` is a file path or an iterable of lines (an open file, a list
    /// of str or bytes). Each line is ``word [freq] [tag]``, read as jieba reads
    /// it: the word is everything before an optional `` freq`` (digits) and
    /// `` tag`` (lowercase letters) after single spaces, so it may hold spaces
    /// (``Edu Trust认证 2000``). A line jieba reads otherwise than its fields
    /// suggest (``词\t5`` is the word ``词\t5``) is read the same way, with a
    /// ``UserWarning`` naming it. A word without a frequency gets jieba's
    /// suggested one, so it is cut whole. Raises
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
            let misread = self.edit(py, |s| s.load_userdict(&path))?;
            return warn_misread(py, &path.display().to_string(), &misread);
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
        let misread = self.edit(py, |s| s.load_userdict_text(&text, &name))?;
        warn_misread(py, &name, &misread)
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
        // A str that UTF-8 cannot hold (lone surrogates) raises
        // UnicodeEncodeError, as in `add_word`.
        let (word, freq) = if segment.is_instance_of::<PyString>() {
            let word: PyBackedStr = segment.extract()?;
            let freq = self.read(py).suggest_word_freq(&word);
            (word.to_string(), freq)
        } else if segment.is_instance_of::<PyTuple>() || segment.is_instance_of::<PyList>() {
            let parts = segment
                .try_iter()?
                .map(|p| p?.extract::<PyBackedStr>())
                .collect::<PyResult<Vec<_>>>()?;
            let parts: Vec<&str> = parts.iter().map(|p| &**p).collect();
            let freq = self.read(py).suggest_split_freq(&parts);
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
    /// ``discover_words`` plus ``freq``. ``script`` (default: the tokenizer's)
    /// as in ``discover_words``: with ``"auto"`` words are counted and learned
    /// in simplified characters, which is how this tokenizer cuts traditional
    /// text under ``script="auto"``. ``max_ngrams`
    /// bounds the n-gram table (and so the memory) as in ``discover_words``.
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
        signature = (texts, *, top_k = None, min_score = crate::words::DEFAULT_MIN_SCORE, min_count = 5, max_len = 6, threads = None, missing = "raise", script = None, max_ngrams = crate::words::Config::default().max_ngrams),
        text_signature = "(self, /, texts, *, top_k=None, min_score=3.0, min_count=5, max_len=6, threads=None, missing='raise', script=None, max_ngrams=8000000)"
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
        threads: Option<Threads>,
        missing: &str,
        script: Option<&str>,
        max_ngrams: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let threads = Threads::count(threads);
        let settings = super::words::Settings {
            script: self.script(script)?,
            min_count,
            max_len,
            threads,
            missing: missing.to_owned(),
            max_ngrams,
            function_chars: true,
            nested_share: crate::words::Config::default().nested_share,
        };
        // Discovery builds the dictionary's FREQ table (~30 MB for jieba's) in
        // the segmenter it reads, which keeps it: it reads this tokenizer's own
        // copy (made now, as the edit below would make it), not a dictionary
        // other tokenizers share, and the copy drops the table once the words
        // are added (cutting and tagging do not read it).
        self.edit(py, |_| Ok(()))?;
        let discovery = super::words::discover(py, texts, &self.read(py), &settings)?;
        let added = self.edit(py, |s| {
            let added = crate::words::learn(s, &discovery, min_score, top_k);
            s.forget_frequencies();
            added
        })?;
        let (candidates, freqs): (Vec<_>, Vec<_>) = added.into_iter().unzip();
        let columns = super::words::columns(py, &candidates, Some(&freqs))?;
        super::words::frame(py, columns, &discovery)
    }

    /// Cut ``text`` into words, as ``jieba.lcut(text, HMM=hmm)``.
    ///
    /// >>> Tokenizer().cut("他来到了网易杭研大厦")
    /// ['他', '来到', '了', '网易', '杭研', '大厦']
    /// >>> Tokenizer().cut("他來到了網易杭研大廈", script="auto")
    /// ['他', '來到', '了', '網易', '杭研', '大廈']
    #[pyo3(signature = (text, hmm = true, *, script = None))]
    fn cut<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        hmm: bool,
        script: Option<&str>,
    ) -> PyResult<Bound<'py, PyList>> {
        self.cut_in_mode(py, text, Mode::Default, hmm, script)
    }

    /// Every dictionary word in ``text`` (full mode), as ``jieba.lcut(text, cut_all=True)``.
    ///
    /// >>> Tokenizer().cut_all("清华大学")
    /// ['清华', '清华大学', '华大', '大学']
    fn cut_all<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let text = Text::extract(text)?;
        let words = self.run(py, text.len(), |s| s.cut_all(&text));
        text.words_to_list(py, &words)
    }

    /// Search-engine mode, as ``jieba.lcut_for_search``: long words also give
    /// their dictionary parts.
    ///
    /// >>> Tokenizer().cut_for_search("中国科学院")
    /// ['中国', '科学', '学院', '科学院', '中国科学院']
    #[pyo3(signature = (text, hmm = true, *, script = None))]
    fn cut_for_search<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        hmm: bool,
        script: Option<&str>,
    ) -> PyResult<Bound<'py, PyList>> {
        self.cut_in_mode(py, text, Mode::Search, hmm, script)
    }

    /// Words with character offsets ``(word, start, end)``, as ``jieba.tokenize``.
    ///
    /// ``mode`` is ``"default"`` or ``"search"``.
    ///
    /// >>> Tokenizer().tokenize("永和服装")
    /// [('永和', 0, 2), ('服装', 2, 4)]
    /// >>> Tokenizer().tokenize("「永和服裝」", script="auto")
    /// [('「', 0, 1), ('永和', 1, 3), ('服裝', 3, 5), ('」', 5, 6)]
    #[pyo3(signature = (text, mode = "default", hmm = true, *, script = None))]
    fn tokenize<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        mode: &str,
        hmm: bool,
        script: Option<&str>,
    ) -> PyResult<Bound<'py, PyList>> {
        let mode = parse_mode(mode)?;
        let script = self.script(script)?;
        let text = Text::extract(text)?;
        let tokens = self.run(py, text.len(), |s| {
            s.tokenize_in_script(&text, script, mode, hmm)
        });
        PyList::new(
            py,
            tokens
                .iter()
                .map(|t| Ok((text.word(py, t.word)?, t.start, t.end)))
                .collect::<PyResult<Vec<_>>>()?,
        )
    }

    /// Words with part-of-speech tags, as ``jieba.posseg.lcut``.
    ///
    /// >>> Tokenizer().tag("我爱北京天安门")
    /// [('我', 'r'), ('爱', 'v'), ('北京', 'ns'), ('天安门', 'ns')]
    /// >>> Tokenizer().tag("我愛北京天安門", script="auto")
    /// [('我', 'r'), ('愛', 'v'), ('北京', 'ns'), ('天安門', 'ns')]
    #[pyo3(signature = (text, hmm = true, *, script = None))]
    fn tag<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        hmm: bool,
        script: Option<&str>,
    ) -> PyResult<Bound<'py, PyList>> {
        let script = self.script(script)?;
        let text = Text::extract(text)?;
        let segmenter = self.read_for(py, &text, script);
        let list = PyList::empty(py);
        let mut tuples = TaggedTuples::for_text(py, &text);
        let mut append = |w, t: &str| list.append(tuples.tuple(w, t, |w| text.word(py, w))?);
        if script != Script::AsIs {
            let tagged = py.detach(|| {
                let mut tagged = Vec::with_capacity(text.len() / 3);
                segmenter
                    .tag_in_script_each(&text, script, hmm, |w, t| tagged.push((w, t.to_owned())));
                tagged
            });
            for (w, t) in tagged {
                append(w, &t)?;
            }
        } else {
            self.run_long(
                py,
                &segmenter,
                &text,
                script,
                |s, text| s.tag(text, hmm),
                |tagged| tagged.into_iter().try_for_each(|(w, t)| append(w, t)),
            )?;
        }
        Ok(list)
    }

    /// Cut many texts on Rust threads, without the GIL, keeping their order.
    ///
    /// ``mode`` is ``"default"``, ``"all"`` or ``"search"``; ``threads=None``
    /// cuts on every core. ``texts`` is an iterable of str, or an Arrow
    /// string array (a ``pyarrow`` Array or ChunkedArray, or any object with
    /// the Arrow PyCapsule interface), read without a Python str per text.
    /// ``output`` chooses the result:
    ///
    /// - ``"list"``: a list of lists of str (the calling thread turns the
    ///   texts already cut into lists meanwhile);
    /// - ``"arrow"``: one ``pyarrow.LargeListArray`` of ``large_string``,
    ///   built in Rust with no Python object per word (needs pyarrow);
    /// - ``"numpy"``: that array's buffers, ``(data, word_offsets,
    ///   text_offsets)``: ``data`` holds the UTF-8 bytes of every word
    ///   (uint8); word ``i`` is ``data[word_offsets[i]:word_offsets[i + 1]]``,
    ///   and the words of text ``j`` are words ``text_offsets[j]`` to
    ///   ``text_offsets[j + 1]`` (int64).
    ///
    /// ``missing``: ``"raise"`` (a ``TypeError`` naming a missing text's
    /// position), ``"empty"`` (no words) or ``"null"`` (a missing result:
    /// ``None``, or a null list).
    ///
    /// >>> tok = Tokenizer()
    /// >>> tok.cut_many(["我来到北京", "清华大学"])
    /// [['我', '来到', '北京'], ['清华大学']]
    /// >>> tok.cut_many(["我来到北京", None], output="arrow", missing="null").to_pylist()
    /// [['我', '来到', '北京'], None]
    ///
    /// ``progress=True`` shows a ``tqdm.auto`` bar that moves as texts finish
    /// (``None``: shown for large batches when running interactively).
    /// ``script`` overrides the tokenizer's for this call.
    #[pyo3(signature = (texts, *, mode = "default", hmm = true, threads = None, output = "list", progress = None, script = None, missing = "raise"))]
    #[allow(clippy::too_many_arguments)]
    fn cut_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        mode: &str,
        hmm: bool,
        threads: Option<Threads>,
        output: &str,
        progress: Option<bool>,
        script: Option<&str>,
        missing: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let threads = Threads::count(threads);
        let mode = parse_mode(mode)?;
        let script = self.script(script)?;
        let numpy = output == "numpy";
        let output = if numpy {
            Output::Arrow
        } else {
            Output::parse(output).map_err(|_| {
                PyValueError::new_err(format!(
                    "output must be 'list', 'arrow' or 'numpy', not {output:?}"
                ))
            })?
        };
        let texts = extract_texts(texts, Missing::parse_per_text(missing)?)?;
        let segmenter = self.read(py);
        let bar = Progress::new(py, progress, texts.len(), "cut_many")?;
        let cut = |text| {
            let mut words = Vec::new();
            segmenter.cut_in_script_each(text, script, mode, hmm, |w| words.push(w));
            words
        };
        if output == Output::List {
            let lists = batch::map_texts(py, &texts, threads, &bar, cut, |words| {
                words_to_list(py, &words)
            })?;
            return Ok(PyList::new(py, lists)?.into_any());
        }
        if numpy {
            batch::numpy_ready(py)?;
        }
        let mut lists = WordLists::new();
        batch::for_each_result(py, &texts, threads, &bar, cut, |words| lists.push(words))?;
        let lists = lists.finish();
        if !numpy {
            return arrow::array_to_pyarrow(py, lists);
        }
        let lists = lists.as_list::<i64>();
        let words = lists.values().as_string::<i64>();
        (
            PyArray1::from_slice(py, words.value_data()),
            PyArray1::from_slice(py, words.value_offsets()),
            PyArray1::from_slice(py, lists.value_offsets()),
        )
            .into_pyobject(py)
            .map(|buffers| buffers.into_any())
    }

    /// Tag many texts on Rust threads, without the GIL, keeping their order:
    /// ``tag(text)`` of each. ``texts``, ``missing`` and ``output`` as in
    /// :meth:`cut_many` (``output="arrow"``: a ``list<struct<word, flag>>``
    /// array).
    ///
    /// >>> Tokenizer().tag_many(["我爱北京", "清华大学"])
    /// [[('我', 'r'), ('爱', 'v'), ('北京', 'ns')], [('清华大学', 'nt')]]
    #[pyo3(signature = (texts, *, hmm = true, missing = "raise", threads = None, progress = None, script = None, output = "list"))]
    #[allow(clippy::too_many_arguments)]
    fn tag_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        hmm: bool,
        missing: &str,
        threads: Option<Threads>,
        progress: Option<bool>,
        script: Option<&str>,
        output: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let threads = Threads::count(threads);
        let script = self.script(script)?;
        let output = Output::parse(output)?;
        let texts = extract_texts(texts, Missing::parse_per_text(missing)?)?;
        let segmenter = self.read(py);
        let bar = Progress::new(py, progress, texts.len(), "tag_many")?;
        if script == Script::AsIs {
            return tagged_output(py, &texts, threads, &bar, output, |text| {
                segmenter.tag(text, hmm)
            });
        }
        tagged_output(py, &texts, threads, &bar, output, |text| {
            let mut tagged = Vec::new();
            segmenter.tag_in_script_each(text, script, hmm, |w, t| tagged.push((w, t.to_owned())));
            tagged
        })
    }

    /// :meth:`tokenize` of many texts on Rust threads, without the GIL, in
    /// order. ``texts``, ``missing`` and ``output`` as in :meth:`cut_many`
    /// (``output="arrow"``: a ``list<struct<word, start, end>>`` array).
    ///
    /// >>> Tokenizer().tokenize_many(["永和服装", "清华大学"])
    /// [[('永和', 0, 2), ('服装', 2, 4)], [('清华大学', 0, 4)]]
    #[pyo3(signature = (texts, mode = "default", hmm = true, *, missing = "raise", threads = None, progress = None, script = None, output = "list"))]
    #[allow(clippy::too_many_arguments)]
    fn tokenize_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        mode: &str,
        hmm: bool,
        missing: &str,
        threads: Option<Threads>,
        progress: Option<bool>,
        script: Option<&str>,
        output: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let threads = Threads::count(threads);
        let mode = parse_mode(mode)?;
        let script = self.script(script)?;
        let output = Output::parse(output)?;
        let texts = extract_texts(texts, Missing::parse_per_text(missing)?)?;
        let segmenter = self.read(py);
        let bar = Progress::new(py, progress, texts.len(), "tokenize_many")?;
        let tokenize = |text| segmenter.tokenize_in_script(text, script, mode, hmm);
        if output == Output::List {
            let lists = batch::map_texts(py, &texts, threads, &bar, tokenize, |tokens| {
                PyList::new(
                    py,
                    tokens
                        .iter()
                        .map(|t| (new_py_str(py, t.word), t.start, t.end)),
                )
            })?;
            return Ok(PyList::new(py, lists)?.into_any());
        }
        let mut rows = RecordLists::new(&schema::tokens());
        batch::for_each_result(py, &texts, threads, &bar, tokenize, |tokens| {
            rows.push(tokens, |r, t| {
                r.text(t.word).int(t.start).int(t.end);
            })
        })?;
        arrow::array_to_pyarrow(py, rows.finish())
    }

    /// People, places and organisations named in ``text``: a list of
    /// ``(text, kind, start, end)`` with character offsets, in order.
    ///
    /// ``kinds`` keeps only some of ``"person"``, ``"place"`` and
    /// ``"organization"``. A title before a name is not part of it
    /// (``外交部长王毅`` → ``王毅``); see docs/mentions.md for the rules.
    /// ``script="auto"`` tags a traditional-script text through its
    /// simplified form (where the dictionary and the rules know the names)
    /// and gives the mentions in the text's own characters and offsets;
    /// ``"as_is"`` tags it as written, ``"simplified"`` converts every text.
    ///
    /// >>> Tokenizer().mentions("外交部长王毅访问北京")
    /// [('王毅', 'person', 4, 6), ('北京', 'place', 8, 10)]
    #[pyo3(signature = (text, *, kinds = None, script = "auto"))]
    fn mentions<'py>(
        &self,
        py: Python<'py>,
        text: PyBackedStr,
        kinds: Option<&Bound<'py, PyAny>>,
        script: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let kinds = kinds.map_or(Ok(Kind::ALL.to_vec()), mentions::parse_kinds)?;
        let script = parse_script(Some(script), Script::Auto)?;
        let found = self.run(py, text.len(), |s| {
            crate::mentions::mentions_in_script(s, &text, &kinds, script)
        });
        mentions::mention_list(py, &found)
    }

    /// :meth:`mentions` of many texts on Rust threads, without the GIL, in
    /// order. ``missing="empty"`` reads ``None``/NaN as empty texts (no
    /// mentions); otherwise they raise ``TypeError`` naming their position.
    ///
    /// >>> Tokenizer().mentions_many(["王毅说", "北京"])
    /// [[('王毅', 'person', 0, 2)], [('北京', 'place', 0, 2)]]
    #[pyo3(signature = (texts, *, kinds = None, script = "auto", missing = "raise", threads = None, progress = None, output = "list"))]
    #[allow(clippy::too_many_arguments)]
    fn mentions_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        kinds: Option<&Bound<'py, PyAny>>,
        script: &str,
        missing: &str,
        threads: Option<Threads>,
        progress: Option<bool>,
        output: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let threads = Threads::count(threads);
        let kinds = kinds.map_or(Ok(Kind::ALL.to_vec()), mentions::parse_kinds)?;
        let script = parse_script(Some(script), Script::Auto)?;
        let output = Output::parse(output)?;
        let texts = extract_texts(texts, Missing::parse_per_text(missing)?)?;
        let segmenter = self.read(py);
        let bar = Progress::new(py, progress, texts.len(), "mentions_many")?;
        arrow::record_lists(
            py,
            &texts,
            threads,
            &bar,
            output,
            &schema::mentions(),
            |text| crate::mentions::mentions_in_script(&segmenter, text, &kinds, script),
            |found| mentions::mention_list(py, &found),
            mentions::mention_record,
        )
    }

    /// Attributed quotations in ``text``: a list of ``(speaker, quote, cue,
    /// speaker_start, quote_start, quote_end, direct)``.
    ///
    /// ``direct`` is True for a quotation in quotation marks, False for
    /// reported speech (``X表示，…。``). A speaker written ``他``/``她`` is
    /// given as the last named speaker, with ``speaker_start`` at the pronoun.
    /// ``script`` as in :meth:`mentions`: with ``"auto"`` a traditional text
    /// is read through its simplified form, and every string and offset is
    /// in its own characters.
    ///
    /// >>> Tokenizer().quotes("王毅说：“我们欢迎。”")
    /// [('王毅', '我们欢迎。', '说', 0, 5, 10, True)]
    /// >>> Tokenizer().quotes("黃之鋒說：「我們不會放棄。」")
    /// [('黃之鋒', '我們不會放棄。', '說', 0, 6, 13, True)]
    #[pyo3(signature = (text, *, script = "auto"))]
    fn quotes<'py>(
        &self,
        py: Python<'py>,
        text: PyBackedStr,
        script: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let script = parse_script(Some(script), Script::Auto)?;
        let found = self.run(py, text.len(), |s| {
            crate::mentions::quotes_in_script(s, &text, script)
        });
        mentions::quote_list(py, &found)
    }

    /// :meth:`quotes` of many texts on Rust threads, without the GIL, in order.
    ///
    /// >>> Tokenizer().quotes_many(["“好。”他说。", None], missing="empty")
    /// [[], []]
    #[pyo3(signature = (texts, *, script = "auto", missing = "raise", threads = None, progress = None, output = "list"))]
    #[allow(clippy::too_many_arguments)]
    fn quotes_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        script: &str,
        missing: &str,
        threads: Option<Threads>,
        progress: Option<bool>,
        output: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let script = parse_script(Some(script), Script::Auto)?;
        let threads = Threads::count(threads);
        let output = Output::parse(output)?;
        let texts = extract_texts(texts, Missing::parse_per_text(missing)?)?;
        let segmenter = self.read(py);
        let bar = Progress::new(py, progress, texts.len(), "quotes_many")?;
        arrow::record_lists(
            py,
            &texts,
            threads,
            &bar,
            output,
            &schema::quotes(),
            |text| crate::mentions::quotes_in_script(&segmenter, text, script),
            |found| mentions::quote_list(py, &found),
            mentions::quote_record,
        )
    }

    /// Unpickling makes the tokenizer with its script, then sets its state.
    fn __getnewargs_ex__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        let kwargs = PyDict::new(py);
        // A tokenizer that cuts `as_is` is made without `script=`, so that
        // subclasses that do not take it unpickle.
        if self.script != Script::AsIs {
            kwargs.set_item("script", self.script.name())?;
        }
        Ok((PyTuple::empty(py), kwargs))
    }

    /// The state to pickle, as serde bytes (``segment::SegmenterState``):
    /// the main dictionary's path and content hash and the net effect of
    /// the edits, not their history, so a tokenizer with a few user words
    /// pickles in well under a kilobyte.
    fn __getstate__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let state = self.read(py).state();
        Ok(PyBytes::new(py, &state_to_bytes(&state)?))
    }

    /// Restore a pickled state. A dictionary file whose content changed
    /// since raises ``DictionaryError``; no other file is read.
    fn __setstate__(&self, py: Python<'_>, state: &[u8]) -> PyResult<()> {
        let state: SegmenterState = state_from_bytes(state, "Tokenizer")?;
        let segmenter = py
            .detach(|| Segmenter::shared_from_state(&state))
            .map_err(segment_error)?;
        *self.segmenter.write().unwrap_or_else(|e| e.into_inner()) = Some(segmenter);
        Ok(())
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let segmenter = self.read(py);
        let source = segmenter
            .source()
            .path()
            .map_or("embedded jieba dictionary".to_owned(), |p| {
                p.display().to_string()
            });
        let script = match self.script {
            Script::AsIs => String::new(),
            other => format!(", script={:?}", other.name()),
        };
        format!(
            "Tokenizer({source}, {} user edits{script})",
            segmenter.edits().len()
        )
    }
}

/// `tag_many`'s result, a list or a `list<struct<word, flag>>` array.
fn tagged_output<'py, 't, T: AsRef<str> + Send>(
    py: Python<'py>,
    texts: &'t [BatchText],
    threads: Option<usize>,
    bar: &Progress<'py>,
    output: Output,
    compute: impl Fn(&'t str) -> Vec<(&'t str, T)> + Sync,
) -> PyResult<Bound<'py, PyAny>> {
    let mut shared = TaggedTuples::new(py);
    arrow::record_lists(
        py,
        texts,
        threads,
        bar,
        output,
        &schema::tags(),
        compute,
        |tagged| {
            let tuples = tagged
                .into_iter()
                .map(|(w, t)| shared.tuple(w, t.as_ref(), |w| Ok(new_py_str(py, w))))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, tuples)
        },
        |r, (w, t)| {
            r.text(w).label(t.as_ref());
        },
    )
}

/// One `UserWarning` for the lines of a user dictionary that jieba misreads.
fn warn_misread(py: Python<'_>, source_name: &str, misread: &[Misread]) -> PyResult<()> {
    let Some(first) = misread.first() else {
        return Ok(());
    };
    let others = match misread.len() - 1 {
        0 => String::new(),
        1 => " (and 1 more line)".to_owned(),
        n => format!(" (and {n} more lines)"),
    };
    let message = format!(
        "{source_name}, line {}: {:?} is read as the word {:?}, as jieba reads it{others}; \
         separate the word, frequency and tag with single spaces",
        first.line, first.text, first.word
    );
    let message = std::ffi::CString::new(message.replace('\0', "\\0"))?;
    PyErr::warn(
        py,
        &py.get_type::<pyo3::exceptions::PyUserWarning>(),
        &message,
        2,
    )
}
