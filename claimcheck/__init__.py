"""ClaimCheck: flag health claims in marketing text as supported, overstated or unsupported."""

from __future__ import annotations

import os

# Set before anything imports transformers or huggingface_hub: a hub lookup otherwise
# hangs for about 70 s on a machine without network before failing.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from claimcheck.checker import Checker, check_text  # noqa: E402
from claimcheck.types import Claim, ClaimType, Document, Evidence, Label, Reason, Report, Verdict  # noqa: E402

__version__ = "0.1.0"
__all__ = [
    "Checker",
    "Claim",
    "ClaimType",
    "Document",
    "Evidence",
    "Label",
    "Reason",
    "Report",
    "Verdict",
    "__version__",
    "check_text",
]
