"""scikit-learn's ``feature_extraction/tests/test_text.py``, ported to zhtext's vectorizers.

Every test there that concerns ``CountVectorizer``, ``TfidfVectorizer`` or
``TfidfTransformer`` semantics is here, in order, under the same name; where
the original relies on scikit-learn's regex tokenizer, it is adapted to jieba
words. The English documents work unchanged: jieba cuts them at spaces, and
zhtext drops the space tokens as punctuation. Matrices are compared with
scikit-learn's own vectorizer on the same terms (its ``tokenizer=`` given
zhtext's words), to 1e-12. The tests that cannot apply are listed at the end
of the file, each with the reason.
"""

from __future__ import annotations

import pickle
import re
import warnings
from collections import defaultdict
from collections.abc import Mapping
from functools import partial

import numpy as np
import pytest
import zhtext as zt
from numpy.testing import assert_array_almost_equal, assert_array_equal

sk = pytest.importorskip("sklearn.feature_extraction.text", reason="needs scikit-learn")
from scipy import sparse  # noqa: E402
from sklearn import config_context  # noqa: E402
from sklearn.base import clone  # noqa: E402
from sklearn.exceptions import NotFittedError  # noqa: E402
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402
from sklearn.utils import estimator_checks  # noqa: E402

CountVectorizer = zt.CountVectorizer
TfidfVectorizer = zt.TfidfVectorizer
TfidfTransformer = sk.TfidfTransformer
ENGLISH_STOP_WORDS = sk.ENGLISH_STOP_WORDS

JUNK_FOOD_DOCS = (
    "the pizza pizza beer copyright",
    "the pizza burger beer copyright",
    "the the pizza beer beer copyright",
    "the burger beer beer copyright",
    "the coke burger coke copyright",
    "the coke burger burger",
)
NOTJUNK_FOOD_DOCS = (
    "the salad celeri copyright",
    "the salad salad sparkling water copyright",
    "the the celeri celeri copyright",
    "the tomato tomato salad water",
    "the tomato salad water copyright",
)
ALL_FOOD_DOCS = JUNK_FOOD_DOCS + NOTJUNK_FOOD_DOCS

# Chinese documents for the tests whose point is the tokenizer's terms.
NEWS = (
    "台风“杜苏芮”今天登陆福建，福建多地暴雨",
    "台风登陆浙江，浙江启动防汛应急响应",
    "股市今天大涨，上证指数收涨2%",
    "央行宣布降息，股市应声上涨",
    "暴雨袭击广东，广东启动防汛应急响应",
    "The Typhoon hit Fujian and the Stock market rose",
)

TOKENIZER = zt.Tokenizer()


def _sklearn_twin(ours: CountVectorizer):
    """scikit-learn's own vectorizer with the same parameters, on zhtext's words: its tokenizer is
    zhtext's analyzer without n-grams (stop words already removed, as scikit-learn removes them
    before forming n-grams)."""
    params = ours.get_params()
    words = ours.set_params(ngram_range=(1, 1)).build_analyzer()
    ours.set_params(ngram_range=params["ngram_range"])
    cls = sk.TfidfVectorizer if isinstance(ours, TfidfVectorizer) else sk.CountVectorizer
    shared = set(cls().get_params()) - {"tokenizer", "stop_words", "lowercase", "token_pattern"}
    return cls(tokenizer=words, lowercase=False, token_pattern=None, **{k: params[k] for k in shared & set(params)})


def _assert_same(X, Y) -> None:
    assert X.shape == Y.shape and X.dtype == Y.dtype
    difference = abs(sparse.csr_matrix(X) - sparse.csr_matrix(Y))
    assert difference.nnz == 0 or difference.max() <= 1e-12


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ngram_range": (1, 2)},
        {"ngram_range": (2, 3), "min_df": 1},
        {"ngram_range": (1, 3), "stop_words": ["今天", "the"], "max_features": 12},
        {"binary": True, "max_df": 0.9},
        {"stop_words": "english", "lowercase": False},
        {"vocabulary": ["台风", "福建", "台风 登陆", "market", "没有的词"]},
        {"vocabulary": {"暴雨": 1, "股市": 0}, "ngram_range": (1, 2)},
    ],
    ids=lambda p: ",".join(p) or "defaults",
)
@pytest.mark.parametrize("Vectorizer", [CountVectorizer, TfidfVectorizer])
def test_matrices_equal_sklearns_on_the_same_terms(Vectorizer, params) -> None:
    ours = Vectorizer(tokenizer=TOKENIZER, **params)
    theirs = _sklearn_twin(ours)
    _assert_same(ours.fit_transform(NEWS[:4]), theirs.fit_transform(NEWS[:4]))
    assert ours.vocabulary_ == theirs.vocabulary_
    assert ours.fixed_vocabulary_ == theirs.fixed_vocabulary_
    assert_array_equal(ours.get_feature_names_out(), theirs.get_feature_names_out())
    _assert_same(ours.transform(NEWS[3:]), theirs.transform(NEWS[3:]))
    if isinstance(ours, TfidfVectorizer):
        np.testing.assert_allclose(ours.idf_, theirs.idf_, rtol=0, atol=1e-12)
    for a, b in zip(
        ours.inverse_transform(ours.transform(NEWS)), theirs.inverse_transform(theirs.transform(NEWS)), strict=False
    ):
        assert_array_equal(np.sort(a), np.sort(b))


