#!/bin/bash
# The local route to the chapters as notebooks (what Binder gives, on your computer):
# applies postBuild to a Jupyter config folder inside .venv, then starts JupyterLab
# on this repository, opening the first chapter. Run from anywhere, after the README's
# build command has made .venv:
#     bash book/_ext/tools/start_lab.sh            (extra options go to JupyterLab,
#                                                   e.g. --no-browser --port=8890)
# Environment: VENV (default <repo>/.venv), JUPYTER_CONFIG_DIR (default $VENV/jupyter-config).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
VENV="${VENV:-$repo/.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "start_lab.sh: no Python environment at $VENV; run the README's build command first" >&2
  exit 1
fi
export PATH="$VENV/bin:$PATH"
export JUPYTER_CONFIG_DIR="${JUPYTER_CONFIG_DIR:-$VENV/jupyter-config}"
bash "$repo/postBuild"
exec "$VENV/bin/python" -m jupyterlab --ServerApp.root_dir="$repo" "$@" "$repo/book/ch01_weakness.md"
