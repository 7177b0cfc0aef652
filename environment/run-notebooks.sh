#!/usr/bin/env bash
# Runs every bundled notebook (notebooks/*.ipynb) headlessly with the metagrad4j Java kernel.
#
# Usage: environment/run-notebooks.sh [OUTPUT_DIR]      (default: output/notebooks)
#
# Installs Debian's Jupyter packages if missing (needs root), builds the toolkit and the kernel,
# installs the kernelspec "metagrad4j-java", then writes each executed notebook (trusted) and
# its HTML export to OUTPUT_DIR.
#
# Environment:
#   METAGRAD4J_DATA          data root; default ../shared/data next to the repository if it
#                            exists, else what datasets/download-omniglot.sh fetches
#   METAGRAD4J_BUDGET        quick | standard | full (default standard)
#   METAGRAD4J_CELL_TIMEOUT  seconds one cell may run (default 3600)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

output_dir=${1:-$repo_root/output/notebooks}
mkdir -p "$output_dir"
output_dir=$(cd "$output_dir" && pwd)

install_debian_packages "${jupyter_packages[@]}"
resolve_data_directory
export METAGRAD4J_BUDGET=${METAGRAD4J_BUDGET:-standard}

echo "Building the toolkit and the kernel..."
(cd "$repo_root" && mvn -B -q -DskipTests package)
"$repo_root/environment/install-kernel.sh" --user

mapfile -t notebooks < <(bundled_notebooks)
if [[ ${#notebooks[@]} -eq 0 ]]; then
  echo "No notebooks in $repo_root/notebooks; nothing to run."
  exit 0
fi

echo "Running ${#notebooks[@]} notebooks with METAGRAD4J_BUDGET=$METAGRAD4J_BUDGET, METAGRAD4J_DATA=$METAGRAD4J_DATA"
for notebook in "${notebooks[@]}"; do
  echo "== $(basename "$notebook")"
  execute_notebook "$notebook" "$output_dir"
done
echo "Executed notebooks and HTML exports are in $output_dir"