def test_word_analyzer_unigrams() -> None:
    # Adapted: the analyzer is jieba's words, lowercased, without punctuation and numbers.
    wa = CountVectorizer(tokenizer=TOKENIZER).build_analyzer()
    text = "AI模型在2024年取得突破，OpenAI发布GPT。"
    assert wa(text) == ["ai", "模型", "在", "年", "取得", "突破", "openai", "发布", "gpt"]
    wa = CountVectorizer(tokenizer=TOKENIZER, lowercase=False).build_analyzer()
    assert wa(text)[0] == "AI"


def test_word_analyzer_unigrams_and_bigrams() -> None:
    wa = CountVectorizer(tokenizer=TOKENIZER, ngram_range=(1, 2)).build_analyzer()
    words = CountVectorizer(tokenizer=TOKENIZER).build_analyzer()
    text = "台风登陆福建，福建多地暴雨"
    expected = sk.CountVectorizer(ngram_range=(1, 2))._word_ngrams(words(text))
    assert wa(text) == expected
    assert expected[:3] == ["台风", "登陆", "福建"] and "福建 福建" in expected


def test_word_ngram_analyzer() -> None:
    words = CountVectorizer(tokenizer=TOKENIZER).build_analyzer()
    text = "台风登陆福建，福建多地暴雨"
    for ngram_range in [(1, 1), (2, 2), (1, 3), (3, 6)]:
        ours = CountVectorizer(tokenizer=TOKENIZER, ngram_range=ngram_range).build_analyzer()(text)
        assert ours == sk.CountVectorizer(ngram_range=ngram_range)._word_ngrams(words(text)), ngram_range


def test_countvectorizer_custom_vocabulary() -> None:
    vocab = {"pizza": 0, "beer": 1}
    terms = set(vocab.keys())
    for typ in [dict, list, iter, partial(defaultdict, int)]:
        v = typ(vocab)
        vect = CountVectorizer(vocabulary=v)
        vect.fit(JUNK_FOOD_DOCS)
        if isinstance(v, Mapping):
            assert vect.vocabulary_ == vocab
        else:
            assert set(vect.vocabulary_) == terms
        X = vect.transform(JUNK_FOOD_DOCS)
        assert X.shape[1] == len(terms)
        v = typ(vocab)
        vect = CountVectorizer(vocabulary=v)
        inv = vect.inverse_transform(X)
        assert len(inv) == X.shape[0]


def test_countvectorizer_custom_vocabulary_pipeline() -> None:
    what_we_like = ["pizza", "beer"]
    pipe = Pipeline([("count", CountVectorizer(vocabulary=what_we_like)), ("tfidf", TfidfTransformer())])
    X = pipe.fit_transform(ALL_FOOD_DOCS)
    assert set(pipe.named_steps["count"].vocabulary_) == set(what_we_like)
    assert X.shape[1] == len(what_we_like)


def test_countvectorizer_custom_vocabulary_repeated_indices() -> None:
    with pytest.raises(ValueError, match="Vocabulary contains repeated indices"):
        CountVectorizer(vocabulary={"pizza": 0, "beer": 0}).fit(["pasta_siziliana"])


def test_countvectorizer_custom_vocabulary_gap_index() -> None:
    with pytest.raises(ValueError, match="doesn't contain index"):
        CountVectorizer(vocabulary={"pizza": 1, "beer": 2}).fit(["pasta_verdura"])


