#!/usr/bin/env bash
# Installs the real tools the end-to-end tests drive, from the package registries, into
# .tools/ (ignored by git): Microsoft's SARIF validator (npm) and, in a Python virtualenv,
# junitparser (a JUnit XML reader), pre-commit, and pytest-lsp (an LSP client). Idempotent: a second run only checks they are there.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tools
if [ ! -x .tools/node_modules/.bin/sarif-multitool ]; then
  npm install --prefix .tools --no-audit --no-fund --silent @microsoft/sarif-multitool@5.7.0
fi
if [ ! -x .tools/venv/bin/python ]; then
  python3 -m venv .tools/venv
fi
.tools/venv/bin/pip install --quiet --disable-pip-version-check junitparser==3.2.0 pre-commit==4.2.0 pytest-lsp==1.0.0
