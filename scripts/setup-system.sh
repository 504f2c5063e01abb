#!/usr/bin/env bash
# Installs the Debian packages the test suite runs against, when missing:
#   - chromium: renders the cash-flow page (npm run test:webview) and drives the workbench (npm run test:editor);
#   - neovim:   the independent LSP client of npm run test:neovim;
#   - libreoffice-calc: recalculates the workbook of `dealspec export --format xlsx` headless (npm run test:cli).
# code-server and what it needs are installed by scripts/editor/install.sh (npm run test:editor).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc)
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
echo "[setup] apt-get install ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
