"""Exceptions with messages meant for the user (the CLI prints them on one line)."""


class ClaimcheckError(Exception):
    """Base class: anything the CLI reports as a usage or input error (exit 2)."""


class InputError(ClaimcheckError):
    """A file, stdin or URL that cannot be read as text."""


class EvidenceError(ClaimcheckError):
    """An evidence or rule file that fails validation; the message names file and field."""


class RuleFileError(ClaimcheckError):
    """A packaged rule or vocabulary file that fails validation."""
