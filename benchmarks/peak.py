"""Peak memory of the running process, for benchmark children started with ``subprocess``."""

import resource
import sys


def peak_bytes() -> int:
    """This process's own resident-memory high-water mark in bytes.

    On Linux it is VmHWM, which starts afresh at exec; ``ru_maxrss`` would also count the memory the
    parent had when it forked the child. Elsewhere ``ru_maxrss`` (bytes on macOS, KiB otherwise).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) * 1024
    except (OSError, StopIteration):
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return rss if sys.platform == "darwin" else rss * 1024
