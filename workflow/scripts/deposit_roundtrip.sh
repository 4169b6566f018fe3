#!/usr/bin/env bash
# The deposit rebuilt from the archive copy alone, as someone who downloads it would:
#
#   make test-deposit      (or: bash workflow/scripts/deposit_roundtrip.sh)
#
# Makes the deposit (make deposit), unpacks its zip into an empty folder with no git history, and
# there runs the README's two commands: `make build` (a fresh .venv from the lock file, then the
# whole build) and `make test` (the whole suite). Passes when
#   - every file the build makes under results/ was made again in the unpacked copy (none is
#     merely the copy the zip carried: each is newer than the unpacking),
#   - every file under results/ is byte-identical to the original build's,
#   - the suite passes there.
# About 12 minutes on 2 cores (set-up, build, suite); too long for `make test`, so it has its own
# target. KEEP=1 keeps the unpacked folder for a look.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
say() { printf 'deposit_roundtrip: %s\n' "$*" >&2; }

make -C "$ROOT" -s deposit
ZIP=$(ls "$ROOT"/deposit/*.zip)
WORK=$(mktemp -d /tmp/deposit_roundtrip.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT

python3 -m zipfile -e "$ZIP" "$WORK"
DIR=$(ls -d "$WORK"/*/)
DIR=${DIR%/}
[ ! -e "$DIR/.git" ] || { say "the deposit holds a git history"; exit 1; }
sleep 1  # whole seconds between the unpacking and the build, for the mtime comparison below
UNPACKED=$(date +%s)
say "unpacked $(basename "$ZIP") into $DIR"

say "make build (the README's first command)"
(cd "$DIR" && make build)

# Made again: every file under results/ is newer than the unpacking (but .gitkeep, which keeps the
# empty folder in git). results/benchmarks is written
# by workflow/scripts/bench.py, not by the build, so it may only be carried.
stale=$(cd "$DIR" && find results -type f ! -path 'results/benchmarks/*' ! -name .gitkeep ! -newermt "@$UNPACKED" | sort)
[ -z "$stale" ] || { say "not made again by the build:"; printf '  %s\n' $stale >&2; exit 1; }

# Identical: every file under results/, both ways.
if ! diff -r "$ROOT/results" "$DIR/results" >"$WORK/results.diff"; then
    say "results/ differ from the original build:"
    head -40 "$WORK/results.diff" >&2
    exit 1
fi
say "results/: $(cd "$DIR" && find results -type f | wc -l) files made again, identical to the original build"

say "make test (the README's second command)"
(cd "$DIR" && make test)
say "passed"
