"""The one pass of ``zhtext analyze`` (``analysis.annotate_batch``): each article cut once and tagged once,
with results equal to the separate calls (cut, keywords, mentions, quotes) it replaces."""

from __future__ import annotations

import pickle

import pandas as pd
import pyarrow as pa
import pytest
import zhtext as zt
from zhtext import analysis
from zhtext._mentions import mention_counts, quote_rows

from .conftest import FIXTURES

#: Both scripts, quotes, names, boilerplate, full-width digits, an empty text and a missing one.
EXTRA = [
    "外交部发言人汪文斌说：“中方坚决反对。”他表示，中方将采取必要措施。本台记者报道，2020年台风登陆福建。",
    "美國國務卿布林肯週三抵達北京，會見中國外交部長王毅。王毅說：「中美關係需要穩定發展。」",
    "ok ２０２４ ABC，阿里巴巴集团总部位于杭州市。\n\n俄羅斯總統普京訪問北韓。",
    "",
    None,
]


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return zt.read_articles(FIXTURES / "corpus", progress=False)


@pytest.fixture(scope="module")
def texts(articles: pd.DataFrame) -> pa.Array:
    return pa.array(articles["text"].tolist() + EXTRA, type=pa.large_string())


@pytest.fixture(scope="module")
def extractor(articles: pd.DataFrame) -> zt.TfidfExtractor:
    tokenizer = zt.Tokenizer()
    tokenizer.add_word("汪文斌", tag="nr")
    extractor = zt.TfidfExtractor(tokenizer, filters=zt.ANALYSIS_FILTERS)
    return extractor.fit(articles["text"].tolist(), fold_script="simplified")


def test_one_pass_equals_the_separate_calls(texts: pa.Array, extractor: zt.TfidfExtractor) -> None:
    found = analysis.annotate_batch(texts, extractor, top_k=7, threads=2)
    assert found.num_rows == len(texts)
    assert found.schema.names == ["tokens", "keywords", "words", "mentions", "quotes"]
    tokenizer = extractor.tokenizer
    # The pass tags each text once: its tokens are the tagger's words and its keywords TF-IDF over them
    # (extract_many with every tag allowed), not cut()'s words (see docs/analysis.md).
    tagged = tokenizer.tag_many(texts, script="auto", missing="null")
    every_tag = sorted({tag for row in tagged if row for _, tag in row})
    keywords = extractor.extract_many(
        texts, 7, True, every_tag, missing="null", script="auto", fold_script="simplified", output="arrow"
    )
    assert found.column("tokens").to_pylist() == [None if row is None else [w for w, _ in row] for row in tagged]
    separate = {
        "keywords": keywords,
        "mentions": tokenizer.mentions_many(texts, missing="null", output="arrow"),
        "quotes": tokenizer.quotes_many(texts, missing="null", output="arrow"),
    }
    for name, column in separate.items():
        assert found.column(name).to_pylist() == column.to_pylist(), name
        assert found.column(name).type == column.type, name
    assert found.column("tokens").type == found.column("words").type == pa.large_list(pa.large_string())
    # The last text is missing: a row of nulls.
    assert all(found.column(name)[len(texts) - 1].as_py() is None for name in found.schema.names)
    # Real findings, so that the comparison is not of empty lists.
    assert sum(len(q) for q in found.column("quotes").to_pylist() if q) >= 3
    assert any(m["text"] == "王毅" for m in found.column("mentions")[len(texts) - 4].as_py())


def test_words_are_each_texts_distinct_words_as_read(
    articles: pd.DataFrame, texts: pa.Array, extractor: zt.TfidfExtractor
) -> None:
    found = analysis.annotate_batch(texts, extractor, top_k=3)
    scripts = articles["script"].tolist()
    assert "simplified" in scripts
    rows = zip(scripts, found.column("tokens").to_pylist(), found.column("words").to_pylist(), strict=False)
    for script, tokens, words in rows:
        if script != "traditional":
            # Nothing folded: the distinct tokens, first appearance first.
            assert words == list(dict.fromkeys(tokens))
    assert found.column("words")[len(texts) - 1].as_py() is None
    # A traditional text's words are in simplified characters, as its keywords are.
    traditional = found.column("words")[len(texts) - 4].as_py()
    assert {"美国", "王毅", "会见"} <= set(traditional) and "美國" not in traditional


def test_python_lists_and_threads_give_the_same_batch(texts: pa.Array, extractor: zt.TfidfExtractor) -> None:
    one = analysis.annotate_batch(texts, extractor, top_k=3, threads=1)
    listed = analysis.annotate_batch(texts.to_pylist(), extractor, top_k=3, threads=2)
    assert one.equals(listed)


def test_without_keep_tokens_the_batch_is_the_same_without_its_tokens(
    texts: pa.Array, extractor: zt.TfidfExtractor
) -> None:
    whole = analysis.annotate_batch(texts, extractor, top_k=3, threads=2)
    lean = analysis.annotate_batch(texts, extractor, top_k=3, threads=2, keep_tokens=False)
    assert lean.schema.names == ["keywords", "words", "mentions", "quotes"]
    assert lean.equals(whole.drop_columns(["tokens"]))


