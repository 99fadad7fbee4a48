#!/usr/bin/env bash
# Makes the native library of @matrix-org/matrix-sdk-crypto-nodejs loadable without GitHub:
#
#   LAGEBOT_CRYPTO_SOURCE=/path/to/matrix-sdk-crypto-nodejs-0.4.0.tar.gz bash scripts/ensure-crypto.sh
#
# 1. If the package already loads (its install script could download the library), nothing is done.
# 2. Otherwise the library is taken from the cache, ${LAGEBOT_CACHE:-$HOME/.cache/lagebot}/crypto/<sha256
#    of the source>/, or built there first from LAGEBOT_CRYPTO_SOURCE (a .tar.gz or a folder of the
#    package's Rust source, at the version the lockfile pins) with `cargo build --release --locked`
#    (about 7 minutes on two cores; every Rust dependency comes from crates.io).
# 3. It is copied next to the package's index.js, and loading it is checked.
#
# Exits 0 when the library loads, 1 with one message saying what is missing otherwise. Progress goes
# to stderr.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CACHE="${LAGEBOT_CACHE:-$HOME/.cache/lagebot}"
PKG_DIR="node_modules/@matrix-org/matrix-sdk-crypto-nodejs"

log() { printf 'ensure-crypto: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

loads() { node -e 'require("@matrix-org/matrix-sdk-crypto-nodejs")' >/dev/null 2>&1; }

command -v node >/dev/null 2>&1 || die "no node on PATH"
[[ -f "$PKG_DIR/package.json" ]] || die "$PKG_DIR is not installed: run npm install first"
if loads; then
  log "the native crypto library loads; nothing to do"
  exit 0
fi

version="$(node -p 'require("./'"$PKG_DIR"'/package.json").version')"
# The file name the package's index.js looks for (napi-rs naming: platform-arch[-gnu|-musl]).
libfile="$(node -p '
  const { platform, arch } = process;
  const libc = platform === "linux" ? (process.report.getReport().header.glibcVersionRuntime ? "-gnu" : "-musl") : "";
  `matrix-sdk-crypto.${platform}-${arch}${libc}.node`')"

SOURCE="${LAGEBOT_CRYPTO_SOURCE:-}"
[[ -n "$SOURCE" ]] || die "the native library of @matrix-org/matrix-sdk-crypto-nodejs $version is missing (its download from GitHub failed).
  Set LAGEBOT_CRYPTO_SOURCE to the package's Rust source for version $version (a .tar.gz of the tag v$version of
  matrix-org/matrix-rust-sdk-crypto-nodejs, or an unpacked folder of it) and run this again; it builds the
  library with cargo (Rust, e.g. from rustup) in about 7 minutes. README, \"End-to-end encryption\", says more."
[[ -e "$SOURCE" ]] || die "LAGEBOT_CRYPTO_SOURCE=$SOURCE does not exist"

if [[ -d "$SOURCE" ]]; then
  # A folder: hash of its files' hashes in name order (build output excluded).
  sha="$(cd "$SOURCE" && find . -type f ! -path './target/*' ! -path './node_modules/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
else
  sha="$(sha256sum "$SOURCE" | cut -d' ' -f1)"
fi
cached="$CACHE/crypto/$sha/$libfile"

if [[ -f "$cached" ]]; then
  log "using the library built earlier from this source ($cached)"
else
  command -v cargo >/dev/null 2>&1 || die "cargo is needed to build the native crypto library: install Rust (rustup.rs, or Debian's cargo and rustc), then run this again"
  mkdir -p "$CACHE/crypto"
  work="$(mktemp -d "$CACHE/crypto/.build.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  if [[ -d "$SOURCE" ]]; then
    cp -R "$SOURCE/." "$work/src"
  else
    mkdir "$work/src"
    tar xzf "$SOURCE" -C "$work/src"
    # A tarball usually holds one top folder; build in it.
    if [[ ! -f "$work/src/Cargo.toml" ]]; then
      top="$(find "$work/src" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
      [[ -n "$top" && -f "$top/Cargo.toml" ]] || die "$SOURCE holds no Cargo.toml"
      mv "$top" "$work/src.top" && rm -rf "$work/src" && mv "$work/src.top" "$work/src"
    fi
  fi
  src_version="$(node -p 'require(process.argv[1]).version' "$work/src/package.json" 2>/dev/null || true)"
  [[ "$src_version" == "$version" ]] || die "LAGEBOT_CRYPTO_SOURCE is version '${src_version:-unknown}', but the installed package (and the lockfile) is $version"
  log "building the native crypto library $version with cargo (about 7 minutes on two cores); log: $work/cargo.log"
  started=$SECONDS
  if ! (cd "$work/src" && cargo build --release --locked >"$work/cargo.log" 2>&1); then
    tail -n 30 "$work/cargo.log" >&2
    die "cargo build failed (last lines above)"
  fi
  built="$(find "$work/src/target/release" -maxdepth 1 -name 'libmatrix_sdk_crypto_nodejs.*' \( -name '*.so' -o -name '*.dylib' \) | head -n 1)"
  [[ -n "$built" ]] || die "cargo built no libmatrix_sdk_crypto_nodejs library"
  strip "$built" 2>/dev/null || true
  mkdir -p "$CACHE/crypto/$sha"
  cp "$built" "$cached.tmp"
  mv -f "$cached.tmp" "$cached"
  log "built in $((SECONDS - started)) s; cached as $cached"
fi

cp "$cached" "$PKG_DIR/$libfile.tmp"
mv -f "$PKG_DIR/$libfile.tmp" "$PKG_DIR/$libfile"
if ! loads; then
  err="$(node -e 'require("@matrix-org/matrix-sdk-crypto-nodejs")' 2>&1 | grep -m1 -i 'error' || true)"
  rm -f "$PKG_DIR/$libfile"
  die "the built library does not load (${err:-unknown error}); a build on a machine with an older glibc may be needed"
fi
log "the native crypto library $version loads ($PKG_DIR/$libfile)"
