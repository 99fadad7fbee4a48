#!/usr/bin/env bash
# Ensures a Python virtualenv with Synapse (the Matrix homeserver the end-to-end tests run against)
# and prints its path on stdout:
#
#   venv="$(bash scripts/ensure-synapse.sh)"
#
# Location: ${LAGEBOT_CACHE:-$HOME/.cache/lagebot}/synapse-venv (the place test/support/synapse.ts
# looks, unless LAGEBOT_SYNAPSE_VENV says otherwise). An existing virtualenv is reused when its
# Python can import synapse. Otherwise a new one is built under a temporary name and renamed into
# place only after the install worked, so a failed or interrupted install never looks cached.
#
# Python: $LAGEBOT_PYTHON, else python3 (Synapse needs 3.10 or newer). Version: $LAGEBOT_SYNAPSE_SPEC,
# else the newest matrix-synapse on PyPI. Progress goes to stderr.
set -euo pipefail

CACHE="${LAGEBOT_CACHE:-$HOME/.cache/lagebot}"
VENV="$CACHE/synapse-venv"
PYTHON="${LAGEBOT_PYTHON:-python3}"
SPEC="${LAGEBOT_SYNAPSE_SPEC:-matrix-synapse}"

log() { printf 'ensure-synapse: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Whether the virtualenv $1 has a working Synapse; prints its version.
good_venv() {
  [[ -x "$1/bin/python" ]] || return 1
  "$1/bin/python" -c 'import synapse, synapse.app.homeserver; print(synapse.__version__)' 2>/dev/null
}

if version="$(good_venv "$VENV")"; then
  log "using cached Synapse $version in $VENV"
  printf '%s\n' "$VENV"
  exit 0
fi

command -v "$PYTHON" >/dev/null 2>&1 || die "no $PYTHON on PATH (set LAGEBOT_PYTHON to a Python 3.10+)"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' ||
  die "$("$PYTHON" --version 2>&1) is too old for Synapse: 3.10 or newer is needed (set LAGEBOT_PYTHON)"
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null ||
  die "$PYTHON lacks venv/ensurepip (on Debian: apt-get install python3-venv)"

mkdir -p "$CACHE"
work="$(mktemp -d "$CACHE/.synapse-venv.tmp.XXXXXX")"
trap 'rm -rf "$work"' EXIT

log "creating a virtualenv with $("$PYTHON" --version 2>&1)"
"$PYTHON" -m venv "$work/venv" >&2
# Always `python -m pip`: the venv's script shebangs name the temporary path and break on rename;
# the interpreter itself finds its virtualenv from its own location and survives it.
log "installing $SPEC (takes a minute or two)"
"$work/venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet --upgrade pip >&2
"$work/venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet "$SPEC" >&2
version="$(good_venv "$work/venv")" || die "Synapse was installed but cannot be imported"

# Replace a broken cached copy; if another run finished first, keep theirs.
if [[ -e "$VENV" ]] && ! good_venv "$VENV" >/dev/null; then
  rm -rf "$VENV"
fi
if ! mv -T "$work/venv" "$VENV" 2>/dev/null; then
  good_venv "$VENV" >/dev/null || die "cannot move the virtualenv into $VENV"
  log "another run installed $VENV meanwhile; using that"
fi
version="$(good_venv "$VENV")" || die "Synapse in $VENV cannot be imported after the move"
log "installed Synapse $version in $VENV"
printf '%s\n' "$VENV"
