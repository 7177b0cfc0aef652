#!/usr/bin/env bash
# Starts Jupyter Notebook on the bundled notebooks with the metagrad4j Java kernel.
#
# Usage: environment/start-notebook.sh [extra jupyter-notebook options]
#
# Installs Debian's Jupyter packages if missing (needs root), builds the toolkit and the kernel,
# installs the kernelspec, and serves notebooks/ on 127.0.0.1 only. METAGRAD4J_DATA and
# METAGRAD4J_BUDGET are resolved as in run-notebooks.sh and passed to the kernels.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

install_debian_packages "${jupyter_packages[@]}"
resolve_data_directory
export METAGRAD4J_BUDGET=${METAGRAD4J_BUDGET:-standard}

(cd "$repo_root" && mvn -B -q -DskipTests package)
"$repo_root/environment/install-kernel.sh" --user

mkdir -p "$repo_root/notebooks"
exec "$jupyter" notebook --ip=127.0.0.1 --notebook-dir="$repo_root/notebooks" "$@"
