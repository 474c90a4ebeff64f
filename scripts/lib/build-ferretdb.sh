#!/usr/bin/env bash
# build-ferretdb.sh VERSION OUTPUT: builds FerretDB VERSION from its Go module into OUTPUT (written beside it
# and renamed into place, so a running FerretDB keeps its old file). Shared by scripts/setup (the FerretDB
# of tests and local runs) and debian/rules (the one in the package quality-time-api-localdb), so both are
# the same binary: with the same flags, a second build is a few seconds from Go's build cache, and the
# module comes from Go's module cache (the Go module proxy the first time). Needs Go 1.24 or later.
set -euo pipefail

version=$1 output=$2
say() { printf 'build-ferretdb: %s\n' "$*" >&2; }
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then export PATH=$PATH:/usr/local/go/bin; fi
command -v go >/dev/null 2>&1 || { say "no Go toolchain (scripts/setup installs one)"; exit 1; }

# 'go install ...@version' builds a binary that panics at start-up: FerretDB's build expects a version
# file that only its release tooling writes. So fetch the module, add the file, build.
source_dir=$(go mod download -json "github.com/FerretDB/FerretDB@$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
[ -d "$source_dir" ] || { say "could not download the FerretDB module $version"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$source_dir/." "$work/"
chmod -R u+w "$work"
echo "$version" >"$work/build/version/version.txt"
# -trimpath: the same binary from any directory (and Go's cache serves the second build). PIE and full
# RELRO (linked by the system's linker) for the hardening Debian expects of an executable; a GNU build ID
# (from Go's) for dh_strip's debug symbols.
(cd "$work" && GOFLAGS=-mod=mod go build -trimpath -buildmode=pie -ldflags="-B gobuildid -linkmode=external -extldflags=-Wl,-z,relro,-z,now" -o "$work/ferretdb.built" ./cmd/ferretdb)
version_output=$("$work/ferretdb.built" --version 2>&1 || true)
[[ "$version_output" == *"version: $version"* ]] || { say "FerretDB build failed: $version_output"; exit 1; }
mkdir -p "$(dirname "$output")"
cp "$work/ferretdb.built" "$output.new.$$"
mv -f "$output.new.$$" "$output"
