"""Exceptions with messages meant for the user (the CLI prints them on one line)."""


class ClaimcheckError(Exception):
    """Base class: anything the CLI reports as a usage or input error (exit 2)."""


class InputError(ClaimcheckError):
    """A file, stdin or URL that cannot be read as text."""


class EvidenceError(ClaimcheckError):
    """An evidence or rule file that fails validation; the message names file and field."""


class RuleFileError(ClaimcheckError):
    """A packaged rule or vocabulary file that fails validation."""


class FetchError(InputError):
    """A URL ClaimCheck would not or could not fetch; ``reason`` is a stable code.

    Codes: scheme, blocked_address, dns, timeout, too_large, too_many_redirects,
    redirect_loop, http_status, content_type, connection.
    """

    def __init__(self, reason: str, message: str, url: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.url = url
        self.status = status
