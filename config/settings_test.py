"""Settings of the test suite: the production settings with the test switch on.

Only pytest.ini names this module. The switch is an explicit environment variable, so nothing a
production process imports (pytest included) can turn on the development key, plain HTTP or fast
password hashing.
"""
import os

os.environ["JINWEI_TESTING"] = "1"

from .settings import *  # noqa: E402,F401,F403
