"""zhtext.TfidfVectorizer: scikit-learn's numbers on zhtext's terms, estimator conventions, bad input."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import zhtext as zt

from .conftest import corpus_texts, pku_documents

sklearn_text = pytest.importorskip("sklearn.feature_extraction.text", reason="needs scikit-learn")
from sklearn.base import clone  # noqa: E402
from sklearn.exceptions import NotFittedError  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

NEWS = [
    "台风“杜苏芮”今天登陆福建，福建多地暴雨",
    "台风登陆浙江，浙江启动防汛应急响应",
    "股市今天大涨，上证指数收涨2%",
    "央行宣布降息，股市应声上涨",
    None,
]
TOPICS = ["天气", "天气", "财经", "财经"]

PARAMS = [
    {},
    {"min_df": 2, "max_df": 0.9, "max_features": 500},
    {"sublinear_tf": True, "norm": "l1", "smooth_idf": False},
    {"use_idf": False, "norm": None},
    {"min_df": 0.01, "max_df": 50, "dtype": np.float32},
]


@pytest.fixture(scope="module", params=["corpus", "pku"])
def documents(request: pytest.FixtureRequest) -> list[str]:
    return corpus_texts() if request.param == "corpus" else pku_documents()


def _sklearn_params(params: dict) -> dict:
    return {k: v for k, v in params.items() if k not in ("tokenizer", "mode", "hmm", "threads", "missing")}


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: ",".join(p) or "defaults")
def test_matches_sklearn_on_the_same_terms(documents: list[str], params: dict) -> None:
    ours = zt.TfidfVectorizer(tokenizer=zt.Tokenizer(), **params)
    X = ours.fit_transform(documents[:-5])
    theirs = sklearn_text.TfidfVectorizer(analyzer=ours.build_analyzer(), **_sklearn_params(params))
    Y = theirs.fit_transform(documents[:-5])
    assert ours.vocabulary_ == theirs.vocabulary_
    assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
    assert X.dtype == Y.dtype and X.shape == Y.shape
    tolerance = 1e-12 if X.dtype == np.float64 else 1e-6
    assert abs(X - Y).max() <= tolerance
    if ours.use_idf:
        np.testing.assert_allclose(ours.idf_, theirs.idf_, rtol=0, atol=1e-12)
    unseen = documents[-5:]
    assert abs(ours.transform(unseen) - theirs.transform(unseen)).max() <= tolerance


def test_works_in_a_pipeline_and_with_clone_and_pickle() -> None:
    model = make_pipeline(zt.TfidfVectorizer(), LogisticRegression())
    model.fit(NEWS[:4], TOPICS)
    assert list(model.predict(["台风逼近广东", "股市下跌"])) == ["天气", "财经"]
    vec = zt.TfidfVectorizer(min_df=1, max_features=10, stop_words=["今天"])
    copy = clone(vec)
    assert copy.get_params() == vec.get_params()
    X = vec.fit_transform(NEWS[:4])
    assert "今天" not in vec.vocabulary_
    restored = pickle.loads(pickle.dumps(vec))
    assert abs(restored.transform(NEWS[:4]) - X).max() == 0
    assert vec.set_params(sublinear_tf=True).sublinear_tf is True


def test_outlets_can_be_told_apart() -> None:
    texts = corpus_texts()
    from .conftest import corpus_files

    outlets = [p.parent.name for p in corpus_files()]
    model = make_pipeline(
        zt.TfidfVectorizer(min_df=2), LogisticRegression(C=100, class_weight="balanced", max_iter=1000)
    )
    from sklearn.model_selection import cross_val_score

    # Held-out accuracy, 3-fold stratified, beats always answering the largest outlet (RFA).
    accuracy = cross_val_score(model, texts, outlets, cv=3).mean()
    majority = max(outlets.count(o) for o in set(outlets)) / len(outlets)
    assert accuracy > majority + 0.05, (accuracy, majority)


def test_threads_do_not_change_the_result() -> None:
    docs = NEWS[:4] * 50
    one = zt.TfidfVectorizer(threads=1).fit_transform(docs)
    two = zt.TfidfVectorizer(threads=2).fit_transform(docs)
    assert abs(one - two).max() == 0


def test_bad_input_gets_clear_errors() -> None:
    with pytest.raises(TypeError, match=r"texts\[4\] is NoneType"):
        zt.TfidfVectorizer().fit(NEWS)
    X = zt.TfidfVectorizer(missing="empty").fit_transform(NEWS)
    assert X.shape[0] == 5 and X[4].nnz == 0
    with pytest.raises(ValueError, match="empty corpus"):
        zt.TfidfVectorizer().fit([])
    with pytest.raises(ValueError, match="empty vocabulary"):
        zt.TfidfVectorizer().fit(["，。！", "2023"])
    with pytest.raises(ValueError, match="max_df corresponds to < documents than min_df"):
        zt.TfidfVectorizer(min_df=3, max_df=2).fit(NEWS[:4])
    with pytest.raises(ValueError, match="min_df"):
        zt.TfidfVectorizer(min_df=1.5).fit(NEWS[:4])
    with pytest.raises(ValueError, match="no terms remain"):
        zt.TfidfVectorizer(min_df=4).fit(NEWS[:4])
    with pytest.raises(NotFittedError):
        zt.TfidfVectorizer().transform(NEWS[:4])
    with pytest.raises(ValueError, match="Iterable over raw text documents expected, string object received"):
        zt.TfidfVectorizer().fit("台风登陆福建")
    with pytest.raises(ValueError, match=r"texts\[1\] is NaN: np\.nan is an invalid document"):
        zt.TfidfVectorizer().fit(["台风", float("nan")])


def test_fit_with_a_progress_bar_counts_the_same(capsys) -> None:
    pytest.importorskip("tqdm")
    docs = ["台风登陆福建", "暴雨袭击广东", "台风登陆浙江 福建", "", "广东 暴雨"] * 120  # three chunks of 256
    plain = zt.TfidfVectorizer().fit_transform(docs)
    with_bar = zt.TfidfVectorizer(progress=True)
    assert abs(with_bar.fit_transform(docs) - plain).max() == 0
    assert "count" in capsys.readouterr().err
