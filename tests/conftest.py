"""Shared fixtures: the project's corpus, loaded once per test session."""

from __future__ import annotations

import pytest

from corpus.store import Corpus, corpus


@pytest.fixture(scope="session")
def corp() -> Corpus:
    return corpus()
