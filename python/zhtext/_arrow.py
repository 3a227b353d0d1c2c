"""Arrow views of zhtext's flat result buffers (imported only when Arrow output is asked for)."""

from __future__ import annotations

import numpy as np


def large_list_of_strings(data: np.ndarray, word_offsets: np.ndarray, text_offsets: np.ndarray):
    """A ``pyarrow.LargeListArray`` of ``large_string`` over the buffers, without copying them."""
    try:
        import pyarrow as pa
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("output='arrow' needs pyarrow: pip install 'zhtext[arrow]'") from err
    words = pa.LargeStringArray.from_buffers(len(word_offsets) - 1, pa.py_buffer(word_offsets), pa.py_buffer(data))
    return pa.LargeListArray.from_arrays(pa.array(text_offsets, type=pa.int64()), words)


def _struct_lists(rows: list, fields: list[tuple[str, object]]):
    """A ``LargeListArray`` of structs from rows of tuples (``None`` rows are null lists)."""
    import pyarrow as pa

    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(r) if r is not None else 0 for r in rows], out=offsets[1:])
    flat = [item for r in rows if r is not None for item in r]
    columns = list(zip(*flat, strict=True)) if flat else [[] for _ in fields]
    values = pa.StructArray.from_arrays(
        [pa.array(col, type=type_) for col, (_, type_) in zip(columns, fields, strict=True)],
        fields=[pa.field(name, type_) for name, type_ in fields],
    )
    mask = pa.array([r is None for r in rows], type=pa.bool_())
    return pa.LargeListArray.from_arrays(pa.array(offsets), values, mask=mask)


def mention_fields() -> list:
    """The struct fields of a mention: ``text, kind, start, end``."""
    import pyarrow as pa

    return [("text", pa.large_string()), ("kind", pa.string()), ("start", pa.int64()), ("end", pa.int64())]


def quote_fields() -> list:
    """The struct fields of a quote, in the order of ``Tokenizer.quotes`` tuples."""
    import pyarrow as pa

    return [
        ("speaker", pa.large_string()),
        ("quote", pa.large_string()),
        ("cue", pa.string()),
        ("speaker_start", pa.int64()),
        ("quote_start", pa.int64()),
        ("quote_end", pa.int64()),
        ("direct", pa.bool_()),
    ]


def mention_lists(rows: list):
    """``list<struct<text, kind, start, end>>`` from ``mentions_many`` rows (``None``: a missing text)."""
    return _struct_lists(rows, mention_fields())


def quote_lists(rows: list):
    """``list<struct<speaker, quote, cue, speaker_start, quote_start, quote_end, direct>>`` of ``quotes_many`` rows."""
    return _struct_lists(rows, quote_fields())
