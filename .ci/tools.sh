#!/usr/bin/env bash
# Installs the real tools the end-to-end tests drive, from the package registries, into
# .tools/ (ignored by git): Microsoft's SARIF validator (npm) and, in a Python virtualenv,
# junitparser (a JUnit XML reader), pre-commit, and pytest-lsp (an LSP client); and Neovim from
# Debian's packages (a real editor whose built-in LSP client drives `vendorlint lsp` in
# tests/lsp.rs). Idempotent: a second run only checks they are there.
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
if ! command -v nvim >/dev/null 2>&1; then
  # Debian 12 ships Neovim 0.7.2; tests/nvim/*.lua is written for 0.7 and later.
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends neovim >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends neovim >/dev/null
  fi
fi
