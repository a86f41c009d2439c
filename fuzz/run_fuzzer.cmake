# SPDX-License-Identifier: Apache-2.0
# ctest fuzz_run_<target>: a reproducible libFuzzer run (-seed=1 -runs=N; -max_total_time only
# as a guard) over a fresh COPY of corpus/<target>/ in the build tree, so CI never writes into
# the source corpus. Inputs: FUZZER, CORPUS, WORKDIR, RUNS, ARGS ('|'-separated flags from
# fuzz/<target>.options, dict resolved to an absolute path).
foreach(var FUZZER CORPUS WORKDIR RUNS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_fuzzer.cmake: ${var} is not set")
  endif()
endforeach()

file(REMOVE_RECURSE ${WORKDIR})
file(MAKE_DIRECTORY ${WORKDIR}/corpus ${WORKDIR}/artifacts)
file(COPY ${CORPUS}/ DESTINATION ${WORKDIR}/corpus)

string(REPLACE "|" ";" extra_args "${ARGS}")
set(command ${FUZZER} -seed=1 -runs=${RUNS} -max_total_time=60 -timeout=10
    -print_final_stats=1 -artifact_prefix=${WORKDIR}/artifacts/ ${extra_args} ${WORKDIR}/corpus)
string(REPLACE ";" " " shown "${command}")
message(STATUS "running: ${shown}")
execute_process(COMMAND ${command} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzzer failed (${rc}); artifacts in ${WORKDIR}/artifacts/. Reproduce with "
                      "the replay binary, minimize with tools/fuzz, and save the input under "
                      "${CORPUS}/regressions/")
endif()