def test_the_tables_equal_top_mentions_and_quote_table(articles: pd.DataFrame) -> None:
    df = articles.copy()
    extractor, found = analysis._annotate(df, top_k=5, threads=None, learn_words=True)
    tokenizer = extractor.tokenizer
    mentions = mention_counts(found.column("mentions"), [""] * len(df))
    pd.testing.assert_frame_equal(mentions, zt.top_mentions(df, top_k=None, tokenizer=tokenizer))
    by_outlet = mention_counts(found.column("mentions"), df["outlet"].tolist(), by="outlet", top_k=3)
    pd.testing.assert_frame_equal(by_outlet, zt.top_mentions(df, by="outlet", top_k=3, tokenizer=tokenizer))
    quotes = quote_rows(df, found.column("quotes"))
    pd.testing.assert_frame_equal(quotes, zt.quote_table(df, tokenizer=tokenizer))
    assert len(quotes) > 0 and len(mentions) > 0
    # The frame's tokens are the batch's: the tagger's words, as the accessor gives them.
    tagged = df["text"].zh.tag(tokenizer=tokenizer, script="auto").tolist()
    assert df["tokens"].tolist() == [[t["word"] for t in row] for row in tagged]


def test_annotate_fits_idf_and_learns_words_from_a_bounded_sample(
    articles: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analysis, "IDF_FIT_MIN_DOCUMENTS", 5)
    monkeypatch.setattr(analysis, "ANALYSIS_SAMPLE", 8)
    df = articles.copy()
    texts = df["text"].tolist()
    extractor, _ = analysis._annotate(df, top_k=3, threads=None, learn_words=False)
    sample = analysis._spread_sample(df["text"].zh._texts()).to_pylist()
    assert len(sample) == 8 and sample[0] == texts[0] and sample[-1] == texts[-1]
    on_sample = zt.TfidfExtractor(filters=zt.ANALYSIS_FILTERS).fit(sample, fold_script="simplified")
    word = extractor.extract(texts[0], top_k=1)[0]
    assert extractor.idf(word) == on_sample.idf(word)
    assert extractor.idf(word) != zt.TfidfExtractor().fit(texts, fold_script="simplified").idf(word)


def test_the_streamed_sample_is_uniform_and_bounded() -> None:
    batches = [[f"t{i}" for i in range(start, start + 100)] for start in range(0, 10_000, 100)]
    sample = analysis._reservoir(iter(batches), 500)
    numbers = [int(t[1:]) for t in sample]
    assert len(sample) == 500 and numbers == sorted(numbers) and len(set(numbers)) == 500
    # Drawn from the whole archive, not its first texts: each tenth holds about a tenth of the sample.
    tenths = [sum(1 for n in numbers if k * 1000 <= n < (k + 1) * 1000) for k in range(10)]
    assert min(tenths) > 25, tenths
    assert analysis._reservoir(iter([["a", "b"]]), 5) == ["a", "b"]


def test_fit_counts_both_scripts_as_one_word_with_fold_script() -> None:
    docs = ["俄羅斯總統訪問中國", "俄罗斯与中国签署协议", "台风登陆福建"]
    folded, n = zt.TfidfExtractor().document_frequencies(docs, fold_script="simplified")
    assert (folded["俄罗斯"], n) == (2, 3) and "俄羅斯" not in folded
    as_written, _ = zt.TfidfExtractor().document_frequencies(docs)
    assert as_written["俄罗斯"] == 1 and as_written["俄羅斯"] == 1
    with pytest.raises(ValueError, match="fold_script"):
        zt.TfidfExtractor().fit(docs, fold_script="traditional")


def test_bad_input_is_named(extractor: zt.TfidfExtractor) -> None:
    with pytest.raises(ValueError, match="top_k"):
        analysis.annotate_batch(["台风"], extractor, top_k=0)
    with pytest.raises(TypeError, match="1"):
        analysis.annotate_batch(["台风", 3], extractor)


def test_the_extractor_pickles_with_its_fitted_table(extractor: zt.TfidfExtractor) -> None:
    again = pickle.loads(pickle.dumps(extractor))
    texts = EXTRA[:3]
    assert analysis.annotate_batch(texts, again).equals(analysis.annotate_batch(texts, extractor))


def test_a_learned_name_keeps_its_part_of_speech_and_speaks_in_the_report() -> None:
    # Learned words are added with the tag jieba's HMM reads them as: 侍建宇 stays a person (`nr`,
    # not `x`), so the bundled sample's quote is his, not his institute's.
    df, _, quotes, _ = analysis.analyze_with_names([zt.sample_article_path()])
    assert "侍建宇" in df.attrs["learned_words"]
    speakers = [q["speaker"] for row in quotes.to_pylist() for q in row]
    assert "侍建宇" in speakers
    assert "台湾国防安全研究院国家安全研究所" not in speakers


def test_a_frame_that_kept_only_the_list_of_learned_words_reports_the_same_speakers() -> None:
    # The report finds names with the tokenizer that learned the words; a frame whose attrs hold a
    # plain list (the tokenizer lost) has them learned again from its own texts, the same way.
    from zhtext.report import build

    df = analysis.analyze([zt.sample_article_path()])
    learned = df.attrs["learned_words"]
    assert learned.tokenizer is not None and "侍建宇" in learned
    with_learner = build(df).speakers
    df.attrs["learned_words"] = list(learned)
    relearned = build(df).speakers
    pd.testing.assert_frame_equal(relearned, with_learner)
    assert "侍建宇" in set(relearned.iloc[:, 0])


def test_learned_words_pickle_with_their_tokenizer() -> None:
    tokenizer = zt.Tokenizer()
    tokenizer.add_word("侍建宇", 50, "nr")
    again = pickle.loads(pickle.dumps(analysis.LearnedWords(["侍建宇"], tokenizer)))
    assert list(again) == ["侍建宇"] and again.tokenizer.tag("侍建宇说") == [("侍建宇", "nr"), ("说", "v")]
