"""Tokenizer behaviour: the jieba-style API, user words, pickling, threads, bad input."""

from __future__ import annotations

import pickle
import threading

import pytest
import zhtext as zt


class MyTokenizer(zt.Tokenizer):
    """A user subclass, which pickles as itself."""


@pytest.fixture()
def tok() -> zt.Tokenizer:
    return zt.Tokenizer()


def test_cut_modes_match_jieba_examples(tok: zt.Tokenizer) -> None:
    assert tok.cut("我来到北京清华大学") == ["我", "来到", "北京", "清华大学"]
    assert tok.cut("他来到了网易杭研大厦") == ["他", "来到", "了", "网易", "杭研", "大厦"]
    assert tok.cut("他来到了网易杭研大厦", hmm=False) == ["他", "来到", "了", "网易", "杭", "研", "大厦"]
    assert tok.cut_all("清华大学") == ["清华", "清华大学", "华大", "大学"]
    assert tok.cut_for_search("中国科学院") == ["中国", "科学", "学院", "科学院", "中国科学院"]
    assert tok.tokenize("永和服装") == [("永和", 0, 2), ("服装", 2, 4)]
    assert tok.tokenize("中国科学院", mode="search")[-1] == ("中国科学院", 0, 5)
    assert tok.tag("我爱北京天安门") == [("我", "r"), ("爱", "v"), ("北京", "ns"), ("天安门", "ns")]


def test_offsets_are_characters_not_bytes(tok: zt.Tokenizer) -> None:
    text = "😀Covid-19疫情，GDP增长2.5%"
    for word, start, end in tok.tokenize(text):
        assert text[start:end] == word
    for word, start, end in tok.tokenize(text, mode="search"):
        assert text[start:end] == word


def test_module_functions_use_one_default_tokenizer() -> None:
    assert zt.default_tokenizer() is zt.default_tokenizer()
    assert zt.cut("清华大学") == ["清华大学"]
    assert zt.cut_many(["清华大学"]) == [["清华大学"]]
    assert zt.tag("清华大学") == [("清华大学", "nt")]


def test_user_words_follow_jieba(tok: zt.Tokenizer) -> None:
    assert tok.cut("创新办主任") == ["创新", "办", "主任"]
    tok.add_word("创新办", tag="i")
    assert tok.cut("创新办主任") == ["创新办", "主任"]
    assert tok.tag("创新办主任")[0] == ("创新办", "i")
    tok.del_word("创新办")
    assert tok.cut("创新办主任") == ["创新", "办", "主任"]
    # jieba's documented suggest_freq examples.
    assert tok.cut("如果放到post中将出错。", hmm=False)[3:5] == ["中将", "出错"]
    assert tok.suggest_freq(("中", "将"), tune=True) == 494
    assert tok.cut("如果放到post中将出错。", hmm=False)[3:6] == ["中", "将", "出错"]
    assert tok.suggest_freq("台中") == 69


def test_load_userdict_from_lines_and_files(tok: zt.Tokenizer, tmp_path) -> None:
    path = tmp_path / "user.txt"
    path.write_text("\ufeff云计算 5 n\n\n创新办 3 i\n侍建宇 nr\n", encoding="utf-8")
    tok.load_userdict(path)
    assert tok.cut("创新办主任也是云计算方面的专家")[:1] == ["创新办"]
    assert tok.tag("侍建宇说")[0] == ("侍建宇", "nr")
    other = zt.Tokenizer()
    with open(path, encoding="utf-8") as f:
        other.load_userdict(f)
    assert other.cut("侍建宇说") == tok.cut("侍建宇说")


