"""Report kinds of the reports app itself: the ledgers and summaries built from every capability."""
from . import dossier, ledgers, summary  # noqa: F401  (each registers its kinds)
