"""Keyword extraction: parity with jieba.analyse, fitting and saving IDF tables, bad input."""

from __future__ import annotations

import pickle

import pytest
import zhtext as zt

from .conftest import corpus_texts, pku_documents

TEXT = (
    "此外，公司拟对全资子公司吉林欧亚置业有限公司增资4.3亿元，增资后，吉林欧亚置业注册资本由7000万元增加到5亿元。"
    "吉林欧亚置业主要经营范围为房地产开发及百货零售等业务。目前在建吉林欧亚城市商业综合体项目。"
)


@pytest.fixture(scope="module", params=["corpus", "pku"])
def documents(request: pytest.FixtureRequest) -> list[str]:
    return corpus_texts() if request.param == "corpus" else pku_documents()


def _same_ranking(ours: list, theirs: list) -> bool:
    return [w for w, _ in ours] == [w for w, _ in theirs] and all(
        abs(a - b) <= 1e-9 for (_, a), (_, b) in zip(ours, theirs, strict=True)
    )


def test_extract_tags_equals_jieba(documents: list[str]) -> None:
    analyse = pytest.importorskip("jieba.analyse", reason="needs jieba==0.42.1")
    ex = zt.TfidfExtractor(zt.Tokenizer())
    ours = ex.extract_many(documents, top_k=20, with_weight=True)
    same = sum(
        _same_ranking(o, analyse.extract_tags(d, topK=20, withWeight=True))
        for o, d in zip(ours, documents, strict=True)
    )
    assert same / len(documents) >= 0.99, f"{same} of {len(documents)} documents identical"


def test_extract_tags_with_pos_filter_equals_jieba(documents: list[str]) -> None:
    analyse = pytest.importorskip("jieba.analyse", reason="needs jieba==0.42.1")
    ex = zt.TfidfExtractor(zt.Tokenizer())
    pos = ("ns", "n", "vn", "nr")
    for doc in documents[:40]:
        ours = ex.extract(doc, top_k=10, with_weight=True, allow_pos=pos, with_flag=True)
        theirs = analyse.extract_tags(doc, topK=10, withWeight=True, allowPOS=pos, withFlag=True)
        assert [(w, f) for (w, f), _ in ours] == [(p.word, p.flag) for p, _ in theirs]


def test_textrank_equals_jieba(documents: list[str]) -> None:
    analyse = pytest.importorskip("jieba.analyse", reason="needs jieba==0.42.1")
    ex = zt.TfidfExtractor(zt.Tokenizer())
    overlaps, same = [], 0
    for doc in documents:
        ours = ex.textrank(doc, top_k=10, with_weight=True)
        theirs = analyse.textrank(doc, topK=10, withWeight=True)
        overlaps.append(len({w for w, _ in ours} & {w for w, _ in theirs}) / max(1, len(theirs)))
        same += _same_ranking(ours, theirs)
    assert sum(overlaps) / len(overlaps) >= 0.9
    assert same / len(documents) >= 0.99


def test_module_functions_and_return_shapes() -> None:
    assert zt.extract_tags(TEXT, top_k=3) == ["欧亚", "吉林", "置业"]
    word, weight = zt.extract_tags(TEXT, top_k=1, with_weight=True)[0]
    assert word == "欧亚" and weight > 0
    assert zt.extract_tags(TEXT, top_k=2, allow_pos=("ns",), with_flag=True) == [("欧亚", "ns"), ("吉林", "ns")]
    assert len(zt.extract_tags(TEXT, top_k=None)) > 20
    assert zt.textrank(TEXT, top_k=2) == ["吉林", "欧亚"]
    assert zt.extract_tags("") == [] and zt.textrank("") == []


def test_stop_words_remove_words() -> None:
    ex = zt.TfidfExtractor(zt.Tokenizer(), stop_words=["欧亚"])
    assert "欧亚" not in ex.extract(TEXT)
    assert "欧亚" in ex.stop_words and "the" in ex.stop_words
    ex.set_stop_words(["吉林"])
    assert "吉林" not in ex.extract(TEXT) and "吉林" not in ex.textrank(TEXT)


def test_fit_makes_keywords_relative_to_the_corpus() -> None:
    corpus = [f"台风来了，台风今天登陆{place}" for place in ("福建", "浙江", "广东", "海南")]
    general = zt.TfidfExtractor(zt.Tokenizer()).extract(corpus[0], top_k=3)
    fitted_extractor = zt.TfidfExtractor(zt.Tokenizer()).fit(corpus)
    fitted = fitted_extractor.extract(corpus[0], top_k=3)
    assert general == ["台风", "登陆", "福建"]
    # "登陆" is in every document of this corpus, so relative to it the place matters more.
    assert fitted[:2] == ["台风", "福建"] and "登陆" not in fitted
    assert fitted_extractor.idf("登陆") < fitted_extractor.idf("福建")


def test_idf_tables_save_and_load(tmp_path) -> None:
    ex = zt.TfidfExtractor(zt.Tokenizer()).fit(["台风登陆福建", "台风登陆浙江", "暴雨袭击广东"])
    path = tmp_path / "idf.txt"
    ex.save_idf(path)
    loaded = zt.TfidfExtractor(zt.Tokenizer(), idf=path)
    for word in ("台风", "福建", "暴雨", "不在表中"):
        assert loaded.idf(word) == ex.idf(word)
    assert loaded.median_idf == ex.median_idf
    from_dict = zt.TfidfExtractor(zt.Tokenizer(), idf={"台风": 1.0, "登陆": 1.0, "福建": 3.0})
    assert from_dict.extract("台风登陆福建", top_k=1) == ["福建"]


def test_extractors_pickle(tmp_path) -> None:
    tok = zt.Tokenizer()
    tok.add_word("欧亚置业")
    for ex in (zt.TfidfExtractor(tok), zt.TfidfExtractor(tok).fit([TEXT, "台风登陆福建"])):
        clone = pickle.loads(pickle.dumps(ex))
        assert clone.extract(TEXT, with_weight=True) == ex.extract(TEXT, with_weight=True)
    assert len(pickle.dumps(zt.TfidfExtractor(tok, stop_words=["的"]))) < 1_000


def test_bad_input_gets_clear_errors(tmp_path) -> None:
    ex = zt.TfidfExtractor(zt.Tokenizer())
    with pytest.raises(ValueError, match="top_k"):
        ex.extract(TEXT, top_k=0)
    with pytest.raises(ValueError, match="top_k"):
        zt.textrank(TEXT, top_k=-1)
    with pytest.raises(TypeError, match=r"texts\[1\] is NoneType.*missing='empty'"):
        ex.extract_many(["新闻", None])
    with pytest.raises(ValueError, match=r"texts\[0\] is NaN: np\.nan is an invalid document"):
        ex.fit([float("nan")])
    assert ex.extract_many(["台风登陆福建", None, float("nan")], top_k=1, missing="empty") == [["台风"], [], []]
    with pytest.raises(ValueError, match="empty corpus"):
        ex.fit([])
    with pytest.raises(TypeError, match="allow_pos"):
        ex.extract(TEXT, allow_pos="ns")
    bad = tmp_path / "idf.txt"
    bad.write_text("台风 1.5\n福建\n", encoding="utf-8")
    with pytest.raises(zt.DictionaryError, match=r"idf\.txt, line 2"):
        zt.TfidfExtractor(idf=bad)
    with pytest.raises(FileNotFoundError):
        zt.TfidfExtractor(idf=tmp_path / "missing.txt")
    with pytest.raises(FileNotFoundError):
        ex.set_idf_path(tmp_path / "missing.txt")
