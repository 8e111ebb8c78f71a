"""A process's resident memory from /proc: now (VmRSS), at its peak (VmHWM), peak reset.

Writing "5" to /proc/<pid>/clear_refs resets the peak to the current size (Linux 4.0+),
so each measured request gets a peak of its own. Where that is not allowed, the growth
is measured against the old peak and can only show growth past it (``resettable``).
"""

from pathlib import Path


def _status(pid: int | str, field: str) -> int:
    """A field of /proc/<pid>/status in bytes (the file gives kB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(f"{field} not in /proc/{pid}/status")


def rss(pid: int | str = "self") -> int:
    return _status(pid, "VmRSS")


def peak(pid: int | str = "self") -> int:
    return _status(pid, "VmHWM")


def reset_peak(pid: int | str = "self") -> bool:
    """Make the peak the current size; False where the kernel does not let us."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


class Growth:
    """How far a process's resident memory rose above where it was at the start."""

    def __init__(self, pid: int | str = "self"):
        self.pid = pid
        self.resettable = reset_peak(pid)
        self.start = rss(pid)
        self.old_peak = peak(pid)

    def bytes(self) -> int:
        now_peak = peak(self.pid)
        if not self.resettable and now_peak <= self.old_peak:
            return 0  # no new peak; the growth may be anything below the old one
        return max(0, now_peak - self.start)


def children(pid: int) -> list[int]:
    """The child processes of ``pid`` (gunicorn's workers)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(child) for child in text)
    return found
