#!/usr/bin/env bash
# Installs the real tools the end-to-end tests drive, from the package registries, into
# .tools/ (ignored by git): Microsoft's SARIF validator (npm) and, in a Python virtualenv,
# junitparser (a JUnit XML reader), pre-commit, pytest-lsp (an LSP client) and openpyxl (an XLSX
# reader, tests/py/questionnaire_check.py); and from Debian's packages Neovim (a real editor
# whose built-in LSP client drives `vendorlint lsp` in tests/lsp.rs) and LibreOffice Calc
# (opens the questionnaire workbook headless, tests/questionnaire_xlsx.rs) and Chromium (renders
# the portfolio page, driven by npm's playwright-core, tests/portfolio.rs). Idempotent: a
# second run only checks they are there.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tools
if [ ! -x .tools/node_modules/.bin/sarif-multitool ] || [ ! -d .tools/node_modules/playwright-core ]; then
  npm install --prefix .tools --no-audit --no-fund --silent @microsoft/sarif-multitool@5.7.0 playwright-core@1.64.1
fi
if [ ! -x .tools/venv/bin/python ]; then
  python3 -m venv .tools/venv
fi
.tools/venv/bin/pip install --quiet --disable-pip-version-check junitparser==3.2.0 pre-commit==4.2.0 pytest-lsp==1.0.0 openpyxl==3.1.5
if ! command -v nvim >/dev/null 2>&1; then
  # Debian 12 ships Neovim 0.7.2; tests/nvim/*.lua is written for 0.7 and later.
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends neovim >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends neovim >/dev/null
  fi
fi
if ! command -v soffice >/dev/null 2>&1 && ! command -v libreoffice >/dev/null 2>&1; then
  # Calc without the GUI; Debian 12 ships LibreOffice 7.4.
  export DEBIAN_FRONTEND=noninteractive
  calc=libreoffice-calc-nogui
  if ! apt-cache show "$calc" >/dev/null 2>&1; then
    apt-get update -qq
    apt-cache show "$calc" >/dev/null 2>&1 || calc=libreoffice-calc
  fi
  if ! apt-get install -y --no-install-recommends "$calc" >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "$calc" >/dev/null
  fi
fi
if ! command -v chromium >/dev/null 2>&1; then
  # Debian's Chromium; playwright-core drives it (it never downloads a browser of its own).
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
  fi
fi
