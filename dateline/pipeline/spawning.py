"""Starting worker processes safely from inside a Streamlit app (or any host that runs a script as ``__main__``).

A spawned process first re-runs its parent's ``__main__`` file when that module has no import spec.
Streamlit runs each page script as such a module (``sys.modules["__main__"]`` is the script), so a build
started from the dashboard would have every worker run ``app.py`` again, which in turn tries to build.
While workers start, the script is swapped for an empty ``__main__`` module; ``python -m dateline`` and
other hosts with a spec are left alone (children import them by name, which is harmless).
"""

from __future__ import annotations

import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()  # two builds in one process must not restore each other's main


@contextmanager
def script_main_hidden() -> Iterator[None]:
    """Hide a spec-less ``__main__`` script from processes spawned inside this block."""
    with _LOCK:
        main = sys.modules.get("__main__")
        if main is None or getattr(main, "__spec__", None) is not None or not getattr(main, "__file__", None):
            yield
            return
        sys.modules["__main__"] = types.ModuleType("__main__")  # no __file__: children run nothing
        try:
            yield
        finally:
            sys.modules["__main__"] = main
