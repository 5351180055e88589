"""Run blocking work off the UI thread and deliver its result or error back on the UI thread.

This is the one way the screens do disk writes, fsyncs and other slow calls (ARCHITECTURE.md
rule 3). A runner with one worker keeps submissions in order, which the store relies on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)

ResultCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class TaskRunner(QObject):
    """Runs callables in worker threads; callbacks run on the thread that owns the runner."""

    _sig_finished = Signal(object, object, object, object)
    """(on_result, on_error, result, error) from a worker, delivered on the owner's thread."""

    sig_idle = Signal()
    """No task is waiting or running any more."""

    def __init__(self, name: str, *, workers: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._workers = workers
        # Made at the first task: none runs before the first frame, and the thread pool's
        # module is then off the start-up path.
        self._pool: ThreadPoolExecutor | None = None
        self._pending = 0
        self._closed = False
        # Always queued: a task that finished before run() returned must still be delivered
        # later, in submission order, never inside run().
        self._sig_finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self,
        work: Callable[[], Any],
        on_result: ResultCallback | None = None,
        on_error: ErrorCallback | None = None,
    ) -> Future[Any] | None:
        """Start ``work`` in a worker thread. Returns None once the runner is shut down."""
        if self._closed:
            log.warning("task submitted after shutdown was ignored: %r", work)
            return None
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(
                max_workers=self._workers, thread_name_prefix=self._name
            )
        self._pending += 1
        future = self._pool.submit(work)
        future.add_done_callback(lambda f: self._finished(f, on_result, on_error))
        return future

    def _finished(
        self, future: Future[Any], on_result: ResultCallback | None, on_error: ErrorCallback | None
    ) -> None:
        error = future.exception()
        result = None if error is not None else future.result()
        self._sig_finished.emit(on_result, on_error, result, error)

    @Slot(object, object, object, object)
    def _deliver(
        self,
        on_result: ResultCallback | None,
        on_error: ErrorCallback | None,
        result: Any,
        error: BaseException | None,
    ) -> None:
        self._pending -= 1
        try:
            if error is not None:
                if on_error is not None:
                    on_error(error)
                else:
                    log.error("background task failed", exc_info=error)
            elif on_result is not None:
                on_result(result)
        finally:
            if self._pending == 0:
                self.sig_idle.emit()

    def shutdown(self) -> None:
        """Finish what was submitted (nothing the elder did is dropped), then stop."""
        self._closed = True
        if self._pool is not None:
            self._pool.shutdown(wait=True)
