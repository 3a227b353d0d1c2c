"""Parquet files written batch by batch, in row groups bounded by their encoded size.

``zhtext analyze --out rows.parquet`` and the report's spill append a batch of rows at a time. They
are encoded in Rust by arrow-rs's ``ArrowWriter`` (``zhtext._zhtext._ParquetWriter``): each batch
goes into the open row group as it comes (the writer keeps its encoded, Snappy-compressed pages,
not the Arrow data), and a row group is closed once its pages reach :data:`ROW_GROUP_BYTES`.

pyarrow's ``ParquetWriter``, used before, made at least one row group per call and held every row
group's metadata until the file was closed (about 32 KB per row group of the 36 ``--out`` columns,
and as much again to close the file): with a row group per batch of 256 articles that was 50 MB at
200,000 files, the one part of ``zhtext analyze``'s memory that grew with the archive. Gathering
batches into larger row groups in pyarrow meant keeping their Arrow data (30 MB more at 20,000 files
for 16 MB row groups).

Column statistics (each row group's min and max per column) and the page index are not written:
readers then read every row group (a filter on ``published`` cannot skip one by its range); the
values read are the same.
"""

from __future__ import annotations

from typing import Any

#: Encoded bytes of a row group before it is closed and the next opened. The writer holds about twice
#: that while the row group is open (its encoders: dictionaries and buffered pages), and the two files
#: of ``zhtext analyze --out`` (rows and the report's spill) fill and empty theirs in turn, a sawtooth in
#: the memory between batches that a batch's own rise lands on. 160 batches of 128 ``--out`` rows
#: written apart: the open row group held at most 21.5 MB with 8 MB, 16.2 with 4 and 11.7 with 2; the
#: file grew by 4% with 4 MB (more dictionaries) and by 19% with 2.
ROW_GROUP_BYTES = 4 * 2**20


class RowGroupWriter:
    """Tables or record batches appended to a Parquet file in row groups of about ``row_group_bytes``
    encoded bytes (default :data:`ROW_GROUP_BYTES`).

    The schema is the first batch's; later batches are cast to it. Close it (or use it as a context
    manager) to write the last row group and the file's footer.

    >>> import os, tempfile, pyarrow as pa, pyarrow.parquet as pq
    >>> path = os.path.join(tempfile.mkdtemp(), "rows.parquet")
    >>> with RowGroupWriter(path) as writer:
    ...     for start in range(0, 1000, 100):
    ...         writer.write(pa.table({"n": list(range(start, start + 100))}))
    >>> meta = pq.read_metadata(path)
    >>> meta.num_rows, meta.num_row_groups
    (1000, 1)
    """

    def __init__(self, path: str, *, row_group_bytes: int | None = None) -> None:
        from ._zhtext import _ParquetWriter

        self.path = path
        self.rows = 0
        self._schema: Any = None
        self._writer = _ParquetWriter(path, ROW_GROUP_BYTES if row_group_bytes is None else row_group_bytes)
        self._closed = False

    def __enter__(self) -> RowGroupWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, table: Any) -> None:
        """Append an Arrow table or record batch (encoded into the open row group)."""
        import pyarrow as pa

        if self._closed:
            raise ValueError(f"{self.path}: written and closed")
        if self._schema is None:
            self._schema = table.schema
        elif not table.schema.equals(self._schema):
            if isinstance(table, pa.RecordBatch):
                table = pa.Table.from_batches([table])
            table = table.cast(self._schema)
        self._writer.write(table)
        self.rows += table.num_rows

    def close(self) -> None:
        """Write the open row group and the footer; nothing happens on a second call."""
        self._closed = True
        self._writer.close()
