"""Shared fixtures: the project's corpus, loaded once per test session; the user cache directory and every
REGBOT_/TELEGRAM_ setting of the machine kept out of the tests (indexes rebuilt by a test go to a temporary
directory, never to ~/.cache or into the package)."""

from __future__ import annotations

import os

import pytest

from corpus.store import Corpus, corpus


@pytest.fixture(scope="session", autouse=True)
def _private_environment(tmp_path_factory: pytest.TempPathFactory) -> object:
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith(("REGBOT_", "TELEGRAM_")):
                mp.delenv(name)
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        yield


@pytest.fixture(scope="session")
def corp() -> Corpus:
    return corpus()