def test_countvectorizer_stop_words() -> None:
    cv = CountVectorizer()
    cv.set_params(stop_words="english")
    assert cv.get_stop_words() == ENGLISH_STOP_WORDS
    cv.set_params(stop_words="_bad_str_stop_")
    with pytest.raises(ValueError):
        cv.get_stop_words()
    cv.set_params(stop_words="_bad_unicode_stop_")
    with pytest.raises(ValueError, match="not a built-in stop list"):
        cv.get_stop_words()
    with pytest.raises(ValueError, match="not a built-in stop list"):
        cv.fit(ALL_FOOD_DOCS)
    stoplist = ["some", "other", "words"]
    cv.set_params(stop_words=stoplist)
    assert cv.get_stop_words() == set(stoplist)
    # "english" is scikit-learn's list, not the characters of the word.
    X = CountVectorizer(stop_words="english").fit(["the pizza is hot and the beer is cold"])
    assert sorted(X.vocabulary_) == ["beer", "cold", "hot", "pizza"]


def test_countvectorizer_empty_vocabulary() -> None:
    with pytest.raises(ValueError, match="empty vocabulary"):
        CountVectorizer(vocabulary=[]).fit(["foo"])
    with pytest.raises(ValueError, match="empty vocabulary"):
        CountVectorizer(max_df=1.0, stop_words="english").fit(["to be or not to be", "and me too", "and so do you"])


def test_fit_countvectorizer_twice() -> None:
    cv = CountVectorizer()
    X1 = cv.fit_transform(ALL_FOOD_DOCS[:5])
    X2 = cv.fit_transform(ALL_FOOD_DOCS[5:])
    assert X1.shape[1] != X2.shape[1]


def test_countvectorizer_uppercase_in_vocab() -> None:
    vocabulary = ["Sample", "Upper", "Case", "Vocabulary"]
    message = (
        "Upper case characters found in vocabulary while 'lowercase' is True. "
        "These entries will not be matched with any documents"
    )
    vectorizer = CountVectorizer(lowercase=True, vocabulary=vocabulary)
    with pytest.warns(UserWarning, match=message):
        vectorizer.fit(vocabulary)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        vectorizer.transform(vocabulary)


@pytest.mark.parametrize(
    "params",
    [
        {"smooth_idf": True, "norm": "l2"},  # test_tf_idf_smoothing
        {"smooth_idf": False, "norm": "l2"},  # test_tfidf_no_smoothing
        {"sublinear_tf": True, "use_idf": False, "norm": None},  # test_sublinear_tf
        {"norm": "l1"},
    ],
)
def test_tfidf_weighting_is_tfidftransformers(params) -> None:
    # test_tf_idf_smoothing, test_tfidf_no_smoothing, test_sublinear_tf test TfidfTransformer on given
    # matrices; here: zhtext's TF-IDF is TfidfTransformer on zhtext's counts, on text and on NEWS.
    for docs in (ALL_FOOD_DOCS, NEWS):
        counts = CountVectorizer().fit_transform(docs)
        expected = TfidfTransformer(**params).fit_transform(counts)
        _assert_same(TfidfVectorizer(**params).fit_transform(docs), expected)
    tfidf = TfidfVectorizer(**params).fit_transform(ALL_FOOD_DOCS).toarray()
    assert (tfidf >= 0).all()
    if params.get("norm") == "l2":
        assert_array_almost_equal((tfidf**2).sum(axis=1), [1.0] * len(ALL_FOOD_DOCS))


def test_vectorizer() -> None:
    train_data = iter(ALL_FOOD_DOCS[:-1])
    test_data = [ALL_FOOD_DOCS[-1]]
    n_train = len(ALL_FOOD_DOCS) - 1
    v1 = CountVectorizer(max_df=0.5)
    counts_train = v1.fit_transform(train_data).tocsr()
    assert counts_train[0, v1.vocabulary_["pizza"]] == 2
    v2 = CountVectorizer(vocabulary=v1.vocabulary_)
    for v in (v1, v2):
        counts_test = v.transform(test_data).tocsr()
        vocabulary = v.vocabulary_
        assert counts_test[0, vocabulary["salad"]] == 1
        assert counts_test[0, vocabulary["tomato"]] == 1
        assert counts_test[0, vocabulary["water"]] == 1
        assert "the" not in vocabulary
        assert "copyright" not in vocabulary
        for absent in ("coke", "burger", "beer", "pizza"):
            assert counts_test[0, vocabulary[absent]] == 0
    t1 = TfidfTransformer(norm="l1")
    tfidf = t1.fit(counts_train).transform(counts_train).toarray()
    assert len(t1.idf_) == len(v1.vocabulary_)
    assert tfidf.shape == (n_train, len(v1.vocabulary_))
    tfidf_test = t1.transform(counts_test).toarray()
    assert tfidf_test.shape == (len(test_data), len(v1.vocabulary_))
    tv = TfidfVectorizer(norm="l1")
    tv.max_df = v1.max_df
    tfidf2 = tv.fit_transform(iter(ALL_FOOD_DOCS[:-1])).toarray()
    assert not tv.fixed_vocabulary_
    assert_array_almost_equal(tfidf, tfidf2)
    assert_array_almost_equal(tfidf_test, tv.transform(test_data).toarray())
    v3 = CountVectorizer(vocabulary=None)
    with pytest.raises(ValueError):
        v3.transform(ALL_FOOD_DOCS)
    # The original's strip_accents / analyzer-type checks: zhtext has neither parameter.


