"""Ratings: the four-step classification with its meetings and anonymous ballots
(``classification.py``), and scoring sheets with star levels (``stars.py``). Each part imports its
models here."""
from .classification import *  # noqa: F401,F403
from .stars import *  # noqa: F401,F403
