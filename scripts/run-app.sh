#!/usr/bin/env bash
# Sets up on a fresh machine and serves the dashboard on http://localhost:8501.
# An empty store is filled with the demo bureau on first start (TRACKER_DEMO_ON_EMPTY=false to skip).
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_venv "$ROOT/requirements.txt"
cd "$ROOT"
exec "$VENV/bin/python" -m streamlit run app.py --server.port "${PORT:-8501}" "$@"
