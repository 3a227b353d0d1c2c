"""``import zhtext.jieba as jieba``: jieba 0.42.1's API, return types and outputs.

Each test makes the calls jieba's own test scripts make (cut modes, user dictionaries,
frequency tuning, posseg, analyse, tokenize, parallel, dictionary changes) on texts
of the same kinds, and compares every result with jieba 0.42.1's on the same input.
"""

from __future__ import annotations

import importlib
import logging
import pickle
import threading
import types
import warnings

import pytest
import zhtext.jieba as zj
import zhtext.jieba.analyse as zanalyse
import zhtext.jieba.posseg as zpseg

jieba = pytest.importorskip("jieba", reason="needs jieba==0.42.1 (pip install '.[test]')")
import jieba.analyse as janalyse  # noqa: E402
import jieba.posseg as jpseg  # noqa: E402

jieba.setLogLevel(60)
zj.setLogLevel(60)

# Sentences of the kinds jieba's scripts cut: ambiguity, names, Latin and digits,
# symbols, whitespace runs and line breaks, full-width indents (novels), lyrics.
TEXTS = [
    "南京市长江大桥通车了，市长来剪彩。",
    "结婚的和尚未结婚的都来了",
    "他说的确实在理，研究生命起源很难",
    "iPhone 15和Windows 11哪个更好？C++、C#与.NET都行，价格3.5%起",
    "AT&T的股价上涨了2.5%，Covid-19疫苗 happynewyear.txt.vbs",
    "　　第一章　初入江湖\n　　少年背着剑，走进了长安城。",
    "月亮代表我的心\n你问我爱你有多深  我爱你有几分\r\n\r\n我的情也真",
    "a, b  c\t\td\u3000e",
    "  开头有空格，结尾也有  ",
    "",
    "！？。",
    "1234 5678",
    "龘靐齉齾爩鱻麤龗灪",
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
    "我们中出了一个叛徒，如果放到post中将出错",
    "「台中」正确应该不会被切开，石墨烯凯特琳",
    "他的电话是010-12345678，邮箱abc_def@example.com",
    "Edu Trust认证是新加坡的教育认证",
]


def _same_calls(a, b, text: str) -> None:
    """The same calls on the jieba module `a` and zhtext.jieba `b` give the same results."""
    for kwargs in ({}, {"HMM": False}, {"cut_all": True}):
        gen = b.cut(text, **kwargs)
        assert isinstance(gen, types.GeneratorType)
        assert list(gen) == a.lcut(text, **kwargs), (text, kwargs)
        assert b.lcut(text, **kwargs) == a.lcut(text, **kwargs)
    for hmm in (True, False):
        gen = b.cut_for_search(text, HMM=hmm)
        assert isinstance(gen, types.GeneratorType)
        assert list(gen) == a.lcut_for_search(text, HMM=hmm), text
        assert b.lcut_for_search(text, HMM=hmm) == a.lcut_for_search(text, HMM=hmm)
        for mode in ("default", "search"):
            gen = b.tokenize(text, mode=mode, HMM=hmm)
            assert isinstance(gen, types.GeneratorType)
            assert list(gen) == list(a.tokenize(text, mode=mode, HMM=hmm)), (text, mode)


def _same_tags(a, b, text: str) -> None:
    for hmm in (True, False):
        gen = b.cut(text, HMM=hmm)
        assert isinstance(gen, types.GeneratorType)
        ours, theirs = list(gen), a.lcut(text, HMM=hmm)
        assert [(p.word, p.flag) for p in ours] == [(p.word, p.flag) for p in theirs], text
        assert [str(p) for p in ours] == [str(p) for p in theirs]
        assert [repr(p) for p in ours] == [repr(p) for p in theirs]
        assert [tuple(p) for p in ours] == [tuple(p) for p in theirs]


@pytest.mark.parametrize("text", TEXTS)
def test_cut_tokenize_and_posseg_match_jieba(text: str) -> None:
    _same_calls(jieba, zj, text)
    _same_tags(jpseg, zpseg, text)


