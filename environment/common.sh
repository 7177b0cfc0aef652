# Shared helpers for the environment/ scripts; source it, do not run it.

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jupyter=/usr/bin/jupyter

# Installs Debian packages that are missing; needs root (or sudo) for apt-get.
install_debian_packages() {
  local missing=()
  local package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$package")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    return 0
  fi
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null; then
      sudo=(sudo)
    else
      echo "Missing Debian packages: ${missing[*]}. Install them as root: apt-get update && apt-get install ${missing[*]}" >&2
      return 1
    fi
  fi
  echo "Installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "${missing[@]}"
}

# The Jupyter packages the scripts use (jupyter-nbformat provides `jupyter trust`). Debian's /usr/bin/jupyter is called by full path because
# another Python (e.g. pyenv) may come first on PATH without Jupyter.
jupyter_packages=(jupyter-client jupyter-nbconvert jupyter-nbformat jupyter-notebook python3-nbclient)

# Sets METAGRAD4J_DATA if unset: ../shared/data next to the repository when it exists, else the
# Omniglot download script. Returns non-zero with instructions when neither works.
resolve_data_directory() {
  if [[ -n "${METAGRAD4J_DATA:-}" ]]; then
    return 0
  fi
  local shared
  shared=$(cd "$repo_root/.." && pwd)/shared/data
  if [[ -d "$shared" ]]; then
    export METAGRAD4J_DATA=$shared
    return 0
  fi
  if [[ -x "$repo_root/datasets/download-omniglot.sh" ]] && "$repo_root/datasets/download-omniglot.sh"; then
    export METAGRAD4J_DATA=$repo_root/datasets/data
    return 0
  fi
  cat >&2 <<MSG
No data directory found. Set METAGRAD4J_DATA to a folder that holds omniglot/ (and optionally
fashion-mnist/), or run datasets/download-omniglot.sh to fetch Omniglot into datasets/data/.
See datasets/ for the expected layout.
MSG
  return 1
}

# Lists the bundled notebooks, one per line; prints nothing when there are none.
bundled_notebooks() {
  find "$repo_root/notebooks" -maxdepth 1 -name '*.ipynb' ! -name '*.nbconvert.ipynb' 2>/dev/null | sort
}

# Executes one notebook headlessly with the metagrad4j kernel and writes the executed notebook
# and its HTML export to an output folder. Usage: execute_notebook NOTEBOOK OUTPUT_DIR
execute_notebook() {
  local notebook=$1 output_dir=$2
  local name
  name=$(basename "$notebook" .ipynb)
  # Kernels run in the notebook's folder (notebooks/), where the first cell's %jars paths resolve.
  "$jupyter" nbconvert --to notebook --execute \
    --ExecutePreprocessor.kernel_name=metagrad4j-java \
    --ExecutePreprocessor.timeout="${METAGRAD4J_CELL_TIMEOUT:-3600}" \
    --output-dir "$output_dir" --output "$name.ipynb" "$notebook"
  "$jupyter" nbconvert --to html --output-dir "$output_dir" "$output_dir/$name.ipynb"
  # Trusted notebooks show their charts when opened in classic Jupyter Notebook.
  "$jupyter" trust "$output_dir/$name.ipynb"
}
