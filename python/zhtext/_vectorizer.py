"""``zhtext.CountVectorizer`` and ``zhtext.TfidfVectorizer``: scikit-learn's vectorizers on jieba
words, counted in Rust."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from numbers import Integral
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfTransformer
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l1, inplace_csr_row_normalize_l2
from sklearn.utils.validation import FLOAT_DTYPES, check_array, check_is_fitted

from ._zhtext import Analyzer, Tokenizer

try:  # scikit-learn >= 1.8: matrices follow the `sparse_interface` setting, as its vectorizers' do
    from sklearn.utils._sparse import _align_api_if_sparse
except ImportError:  # pragma: no cover - older scikit-learn returns spmatrix

    def _align_api_if_sparse(X: Any) -> Any:
        return X


__all__ = ["CountVectorizer", "TfidfVectorizer"]


def _check_stop_list(stop: Any) -> frozenset[str] | None:
    """scikit-learn's stop-word parameter: ``"english"``, another iterable of words, or ``None``."""
    if stop == "english":
        return ENGLISH_STOP_WORDS
    if isinstance(stop, str):
        raise ValueError(f'not a built-in stop list: {stop} (use "english", a list of words, or None)')
    if stop is None:
        return None
    return frozenset(stop)


def _check_documents(raw_documents: Any) -> None:
    if isinstance(raw_documents, str):
        raise ValueError("Iterable over raw text documents expected, string object received.")