def test_tfidf_vectorizer_setters() -> None:
    norm, use_idf, smooth_idf, sublinear_tf = "l2", False, False, False
    tv = TfidfVectorizer(norm=norm, use_idf=use_idf, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf)
    tv.fit(JUNK_FOOD_DOCS)
    assert (tv._tfidf.norm, tv._tfidf.use_idf, tv._tfidf.smooth_idf, tv._tfidf.sublinear_tf) == (
        norm,
        use_idf,
        smooth_idf,
        sublinear_tf,
    )
    tv.norm, tv.use_idf, tv.smooth_idf, tv.sublinear_tf = "l1", True, True, True
    assert tv._tfidf.norm == norm and tv._tfidf.use_idf == use_idf
    tv.fit(JUNK_FOOD_DOCS)
    assert (tv._tfidf.norm, tv._tfidf.use_idf, tv._tfidf.smooth_idf, tv._tfidf.sublinear_tf) == (
        "l1",
        True,
        True,
        True,
    )


def test_feature_names() -> None:
    cv = CountVectorizer(max_df=0.5)
    with pytest.raises(ValueError):
        cv.get_feature_names_out()
    assert not cv.fixed_vocabulary_
    X = cv.fit_transform(ALL_FOOD_DOCS)
    _n_samples, n_features = X.shape
    assert len(cv.vocabulary_) == n_features
    feature_names = cv.get_feature_names_out()
    assert isinstance(feature_names, np.ndarray) and feature_names.dtype == object
    vocab = ["beer", "burger", "celeri", "coke", "pizza", "salad", "sparkling", "tomato", "water"]
    assert_array_equal(vocab, feature_names)
    for idx, name in enumerate(feature_names):
        assert idx == cv.vocabulary_.get(name)
    cv = CountVectorizer(vocabulary=vocab)
    assert_array_equal(vocab, cv.get_feature_names_out())
    assert cv.fixed_vocabulary_
    for idx, name in enumerate(cv.get_feature_names_out()):
        assert idx == cv.vocabulary_.get(name)


@pytest.mark.parametrize("Vectorizer", (CountVectorizer, TfidfVectorizer))
def test_vectorizer_max_features(Vectorizer) -> None:
    vectorizer = Vectorizer(max_df=0.6, max_features=4)
    vectorizer.fit(ALL_FOOD_DOCS)
    assert set(vectorizer.vocabulary_) == {"burger", "beer", "salad", "pizza"}


def test_count_vectorizer_max_features() -> None:
    counts = {}
    for limit in (1, 3, None):
        cv = CountVectorizer(max_features=limit)
        totals = cv.fit_transform(JUNK_FOOD_DOCS).sum(axis=0)
        assert totals.max() == 7
        assert cv.get_feature_names_out()[np.argmax(totals)] == "the"
        counts[limit] = totals


def test_vectorizer_max_df() -> None:
    # Adapted from analyzer="char": single-character words of jieba give the same terms.
    test_data = ["a b c", "d e a", "e a t"]
    vect = CountVectorizer(max_df=1.0)
    vect.fit(test_data)
    assert "a" in vect.vocabulary_ and len(vect.vocabulary_) == 6
    vect.max_df = 0.5
    vect.fit(test_data)
    assert "a" not in vect.vocabulary_ and len(vect.vocabulary_) == 4
    vect.max_df = 1
    vect.fit(test_data)
    assert "a" not in vect.vocabulary_ and len(vect.vocabulary_) == 4


def test_vectorizer_min_df() -> None:
    test_data = ["a b c", "d e a", "e a t"]
    vect = CountVectorizer(min_df=1)
    vect.fit(test_data)
    assert "a" in vect.vocabulary_ and len(vect.vocabulary_) == 6
    vect.min_df = 2
    vect.fit(test_data)
    assert "c" not in vect.vocabulary_ and len(vect.vocabulary_) == 2
    vect.min_df = 0.8
    vect.fit(test_data)
    assert "c" not in vect.vocabulary_ and len(vect.vocabulary_) == 1


