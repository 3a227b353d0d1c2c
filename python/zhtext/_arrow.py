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
