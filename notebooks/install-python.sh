#!/usr/bin/env bash
# Installs what the notebooks and NotebooksITCase need (idempotent). pip's configuration names an unreachable
# public registry first, so install from the local index that `pip config list` shows as the only index.
set -euo pipefail
packages=(jupyter nbconvert nbformat ipykernel pandas matplotlib lightgbm)
if python3 -c "import jupyter, nbconvert, pandas, matplotlib, lightgbm" 2>/dev/null; then
  exit 0
fi
index="$(pip config list 2>/dev/null | sed -n "s/^global\.extra-index-url='\([^' ]*\).*/\1/p" | head -n1)"
if [ -z "$index" ]; then
  index="$(pip config list 2>/dev/null | sed -n "s/^global\.index-url='\([^']*\)'/\1/p" | head -n1)"
fi
if [ -z "$index" ]; then
  echo "install-python.sh: no local package index in 'pip config list'; install ${packages[*]} yourself" >&2
  exit 1
fi
python3 -m pip install --quiet --index-url "$index" "${packages[@]}"