def test_count_binary_occurrences() -> None:
    test_data = ["a a a b c", "a b b d e"]
    vect = CountVectorizer(max_df=1.0)
    X = vect.fit_transform(test_data).toarray()
    assert_array_equal(["a", "b", "c", "d", "e"], vect.get_feature_names_out())
    assert_array_equal([[3, 1, 1, 0, 0], [1, 2, 0, 1, 1]], X)
    X = CountVectorizer(max_df=1.0, binary=True).fit_transform(test_data).toarray()
    assert_array_equal([[1, 1, 1, 0, 0], [1, 1, 0, 1, 1]], X)
    X_sparse = CountVectorizer(max_df=1.0, binary=True, dtype=np.float32).fit_transform(test_data)
    assert X_sparse.dtype == np.float32


@pytest.mark.parametrize("Vectorizer", (CountVectorizer, TfidfVectorizer))
def test_vectorizer_inverse_transform(Vectorizer) -> None:
    for data in (ALL_FOOD_DOCS, NEWS):
        vectorizer = Vectorizer()
        transformed_data = vectorizer.fit_transform(data)
        inversed_data = vectorizer.inverse_transform(transformed_data)
        assert isinstance(inversed_data, list)
        analyze = vectorizer.build_analyzer()
        for doc, inversed_terms in zip(data, inversed_data, strict=False):
            assert_array_equal(np.sort(np.unique(analyze(doc))), np.sort(np.unique(inversed_terms)))
        assert sparse.issparse(transformed_data) and transformed_data.format == "csr"
        for other in (transformed_data.toarray(), transformed_data.tocsc()):
            for terms, terms2 in zip(inversed_data, vectorizer.inverse_transform(other), strict=False):
                assert_array_equal(np.sort(terms), np.sort(terms2))


def test_count_vectorizer_pipeline_grid_selection() -> None:
    data = JUNK_FOOD_DOCS + NOTJUNK_FOOD_DOCS
    target = [-1] * len(JUNK_FOOD_DOCS) + [1] * len(NOTJUNK_FOOD_DOCS)
    train_data, test_data, target_train, target_test = train_test_split(data, target, test_size=0.2, random_state=0)
    pipeline = Pipeline([("vect", CountVectorizer()), ("svc", LinearSVC())])
    parameters = {"vect__ngram_range": [(1, 1), (1, 2)], "svc__loss": ("hinge", "squared_hinge")}
    grid_search = GridSearchCV(pipeline, parameters, n_jobs=1, cv=3)
    pred = grid_search.fit(train_data, target_train).predict(test_data)
    assert_array_equal(pred, target_test)
    assert grid_search.best_score_ == 1.0
    assert grid_search.best_estimator_.named_steps["vect"].ngram_range == (1, 1)


def test_vectorizer_pipeline_grid_selection() -> None:
    data = JUNK_FOOD_DOCS + NOTJUNK_FOOD_DOCS
    target = [-1] * len(JUNK_FOOD_DOCS) + [1] * len(NOTJUNK_FOOD_DOCS)
    train_data, test_data, target_train, target_test = train_test_split(data, target, test_size=0.1, random_state=0)
    pipeline = Pipeline([("vect", TfidfVectorizer()), ("svc", LinearSVC())])
    parameters = {
        "vect__ngram_range": [(1, 1), (1, 2)],
        "vect__norm": ("l1", "l2"),
        "svc__loss": ("hinge", "squared_hinge"),
    }
    grid_search = GridSearchCV(pipeline, parameters, n_jobs=1)
    pred = grid_search.fit(train_data, target_train).predict(test_data)
    assert_array_equal(pred, target_test)
    assert grid_search.best_score_ == 1.0
    best_vectorizer = grid_search.best_estimator_.named_steps["vect"]
    assert best_vectorizer.ngram_range == (1, 1)
    assert best_vectorizer.norm == "l2"
    assert not best_vectorizer.fixed_vocabulary_


def test_vectorizer_pipeline_cross_validation() -> None:
    data = JUNK_FOOD_DOCS + NOTJUNK_FOOD_DOCS
    target = [-1] * len(JUNK_FOOD_DOCS) + [1] * len(NOTJUNK_FOOD_DOCS)
    pipeline = Pipeline([("vect", TfidfVectorizer()), ("svc", LinearSVC())])
    assert_array_equal(cross_val_score(pipeline, data, target, cv=3), [1.0, 1.0, 1.0])