def test_full_mode_yields_jiebas_empty_strings() -> None:
    for text in ("a, b", "你好  世界", "　　第一章", "40  分钟\r\n\r\n", " x "):
        assert zj.lcut(text, cut_all=True) == jieba.lcut(text, cut_all=True), text
    assert zj.lcut("a, b", cut_all=True) == ["a", ",", " ", "", "b"]


def test_bytes_are_decoded_as_jieba_decodes_them() -> None:
    text = "我爱北京天安门，天安门上太阳升"
    for data in (text.encode("utf-8"), text.encode("gbk")):
        assert zj.lcut(data) == jieba.lcut(data)
        assert [tuple(p) for p in zpseg.lcut(data)] == [tuple(p) for p in jpseg.lcut(data)]
        assert zanalyse.extract_tags(data, topK=3) == janalyse.extract_tags(data, topK=3)
    with pytest.raises(ValueError, match="should be unicode"):
        list(zj.tokenize(text.encode()))


def test_lone_surrogates_are_cut_as_jieba_cuts_them() -> None:
    # Lines read from GBK input with errors="surrogateescape", as jieba's jiebacmd.py reads stdin.
    raw = "天气很好".encode("gbk") + "，我们去\xff公园".encode() + b"\xfe\xfd ok"
    text = raw.decode("utf-8", errors="surrogateescape")
    assert any(0xDC80 <= ord(c) <= 0xDCFF for c in text)
    _same_calls(jieba, zj, text)
    _same_tags(jpseg, zpseg, text)
    assert zanalyse.extract_tags(text) == janalyse.extract_tags(text)
    assert zanalyse.textrank(text, allowPOS=("n", "x")) == janalyse.textrank(text, allowPOS=("n", "x"))


@pytest.fixture()
def fresh():
    """Fresh module-level state in both: jieba's and zhtext.jieba's default tokenizers."""
    ours = importlib.reload(zj)
    theirs = importlib.reload(jieba)
    theirs.setLogLevel(60)
    yield ours, theirs
    importlib.reload(zj)
    importlib.reload(jieba).setLogLevel(60)


USER_DICT = """\ufeff云计算 5
李小福 2 nr
创新办 3 i
easy_install 3 eng
好用 300
韩玉赏鉴 3 nz
八一双鹿 3 nz
台中
凱特琳 nz
Edu Trust认证 2000
好人 12 n
石墨烯
"""


def test_user_dictionary_and_frequency_tuning_match_jieba(fresh, tmp_path) -> None:
    ours, theirs = fresh
    path = tmp_path / "userdict.txt"
    path.write_text(USER_DICT, encoding="utf-8")
    # get_FREQ answers the default before the dictionary is loaded, as in jieba.
    assert ours.get_FREQ("创新") == theirs.get_FREQ("创新") is None
    for module in (ours, theirs):
        module.load_userdict(str(path))
        module.add_word("凱特琳")
        module.add_word("自定义词", 10, "n")
        module.del_word("自定义词")
    assert ours.dt.total == theirs.dt.total
    for word in (
        "Edu Trust认证",
        "Edu",
        "Edu ",
        "Edu Trust",
        "云计算",
        "云",
        "创新办",
        "自定义词",
        "不存在的词",
        "台中",
    ):
        assert ours.get_FREQ(word) == theirs.get_FREQ(word), word
    assert ours.get_FREQ("不存在的词", -1) == -1
    text = (
        "李小福是创新办主任也是云计算方面的专家; 什么是八一双鹿\n"
        "例如我输入一个带“韩玉赏鉴”的标题，在自定义词库中也增加了此词为N类\n"
        "「台中」正確應該不會被切開。mac上可分出「石墨烯」；此時又可以分出來凱特琳了。"
        "easy_install is great, Edu Trust认证"
    )
    _same_calls(theirs, ours, text)
    _same_tags(jpseg.POSTokenizer(theirs.dt), zpseg.POSTokenizer(ours.dt), text)
    for sentence, segments in (
        ("今天天气不错", ("今天", "天气")),
        ("如果放到post中将出错。", ("中", "将")),
        ("我们中出了一个叛徒", ("中", "出")),
        ("「台中」正确应该不会被切开", "台中"),
    ):
        word = "".join(segments)
        assert ours.lcut(sentence, HMM=False) == theirs.lcut(sentence, HMM=False)
        assert ours.get_FREQ(word) == theirs.get_FREQ(word)
        assert ours.suggest_freq(segments, True) == theirs.suggest_freq(segments, True)
        assert ours.lcut(sentence, HMM=False) == theirs.lcut(sentence, HMM=False)
    assert ours.dt.total == theirs.dt.total


