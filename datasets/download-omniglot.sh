#!/usr/bin/env bash
# Downloads Omniglot's official image zips (github.com/brendenlake/omniglot, MIT licence) into
# $METAGRAD4J_DATA/omniglot/ (default: datasets/data/omniglot/ in this repository) and unzips them
# into the folder layout images_background/<Alphabet>/characterNN/NNNN_DD.png and
# images_evaluation/... that the toolkit's Omniglot loader reads. Needs curl (or wget) and unzip.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data_root="${METAGRAD4J_DATA:-datasets/data}"
case "$data_root" in
  /*) ;;
  *) data_root="$repo_root/$data_root" ;;
esac
target="$data_root/omniglot"
base_url="https://raw.githubusercontent.com/brendenlake/omniglot/master/python"

mkdir -p "$target"
for set_name in images_background images_evaluation; do
  if [ -d "$target/$set_name" ]; then
    echo "$target/$set_name exists; skipping $set_name"
    continue
  fi
  zip_file="$target/$set_name.zip"
  echo "Downloading $base_url/$set_name.zip to $zip_file"
  if command -v curl >/dev/null 2>&1; then
    curl --fail --location --output "$zip_file.part" "$base_url/$set_name.zip"
  elif command -v wget >/dev/null 2>&1; then
    wget --output-document "$zip_file.part" "$base_url/$set_name.zip"
  else
    echo "error: neither curl nor wget is installed; install one and rerun" >&2
    exit 1
  fi
  mv "$zip_file.part" "$zip_file"
  unzip -q "$zip_file" -d "$target"
  rm "$zip_file"
done

for set_name in images_background images_evaluation; do
  count=$(find "$target/$set_name" -name '*.png' | wc -l)
  echo "$target/$set_name: $count PNG images"
done
echo "Omniglot is ready in $target (expected 19280 background and 13180 evaluation images)."
