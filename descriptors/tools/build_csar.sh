#!/bin/sh
# Builds a CSAR (zip) from a sample package folder: build_csar.sh descriptors/vrouter out/vrouter.zip
# The tests build the same archives in memory (see tests/NfvMano.Descriptors.Tests/SamplePackages.cs).
set -eu
src=$1
out=$(realpath -m "$2")
rm -f "$out"
cd "$src"
# EXPECTED* files document broken samples; they are not part of the package.
find . -type f ! -name 'EXPECTED*' | sed 's|^\./||' | sort | zip -q -X "$out" -@
echo "$out"