def test_lines_jieba_misreads_are_read_alike_with_one_warning(fresh) -> None:
    ours, theirs = fresh
    lines = ["好词 3 n", "词甲\t5", "词乙  7", "词丙 5 N", "Edu Trust认证 2000"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ours.load_userdict(lines)
    messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    assert len(messages) == 1, messages
    assert "line 2" in messages[0] and "词甲\\t5" in messages[0] and "2 more lines" in messages[0]
    theirs.load_userdict(lines)
    for word in ("词甲\t5", "词甲", "词乙 ", "词乙", "词丙 5 N", "Edu Trust认证", "好词"):
        assert ours.get_FREQ(word) == theirs.get_FREQ(word), word
    assert ours.dt.total == theirs.dt.total


def test_custom_dictionaries_and_tokenizers(fresh, tmp_path) -> None:
    ours, theirs = fresh
    small = tmp_path / "small.txt"
    small.write_text("好人 12 n\n北京 30 ns\n天安门 20 ns\n", encoding="utf-8")
    texts = ["我爱北京天安门，好人好事", "这是一个伸手不见五指的黑夜"]
    with_jiebas_dictionary = [theirs.lcut(text) for text in texts]
    assert [ours.lcut(text) for text in texts] == with_jiebas_dictionary
    for module in (ours, theirs):
        module.set_dictionary(str(small))
    for text in texts:
        assert ours.lcut(text) == theirs.lcut(text)
        assert ours.lcut(text, cut_all=True) == theirs.lcut(text, cut_all=True)
    assert ours.get_FREQ("好人") == theirs.get_FREQ("好人") == 12
    with pytest.raises(Exception, match="jieba: file does not exist"):
        ours.set_dictionary(str(tmp_path / "missing.txt"))
    a, b = ours.Tokenizer(str(small)), theirs.Tokenizer(str(small))
    a.initialize()
    b.initialize()
    assert repr(a) == repr(b)
    assert a.lcut(texts[0]) == b.lcut(texts[0])
    assert ours.Tokenizer().lcut(texts[1]) == with_jiebas_dictionary[1]
    # Reloading the module starts over from jieba's dictionary, as reloading jieba does.
    again = importlib.reload(ours)
    assert again.lcut(texts[1]) == with_jiebas_dictionary[1]


def test_threads_and_parallel_switches(caplog) -> None:
    texts = TEXTS * 3
    expected = [jieba.lcut(t) for t in texts]
    results: list[list[list[str]]] = [[] for _ in range(4)]

    def work(slot: int) -> None:
        results[slot] = [zj.lcut(t) for t in texts]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)
    zj.setLogLevel(logging.INFO)
    with caplog.at_level(logging.INFO, logger="zhtext.jieba"):
        zj.enable_parallel(4)
    zj.setLogLevel(60)
    assert "threads" in caplog.text
    assert [zj.lcut(t) for t in texts] == expected
    assert [[tuple(p) for p in zpseg.cut(t)] for t in texts[:5]] == [
        [tuple(p) for p in jpseg.cut(t)] for t in texts[:5]
    ]
    zj.disable_parallel()


ARTICLE = (
    "此外，公司拟对全资子公司吉林欧亚置业有限公司增资4.3亿元，增资后，吉林欧亚置业注册资本由7000万元"
    "增加到5亿元。吉林欧亚置业主要经营范围为房地产开发及百货零售等业务。目前在建吉林欧亚城市商业综合体"
    "项目。2013年，实现营业收入0万元，实现净利润-139.13万元。The company and the project of the year."
)


