"""Script-aware segmentation and keywords: traditional text cut through its simplified form,
words in the original characters, one term for both spellings."""

from __future__ import annotations

import pickle

import pytest
import zhtext as zt

from .conftest import corpus_texts, pku_lines, shared_path
from .test_accuracy import score

TRADITIONAL = "他說：「香港的頭髮乾燥劑，憑藉⿰亻尔與𠮷野家」 OK 123。俄羅斯總統訪問臺灣。"


@pytest.fixture(scope="module")
def tok() -> zt.Tokenizer:
    return zt.Tokenizer()


def test_as_is_is_the_default_and_unchanged(tok: zt.Tokenizer) -> None:
    assert tok.script == "as_is"
    for text in [TRADITIONAL, "我来到北京清华大学"]:
        assert tok.cut(text) == tok.cut(text, script="as_is")
        assert tok.tag(text) == tok.tag(text, script="as_is")
        assert tok.tokenize(text) == tok.tokenize(text, script="as_is")


@pytest.mark.parametrize("script", ["auto", "simplified"])
def test_words_come_back_in_the_original_characters_with_exact_offsets(tok: zt.Tokenizer, script: str) -> None:
    text = TRADITIONAL
    words = tok.cut(text, script=script)  # type: ignore[arg-type]
    assert "".join(words) == text
    assert "俄羅斯" in words and "總統" in words
    for mode in ("default", "search"):
        for word, start, end in tok.tokenize(text, mode, script=script):  # type: ignore[arg-type]
            assert text[start:end] == word
    assert "".join(w for w, _ in tok.tag(text, script=script)) == text  # type: ignore[arg-type]
    assert "".join(tok.cut_for_search(text, script=script)) != ""  # type: ignore[arg-type]
    many = tok.cut_many([text, "", "我来到北京"], script=script)  # type: ignore[arg-type]
    assert many[0] == words and many[1] == []
    arrow = pytest.importorskip("pyarrow")
    assert arrow is not None
    assert tok.cut_many([text], script=script, output="arrow").to_pylist() == [words]  # type: ignore[arg-type]


def test_auto_cuts_traditional_text_like_its_simplified_form(tok: zt.Tokenizer) -> None:
    simplified = "这是一个关于经济发展和头发干燥的报导，人民币汇率"
    traditional = zt.convert(simplified, to="traditional")
    assert traditional != simplified
    auto = tok.cut(traditional, script="auto")
    assert [len(w) for w in auto] == [len(w) for w in tok.cut(simplified)]
    assert [len(w) for w in tok.cut(traditional)] != [len(w) for w in auto]
    # Simplified text is left as it is under "auto"; "simplified" converts it all the same (乾货 → 干货).
    assert tok.cut("乾隆皇帝的头发", script="auto") == tok.cut("乾隆皇帝的头发")
    assert tok.cut("文件夹里的乾货和头发", script="auto") == tok.cut("文件夹里的乾货和头发")
    assert tok.cut("文件夹里的乾货和头发", script="simplified") == ["文件夹", "里", "的", "乾货", "和", "头发"]


def test_offsets_are_exact_when_conversion_changes_lengths(tok: zt.Tokenizer) -> None:
    # OpenCC's tw2sp-style phrase tables are not used for t2s, but the alignment must still hold where a
    # replacement's length differs: the compatibility ideograph U+F9B5 normalizes and ideographic
    # description sequences stay whole.
    text = "頭髮\uf9b5如⿰亻尔說"
    for word, start, end in tok.tokenize(text, script="simplified"):
        assert text[start:end] == word


def test_tokenizer_script_is_kept_by_pickling_and_validated() -> None:
    tok = zt.Tokenizer(script="auto")
    assert tok.script == "auto" and "auto" in repr(tok)
    again = pickle.loads(pickle.dumps(tok))
    assert again.script == "auto"
    assert again.cut("我來到北京清華大學") == ["我", "來到", "北京", "清華大學"]
    assert tok.cut("我來到北京清華大學", script="as_is") != again.cut("我來到北京清華大學")
    with pytest.raises(ValueError, match="script must be"):
        zt.Tokenizer(script="traditional")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="script must be"):
        tok.cut("x", script="hant")  # type: ignore[arg-type]
    assert zt.cut("他來到了網易杭研大廈", script="auto") == ["他", "來到", "了", "網易", "杭研", "大廈"]


def test_auto_restores_accuracy_on_traditional_pku(tok: zt.Tokenizer) -> None:
    """PKU gold converted to traditional (a sample; bench/eval_script.py runs it all)."""
    from bench.eval_script import traditional_gold

    pytest.importorskip("opencc")
    gold = [line.split() for line in shared_path("sighan", "pku_test_gold.utf8").read_text("utf-8").splitlines()]
    gold = gold[::8]
    traditional = traditional_gold(gold, "s2t")
    lines = ["".join(w) for w in traditional]
    as_is = score(tok.cut_many(lines), traditional)[2]
    auto = score(tok.cut_many(lines, script="auto"), traditional)[2]
    simplified = score(tok.cut_many(["".join(w) for w in gold]), gold)[2]
    assert auto > as_is + 0.03
    assert auto >= simplified - 0.005
    assert len(pku_lines()) > 0


