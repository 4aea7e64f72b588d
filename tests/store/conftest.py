"""Fixtures of the store tests: a session and two participants in it (``store`` is the root's, on
SQLite and PostgreSQL)."""

import pytest


@pytest.fixture
def session(store):
    return store.create_session("Tuesday cohort")


@pytest.fixture
def ann(store, session):
    return store.join(session.code, "Ann")


@pytest.fixture
def ben(store, session):
    return store.join(session.code, "Ben")
