"""Shared by the benchmarks: the repository on the path (they run as scripts).

Articles, the local test server and the command line come from the `testsupport` package, as for
the tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # a plain `python bench/x.py` from a checkout without `pip install -e`
