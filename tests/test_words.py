"""New-word discovery and learning, and the analysis keyword filters."""

from __future__ import annotations

import io
import math
import pickle

import pandas as pd
import pytest
import zhtext as zt
from zhtext import cli

from . import conftest
from .conftest import FIXTURES, corpus_texts, pku_lines, shared_path
from .words_measure import before_and_after

NAME_TEXTS = [
    f"{intro}，斯托尔滕贝格{verb}北约将增加援助。"
    for intro in ("他说", "此外", "同时", "记者问", "但是")
    for verb in ("表示", "指出", "强调", "认为")
]


def test_discover_words_returns_the_statistics_of_whole_words() -> None:
    df = zt.discover_words(NAME_TEXTS, min_count=3)
    for column in ("word", "count", "documents", "cohesion", "left_entropy", "right_entropy", "score"):
        assert column in df.columns
    assert df["in_dictionary"].dtype == bool
    top = df.iloc[0]
    assert (top["word"], top["count"], top["documents"]) == ("斯托尔滕贝格", 20, 20)
    assert not top["in_dictionary"]
    # Four verbs follow it equally often: right entropy ln 4.
    assert math.isclose(top["right_entropy"], math.log(4))
    assert not df["word"].isin(["斯托尔滕", "托尔滕贝格"]).any(), "fragments of the name are suppressed"
    assert df["score"].is_monotonic_decreasing
    assert df.attrs["pruned_at"] == 0
    assert df.attrs["han_chars"] == sum(len(t) - 2 for t in NAME_TEXTS)


def test_auto_counts_traditional_and_simplified_spellings_together() -> None:
    traditional = [zt.convert(t, to="traditional") for t in NAME_TEXTS]
    assert traditional[0] != NAME_TEXTS[0]
    df = zt.discover_words(NAME_TEXTS + traditional, min_count=3)
    top = df.iloc[0]
    assert (top["word"], top["count"], top["documents"]) == ("斯托尔滕贝格", 40, 40)
    assert not df["word"].str.contains("爾|貝").any(), "words are given in simplified characters"
    as_is = zt.discover_words(NAME_TEXTS + traditional, min_count=3, script="as_is")
    counts = dict(zip(as_is["word"], as_is["count"], strict=True))
    assert counts["斯托尔滕贝格"] == 20
    assert counts["斯托爾滕貝格"] == 20
    # A tokenizer that cuts traditional text through its simplified form learns the simplified word.
    tok = zt.Tokenizer(script="auto")
    assert "斯托尔滕贝格" in tok.learn_words(traditional, min_count=3)["word"].tolist()
    assert "斯托爾滕貝格" in tok.cut(traditional[0])
    with pytest.raises(ValueError, match="script"):
        zt.discover_words(NAME_TEXTS, script="klingon")  # type: ignore[arg-type]


def test_threads_do_not_change_the_result() -> None:
    texts = corpus_texts()[:40]
    one = zt.discover_words(texts, threads=1)
    two = zt.discover_words(texts, threads=2)
    pd.testing.assert_frame_equal(one, two)