def test_malformed_userdict_names_file_and_line(tok: zt.Tokenizer, tmp_path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("好词 3 n\n坏\x00词 3 n\n", encoding="utf-8")
    with pytest.raises(zt.DictionaryError, match=r"bad\.txt, line 2") as info:
        tok.load_userdict(path)
    assert isinstance(info.value, ValueError)
    assert tok.cut("好词") == zt.Tokenizer().cut("好词"), "a failed load adds nothing"
    with pytest.raises(zt.DictionaryError, match=r"<lines>, line 2"):
        tok.load_userdict(["新词甲 5 n", "新\x00词 3"])
    assert tok.word_freq("新词甲") is None, "a file with a bad line adds nothing"


def test_missing_files_raise_file_not_found(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match=r"nope\.txt"):
        zt.Tokenizer(dictionary=tmp_path / "nope.txt")
    with pytest.raises(FileNotFoundError):
        zt.Tokenizer().load_userdict(str(tmp_path / "nope.txt"))


def test_custom_main_dictionary(tmp_path) -> None:
    path = tmp_path / "dict.txt"
    path.write_text("北京 100 ns\n清华 50 nt\n大学 80 n\n清华大学 10 nt\n", encoding="utf-8")
    tok = zt.Tokenizer(dictionary=path)
    assert tok.dictionary == path
    assert tok.cut("北京清华大学", hmm=False) == ["北京", "清华", "大学"]
    bad = tmp_path / "bad.txt"
    bad.write_text("北京 100 ns\n清华\n", encoding="utf-8")
    with pytest.raises(zt.DictionaryError, match=r"bad\.txt, line 2"):
        zt.Tokenizer(dictionary=bad)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("caf\xe9 3 n\n".encode("latin-1"))
    with pytest.raises(zt.DictionaryError, match="UTF-8"):
        zt.Tokenizer(dictionary=latin1)


def test_pickle_is_a_small_recipe_and_cuts_identically(tok: zt.Tokenizer, tmp_path) -> None:
    tok.load_userdict(["侍建宇 nr", "云计算 5 n"])
    tok.del_word("中亚")
    tok.suggest_freq(("中", "将"), tune=True)
    data = pickle.dumps(tok)
    assert len(data) < 1_000, "the recipe, not the dictionary"
    clone = pickle.loads(data)
    assert type(clone) is zt.Tokenizer

    mine = MyTokenizer()
    mine.add_word("侍建宇")
    assert type(pickle.loads(pickle.dumps(mine))) is MyTokenizer
    text = "侍建宇在中亚谈云计算，如果放到post中将出错。"
    for hmm in (True, False):
        assert clone.cut(text, hmm) == tok.cut(text, hmm)
        assert clone.tag(text, hmm) == tok.tag(text, hmm)
    assert clone.total == tok.total
    path = tmp_path / "dict.txt"
    path.write_text("北京 100 ns\n", encoding="utf-8")
    custom = pickle.loads(pickle.dumps(zt.Tokenizer(dictionary=path)))
    assert custom.dictionary == path


def test_threads_share_a_tokenizer_safely(tok: zt.Tokenizer) -> None:
    texts = ["我来到北京清华大学", "他来到了网易杭研大厦", "小明硕士毕业于中国科学院计算所"] * 50
    expected = [tok.cut(t) for t in texts]
    results: dict[int, list[list[str]]] = {}
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            results[i] = [tok.cut(t) for t in texts]
            results[i] = tok.cut_many(texts, threads=2)
        except BaseException as err:  # collected for the assertion below
            errors.append(err)

    def edit() -> None:
        for i in range(50):
            tok.add_word(f"测试词{i}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    threads.append(threading.Thread(target=edit))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(results[i] == expected for i in range(8))


def test_cut_many_keeps_order_and_offers_columnar_output(tok: zt.Tokenizer) -> None:
    texts = ["我来到北京清华大学", "", "他来到了网易杭研大厦", "GDP增长2.5%"] * 30
    expected = [tok.cut(t) for t in texts]
    assert tok.cut_many(texts) == expected
    assert tok.cut_many(texts, threads=1) == expected
    assert tok.cut_many(texts, mode="search", hmm=False) == [tok.cut_for_search(t, False) for t in texts]
    assert tok.cut_many(texts, mode="all") == [tok.cut_all(t) for t in texts]
    arrow = tok.cut_many(texts, output="arrow")
    assert arrow.to_pylist() == expected
    data, word_offsets, text_offsets = tok.cut_many(texts, output="numpy")
    assert len(text_offsets) == len(texts) + 1
    first = [bytes(data[word_offsets[i] : word_offsets[i + 1]]).decode() for i in range(text_offsets[1])]
    assert first == expected[0]
    assert tok.cut_many(t for t in texts[:3]) == expected[:3]
    assert tok.cut_many([]) == []


def test_bad_input_gets_clear_errors(tok: zt.Tokenizer) -> None:
    assert tok.cut("") == []
    assert tok.tag("") == []
    with pytest.raises(TypeError):
        tok.cut(123)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        tok.cut(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"texts\[1\] is NoneType"):
        tok.cut_many(["好", None])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="not a single str"):
        tok.cut_many("清华大学")
    with pytest.raises(ValueError, match="mode"):
        tok.cut_many(["x"], mode="fast")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="output"):
        tok.cut_many(["x"], output="pandas")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="freq"):
        tok.add_word("词", freq=-1)
    with pytest.raises(ValueError, match="empty"):
        tok.add_word("")
    # Lone surrogates are cut as jieba cuts them, and come back unchanged.
    assert tok.cut("lone \ud800 surrogate") == ["lone", " ", "\ud800", " ", "surrogate"]
    with pytest.raises(ValueError, match="NUL"):
        tok.add_word("坏\x00词")


