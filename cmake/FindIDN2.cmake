# SPDX-License-Identifier: Apache-2.0
# Finds libidn2 (IDNA2008 / UTS #46) and defines the imported target IDN2::IDN2.
#   IDN2_FOUND, IDN2_INCLUDE_DIR, IDN2_LIBRARY, IDN2_VERSION
# pkg-config, when present, only supplies hints.
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(PC_IDN2 QUIET libidn2)
endif()

find_path(IDN2_INCLUDE_DIR NAMES idn2.h HINTS ${PC_IDN2_INCLUDEDIR} ${PC_IDN2_INCLUDE_DIRS})
find_library(IDN2_LIBRARY NAMES idn2 libidn2 HINTS ${PC_IDN2_LIBDIR} ${PC_IDN2_LIBRARY_DIRS})

if(IDN2_INCLUDE_DIR AND EXISTS "${IDN2_INCLUDE_DIR}/idn2.h")
  file(STRINGS "${IDN2_INCLUDE_DIR}/idn2.h" idn2_version_line
       REGEX "^#[ \t]*define[ \t]+IDN2_VERSION[ \t]+\"[^\"]*\"")
  string(REGEX REPLACE ".*\"([^\"]*)\".*" "\\1" IDN2_VERSION "${idn2_version_line}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(IDN2 REQUIRED_VARS IDN2_LIBRARY IDN2_INCLUDE_DIR
                                       VERSION_VAR IDN2_VERSION)
mark_as_advanced(IDN2_INCLUDE_DIR IDN2_LIBRARY)

if(IDN2_FOUND AND NOT TARGET IDN2::IDN2)
  add_library(IDN2::IDN2 UNKNOWN IMPORTED)
  set_target_properties(IDN2::IDN2 PROPERTIES IMPORTED_LOCATION "${IDN2_LIBRARY}"
                                              INTERFACE_INCLUDE_DIRECTORIES "${IDN2_INCLUDE_DIR}")
endif()
