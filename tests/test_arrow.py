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
