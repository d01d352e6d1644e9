"""Pausing the cyclic garbage collector around work that makes many objects and no reference
cycles (loading catalogs and organisations, analysing), safe when threads overlap.

`gc.disable()` is process-wide and the API serves requests in threads: with one flag per
caller, a pause that began while another was active saw the collector off and never turned it
back on, leaving it off for the life of the server. Here the pauses are counted: the collector
is off while any is active, and on again when the last one ends, unless it was off before the
first began (as during the CLI's start-up).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused", "pause", "resume"]

_lock = threading.Lock()
_active = 0
_resume = False


# `pause` and `resume` allocate nothing (explicit acquire/release, no bound methods made), so
# no collection can start between a caller's entry and the pause, nor inside the pair.
def pause() -> None:
    """Begin a pause; every `pause` must be followed by one `resume` (use try/finally)."""
    global _active, _resume
    _lock.acquire()
    try:
        if _active == 0:
            _resume = gc.isenabled()
            gc.disable()
        _active += 1
    finally:
        _lock.release()


def resume() -> bool:
    """End a pause: the collector is on again when the last active pause ends (then True)."""
    global _active
    _lock.acquire()
    try:
        _active -= 1
        if _active == 0 and _resume:
            gc.enable()
            return True
        return False
    finally:
        _lock.release()


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside (see the module docstring)."""
    pause()
    try:
        yield
    finally:
        resume()
