"""Streamlit glue shared by the pages: the store, language, filters and sign-in."""
