# SPDX-License-Identifier: Apache-2.0
# The data directory of `mtasts` (README.md, "Where mtasts finds its data"): the fixtures,
# corpus, snapshots and conformance files, laid out as in the source tree. The binary finds
# it as ../share/mtasts beside itself (tools/mtasts/data_dir.h), so:
# - the build tree gets <build>/share/mtasts (../share/mtasts from <build>/tools/mtasts),
#   made at configure time of links into the source tree: nothing is copied, edits show at
#   once, and no source path is compiled into the binary;
# - an install gets PREFIX/share/mtasts, copies of the same entries, relocatable with PREFIX.
include(GNUInstallDirs)

set(MTASTS_DATA_ENTRIES
    fixtures
    corpus
    snapshots
    conformance/expectations
    conformance/shim-configs
    conformance/blackbox
    conformance/schemas
    conformance/adapters
    conformance/shim-templates)

set(mtasts_build_data_dir ${PROJECT_BINARY_DIR}/share/mtasts)
foreach(entry IN LISTS MTASTS_DATA_ENTRIES)
  get_filename_component(parent ${mtasts_build_data_dir}/${entry} DIRECTORY)
  file(MAKE_DIRECTORY ${parent})
  file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${entry} ${mtasts_build_data_dir}/${entry} SYMBOLIC)
endforeach()

foreach(entry IN LISTS MTASTS_DATA_ENTRIES)
  get_filename_component(parent ${entry} DIRECTORY)
  # Installed adapters are their sources: what `install.sh` fetches (node_modules) and
  # build or cache outputs stay behind.
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${entry}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/mtasts/${parent}
          PATTERN node_modules EXCLUDE
          PATTERN __pycache__ EXCLUDE
          PATTERN .venv EXCLUDE
          PATTERN "*.pyc" EXCLUDE)
endforeach()
