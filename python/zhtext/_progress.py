"""Progress bars for long batch calls (``tqdm.auto``: a widget in Jupyter, text on stderr elsewhere)."""

from __future__ import annotations

import sys
import warnings
from typing import Any

from ._zhtext import _AUTO_PROGRESS_ITEMS

#: Batches at least this large show a bar by default, when running interactively
#: (one constant with the Rust batch calls, which check it before calling here).
AUTO_ITEMS = _AUTO_PROGRESS_ITEMS


def interactive() -> bool:
    """A terminal on stderr, or a Jupyter kernel."""
    return sys.stderr.isatty() or "ipykernel" in sys.modules


def bar(progress: bool | None, total: int, desc: str, unit: str = "text") -> Any:
    """A ``tqdm.auto`` bar, or ``None``: ``progress=True`` always, ``None`` for large interactive batches."""
    if progress is None:
        progress = interactive() and total >= AUTO_ITEMS
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        warnings.warn("progress=True needs tqdm: pip install tqdm", stacklevel=3)
        return None
    return tqdm(total=total, unit=unit, desc=desc)