def test_odd_text_is_handled(tok: zt.Tokenizer) -> None:
    text = "NUL\x00字符，emoji😀🇨🇳，日本語のテキスト，한국어，𠮷野家，\r\n换行"
    for hmm in (True, False):
        words = tok.cut(text, hmm)
        assert "".join(words) == text
        assert "".join(w for w, _ in tok.tag(text, hmm)) == text
    assert "".join(w for w, _, _ in tok.tokenize(text)) == text


def test_large_text(tok: zt.Tokenizer) -> None:
    text = "我来到北京清华大学，" * 200_000 + "Covid-19" * 1000  # about 6 MB
    words = tok.cut(text)
    assert len("".join(words)) == len(text)
    assert words[:4] == ["我", "来到", "北京", "清华大学"]


def _cut_in_child(texts: list[str]) -> list[list[str]]:
    return zt.cut_many(texts, threads=2)


def test_forked_workers_cut_like_the_parent() -> None:
    import multiprocessing

    texts = ["我来到北京清华大学", "他来到了网易杭研大厦"] * 20
    expected = zt.cut_many(texts, threads=2)  # the parent's thread pool exists before the fork
    with multiprocessing.get_context("fork").Pool(2) as pool:
        results = pool.map_async(_cut_in_child, [texts, texts]).get(timeout=120)
    assert results == [expected, expected]


def test_batch_progress_bars_move_in_chunks_and_change_nothing(capsys) -> None:
    pytest.importorskip("tqdm")
    texts = ["我来到北京清华大学", "他来到了网易杭研大厦"] * 300  # three chunks of at most 256
    tok = zt.Tokenizer()
    assert tok.cut_many(texts, progress=True) == tok.cut_many(texts, progress=False)
    with_bar = tok.cut_many(texts, output="numpy", progress=True)
    without = tok.cut_many(texts, output="numpy")
    assert all((a == b).all() for a, b in zip(with_bar, without, strict=True))
    err = capsys.readouterr().err
    assert "cut_many" in err and "600/600" in err
    ex = zt.TfidfExtractor(tok)
    assert ex.extract_many(texts, top_k=3, progress=True) == ex.extract_many(texts, top_k=3)
    assert "extract_many" in capsys.readouterr().err
    tok.cut_many(texts)  # automatic: no bar for a small batch outside a terminal
    assert capsys.readouterr().err == ""


def test_repeated_words_share_one_str_and_never_mix_up(tok: zt.Tokenizer) -> None:
    # Words of every cached length that agree but for a middle byte, and
    # Han words that agree but for a middle character: each comes back as
    # itself, also when the same words come again.
    ascii_words = [f"a{c * k}b" for k in range(1, 15) for c in "xy"]
    han_words = ["中国人", "中华人", "北京大学生", "北京中学生"]
    text = " ".join(ascii_words)
    for _ in range(3):
        assert tok.cut(text)[::2] == ascii_words
        for word in han_words:
            assert "".join(tok.cut(word)) == word
    # A word returned again is the str made for it before (str is immutable).
    first, again = tok.cut("我来到北京清华大学"), tok.cut("我来到北京清华大学")
    assert first == again and all(a is b for a, b in zip(first, again, strict=True))
