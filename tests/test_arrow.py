"""The Arrow data path: the schema comes from Rust, tables arrive through the Arrow PyCapsule
interface in few, large chunks, and Arrow string columns go into Rust without Python strings."""

from __future__ import annotations

from pathlib import Path

import pytest
import zhtext as zt
from zhtext import _zhtext

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")

SEED = "<!--1654614058000-->\n[标题](https://www.rfa.org/mandarin/yataibaodao/zhengzhi/a-{i}.html)\n------\n\n"


def test_the_article_schema_comes_from_rust_and_is_what_read_articles_returns(tmp_path: Path) -> None:
    schema = zt.article_schema()
    assert isinstance(schema, pa.Schema)
    assert schema.field("paragraphs").type == pa.large_list(pa.large_string())
    assert schema.field("published").type == pa.timestamp("ns", tz="UTC")
    assert schema.field("images").type.value_type.names == ["src", "alt", "caption", "credit"]
    (tmp_path / "a.md").write_text(SEED.format(i=1) + "<p>正文。</p>", encoding="utf-8")
    table = zt.read_articles(tmp_path, output="arrow")
    assert table.schema == schema
    # No Python module re-declares it.
    package = Path(zt.__file__).parent
    for source in package.rglob("*.py"):
        assert "pa.schema(" not in source.read_text(encoding="utf-8"), source


def test_a_large_read_is_few_large_chunks(tmp_path: Path) -> None:
    n = 5000
    for i in range(n):
        (tmp_path / f"{i:05d}.md").write_text(SEED.format(i=i) + f"<p>第{i}段。</p>", encoding="utf-8")
    (tmp_path / "bad.md").write_text("no header", encoding="utf-8")
    table = zt.read_articles(tmp_path, output="arrow", errors="collect")
    assert table.num_rows == n + 1
    # One chunk per 2048 files read, not one per 64 rows.
    assert table.column("text").num_chunks <= 3
    bad = table.filter(pa.compute.is_valid(table.column("error")))
    assert bad.column("path").to_pylist() == [str(tmp_path / "bad.md")]
    assert bad.column("paragraphs").null_count == 1


def test_exported_arrays_speak_the_capsule_protocol() -> None:
    batch = next(_zhtext.ArticleReader([("x/a.md", (SEED.format(i=1) + "<p>正文。</p>").encode())]))
    assert isinstance(batch, pa.RecordBatch)
    assert batch.column("text").to_pylist() == ["正文。"]
    assert batch.schema == zt.article_schema()


TEXTS = [
    "我来到北京清华大学",
    "吉林欧亚置业有限公司增资，吉林欧亚置业注册资本增加",
    "外交部长王毅访问北京。王毅说：“我们欢迎。”",
    "",
    "永和服装饰品有限公司",
]


def test_batch_calls_equal_the_per_text_calls() -> None:
    tok = zt.Tokenizer()
    ex = zt.TfidfExtractor(tok)
    assert tok.tag_many(TEXTS, threads=2) == [tok.tag(t) for t in TEXTS]
    assert tok.tokenize_many(TEXTS, "search", threads=2) == [tok.tokenize(t, "search") for t in TEXTS]
    assert ex.textrank_many(TEXTS, top_k=3, with_weight=True, threads=2) == [
        ex.textrank(t, top_k=3, with_weight=True) for t in TEXTS
    ]
    arrow_tags = tok.tag_many(TEXTS, output="arrow").to_pylist()
    assert arrow_tags == [[{"word": w, "flag": f} for w, f in tok.tag(t)] for t in TEXTS]
    tokens = tok.tokenize_many(TEXTS, output="arrow").to_pylist()
    assert tokens == [[{"word": w, "start": s, "end": e} for w, s, e in tok.tokenize(t)] for t in TEXTS]
    weighted = ex.extract_many(TEXTS, top_k=4, with_weight=True, output="arrow")
    assert weighted.type == pa.large_list(pa.struct([("word", pa.large_string()), ("weight", pa.float64())]))
    assert weighted.to_pylist() == [
        [{"word": w, "weight": x} for w, x in ex.extract(t, top_k=4, with_weight=True)] for t in TEXTS
    ]
    assert ex.textrank_many(TEXTS, top_k=2, output="arrow").to_pylist() == [ex.textrank(t, top_k=2) for t in TEXTS]
    mentions = tok.mentions_many(TEXTS, output="arrow").to_pylist()
    assert mentions == [
        [dict(zip(("text", "kind", "start", "end"), m, strict=True)) for m in tok.mentions(t)] for t in TEXTS
    ]
    assert tok.cut_many(TEXTS, output="arrow").to_pylist() == [tok.cut(t) for t in TEXTS]
    with pytest.raises(ValueError, match="output='arrow'"):
        ex.extract_many(TEXTS, allow_pos=("n",), with_flag=True, output="arrow")


def test_arrow_texts_go_in_without_python_strings_and_nulls_follow_missing() -> None:
    tok = zt.Tokenizer()
    chunked = pa.chunked_array([pa.array(TEXTS[:2], pa.large_string()), pa.array([None, TEXTS[2]], pa.large_string())])
    expected = [tok.cut(TEXTS[0]), tok.cut(TEXTS[1]), None, tok.cut(TEXTS[2])]
    assert tok.cut_many(chunked, missing="null") == expected
    assert tok.cut_many(chunked, missing="null", output="arrow").to_pylist() == expected
    assert tok.cut_many(chunked, missing="empty")[2] == []
    with pytest.raises(TypeError, match=r"texts\[2\] is null"):
        tok.cut_many(chunked)
    with pytest.raises(TypeError, match="not of strings"):
        tok.cut_many(pa.array([1, 2]))
    assert tok.tag_many(pa.array(TEXTS, pa.string_view())) == [tok.tag(t) for t in TEXTS]


def test_the_accessor_reads_a_chunked_arrow_column_and_returns_one_chunk() -> None:
    chunks = [pa.array([*TEXTS, None] * 200, pa.large_string()) for _ in range(5)]
    series = pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array(chunks)), name="text")
    words = series.zh.cut()
    assert words.array._pa_array.num_chunks == 1
    assert words.isna().sum() == 1000
    assert list(words.iloc[6]) == zt.cut(TEXTS[0])
    keywords = series.zh.keywords(top_k=2, with_weight=True)
    assert keywords.isna().sum() == 1000
    assert [k["word"] for k in keywords.iloc[1]] == zt.extract_tags(TEXTS[1], top_k=2)
    assert list(series.zh.textrank(top_k=2).iloc[1]) == zt.textrank(TEXTS[1], top_k=2)
    assert list(series.zh.tag().iloc[0])[-1] == {"word": "清华大学", "flag": "nt"}
    converted = series.zh.convert(to="traditional")
    assert converted.iloc[0] == zt.convert(TEXTS[0], "traditional") and converted.isna().sum() == 1000
