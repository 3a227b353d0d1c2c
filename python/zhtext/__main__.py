"""``python -m zhtext``: the same command line as ``zhtext``."""

import sys

from .cli import main

sys.exit(main())
