"""Small named exceptions. The library raises them; the CLI turns each into a
one-line error with a hint and a distinct exit code."""

from __future__ import annotations


class ReportedlyError(Exception):
    """Base class. ``exit_code`` is the process exit status the CLI uses."""

    exit_code = 1
    hint: str | None = None

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class InputNotFound(ReportedlyError):
    exit_code = 3
    hint = "check the path"


class EmptyInput(ReportedlyError):
    exit_code = 4
    hint = "the file holds no text to analyse"


class BinaryInput(ReportedlyError):
    exit_code = 5
    hint = "give a plain-text or HTML article"


class EncodingError(ReportedlyError):
    exit_code = 6
    hint = "convert the file to UTF-8 (e.g. iconv -t UTF-8)"


class InputTooLarge(ReportedlyError):
    exit_code = 7
    hint = "split the file, or raise the limit with --max-bytes"


class NotEnglish(ReportedlyError):
    exit_code = 8
    hint = "reportedly analyses English news only"


class MalformedInput(ReportedlyError):
    exit_code = 9
    hint = "check that the file is well-formed"


class BadOption(ReportedlyError):
    exit_code = 2


class StoreError(ReportedlyError):
    exit_code = 10


class ModelError(ReportedlyError):
    exit_code = 11
