#!/bin/bash -eu
# SPDX-License-Identifier: Apache-2.0
# ClusterFuzzLite build: the same script OSS-Fuzz runs (fuzz/oss_fuzz_build.sh).
"$SRC/mtasts/fuzz/oss_fuzz_build.sh"
