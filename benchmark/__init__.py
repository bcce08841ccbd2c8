"""Province-scale benchmark of the status query and of ingest; see benchmark/run.py."""