def test_vectorizer_unicode() -> None:
    # Adapted from Cyrillic (which jieba cuts into letters) to Chinese.
    document = "中国人民银行今天宣布下调存款准备金率，以支持实体经济发展。"
    vect = CountVectorizer()
    X_counted = vect.fit_transform([document])
    words = CountVectorizer().build_analyzer()(document)
    assert X_counted.shape == (1, len(set(words)))
    X_tfidf = TfidfVectorizer().fit_transform([document])
    assert X_tfidf.shape == (1, len(set(words)))


def test_tfidf_vectorizer_with_fixed_vocabulary() -> None:
    vocab_words = ["pizza", "celeri"]
    vect = TfidfVectorizer(vocabulary=vocab_words)
    X_1 = vect.fit_transform(ALL_FOOD_DOCS)
    X_2 = vect.transform(ALL_FOOD_DOCS)
    assert_array_almost_equal(X_1.toarray(), X_2.toarray())
    assert vect.fixed_vocabulary_


def test_pickling_vectorizer() -> None:
    instances = [
        CountVectorizer(),
        CountVectorizer(min_df=5),
        CountVectorizer(binary=True, ngram_range=(1, 2)),
        CountVectorizer(vocabulary=["pizza", "beer"]),
        TfidfVectorizer(),
        TfidfVectorizer(ngram_range=(1, 2), stop_words="english"),
        TfidfVectorizer(dtype=np.float32, vocabulary={"pizza": 0, "salad": 1}),
    ]
    for orig in instances:
        s = pickle.dumps(orig)
        copy = pickle.loads(s)
        assert type(copy) is orig.__class__
        assert copy.get_params() == orig.get_params()
        assert_array_equal(copy.fit_transform(JUNK_FOOD_DOCS).toarray(), orig.fit_transform(JUNK_FOOD_DOCS).toarray())
        fitted = pickle.loads(pickle.dumps(orig))
        assert_array_equal(fitted.transform(ALL_FOOD_DOCS).toarray(), orig.transform(ALL_FOOD_DOCS).toarray())


def test_pickling_built_processors() -> None:
    for params in ({}, {"ngram_range": (1, 2), "stop_words": "english"}):
        analyzer = CountVectorizer(**params).build_analyzer()
        roundtripped = pickle.loads(pickle.dumps(analyzer))
        text = "The pizza was cold, 披萨凉了"
        assert roundtripped(text) == analyzer(text)


def test_countvectorizer_vocab_sets_when_pickling() -> None:
    rng = np.random.RandomState(0)
    vocab_words = np.array(["beer", "burger", "celeri", "coke", "pizza", "salad", "sparkling", "tomato", "water"])
    for _x in range(0, 100):
        vocab_set = set(rng.choice(vocab_words, size=5, replace=False))
        cv = CountVectorizer(vocabulary=vocab_set)
        unpickled_cv = pickle.loads(pickle.dumps(cv))
        cv.fit(ALL_FOOD_DOCS)
        unpickled_cv.fit(ALL_FOOD_DOCS)
        assert_array_equal(cv.get_feature_names_out(), unpickled_cv.get_feature_names_out())


def test_countvectorizer_vocab_dicts_when_pickling() -> None:
    rng = np.random.RandomState(0)
    vocab_words = np.array(["beer", "burger", "celeri", "coke", "pizza", "salad", "sparkling", "tomato", "water"])
    for _x in range(0, 100):
        vocab_dict = {}
        words = rng.choice(vocab_words, size=5, replace=False)
        for y in range(0, 5):
            vocab_dict[words[y]] = y
        cv = CountVectorizer(vocabulary=vocab_dict)
        unpickled_cv = pickle.loads(pickle.dumps(cv))
        cv.fit(ALL_FOOD_DOCS)
        unpickled_cv.fit(ALL_FOOD_DOCS)
        assert_array_equal(cv.get_feature_names_out(), unpickled_cv.get_feature_names_out())


