"""A bounded pool for expensive renders (workbooks): a few at a time, a short queue, then 503.

An uncached workbook costs seconds of CPU; without a bound, a read token asking for many
dates at once could occupy every core. `workers` renders run at once, `queue` more may wait;
past that the answer is 503 with `Retry-After`, estimated from how long recent renders took.
Threading primitives, not asyncio ones: the pool is shared by every request of the app and
must not belong to one event loop.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

__all__ = ["PoolFull", "WorkPool"]

T = TypeVar("T")


class PoolFull(Exception):
    """Every worker is busy and the queue is full; try again after `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"busy; retry after {retry_after} s")


class WorkPool:
    """At most `workers` jobs run at once and `queue` wait; more raise PoolFull."""

    def __init__(self, workers: int, queue: int, first_guess: float = 5.0) -> None:
        self.workers = workers
        self.limit = workers + queue
        self._slots = threading.BoundedSemaphore(workers)
        self._lock = threading.Lock()
        self._admitted = 0
        self._seconds = first_guess  # moving average of one job's duration

    @property
    def admitted(self) -> int:
        """Jobs running or waiting now."""
        with self._lock:
            return self._admitted

    def _admit(self) -> None:
        with self._lock:
            if self._admitted >= self.limit:
                waves = math.ceil((self._admitted + 1) / self.workers)
                raise PoolFull(max(1, math.ceil(self._seconds * waves)))
            self._admitted += 1

    def _leave(self) -> None:
        with self._lock:
            self._admitted -= 1

    def _run(self, job: Callable[[], T]) -> T:
        with self._slots:
            started = time.monotonic()
            try:
                return job()
            finally:
                took = time.monotonic() - started
                with self._lock:
                    self._seconds = 0.7 * self._seconds + 0.3 * took

    async def run(self, job: Callable[[], T]) -> T:
        """Run `job` in a worker thread once a slot is free; PoolFull at once if none will be."""
        self._admit()
        try:
            return await run_in_threadpool(self._run, job)
        finally:
            self._leave()
