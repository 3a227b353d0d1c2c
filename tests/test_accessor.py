"""The pandas ``.zh`` accessor: batch results aligned to the index, missing values kept missing."""

from __future__ import annotations

import pytest

pd = pytest.importorskip("pandas", reason="the accessor needs pandas (pip install 'zhtext[pandas]')")
pytest.importorskip("pyarrow")

import zhtext as zt  # noqa: E402
import zhtext.accessor  # noqa: E402

TEXTS = ["我来到北京清华大学", None, float("nan"), "吉林欧亚置业有限公司增资，吉林欧亚置业注册资本增加"]


@pytest.fixture()
def series() -> pd.Series:
    return pd.Series(TEXTS, index=[30, 10, 20, "x"], name="text")


def test_cut_is_an_arrow_list_column_aligned_to_the_index(series: pd.Series) -> None:
    words = series.zh.cut()
    assert isinstance(words.dtype, pd.ArrowDtype)
    assert list(words.index) == [30, 10, 20, "x"] and words.name == "text"
    assert words.isna().tolist() == [False, True, True, False]
    assert list(words[30]) == zt.cut(TEXTS[0])
    assert list(words["x"]) == zt.cut(TEXTS[3])
    assert list(series.zh.cut(mode="search", hmm=False)["x"]) == zt.cut_for_search(TEXTS[3], hmm=False)
    tok = zt.Tokenizer()
    tok.add_word("欧亚置业")
    assert "欧亚置业" in list(series.zh.cut(tokenizer=tok)["x"])


def test_tokenize_and_tag_give_structs(series: pd.Series) -> None:
    tokens = series.zh.tokenize()
    assert tokens.isna().tolist() == [False, True, True, False]
    assert [(t["word"], t["start"], t["end"]) for t in tokens[30]] == zt.tokenize(TEXTS[0])
    tags = series.zh.tag()
    assert [(t["word"], t["flag"]) for t in tags["x"]] == zt.tag(TEXTS[3])


def test_keywords_and_textrank(series: pd.Series) -> None:
    keywords = series.zh.keywords(top_k=3)
    assert list(keywords["x"]) == zt.extract_tags(TEXTS[3], top_k=3)
    assert keywords.isna().tolist() == [False, True, True, False]
    weighted = series.zh.keywords(top_k=2, with_weight=True)
    assert [(k["word"], k["weight"]) for k in weighted["x"]] == zt.extract_tags(TEXTS[3], top_k=2, with_weight=True)
    assert list(series.zh.textrank(top_k=2)["x"]) == zt.textrank(TEXTS[3], top_k=2)


def test_empty_series_and_wrong_types() -> None:
    assert len(pd.Series([], dtype=object).zh.cut()) == 0
    with pytest.raises(TypeError, match="row 'b' is int"):
        pd.Series(["好", 3], index=["a", "b"]).zh.cut()
