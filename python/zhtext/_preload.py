"""Build the embedded dictionary on a background thread, at import.

Building it takes longer than importing the rest of the package (the IDF table needs no building:
the library reads it in place). The package imports this module first, so the work overlaps the
other imports (the package's modules, the caller's own) and the first ``cut`` finds the dictionary
ready, or waits only for the rest. The thread is a
Rust one that never takes the GIL. A fork waits for it to finish, so a child never inherits a
half-built dictionary.
"""

from __future__ import annotations

import os

from ._zhtext import _load_embedded, _start_loading_embedded

_start_loading_embedded()
if hasattr(os, "register_at_fork"):  # POSIX only; Windows has no fork
    os.register_at_fork(before=_load_embedded)
