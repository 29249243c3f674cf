"""What a slow command is doing, on a terminal's stderr: a progress bar, or a status line.

Both show only when stderr is a terminal, so piped output and logs stay clean.
"""

from __future__ import annotations

import sys


def progress_bar(total_label: str):
    """A rich progress bar on stderr when it is a terminal; otherwise a no-op callback."""
    if not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(transient=True, console=Console(stderr=True))
    task = bar.add_task(total_label, total=1)

    def update(done, total):
        bar.update(task, completed=done, total=total)

    return bar, update


def with_progress(label: str, work, enabled: bool = True, status: bool = False):
    """Run work(update) with a progress bar on a terminal's stderr (update=None elsewhere).  *status*: run
    work(update, tell) instead, where tell(message) turns the bar into a pulse labelled *message* until the next
    update (a step whose end is not known ahead; tell=None where update is)."""
    bar, update = progress_bar(label) if enabled else (None, None)
    if bar:
        bar.start()
    try:
        if not status:
            return work(update)
        tell = None
        if bar:
            def tell(message: str) -> None:
                task = bar.tasks[0]
                task.total = None   # no total: the bar pulses
                bar.update(task.id, description=message)
        return work(update, tell)
    finally:
        if bar:
            bar.stop()


class StatusLine:
    """A transient line on a terminal's stderr saying what a slow step is doing (nothing when piped).

    Called with a message; the line appears on the first call, changes on the next, and goes on stop().
    """

    def __init__(self):
        self._status = None

    def __call__(self, message: str) -> None:
        if not sys.stderr.isatty():
            return
        if self._status is None:
            from rich.console import Console

            self._status = Console(stderr=True).status(message)
            self._status.start()
        else:
            self._status.update(message)

    def stop(self) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None
