#!/usr/bin/env bash
# Creates the Python virtual environment with schemathesis (test/fuzz/requirements.txt) once;
# later runs reuse it while the requirements are unchanged.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${LOULAN_FUZZ_VENV:-$ROOT/.loulan/venv-fuzz}
REQUIREMENTS="$ROOT/test/fuzz/requirements.txt"
STAMP="$VENV/.requirements"
if [ -x "$VENV/bin/st" ] && cmp -s "$REQUIREMENTS" "$STAMP"; then
  exit 0
fi
echo "==> installing schemathesis into $VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
cp "$REQUIREMENTS" "$STAMP"
