#!/usr/bin/env bash
# Runs all tests: every Maven module's unit and integration tests (the kernel's run through
# Jupyter and headless Chromium), then every bundled notebook with METAGRAD4J_BUDGET=quick,
# failing on any cell error.
#
# Usage: environment/run-tests.sh
#
# Installs what the tests need if missing (needs root): Debian's Jupyter packages, chromium,
# libjs-requirejs (require.js in HTML exports) and dataset-fashion-mnist. Sets
# METAGRAD4J_REQUIRE_NOTEBOOK_TOOLS=1 so tests that need those tools fail instead of skipping.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

install_debian_packages "${jupyter_packages[@]}" chromium libjs-requirejs dataset-fashion-mnist
export METAGRAD4J_REQUIRE_NOTEBOOK_TOOLS=1
export SD_MASTER_THREADS=1 SD_MAX_THREADS=1

(cd "$repo_root" && mvn -B install)

mapfile -t notebooks < <(bundled_notebooks)
if [[ ${#notebooks[@]} -eq 0 ]]; then
  echo "No notebooks in $repo_root/notebooks; no notebook tests to run."
  exit 0
fi

resolve_data_directory
export METAGRAD4J_BUDGET=quick
"$repo_root/environment/install-kernel.sh" --user
output_dir=$repo_root/output/notebook-tests
rm -rf "$output_dir"
mkdir -p "$output_dir"

passed=0
failed=0
failed_names=()
for notebook in "${notebooks[@]}"; do
  name=$(basename "$notebook")
  started=$SECONDS
  # nbconvert --execute stops at the first cell error and exits non-zero.
  if execute_notebook "$notebook" "$output_dir" > "$output_dir/${name%.ipynb}.log" 2>&1; then
    passed=$((passed + 1))
    echo "PASS $name ($((SECONDS - started)) s)"
  else
    failed=$((failed + 1))
    failed_names+=("$name")
    echo "FAIL $name ($((SECONDS - started)) s); log: $output_dir/${name%.ipynb}.log"
    tail -n 40 "$output_dir/${name%.ipynb}.log"
  fi
done
echo "Notebooks: $passed passed, $failed failed"
if [[ $failed -gt 0 ]]; then
  echo "Failed notebooks: ${failed_names[*]}"
  exit 1
fi