def test_the_whole_table_on_corpus_text_is_as_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every column of every row on the corpus excerpt equals the table stored in
    tests/fixtures/words_discovered.csv.gz (made before the counting and the statistics
    were reworked to sorted runs): the same words in the same order, the same counts,
    and floats to 1e-12 (sums of c ln c may be added in another order)."""
    monkeypatch.setattr(conftest, "SHARED", FIXTURES / "absent")  # the excerpt on every clone
    texts = conftest.corpus_texts()
    stored = pd.read_csv(FIXTURES / "words_discovered.csv.gz", keep_default_na=False)
    for setting, kwargs in (("exact", {}), ("pruned", {"max_ngrams": 20_000})):
        df = zt.discover_words(texts, min_count=3, tokenizer=zt.Tokenizer(), **kwargs)
        assert df.attrs["pruned_at"] == (setting == "pruned")
        expected = stored[stored["setting"] == setting].drop(columns="setting").reset_index(drop=True)
        assert len(df) == len(expected) > 800
        pd.testing.assert_frame_equal(
            df, expected, check_dtype=False, check_exact=False, rtol=1e-12, atol=1e-15, obj=setting
        )


def test_memory_is_bounded_by_pruning_rare_ngrams() -> None:
    texts = corpus_texts()
    exact = zt.discover_words(texts)
    pruned = zt.discover_words(texts, max_ngrams=50_000)
    assert exact.attrs["pruned_at"] == 0 and pruned.attrs["pruned_at"] >= 1
    # The frequent words survive pruning with their counts nearly intact.
    top = exact.head(20).set_index("word")["count"]
    kept = pruned.set_index("word")["count"].reindex(top.index)
    assert kept.notna().mean() >= 0.8
    assert ((top - kept).dropna() <= pruned.attrs["pruned_at"] * 10).all()


def test_bad_input_is_named() -> None:
    with pytest.raises(ValueError, match="empty"):
        zt.discover_words([])
    with pytest.raises(TypeError, match=r"texts\[1\] is NoneType"):
        zt.discover_words(["台风", None])
    with pytest.raises(ValueError, match=r"texts\[2\] is NaN"):
        zt.discover_words(["台风", "登陆", float("nan")])
    with pytest.raises(TypeError, match=r"texts\[0\] is int"):
        zt.discover_words([3])
    with pytest.raises(TypeError, match="single str"):
        zt.discover_words("台风登陆")
    with pytest.raises(ValueError, match="max_len"):
        zt.discover_words(["台风"], max_len=9)
    with pytest.raises(ValueError, match="min_count"):
        zt.discover_words(["台风"], min_count=0)
    df = zt.discover_words([*NAME_TEXTS, None, float("nan")], missing="empty", min_count=3)
    assert df.loc[0, "word"] == "斯托尔滕贝格"
    with pytest.raises(TypeError, match=r"texts\[1\]"):
        zt.Tokenizer().learn_words(["台风", None])


def test_a_single_10_mb_text_is_counted_whole() -> None:
    text = "".join(NAME_TEXTS) * (10_000_000 // len("".join(NAME_TEXTS).encode()) + 1)
    assert len(text.encode()) >= 10_000_000
    df = zt.discover_words([text], threads=2)
    top = df.set_index("word").loc["斯托尔滕贝格"]
    assert top["count"] == text.count("斯托尔滕贝格")
    assert top["documents"] == 1


def test_learn_words_keeps_new_words_whole_and_leaves_the_default_alone() -> None:
    tok = zt.Tokenizer()
    assert tok.cut("斯托尔滕贝格表示") != ["斯托尔滕贝格", "表示"]
    added = tok.learn_words(NAME_TEXTS, min_count=3)
    assert added.loc[0, "word"] == "斯托尔滕贝格"
    assert set(added.columns) >= {"word", "count", "score", "freq"}
    assert added.loc[0, "freq"] >= zt.Tokenizer().suggest_freq("斯托尔滕贝格")
    assert tok.cut("斯托尔滕贝格表示") == ["斯托尔滕贝格", "表示"]
    assert tok.cut("他说，斯托尔滕贝格认为")[-2:] == ["斯托尔滕贝格", "认为"]
    # Learned words are ordinary user words: they pickle.
    assert pickle.loads(pickle.dumps(tok)).cut("斯托尔滕贝格表示") == ["斯托尔滕贝格", "表示"]
    # The default tokenizer and jieba-parity functions are untouched.
    assert zt.cut("斯托尔滕贝格表示") == zt.Tokenizer().cut("斯托尔滕贝格表示")
    assert tok.learn_words(NAME_TEXTS, min_count=3, top_k=1).empty, "nothing new the second time"


def test_pku_recall_of_unknown_words_rises_and_f1_does_not_fall() -> None:
    lines = pku_lines()
    gold = [line.split() for line in shared_path("sighan", "pku_test_gold.utf8").read_text("utf-8").splitlines()]
    before, after, learned, targets = before_and_after(lines, gold)
    print(
        f"\nPKU: {len(targets)} unknown words, {len(learned)} learned; their recall "
        f"{before.target_recall:.3f} -> {after.target_recall:.3f}, F1 {before.f1:.5f} -> {after.f1:.5f}"
    )
    assert len(targets) == 24
    assert after.target_recall >= 0.5
    assert after.f1 >= before.f1


NAMES = ["侍建宇", "沙乌地阿拉伯", "斯托尔滕贝格", "台积电", "大湾区", "郑月娥"]


def cut_across(tok: zt.Tokenizer, name: str, texts: list[str]) -> list[str]:
    """The texts in which a word boundary of ``tok.cut`` falls inside ``name``."""
    broken = []
    for text in texts:
        if name not in text:
            continue
        bounds, pos = set(), 0
        for word in tok.cut(text):
            pos += len(word)
            bounds.add(pos)
        start = text.find(name)
        while start >= 0:
            if bounds.intersection(range(start + 1, start + len(name))):
                broken.append(text[max(start - 10, 0) : start + len(name) + 10])
            start = text.find(name, start + 1)
    return broken


def test_names_in_the_news_come_out_whole_after_learning() -> None:
    shared_path("corpus")  # the names are in the whole corpus, not in the plain clone's excerpt
    texts = [*corpus_texts(), zt.read_article(zt.sample_article_path()).text]
    before = zt.Tokenizer()
    assert all(cut_across(before, name, texts) for name in NAMES), "jieba breaks every one of them"
    tok = zt.Tokenizer()
    tok.learn_words(texts, min_count=3)
    for name in NAMES:
        assert any(name in t for t in texts), name
        assert cut_across(tok, name, texts) == [], name
    # With the defaults, the names seen at least 5 times.
    tok = zt.Tokenizer()
    tok.learn_words(texts)
    for name in ["侍建宇", "斯托尔滕贝格", "台积电", "大湾区", "郑月娥"]:
        assert cut_across(tok, name, texts) == [], name


def test_the_accessor_and_the_command_line() -> None:
    series = pd.Series([*NAME_TEXTS, None])
    assert series.zh.discover_words(min_count=3).loc[0, "word"] == "斯托尔滕贝格"
    out = io.StringIO()
    stdin = io.StringIO("\n".join(NAME_TEXTS) + "\n")
    assert cli.main(["words", "--text", "--min-count", "3", "-n", "3"], out=out, stdin=stdin) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("1 candidates in 20 texts") or "candidates in 20 texts" in lines[0]
    assert lines[2].split()[0] == "斯托尔滕贝格"
    out = io.StringIO()
    assert cli.main(["analyze", "-q"], out=out) == 0
    assert "Words learned from the archive (2): 王毅 侍建宇" in out.getvalue()
    assert "mentioned in = articles whose text contains it" in out.getvalue()
    out = io.StringIO()
    assert cli.main(["analyze", "-q", "--no-learn-words"], out=out) == 0
    assert "learned" not in out.getvalue()


def test_analysis_filters_drop_numbers_dates_and_boilerplate_only_when_asked() -> None:
    text = "本台记者报道，2020年台风登陆福建，12月台风再次登陆，损失达20亿元，占15%。"
    jieba_like = zt.TfidfExtractor().extract(text, top_k=None)
    for word in ("2020", "12", "20"):
        assert word in jieba_like
    filtered = zt.TfidfExtractor(filters=zt.ANALYSIS_FILTERS).extract(text, top_k=None)
    assert not {"2020", "12", "20", "15%", "亿元", "本台记者"} & set(filtered)
    assert {"台风", "登陆", "福建", "损失"} <= set(filtered)
    only_numbers = zt.TfidfExtractor(filters=["numbers"])
    assert only_numbers.filters == ["numbers"]
    assert "本台记者" in only_numbers.extract(text, top_k=None)
    assert pickle.loads(pickle.dumps(only_numbers)).filters == ["numbers"]
    assert zt.TfidfExtractor(filters="all").filters == list(zt.ANALYSIS_FILTERS)
    with pytest.raises(ValueError, match='unknown keyword filter "colours"'):
        zt.TfidfExtractor(filters=["colours"])


def test_outlet_terms_finds_house_words_for_review() -> None:
    texts = corpus_texts()
    outlets = [p.parent.name for p in sorted(shared_path("corpus").glob("*/*.md"))]
    table = zt.outlet_terms(texts, outlets)
    assert list(table.columns) == ["outlet", "word", "documents", "share", "share_elsewhere", "ratio"]
    rfa = set(table.loc[table["outlet"] == "rfa", "word"])
    assert {"本台", "网编"} & rfa, sorted(rfa)
    assert (table["share"] >= 0.2).all() and (table["share_elsewhere"] <= 0.02).all()
    with pytest.raises(ValueError, match="differ in length"):
        zt.outlet_terms(texts, outlets[:-1])
