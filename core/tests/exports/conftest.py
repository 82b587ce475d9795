"""Fixtures for the tests that open every export: the apps' own set-ups, borrowed as they are.

The elections set-up gives an open plenary of nine deputies (used for the election and for the
project ballot), the projects set-up a call with proposals and locked candidates.
"""

from elections.tests.conftest import body, election, meeting  # noqa: F401
from projects.tests.conftest import (  # noqa: F401
    call,
    locked_call,
    proposals,
    screener,
    screening_call,
    screening_unit,
    small_settings,
)
