"""Streamed Parquet files in row groups of a bounded encoded size (issue 13): every row group's metadata is
kept until the file is closed, so a row group per batch made memory grow with the archive."""

from __future__ import annotations

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from zhtext import _parquet, analysis  # noqa: E402
from zhtext._parquet import RowGroupWriter  # noqa: E402
from zhtext.report import build  # noqa: E402

from .test_report_state import _comparable, _fixture_files  # noqa: E402


def test_batches_are_encoded_into_row_groups_of_the_byte_bound_in_order(tmp_path) -> None:
    def write(name: str, row_group_bytes: int) -> int:
        path = tmp_path / name
        with RowGroupWriter(str(path), row_group_bytes=row_group_bytes) as writer:
            for start in range(0, 10_000, 1000):
                writer.write(pa.record_batch({"n": pa.array(range(start, start + 1000), pa.int64())}))
            writer.write(pa.table({"n": pa.array([10_000], pa.int32())}))  # cast to the first batch's schema
            assert writer.rows == 10_001
        table = pq.read_table(path)
        assert table.schema.field("n").type == pa.int64() and table.column("n").to_pylist() == list(range(10_001))
        with pytest.raises(ValueError, match="closed"):
            writer.write(pa.table({"n": [1]}))
        writer.close()  # a second close is harmless
        return pq.read_metadata(path).num_row_groups

    # A row group per batch when each passes the bound; several batches each under a bound of a few of
    # them (the writer keeps their encoded pages, not their Arrow data); one under the default bound.
    assert write("each.parquet", 1) == 11
    assert 1 < write("few.parquet", 3 * 8_000) < 11
    assert write("one.parquet", _parquet.ROW_GROUP_BYTES) == 1


def test_no_column_statistics_are_kept_for_the_footer(tmp_path) -> None:
    # pyarrow holds each row group's statistics until close, and closing with them took far more memory.
    path = tmp_path / "s.parquet"
    with RowGroupWriter(str(path), row_group_bytes=1) as writer:
        for words in (["乙", "甲"], ["丙"]):
            writer.write(pa.table({"word": words, "n": [len(w) for w in words]}))
    meta = pq.read_metadata(path)
    assert meta.num_row_groups == 2
    assert all(meta.row_group(g).column(c).statistics is None for g in range(2) for c in range(meta.num_columns))
    assert pq.read_table(path).column("word").to_pylist() == ["乙", "甲", "丙"]


def test_streamed_rows_and_spill_in_row_groups_of_any_size_give_the_same_report(tmp_path, monkeypatch) -> None:
    files = _fixture_files()
    whole = build(analysis.analyze(files, top_k=5, progress=False))
    few = analysis.analyze_to(files, tmp_path / "few.parquet", top_k=5, batch_size=2)
    # A row group per batch (the old layout), in the output and in the report's spill alike.
    monkeypatch.setattr(_parquet, "ROW_GROUP_BYTES", 1)
    many = analysis.analyze_to(files, tmp_path / "many.parquet", top_k=5, batch_size=2)
    assert _comparable(few) == _comparable(many) == _comparable(whole)
    assert pq.read_metadata(tmp_path / "few.parquet").num_row_groups == 1
    assert pq.read_metadata(tmp_path / "many.parquet").num_row_groups == -(-len(files) // 2)
    assert pq.read_table(tmp_path / "few.parquet").equals(pq.read_table(tmp_path / "many.parquet"))