def test_analyse_matches_jieba(tmp_path) -> None:
    for kwargs in (
        {},
        {"topK": 5, "withWeight": True},
        {"topK": None},
        {"topK": 0},
        {"topK": -3},
        {"allowPOS": ("ns", "n", "vn", "v")},
        {"allowPOS": ("ns", "n"), "withFlag": True},
        {"allowPOS": ("ns", "n"), "withFlag": True, "withWeight": True, "topK": 4},
    ):
        ours = zanalyse.extract_tags(ARTICLE, **kwargs)
        theirs = janalyse.extract_tags(ARTICLE, **kwargs)
        assert _plain(ours) == _plain(theirs), kwargs
    for kwargs in ({}, {"withWeight": True, "topK": 5}, {"withFlag": True}, {"allowPOS": ()}, {"allowPOS": ("n",)}):
        assert _plain(zanalyse.textrank(ARTICLE, **kwargs)) == _plain(janalyse.textrank(ARTICLE, **kwargs)), kwargs
    flagged = zanalyse.extract_tags(ARTICLE, allowPOS=("ns", "n"), withFlag=True)
    assert isinstance(flagged[0], zpseg.pair)

    stop = tmp_path / "stop.txt"
    stop.write_text("吉林\n欧亚\n", encoding="utf-8")
    idf = tmp_path / "idf.txt"
    idf.write_text("置业 20.0\n增资 1.0\n吉林 5.0\n欧亚 3.5\n项目 2.0\n", encoding="utf-8")
    ours, theirs = zanalyse.TFIDF(), janalyse.TFIDF()
    ours.set_stop_words(str(stop))
    theirs.set_stop_words(str(stop))
    assert ours.extract_tags(ARTICLE, topK=8) == theirs.extract_tags(ARTICLE, topK=8)
    ours.set_idf_path(str(idf))
    theirs.set_idf_path(str(idf))
    assert _plain(ours.extract_tags(ARTICLE, topK=8, withWeight=True)) == _plain(
        theirs.extract_tags(ARTICLE, topK=8, withWeight=True)
    )
    assert zanalyse.TFIDF(str(idf)).extract_tags(ARTICLE, topK=5) == janalyse.TFIDF(str(idf)).extract_tags(
        ARTICLE, topK=5
    )
    ranker, jranker = zanalyse.TextRank(), janalyse.TextRank()
    ranker.set_stop_words(str(stop))
    jranker.set_stop_words(str(stop))
    assert ranker.textrank(ARTICLE, topK=6) == jranker.textrank(ARTICLE, topK=6)
    with pytest.raises(Exception, match="jieba: file does not exist"):
        zanalyse.set_idf_path(str(tmp_path / "missing.txt"))


def _plain(keywords: list) -> list:
    """Keywords with pairs as tuples and weights rounded (jieba sums in another order)."""
    out = []
    for k in keywords:
        if isinstance(k, tuple) and len(k) == 2 and isinstance(k[1], float):
            word, weight = k
            out.append((tuple(word) if not isinstance(word, str) else word, round(weight, 9)))
        else:
            out.append(tuple(k) if not isinstance(k, str) else k)
    return out


def test_pairs_behave_as_jiebas() -> None:
    ours, theirs = zpseg.pair("北京", "ns"), jpseg.pair("北京", "ns")
    assert (str(ours), repr(ours), list(ours)) == (str(theirs), repr(theirs), list(theirs))
    assert ours == zpseg.pair("北京", "ns") and ours != zpseg.pair("北京", "n")
    assert hash(ours) == hash("北京")
    assert sorted([zpseg.pair("b", "x"), zpseg.pair("a", "x")])[0].word == "a"
    assert ours.encode("utf-8") == theirs.encode("utf-8")
    assert pickle.loads(pickle.dumps(ours)) == ours