class CountVectorizer(BaseEstimator):
    """Term counts of Chinese texts: scikit-learn's ``CountVectorizer`` on jieba words.

    Texts are cut and counted in Rust on all cores without the GIL (n-grams
    included); the matrix and ``vocabulary_`` equal scikit-learn's
    ``CountVectorizer(tokenizer=<the words>, ngram_range=..., ...)`` with the same
    parameters. Counts feed topic models such as ``LatentDirichletAllocation``.

    Parameters
    ----------
    tokenizer:
        The :class:`zhtext.Tokenizer` to cut with; ``None`` uses the default one.
    mode, hmm:
        Cutting mode (``"default"``, ``"search"`` or ``"all"``) and HMM, as in ``Tokenizer.cut_many``.
    lowercase, drop_punctuation, drop_numbers, min_length:
        Which words become terms: lowercased; without words made only of
        punctuation or symbols; without numbers; at least ``min_length`` characters.
    stop_words:
        ``None``, an iterable of words to leave out, or ``"english"``
        (scikit-learn's ``ENGLISH_STOP_WORDS``); they are removed before n-grams are formed.
    ngram_range:
        ``(min_n, max_n)``: terms are runs of ``min_n`` to ``max_n`` consecutive
        words, joined by a space, as scikit-learn's word n-grams.
    vocabulary:
        A mapping of term to column or an iterable of terms: count only these
        (``fixed_vocabulary_`` is then true and ``fit`` learns nothing).
    script:
        How traditional text is cut, as in :class:`zhtext.Tokenizer` (``None``: the tokenizer's);
        with ``"auto"`` a traditional text is cut through its simplified form, terms keep its characters.
    fold_script:
        ``"simplified"`` counts every term in simplified characters, so that 俄羅斯 and 俄罗斯 are one
        term and an article has the same features in either script; ``None`` keeps each text's spelling.
    binary, min_df, max_df, max_features, dtype:
        As in scikit-learn's ``CountVectorizer``.
    threads:
        Rust threads for cutting and counting; ``None`` uses every core.
    missing:
        ``"raise"`` (an error naming the position of a ``None``/NaN text) or
        ``"empty"`` (treat it as an empty text).
    progress:
        A ``tqdm.auto`` bar while ``fit`` counts (``None``: for large batches
        when running interactively).

    Examples
    --------
    >>> import zhtext as zt
    >>> vec = zt.CountVectorizer(ngram_range=(1, 2))
    >>> X = vec.fit_transform(["台风登陆福建", "台风登陆浙江"])
    >>> list(vec.get_feature_names_out())
    ['台风', '台风 登陆', '浙江', '登陆', '登陆 浙江', '登陆 福建', '福建']
    >>> X.toarray().tolist()
    [[1, 1, 0, 1, 0, 1, 1], [1, 1, 1, 1, 1, 0, 0]]
    """

    def __init__(
        self,
        *,
        tokenizer: Tokenizer | None = None,
        mode: Literal["default", "search", "all"] = "default",
        hmm: bool = True,
        lowercase: bool = True,
        drop_punctuation: bool = True,
        drop_numbers: bool = True,
        min_length: int = 1,
        stop_words: Iterable[str] | Literal["english"] | None = None,
        ngram_range: tuple[int, int] = (1, 1),
        vocabulary: Mapping[str, int] | Iterable[str] | None = None,
        binary: bool = False,
        script: Literal["as_is", "auto", "simplified"] | None = None,
        fold_script: Literal["simplified"] | None = None,
        min_df: float | int = 1,
        max_df: float | int = 1.0,
        max_features: int | None = None,
        dtype: Any = np.int64,
        threads: int | None = None,
        missing: Literal["raise", "empty"] = "raise",
        progress: bool | None = None,
    ) -> None:
        self.tokenizer = tokenizer
        self.mode = mode
        self.hmm = hmm
        self.lowercase = lowercase
        self.drop_punctuation = drop_punctuation
        self.drop_numbers = drop_numbers
        self.min_length = min_length
        self.stop_words = stop_words
        self.ngram_range = ngram_range
        self.vocabulary = vocabulary
        self.binary = binary
        self.script = script
        self.fold_script = fold_script
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.dtype = dtype
        self.threads = threads
        self.missing = missing
        self.progress = progress

    def get_stop_words(self) -> frozenset[str] | None:
        """The effective stop words, as scikit-learn's ``get_stop_words``.

        >>> sorted(CountVectorizer(stop_words=["的", "了"]).get_stop_words())
        ['了', '的']
        >>> "the" in CountVectorizer(stop_words="english").get_stop_words()
        True
        """
        return _check_stop_list(self.stop_words)

    def build_analyzer(self) -> Analyzer:
        """The function from a text to its terms (picklable), as scikit-learn's ``build_analyzer``.

        >>> CountVectorizer().build_analyzer()("台风登陆福建")
        ['台风', '登陆', '福建']
        """
        from . import default_tokenizer

        stop_words = self.get_stop_words()
        self._validate_ngram_range()
        return Analyzer(
            self.tokenizer if self.tokenizer is not None else default_tokenizer(),
            self.mode,
            self.hmm,
            self.lowercase,
            self.drop_punctuation,
            self.drop_numbers,
            self.min_length,
            None if stop_words is None else sorted(stop_words),
            tuple(self.ngram_range),
            self.script,
            self.fold_script,
        )

    def _validate_ngram_range(self) -> None:
        min_n, max_n = self.ngram_range
        if min_n > max_n:
            raise ValueError(
                f"Invalid value for ngram_range={self.ngram_range} lower boundary larger than the upper boundary."
            )
        if min_n < 1:
            raise ValueError(f"Invalid value for ngram_range={self.ngram_range}: n-grams have at least 1 word.")

    def _validate_vocabulary(self) -> None:
        """scikit-learn's checks of a given vocabulary; sets ``fixed_vocabulary_``."""
        vocabulary = self.vocabulary
        if vocabulary is None:
            self.fixed_vocabulary_ = False
            return
        if isinstance(vocabulary, set):
            vocabulary = sorted(vocabulary)
        if not isinstance(vocabulary, Mapping):
            vocab: dict[str, int] = {}
            for i, t in enumerate(vocabulary):
                if vocab.setdefault(t, i) != i:
                    raise ValueError(f"Duplicate term in vocabulary: {t!r}")
            vocabulary = vocab
        else:
            indices = set(vocabulary.values())
            if len(indices) != len(vocabulary):
                raise ValueError("Vocabulary contains repeated indices.")
            for i in range(len(vocabulary)):
                if i not in indices:
                    raise ValueError(f"Vocabulary of size {len(vocabulary)} doesn't contain index {i}.")
        if not vocabulary:
            raise ValueError("empty vocabulary passed to fit")
        self.fixed_vocabulary_ = True
        vocabulary = dict(vocabulary)
        names = np.empty(len(vocabulary), dtype=object)
        for term, i in vocabulary.items():
            names[i] = term
        self._feature_names = names
        self._vocabulary = vocabulary

    def _check_vocabulary(self) -> None:
        """Fitted, or a vocabulary given (scikit-learn's ``_check_vocabulary``)."""
        if not hasattr(self, "_feature_names"):
            self._validate_vocabulary()
            if not self.fixed_vocabulary_:
                raise NotFittedError("Vocabulary not fitted or provided")

    def _check_params(self) -> None:
        for name in ("min_df", "max_df"):
            value = getattr(self, name)
            if isinstance(value, Integral):
                if value < 0:
                    raise ValueError(f"{name} must be a non-negative integer or a float in [0.0, 1.0], not {value}")
            elif not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be a non-negative integer or a float in [0.0, 1.0], not {value}")
        if self.max_features is not None and (not isinstance(self.max_features, Integral) or self.max_features <= 0):
            raise ValueError(f"max_features must be a positive integer or None, not {self.max_features!r}")

    def _csr(self, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, n_terms: int) -> sp.csr_matrix:
        if self.binary:
            data.fill(1)
        return sp.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, n_terms), dtype=np.int64)

    def _count_fit(self, raw_documents: Iterable[str]) -> sp.csr_matrix:
        """Learn the vocabulary (unless given) and return the counts (int64), as scikit-learn's
        ``CountVectorizer.fit_transform``; fits the IDF too in :class:`TfidfVectorizer`."""
        _check_documents(raw_documents)
        self._check_params()
        self._validate_ngram_range()
        self._validate_vocabulary()
        if self.fixed_vocabulary_:
            if self.lowercase and any(any(map(str.isupper, term)) for term in self._vocabulary):
                warnings.warn(
                    "Upper case characters found in vocabulary while 'lowercase' is True. "
                    "These entries will not be matched with any documents",
                    stacklevel=3,
                )
            counts = self._count_vocabulary(raw_documents)
            self._fit_idf(np.bincount(counts.indices, minlength=counts.shape[1]), counts.shape[0])
            return counts
        indptr, indices, data, terms = self.build_analyzer().count(
            raw_documents, threads=self.threads, missing=self.missing, progress=self.progress
        )
        n_docs = len(indptr) - 1
        if n_docs == 0:
            raise ValueError("cannot fit on an empty corpus")
        if not terms:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        counts = self._csr(indptr, indices, data, len(terms))
        dfs = np.bincount(counts.indices, minlength=counts.shape[1])
        # Term totals only rank terms for max_features.
        tfs = np.asarray(counts.sum(axis=0)).ravel() if self.max_features is not None else None
        kept = self._kept_terms(dfs, tfs, n_docs)
        names = np.asarray(terms, dtype=object)
        if len(kept) < counts.shape[1]:  # nothing pruned: skip the column copies
            counts = counts[:, kept]
            names = names[kept]
        self._set_vocabulary(names)
        self._fit_idf(dfs[kept], n_docs)
        return counts

    def _fit_idf(self, dfs: np.ndarray, n_docs: int) -> None:
        """Learn from the kept terms' document frequencies: nothing for counts."""

    def _count_vocabulary(self, raw_documents: Iterable[str]) -> sp.csr_matrix:
        _check_documents(raw_documents)
        indptr, indices, data = self.build_analyzer().count_vocabulary(
            raw_documents, self.vocabulary_, threads=self.threads, missing=self.missing
        )
        return self._csr(indptr, indices, data, len(self._feature_names))

    def fit(self, raw_documents: Iterable[str], y: Any = None) -> CountVectorizer:
        """Learn the vocabulary from ``raw_documents``; returns ``self``."""
        self.fit_transform(raw_documents)
        return self

    def fit_transform(self, raw_documents: Iterable[str], y: Any = None) -> Any:
        """Learn the vocabulary and return the document-term count matrix of ``raw_documents``."""
        return _align_api_if_sparse(self._count_fit(raw_documents).astype(self.dtype, copy=False))

    def transform(self, raw_documents: Iterable[str]) -> Any:
        """The count matrix of ``raw_documents`` over the fitted (or given) vocabulary."""
        self._check_vocabulary()
        return _align_api_if_sparse(self._count_vocabulary(raw_documents).astype(self.dtype, copy=False))

    def inverse_transform(self, X: Any) -> list[np.ndarray]:
        """The terms of each row of ``X`` with a nonzero entry, as scikit-learn's ``inverse_transform``.

        >>> vec = CountVectorizer(); X = vec.fit_transform(["台风登陆福建", "暴雨"])
        >>> [terms.tolist() for terms in vec.inverse_transform(X)]
        [['台风', '登陆', '福建'], ['暴雨']]
        """
        self._check_vocabulary()
        X = check_array(X, accept_sparse="csr")
        inverse_vocabulary = np.array(self._feature_names.tolist())
        if sp.issparse(X):
            return [inverse_vocabulary[X[[i], :].nonzero()[-1]].ravel() for i in range(X.shape[0])]
        return [inverse_vocabulary[np.flatnonzero(X[i, :])].ravel() for i in range(X.shape[0])]

    def document_frequencies(self, raw_documents: Iterable[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """The statistics ``fit`` learns from: the terms (sorted), the number of documents each
        occurs in, its total count, and the number of documents.

        Statistics of parts of a corpus add up per term, so a cluster can count
        partitions separately and combine them with :meth:`fit_document_frequencies`.

        >>> import zhtext as zt
        >>> terms, df, tf, n = zt.TfidfVectorizer().document_frequencies(["台风登陆福建", "台风台风"])
        >>> list(terms), df.tolist(), tf.tolist(), n
        (['台风', '登陆', '福建'], [2, 1, 1], [3, 1, 1], 2)
        """
        _check_documents(raw_documents)
        indptr, indices, data, terms = self.build_analyzer().count(
            raw_documents, threads=self.threads, missing=self.missing
        )
        n_terms = len(terms)
        dfs = np.bincount(indices, minlength=n_terms).astype(np.int64)
        tfs = np.bincount(indices, weights=data, minlength=n_terms).astype(np.int64)
        return np.asarray(terms, dtype=object), dfs, tfs, len(indptr) - 1

    def fit_document_frequencies(
        self, terms: Iterable[str], document_frequencies: Any, term_frequencies: Any, n_docs: int
    ) -> CountVectorizer:
        """Fit from statistics (as :meth:`document_frequencies` returns them, summed per term over
        partitions): the vocabulary (and ``idf_``) equal those :meth:`fit` learns from the whole corpus.

        >>> import zhtext as zt
        >>> docs = ["台风登陆福建", "台风登陆浙江", "暴雨袭击广东"]
        >>> vec = zt.TfidfVectorizer().fit_document_frequencies(*zt.TfidfVectorizer().document_frequencies(docs))
        >>> bool((vec.transform(docs) != zt.TfidfVectorizer().fit_transform(docs)).nnz == 0)
        True
        """
        self._check_params()
        self.fixed_vocabulary_ = False
        terms = np.asarray(list(terms), dtype=object)
        dfs = np.asarray(document_frequencies, dtype=np.int64)
        tfs = np.asarray(term_frequencies, dtype=np.int64)
        if n_docs <= 0:
            raise ValueError("cannot fit on an empty corpus")
        if len(terms) == 0:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        order = np.argsort(terms, kind="stable")  # scikit-learn's vocabulary is in term order
        terms, dfs, tfs = terms[order], dfs[order], tfs[order]
        kept = self._kept_terms(dfs, tfs, n_docs)
        self._set_vocabulary(terms[kept])
        self._fit_idf(dfs[kept], n_docs)
        return self

    def _kept_terms(self, dfs: np.ndarray, tfs: np.ndarray | None, n_docs: int) -> np.ndarray:
        """scikit-learn's ``CountVectorizer._limit_features``: the same masks in the same order.
        ``tfs`` (term totals) is needed only with ``max_features``."""
        high = self.max_df if isinstance(self.max_df, Integral) else self.max_df * n_docs
        low = self.min_df if isinstance(self.min_df, Integral) else self.min_df * n_docs
        if high < low:
            raise ValueError("max_df corresponds to < documents than min_df")
        mask = (dfs <= high) & (dfs >= low)
        if self.max_features is not None and mask.sum() > self.max_features:
            assert tfs is not None
            mask_inds = (-tfs[mask]).argsort()[: self.max_features]
            new_mask = np.zeros(len(dfs), dtype=bool)
            new_mask[np.where(mask)[0][mask_inds]] = True
            mask = new_mask
        kept = np.where(mask)[0]
        if len(kept) == 0:
            raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
        return kept

    def _set_vocabulary(self, names: np.ndarray) -> None:
        """The fitted vocabulary from the kept terms, in column order (an object array)."""
        self._feature_names = names
        self._vocabulary: dict[str, int] | None = None

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "_feature_names")

    def __sklearn_tags__(self) -> Any:
        # Text input, as scikit-learn's own vectorizers declare it.
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    @property
    def vocabulary_(self) -> dict[str, int]:
        """The fitted terms and their columns, as scikit-learn's ``vocabulary_``.

        Built on first use: hashing every term of a large vocabulary costs a
        noticeable part of ``fit_transform``, which does not need the dict.
        """
        if not hasattr(self, "_feature_names"):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute 'vocabulary_' (call fit first)")
        vocabulary: dict[str, int] | None = self.__dict__.get("_vocabulary")  # absent in older pickles
        if vocabulary is None:
            names = self._feature_names.tolist()
            vocabulary = self._vocabulary = dict(zip(names, range(len(names)), strict=True))
        return vocabulary

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The terms, in column order."""
        self._check_vocabulary()
        return self._feature_names.copy()


class TfidfVectorizer(CountVectorizer):
    """TF-IDF features of Chinese texts: scikit-learn's ``TfidfVectorizer`` on jieba words.

    Texts are cut and counted in Rust on all cores without the GIL; the matrix,
    ``vocabulary_`` order and ``idf_`` equal scikit-learn's
    ``TfidfVectorizer(analyzer=self.build_analyzer(), ...)`` with the same
    parameters. It is a scikit-learn estimator: it works in pipelines, grid
    searches, ``clone`` and pickling.

    The parameters are :class:`CountVectorizer`'s plus ``norm``, ``use_idf``,
    ``smooth_idf`` and ``sublinear_tf``, as in scikit-learn; ``dtype`` is a float
    type (another warns and gives float64, as in scikit-learn). ``idf_`` may be
    set, as in scikit-learn (its length must equal the vocabulary's).

    Examples
    --------
    >>> import zhtext as zt
    >>> vec = zt.TfidfVectorizer()
    >>> X = vec.fit_transform(["台风登陆福建", "台风登陆浙江", "暴雨袭击广东"])
    >>> X.shape
    (3, 7)
    >>> list(vec.get_feature_names_out()[:3])
    ['台风', '广东', '暴雨']
    """

    def __init__(
        self,
        *,
        tokenizer: Tokenizer | None = None,
        mode: Literal["default", "search", "all"] = "default",
        hmm: bool = True,
        lowercase: bool = True,
        drop_punctuation: bool = True,
        drop_numbers: bool = True,
        min_length: int = 1,
        stop_words: Iterable[str] | Literal["english"] | None = None,
        ngram_range: tuple[int, int] = (1, 1),
        vocabulary: Mapping[str, int] | Iterable[str] | None = None,
        binary: bool = False,
        script: Literal["as_is", "auto", "simplified"] | None = None,
        fold_script: Literal["simplified"] | None = None,
        min_df: float | int = 1,
        max_df: float | int = 1.0,
        max_features: int | None = None,
        norm: Literal["l1", "l2"] | None = "l2",
        use_idf: bool = True,
        smooth_idf: bool = True,
        sublinear_tf: bool = False,
        dtype: Any = np.float64,
        threads: int | None = None,
        missing: Literal["raise", "empty"] = "raise",
        progress: bool | None = None,
    ) -> None:
        super().__init__(
            tokenizer=tokenizer,
            mode=mode,
            hmm=hmm,
            lowercase=lowercase,
            drop_punctuation=drop_punctuation,
            drop_numbers=drop_numbers,
            min_length=min_length,
            stop_words=stop_words,
            ngram_range=ngram_range,
            vocabulary=vocabulary,
            binary=binary,
            script=script,
            fold_script=fold_script,
            min_df=min_df,
            max_df=max_df,
            max_features=max_features,
            dtype=dtype,
            threads=threads,
            missing=missing,
            progress=progress,
        )
        self.norm = norm
        self.use_idf = use_idf
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf

    def _transformer(self) -> TfidfTransformer:
        return TfidfTransformer(
            norm=self.norm, use_idf=self.use_idf, smooth_idf=self.smooth_idf, sublinear_tf=self.sublinear_tf
        )

    def _fit_idf(self, dfs: np.ndarray, n_docs: int) -> None:
        """scikit-learn's ``TfidfTransformer``, fitted from the kept terms' document frequencies
        (what its ``fit`` computes from the count matrix, without the pass over it)."""
        self._tfidf = self._transformer()
        self._tfidf.n_features_in_ = len(dfs)
        if self.use_idf:
            self._tfidf.idf_ = _idf(dfs, n_docs, self.smooth_idf, self.dtype)

    @property
    def idf_(self) -> np.ndarray:
        """The inverse document frequency of each term (with ``use_idf=True``); may be set, as in
        scikit-learn, to one of the vocabulary's length."""
        if not hasattr(self, "_tfidf"):
            raise NotFittedError(
                f"{type(self).__name__} is not fitted yet. Call 'fit' with appropriate arguments "
                "before using this attribute."
            )
        return self._tfidf.idf_

    @idf_.setter
    def idf_(self, value: Any) -> None:
        if not self.use_idf:
            raise ValueError("`idf_` cannot be set when `user_idf=False`.")
        if not hasattr(self, "_tfidf"):
            self._tfidf = self._transformer()
        if not hasattr(self, "_feature_names"):
            self._validate_vocabulary()
        if hasattr(self, "_feature_names") and len(self._feature_names) != len(value):
            raise ValueError(f"idf length = {len(value)} must be equal to vocabulary size = {len(self._feature_names)}")
        self._tfidf.idf_ = value
        self._tfidf.n_features_in_ = len(value)

    def _check_params(self) -> None:
        super()._check_params()
        if self.dtype not in FLOAT_DTYPES:
            warnings.warn(
                f"Only {FLOAT_DTYPES} 'dtype' should be used. {self.dtype} 'dtype' will be converted to np.float64.",
                UserWarning,
                stacklevel=4,
            )

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "_feature_names") and hasattr(self, "_tfidf")

    def fit_transform(self, raw_documents: Iterable[str], y: Any = None) -> Any:
        """Learn the vocabulary and IDF and return the TF-IDF matrix of ``raw_documents``."""
        counts = self._count_fit(raw_documents)
        # As scikit-learn: counts in `dtype`, then its TfidfTransformer.
        return self._weigh(counts.astype(self.dtype))

    def transform(self, raw_documents: Iterable[str]) -> Any:
        """The TF-IDF matrix of ``raw_documents`` over the fitted vocabulary."""
        check_is_fitted(self, msg="The TF-IDF vectorizer is not fitted")
        return self._weigh(self._count_vocabulary(raw_documents).astype(self.dtype))

    def _weigh(self, counts: sp.csr_matrix) -> Any:
        """``TfidfTransformer.transform(counts, copy=False)``: on counts we built (CSR, finite, in a float
        dtype) its steps run directly, without its input validation, which costs more than the weighting
        on a small corpus; anything else goes through it."""
        tfidf = self._tfidf
        if counts.dtype not in (np.float64, np.float32) or tfidf.norm not in (None, "l1", "l2"):
            return tfidf.transform(counts, copy=False)
        if tfidf.sublinear_tf:
            np.log(counts.data, counts.data)
            counts.data += 1.0
        if hasattr(tfidf, "idf_"):
            counts.data *= np.asarray(tfidf.idf_)[counts.indices]
        if tfidf.norm == "l2":
            inplace_csr_row_normalize_l2(counts)
        elif tfidf.norm == "l1":
            inplace_csr_row_normalize_l1(counts)
        return _align_api_if_sparse(counts)


def _idf(dfs: np.ndarray, n_docs: int, smooth_idf: bool, dtype: Any) -> np.ndarray:
    """``TfidfTransformer.fit``'s IDF from document frequencies, step for step (same rounding)."""
    dtype = dtype if dtype in (np.float64, np.float32) else np.float64
    df = dfs.astype(dtype)
    df += float(smooth_idf)
    idf = np.full_like(df, fill_value=n_docs + int(smooth_idf), dtype=dtype)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    return idf