def test_tfidf_vectorizer_setter() -> None:
    orig = TfidfVectorizer(use_idf=True)
    orig.fit(JUNK_FOOD_DOCS)
    copy = TfidfVectorizer(vocabulary=orig.vocabulary_, use_idf=True)
    copy.idf_ = orig.idf_
    assert_array_equal(copy.transform(JUNK_FOOD_DOCS).toarray(), orig.transform(JUNK_FOOD_DOCS).toarray())
    copy = TfidfVectorizer(vocabulary=orig.vocabulary_, use_idf=False)
    with pytest.raises(ValueError, match=re.escape("`idf_` cannot be set when `user_idf=False`.")):
        copy.idf_ = orig.idf_
    # A set idf_ is what a fitted vectorizer transforms with.
    orig.idf_ = orig.idf_ * 2
    expected = TfidfTransformer()
    expected.idf_ = orig.idf_
    counts = CountVectorizer(vocabulary=orig.vocabulary_).transform(JUNK_FOOD_DOCS)
    _assert_same(orig.transform(JUNK_FOOD_DOCS), expected.transform(counts))


def test_tfidfvectorizer_invalid_idf_attr() -> None:
    vect = TfidfVectorizer(use_idf=True)
    vect.fit(JUNK_FOOD_DOCS)
    copy = TfidfVectorizer(vocabulary=vect.vocabulary_, use_idf=True)
    invalid_idf = [1.0] * (len(vect.idf_) + 1)
    with pytest.raises(ValueError, match="must be equal to vocabulary size"):
        copy.idf_ = invalid_idf
    with pytest.raises(ValueError, match="must be equal to vocabulary size"):
        vect.idf_ = invalid_idf


def test_non_unique_vocab() -> None:
    with pytest.raises(ValueError, match="Duplicate term"):
        CountVectorizer(vocabulary=["a", "b", "c", "a", "a"]).fit([])


def test_vectorizers_nan_in_docs() -> None:
    # test_hashingvectorizer_nan_in_docs, for the vectorizers zhtext has.
    message = "np.nan is an invalid document, expected byte or unicode string."
    for Vectorizer in (CountVectorizer, TfidfVectorizer):
        with pytest.raises(ValueError, match=message):
            Vectorizer().fit_transform(["hello world", np.nan, "hello hello"])


def test_tfidfvectorizer_binary() -> None:
    v = TfidfVectorizer(binary=True, use_idf=False, norm=None)
    assert v.binary
    X = v.fit_transform(["hello world", "hello hello"]).toarray()
    assert_array_equal(X.ravel(), [1, 1, 1, 0])
    X2 = v.transform(["hello world", "hello hello"]).toarray()
    assert_array_equal(X2.ravel(), [1, 1, 1, 0])


def test_tfidfvectorizer_export_idf() -> None:
    vect = TfidfVectorizer(use_idf=True)
    vect.fit(JUNK_FOOD_DOCS)
    assert_array_almost_equal(vect.idf_, vect._tfidf.idf_)


def test_vectorizer_vocab_clone() -> None:
    vect_vocab = TfidfVectorizer(vocabulary=["the"])
    vect_vocab_clone = clone(vect_vocab)
    vect_vocab.fit(ALL_FOOD_DOCS)
    vect_vocab_clone.fit(ALL_FOOD_DOCS)
    assert vect_vocab_clone.vocabulary_ == vect_vocab.vocabulary_


@pytest.mark.parametrize("Vectorizer", (CountVectorizer, TfidfVectorizer))
def test_vectorizer_string_object_as_input(Vectorizer) -> None:
    message = "Iterable over raw text documents expected, string object received."
    vec = Vectorizer()
    with pytest.raises(ValueError, match=message):
        vec.fit_transform("hello world!")
    with pytest.raises(ValueError, match=message):
        vec.fit("hello world!")
    vec.fit(["some text", "some other text"])
    with pytest.raises(ValueError, match=message):
        vec.transform("hello world!")


@pytest.mark.parametrize(
    "vectorizer_dtype, output_dtype, warning_expected",
    [
        (np.int32, np.float64, True),
        (np.int64, np.float64, True),
        (np.float32, np.float32, False),
        (np.float64, np.float64, False),
    ],
)
def test_tfidf_vectorizer_type(vectorizer_dtype, output_dtype, warning_expected) -> None:
    X = np.array(["numpy", "scipy", "sklearn"])
    vectorizer = TfidfVectorizer(dtype=vectorizer_dtype)
    if warning_expected:
        with pytest.warns(UserWarning, match="'dtype' should be used."):
            X_idf = vectorizer.fit_transform(X)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("error", UserWarning)
            X_idf = vectorizer.fit_transform(X)
    assert X_idf.dtype == output_dtype


@pytest.mark.parametrize("vec", [CountVectorizer(ngram_range=(2, 1)), TfidfVectorizer(ngram_range=(2, 1))])
def test_vectorizers_invalid_ngram_range(vec) -> None:
    message = re.escape(
        f"Invalid value for ngram_range={vec.ngram_range} lower boundary larger than the upper boundary."
    )
    with pytest.raises(ValueError, match=message):
        vec.fit(["good news everyone"])
    with pytest.raises(ValueError, match=message):
        vec.fit_transform(["good news everyone"])


