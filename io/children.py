"""Child processes that end with their parent, and a memory limit for one child.

Every process Gouji starts (the batch workers, the PDF reader's pool, the
workbench's page-render helper) calls :func:`die_with_parent` first: a daemon
thread waits on the ``multiprocessing`` parent sentinel (a pipe from the parent
on Linux and macOS, a handle of the parent process on Windows) and ends the
child the moment the parent is gone — killed, crashed or closed without
cleaning up.  On Linux the kernel is asked as well (``PR_SET_PDEATHSIG``) when
the child was started from the parent's main thread: the signal follows the
thread that started the child, so it is only safe when that thread lives as
long as the process.  The watchdog thread needs the interpreter lock, so a
child stuck in one long C call without releasing it may outlive its parent
until that call returns; the kernel signal does not wait.

:func:`limit_memory` caps a child's address space with ``RLIMIT_AS`` (Linux and
macOS); Windows has no such limit without a job object, so there the limit is
not applied (the time limit still is).

:func:`start_child` starts a child from a worker thread so that the interpreter's
exit waits for a start in progress: a ``spawn`` child reads its start-up data
from a pipe, and a parent that exits in the middle of writing it leaves the
child a cut-off message (it prints a traceback; ``multiprocessing`` ends its
daemonic children at exit only once their start is complete).
"""

from __future__ import annotations

import atexit
import ctypes
import multiprocessing
import os
import signal
import sys
import threading

#: ``prctl`` option: the signal a process receives when the thread that created it ends
PR_SET_PDEATHSIG = 1
#: exit status of a child that ended because its parent was gone
ORPHAN_EXIT = 3


def die_with_parent(started_by_main_thread: bool = False) -> None:
    """End this (child) process as soon as its ``multiprocessing`` parent ends.

    Parameters
    ----------
    started_by_main_thread
        The parent started this process from its main thread: on Linux the
        kernel then kills the child with the parent as well.
    """
    parent = multiprocessing.parent_process()
    if parent is None:  # not a multiprocessing child
        return
    if started_by_main_thread and sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if not parent.is_alive() or (sys.platform != "win32" and os.getppid() != parent.pid):
        os._exit(ORPHAN_EXIT)  # the parent ended before the watch began
    threading.Thread(target=_watch, args=(parent,), name="gouji-parent-watch", daemon=True).start()


def _watch(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # returns when the parent sentinel fires: the parent has ended
    os._exit(ORPHAN_EXIT)


def limit_memory(megabytes: int) -> bool:
    """Cap this process's address space at ``megabytes``; False where the system has no such limit.

    An allocation beyond the cap fails (Python raises ``MemoryError``; a native
    library may end the process instead).
    """
    if sys.platform == "win32" or megabytes <= 0:
        return False
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):  # macOS refuses some values
        return False
    return True


_starting = threading.Lock()  # held while a child started by start_child() is being started
_exiting: list[bool] = []  # set once this process has begun to exit: no child is started any more


class Exiting(RuntimeError):
    """This process is exiting: the child was not started."""


def start_child(proc: multiprocessing.process.BaseProcess) -> None:
    """``proc.start()`` from any thread; once this process has begun to exit it raises
    :class:`Exiting` instead, and the exit waits for a start in progress to complete."""
    with _starting:
        if _exiting:
            raise Exiting("the process is exiting")
        proc.start()


@atexit.register
def _no_more_children(timeout: float = 10.0) -> None:
    got = _starting.acquire(timeout=timeout)
    _exiting.append(True)
    if got:
        _starting.release()
