"""The process's store and settings, shared by every session of the app."""

from __future__ import annotations

import streamlit as st

from tracker import demo
from tracker.settings import Settings
from tracker.store import Store


@st.cache_resource
def settings() -> Settings:
    return Settings.from_env()


@st.cache_resource
def store() -> Store:
    """One DuckDB connection per process; every reader takes its own cursor from it."""
    opened = Store.open()
    if settings().demo_on_empty_store:
        demo.load_if_empty(opened)
    return opened
