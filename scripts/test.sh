#!/usr/bin/env bash
# Sets up on a fresh machine and runs lint, format check and every test, browser tests included.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_venv "$ROOT/requirements-dev.txt"
ensure_browser
cd "$ROOT"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
exec "$VENV/bin/python" -m pytest "$@"
