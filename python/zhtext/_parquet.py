"""Parquet files written batch by batch in row groups of a bounded size, whatever the batches' size.

pyarrow's ``ParquetWriter`` makes at least one row group per call, and keeps the metadata of every
row group in memory until it is closed (then serialises it all at once): about 1 KB per column and
row group, measured. A batch per row group made the report's spill (8 columns, about 1 MB per batch
of 256 articles) hold one row group per batch, growing with the archive. Batches are kept until
they hold :data:`ROW_GROUP_BYTES` of Arrow data (or :data:`ROW_GROUP_ROWS` rows) and written as one
row group. The bound is small on purpose: ``--out`` rows of 256 articles are about 4 MB of Arrow
data (15 KB a row), so they still go out about a batch per row group: keeping 16 MB of them raised
the peak of 20,000 files by 30 MB, more than the 28 MB of metadata that 200,000 files' 782 row
groups of 36 columns hold.

Column statistics (each row group's min and max per column) are not written: with them, pyarrow
26 took about 75 MB more than the metadata it held to close a file of 800 row groups of the 36
``--out`` columns (30 MB without; 2.4 MB written), the peak of a 200,000-file ``zhtext analyze``.
Readers then read every row group (a filter on ``published`` cannot skip one by its range); the
values read are the same.
"""

from __future__ import annotations

from typing import Any

#: Arrow bytes of the batches kept before they are written as one row group.
ROW_GROUP_BYTES = 4 * 2**20
#: Rows kept before they are written as one row group, however small.
ROW_GROUP_ROWS = 16_384


class RowGroupWriter:
    """Tables or record batches appended to a Parquet file in row groups of about ``row_group_bytes``
    (default :data:`ROW_GROUP_BYTES`).

    The schema is the first batch's; later batches are cast to it. Close it (or use it as a context
    manager) to write what is kept and the file's footer.

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
        self.path = path
        self.rows = 0
        self._row_group_bytes = ROW_GROUP_BYTES if row_group_bytes is None else row_group_bytes
        self._writer: Any = None
        self._kept: list[Any] = []
        self._kept_bytes = 0
        self._kept_rows = 0
        self._closed = False

    def __enter__(self) -> RowGroupWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, table: Any) -> None:
        """Append an Arrow table or record batch (kept until a row group's worth is)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._closed:
            raise ValueError(f"{self.path}: written and closed")
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, table.schema, write_statistics=False)
        if isinstance(table, pa.RecordBatch):
            table = pa.Table.from_batches([table])
        self._kept.append(table.cast(self._writer.schema))
        self._kept_bytes += table.nbytes
        self._kept_rows += table.num_rows
        self.rows += table.num_rows
        if self._kept_bytes >= self._row_group_bytes or self._kept_rows >= ROW_GROUP_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write what is kept as one row group."""
        import pyarrow as pa

        if self._kept:
            table = pa.concat_tables(self._kept)
            self._kept, self._kept_bytes, self._kept_rows = [], 0, 0
            self._writer.write_table(table, row_group_size=table.num_rows)

    def close(self) -> None:
        """Write what is kept and the footer; nothing happens on a second call."""
        self._closed = True
        if self._writer is not None:
            try:
                self.flush()
            finally:
                self._writer.close()
                self._writer = None
