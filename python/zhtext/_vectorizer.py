"""``zhtext.TfidfVectorizer``: scikit-learn's TF-IDF on jieba words, counted in Rust."""

from __future__ import annotations

from collections.abc import Iterable
from numbers import Integral
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.utils.validation import check_is_fitted

from ._zhtext import Analyzer, Tokenizer

__all__ = ["TfidfVectorizer"]


class TfidfVectorizer(TransformerMixin, BaseEstimator):
    """TF-IDF features of Chinese texts: scikit-learn's ``TfidfVectorizer`` on jieba words.

    Texts are cut and counted in Rust on all cores without the GIL; the matrix,
    ``vocabulary_`` order and ``idf_`` equal scikit-learn's
    ``TfidfVectorizer(analyzer=self.build_analyzer(), ...)`` with the same
    parameters. It is a scikit-learn estimator: it works in pipelines, grid
    searches, ``clone`` and pickling.

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
        Words to leave out (an iterable), or ``None``.
    script:
        How traditional text is cut, as in :class:`zhtext.Tokenizer` (``None``: the tokenizer's);
        with ``"auto"`` a traditional text is cut through its simplified form, terms keep its characters.
    fold_script:
        ``"simplified"`` counts every term in simplified characters, so that 俄羅斯 and 俄罗斯 are one
        term and an article has the same features in either script; ``None`` keeps each text's spelling.
    min_df, max_df, max_features, norm, use_idf, smooth_idf, sublinear_tf, dtype:
        As in scikit-learn's ``TfidfVectorizer``.
    threads:
        Rust threads for cutting and counting; ``None`` uses every core.
    missing:
        ``"raise"`` (a ``TypeError`` naming the position of a ``None``/NaN text)
        or ``"empty"`` (treat it as an empty text).
    progress:
        A ``tqdm.auto`` bar while ``fit`` counts (``None``: for large batches
        when running interactively).

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
        stop_words: Iterable[str] | None = None,
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
        self.tokenizer = tokenizer
        self.mode = mode
        self.hmm = hmm
        self.lowercase = lowercase
        self.drop_punctuation = drop_punctuation
        self.drop_numbers = drop_numbers
        self.min_length = min_length
        self.stop_words = stop_words
        self.script = script
        self.fold_script = fold_script
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.norm = norm
        self.use_idf = use_idf
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf
        self.dtype = dtype
        self.threads = threads
        self.missing = missing
        self.progress = progress

    def build_analyzer(self) -> Analyzer:
        """The function from a text to its terms (picklable), as scikit-learn's ``build_analyzer``.

        >>> TfidfVectorizer().build_analyzer()("台风登陆福建")
        ['台风', '登陆', '福建']
        """
        from . import default_tokenizer

        return Analyzer(
            self.tokenizer if self.tokenizer is not None else default_tokenizer(),
            self.mode,
            self.hmm,
            self.lowercase,
            self.drop_punctuation,
            self.drop_numbers,
            self.min_length,
            None if self.stop_words is None else list(self.stop_words),
            self.script,
            self.fold_script,
        )

    def _transformer(self) -> TfidfTransformer:
        return TfidfTransformer(
            norm=self.norm, use_idf=self.use_idf, smooth_idf=self.smooth_idf, sublinear_tf=self.sublinear_tf
        )

    def _fit_transformer(self, dfs: np.ndarray, n_docs: int) -> None:
        """scikit-learn's ``TfidfTransformer``, fitted from the kept terms' document frequencies
        (what its ``fit`` computes from the count matrix, without the pass over it)."""
        self._tfidf = self._transformer()
        self._tfidf.n_features_in_ = len(dfs)
        if self.use_idf:
            self._tfidf.idf_ = _idf(dfs, n_docs, self.smooth_idf, self.dtype)
            self.idf_ = self._tfidf.idf_

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

    def _counts(self, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, n_terms: int) -> sp.csr_matrix:
        return sp.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, n_terms), dtype=np.int64)

    def fit(self, raw_documents: Iterable[str], y: Any = None) -> TfidfVectorizer:
        """Learn the vocabulary and IDF from ``raw_documents``; returns ``self``."""
        self.fit_transform(raw_documents)
        return self

    def fit_transform(self, raw_documents: Iterable[str], y: Any = None) -> sp.csr_matrix:
        """Learn the vocabulary and IDF and return the TF-IDF matrix of ``raw_documents``."""
        self._check_params()
        indptr, indices, data, terms = self.build_analyzer().count(
            raw_documents, threads=self.threads, missing=self.missing, progress=self.progress
        )
        n_docs = len(indptr) - 1
        if n_docs == 0:
            raise ValueError("cannot fit on an empty corpus")
        if not terms:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        counts = self._counts(indptr, indices, data, len(terms))
        dfs = np.bincount(counts.indices, minlength=counts.shape[1])
        # Term totals only rank terms for max_features.
        tfs = np.asarray(counts.sum(axis=0)).ravel() if self.max_features is not None else None
        kept = self._kept_terms(dfs, tfs, n_docs)
        names = np.asarray(terms, dtype=object)
        if len(kept) < counts.shape[1]:  # nothing pruned: skip the column copies
            counts = counts[:, kept]
            names = names[kept]
        self._set_vocabulary(names)
        self._fit_transformer(dfs[kept], n_docs)
        # As scikit-learn: counts in `dtype`, then its TfidfTransformer.
        return self._tfidf.transform(counts.astype(self.dtype), copy=False)

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
        indptr, indices, data, terms = self.build_analyzer().count(
            raw_documents, threads=self.threads, missing=self.missing
        )
        n_terms = len(terms)
        dfs = np.bincount(indices, minlength=n_terms).astype(np.int64)
        tfs = np.bincount(indices, weights=data, minlength=n_terms).astype(np.int64)
        return np.asarray(terms, dtype=object), dfs, tfs, len(indptr) - 1

    def fit_document_frequencies(
        self, terms: Iterable[str], document_frequencies: Any, term_frequencies: Any, n_docs: int
    ) -> TfidfVectorizer:
        """Fit from statistics (as :meth:`document_frequencies` returns them, summed per term over
        partitions): the vocabulary and ``idf_`` equal those :meth:`fit` learns from the whole corpus.

        >>> import zhtext as zt
        >>> docs = ["台风登陆福建", "台风登陆浙江", "暴雨袭击广东"]
        >>> vec = zt.TfidfVectorizer().fit_document_frequencies(*zt.TfidfVectorizer().document_frequencies(docs))
        >>> bool((vec.transform(docs) != zt.TfidfVectorizer().fit_transform(docs)).nnz == 0)
        True
        """
        self._check_params()
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
        self._fit_transformer(dfs[kept], n_docs)
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

    @property
    def vocabulary_(self) -> dict[str, int]:
        """The fitted terms and their columns, as scikit-learn's ``vocabulary_``.

        Built on first use: hashing every term of a large vocabulary costs a
        noticeable part of ``fit_transform``, which does not need the dict.
        """
        if not self.__sklearn_is_fitted__():
            raise AttributeError(f"{type(self).__name__!r} object has no attribute 'vocabulary_' (call fit first)")
        vocabulary: dict[str, int] | None = self.__dict__.get("_vocabulary")  # absent in older pickles
        if vocabulary is None:
            names = self._feature_names.tolist()
            vocabulary = self._vocabulary = dict(zip(names, range(len(names)), strict=True))
        return vocabulary

    def transform(self, raw_documents: Iterable[str]) -> sp.csr_matrix:
        """The TF-IDF matrix of ``raw_documents`` over the fitted vocabulary."""
        check_is_fitted(self)
        indptr, indices, data = self.build_analyzer().count_vocabulary(
            raw_documents, self.vocabulary_, threads=self.threads, missing=self.missing
        )
        counts = self._counts(indptr, indices, data, len(self._feature_names)).astype(self.dtype)
        return self._tfidf.transform(counts, copy=False)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The terms, in column order."""
        check_is_fitted(self)
        return self._feature_names.copy()


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