def test_keywords_keep_the_text_s_spelling_or_fold_into_simplified() -> None:
    ex = zt.TfidfExtractor(zt.Tokenizer())
    text = "俄羅斯總統訪問中國，俄羅斯與中國簽署協議。"
    assert ex.extract(text, top_k=3, script="auto") == ["俄羅斯", "訪問", "簽署"]
    assert ex.extract(text, top_k=3, fold_script="simplified") == ["俄罗斯", "访问", "签署"]
    assert ex.extract_many([text], top_k=3, fold_script="simplified") == [["俄罗斯", "访问", "签署"]]
    assert ex.textrank(text, top_k=2, fold_script="simplified") == ex.textrank(zt.convert(text), top_k=2)
    assert ex.extract(text, top_k=3) == ex.extract(text, top_k=3, script="as_is")
    with pytest.raises(ValueError, match="fold_script"):
        ex.extract(text, fold_script="traditional")  # type: ignore[arg-type]


def test_same_article_same_keywords_in_either_script() -> None:
    """Top-10 overlap between corpus articles and their OpenCC traditional versions (a sample;
    bench/eval_script.py measures every article)."""
    opencc = pytest.importorskip("opencc")
    converter = opencc.OpenCC("s2t")
    articles = [t for t in corpus_texts() if converter.convert(t) != t][::6]
    ex = zt.TfidfExtractor(zt.Tokenizer())
    simplified = ex.extract_many(articles, top_k=10, fold_script="simplified")
    traditional = ex.extract_many([converter.convert(t) for t in articles], top_k=10, fold_script="simplified")
    overlaps = [len(set(a) & set(b)) / 10 for a, b in zip(simplified, traditional, strict=True)]
    assert sum(overlaps) / len(overlaps) >= 0.9


def test_vectorizer_folds_both_spellings_into_one_term() -> None:
    pytest.importorskip("sklearn")
    docs = ["俄罗斯总统访问中国", "俄羅斯總統訪問中國"]
    folded = zt.TfidfVectorizer(fold_script="simplified").fit(docs)
    assert list(folded.get_feature_names_out()) == ["中国", "俄罗斯", "总统", "访问"]
    X = folded.transform(docs).toarray()
    assert (X[0] == X[1]).all()
    auto = zt.TfidfVectorizer(script="auto").fit(docs)
    assert "俄羅斯" in auto.get_feature_names_out() and "俄罗斯" in auto.get_feature_names_out()
    assert pickle.loads(pickle.dumps(folded)).transform(docs[1:]).toarray()[0].tolist() == X[1].tolist()
    assert zt.TfidfVectorizer(fold_script="simplified").build_analyzer()(docs[1]) == ["俄罗斯", "总统", "访问", "中国"]


def test_full_width_letters_and_digits_are_read_as_ascii_by_every_auto_entry_point(tok: zt.Tokenizer) -> None:
    """Issue 15: ５０％ and ＧＤＰ are cut, tagged and counted as 50% and GDP under "auto" (in either
    script), the words given back as written; "as_is" stays jieba's cut."""
    text = "去年ＧＤＰ增长５０％，达到１２．５万亿元。"
    assert tok.cut(text) == [
        "去年",
        "Ｇ",
        "Ｄ",
        "Ｐ",
        "增长",
        "５",
        "０",
        "％",
        "，",
        "达到",
        "１",
        "２",
        "．",
        "５",
        "万亿元",
        "。",
    ]
    auto = tok.cut(text, script="auto")
    assert auto == ["去年", "ＧＤＰ", "增长", "５０％", "，", "达到", "１２．５", "万亿元", "。"]
    for script in ("auto", "simplified"):
        assert [(w, text[s:e]) for w, s, e in tok.tokenize(text, script=script)] == [(w, w) for w in auto]
    assert tok.tag(text, script="auto")[1] == ("ＧＤＰ", "eng")
    traditional = "去年ＧＤＰ增長５０％，達到１２．５萬億元。"
    assert [len(w) for w in tok.cut(traditional, script="auto")] == [len(w) for w in auto]
    # A full-width full stop between names is a name's dot, not a decimal point.
    assert "穆罕默德．沙尔曼" in [m[0] for m in zt.mentions("王毅会见穆罕默德．沙尔曼，双方谈到５０％的关税。")]
    ex = zt.TfidfExtractor(zt.Tokenizer())
    assert "ＧＤＰ" in ex.extract(text * 3, script="auto")
    assert "GDP" in ex.extract(text * 3, fold_script="simplified")
    folded = zt.TfidfVectorizer(fold_script="simplified").fit([text, "GDP增长50%"]).get_feature_names_out()
    assert "gdp" in folded and "ｇｄｐ" not in folded
