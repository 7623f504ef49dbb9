"""Fixtures for the rules tests: the three built-in programs."""

from __future__ import annotations

import pytest

from rules import load_program


@pytest.fixture(scope="session")
def jd():
    return load_program("jd")


@pytest.fixture(scope="session")
def fliggy():
    return load_program("fliggy")


@pytest.fixture(scope="session")
def alipay():
    return load_program("alipay")
