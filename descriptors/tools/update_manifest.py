#!/usr/bin/env python3
"""Rewrites the file digests of a sample package's manifest (.mf) from the files on disk.

Usage: update_manifest.py PACKAGE_FOLDER [PACKAGE_FOLDER ...]

The metadata block is kept; one Source/Algorithm/Hash entry is written per file of the package
(except the manifest itself), sorted by path. An entry keeps the algorithm it already had
(SHA-256, SHA-384 or SHA-512); new files get SHA-256. Never run this on descriptors/broken/:
those manifests are wrong on purpose.
"""
import hashlib
import os
import sys

ALGORITHMS = {"SHA-256": hashlib.sha256, "SHA-384": hashlib.sha384, "SHA-512": hashlib.sha512}


def update(folder):
    manifests = [f for f in os.listdir(folder) if f.endswith(".mf")]
    if len(manifests) != 1:
        sys.exit(f"{folder}: expected exactly one .mf at the root, found {manifests}")
    mf_path = os.path.join(folder, manifests[0])
    metadata, algorithms, source = [], {}, None
    with open(mf_path, encoding="utf-8") as f:
        in_metadata = False
        for line in f.read().splitlines():
            if line.strip() == "metadata:":
                in_metadata = True
                metadata.append(line)
            elif in_metadata and line.strip():
                metadata.append(line)
            elif in_metadata:
                in_metadata = False
            elif line.startswith("Source:"):
                source = line.split(":", 1)[1].strip()
            elif line.startswith("Algorithm:") and source:
                algorithms[source] = line.split(":", 1)[1].strip()
    files = []
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.relpath(os.path.join(root, name), folder).replace(os.sep, "/")
            if path != manifests[0] and not name.startswith("EXPECTED"):
                files.append(path)
    out = metadata + [""]
    for path in sorted(files):
        algorithm = algorithms.get(path, "SHA-256")
        with open(os.path.join(folder, path), "rb") as f:
            digest = ALGORITHMS[algorithm](f.read()).hexdigest()
        out += [f"Source: {path}", f"Algorithm: {algorithm}", f"Hash: {digest}", ""]
    with open(mf_path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    for folder in sys.argv[1:]:
        update(folder)
