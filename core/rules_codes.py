"""Pure rules of one-time codes: the one alphabet, drawing, normalising and formatting. No database.

Every printed slip of the project (questionnaire codes, ballot codes, satisfaction ballot codes) uses
these, so a code typed on any phone page is read the same way. The database side (issuing, redeeming)
is ``core.codes``.
"""
from __future__ import annotations

import secrets
import unicodedata
from typing import Callable

# No look-alikes: 0/O, 1/I/L, 5/S, 2/Z, 8/B are left out so a code typed from paper is read right.
# (The alphabet of surveys, in sorted order; ratings used the same 25 characters in another order, so
# every code printed so far is still a code of this alphabet.)
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 8  # 25**8 ≈ 1.5e11: guessing a live code is hopeless even with many rounds open
#: Longest typed text read as a code; anything longer is cut (an unknown code, never an error).
MAX_TYPED = 32

#: For the phone page's <input pattern>: the alphabet in either case, with the spaces and dashes people
#: type between the groups. A hint for the browser only: the server reads any text (``normalise_code``).
CODE_INPUT_PATTERN = "[\\s\\-%s%s]{%d,%d}" % (
    CODE_ALPHABET, "".join(ch.lower() for ch in CODE_ALPHABET if ch.isalpha()), CODE_LENGTH, CODE_LENGTH + 12)


def new_code(randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    """A fresh code from a cryptographic source (``randbelow`` is swapped only by the seeded demo)."""
    return "".join(CODE_ALPHABET[randbelow(len(CODE_ALPHABET))] for _ in range(CODE_LENGTH))


def normalise_code(raw: str | None) -> str:
    """What the participant typed → the stored code: case, spaces, dashes and full-width characters
    (a Chinese phone keyboard may give ＡＢ３) do not matter; anything but ASCII letters and digits is
    dropped."""
    text = unicodedata.normalize("NFKC", raw or "").upper()
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())[:MAX_TYPED]


def format_code(code: str) -> str:
    """Shown on slips and pages in two groups of four, easier to read out and type."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


#: The placeholder of the phone page's code input: the shape of a code, in the alphabet.
CODE_PLACEHOLDER = format_code("7KMX3PQR")
