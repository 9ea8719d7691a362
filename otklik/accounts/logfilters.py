"""Logging filters: a refused request (403 and every other 4xx) is one warning line.

Django logs PermissionDenied (403) and SuspiciousOperation (400) with the exception attached,
so each refusal wrote a full traceback: noise that buries real faults, and a cheap way for
anyone to fill the log. The line (method, path, status) stays; the traceback goes. Server
errors (5xx) keep theirs.
"""

from __future__ import annotations

import logging


class NoClientErrorTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