@pytest.mark.parametrize("Vectorizer", (CountVectorizer, TfidfVectorizer))
def test_n_features_in(Vectorizer) -> None:
    vectorizer = Vectorizer()
    assert not hasattr(vectorizer, "n_features_in_")
    vectorizer.fit(["hello world", "hello hello"])
    assert not hasattr(vectorizer, "n_features_in_")


def test_tie_breaking_sample_order_invariance() -> None:
    vec = CountVectorizer(max_features=1)
    vocab1 = vec.fit(["hello", "world"]).get_feature_names_out()
    vocab2 = vec.fit(["world", "hello"]).get_feature_names_out()
    assert_array_equal(vocab1, vocab2)


@pytest.mark.parametrize("Estimator", [CountVectorizer, TfidfVectorizer])
def test_vectorizers_do_not_have_set_output(Estimator) -> None:
    assert not hasattr(Estimator(), "set_output")
    # ... so pandas output, set globally, leaves them sparse, as it leaves scikit-learn's.
    with config_context(transform_output="pandas"):
        X = Estimator().fit_transform(NEWS)
        Y = getattr(sk, Estimator.__name__)().fit_transform(NEWS)
    assert sparse.issparse(X) and sparse.issparse(Y)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_tfidf_vectorizer_preserve_dtype_idf(dtype) -> None:
    X = [str(uuid) for uuid in ("一个文档", "另一个文档", "第三个")]
    vectorizer = TfidfVectorizer(dtype=dtype).fit(X)
    assert vectorizer.idf_.dtype == dtype


@pytest.mark.parametrize("Estimator", [CountVectorizer, TfidfVectorizer])
def test_text_input_tags_as_sklearns(Estimator) -> None:
    ours, theirs = Estimator().__sklearn_tags__(), getattr(sk, Estimator.__name__)().__sklearn_tags__()
    assert ours.input_tags.string and not ours.input_tags.two_d_array
    assert ours.input_tags == theirs.input_tags
    # check_estimator runs no numeric-array checks on text input, as for scikit-learn's vectorizers.
    with pytest.warns(estimator_checks.SkipTestWarning, match="requires input"):
        assert list(estimator_checks._yield_all_checks(Estimator(), legacy=True)) == []


def test_unfitted_vectorizers_raise_not_fitted() -> None:
    with pytest.raises(NotFittedError):
        TfidfVectorizer().transform(["a"])
    with pytest.raises(NotFittedError):
        CountVectorizer().transform(["a"])
    with pytest.raises(NotFittedError):
        _ = TfidfVectorizer().idf_


# Not ported, and why:
# - test_strip_accents, test_to_ascii, test_vectorizer's preprocessor part: no strip_accents or
#   preprocessor parameter (terms are jieba words; lowercase is the one normalisation).
# - test_unicode_decode_error: no input/encoding/decode_error parameters; documents are str.
# - test_char_ngram_analyzer, test_char_wb_ngram_analyzer: no character analyzers.
# - test_countvectorizer_custom_token_pattern(_with_several_group): no token_pattern; jieba cuts.
# - test_tf_transformer_feature_names_out, test_transformer_idf_setter, test_pickling_transformer,
#   test_tfidf_transformer_type, test_tfidf_transformer_sparse, test_tfidf_transformer_copy:
#   TfidfTransformer itself, which zhtext uses unchanged (its semantics are checked above through
#   test_tfidf_weighting_is_tfidftransformers).
# - test_hashing_vectorizer, test_hashed_binary_occurrences, test_nonnegative_hashing_vectorizer_*,
#   test_hashing_vectorizer_requires_fit_tag, test_hashing_vectorizer_transform_without_fit:
#   zhtext has no HashingVectorizer.
# - test_vectorizer_stop_words_inconsistent, test_stop_word_validation_custom_preprocessor: the
#   check that tokenizing stop words gives stop words needs a preprocessor and tokenizer to run on
#   them; zhtext compares stop words with whole words (lowercased), so they are always consistent.
# - test_countvectorizer_sort_features_64bit_sparse_indices: tests scikit-learn's private
#   _sort_features; zhtext's vocabulary is sorted in Rust.
# - test_callable_analyzer_*, test_unused_parameters_warn: no analyzer/tokenizer callables or
#   token_pattern parameter.
