# SPDX-License-Identifier: Apache-2.0
# Install rules of the libraries, one CMake package component per library:
#   find_package(mtasts REQUIRED COMPONENTS parser engine ...)
# Each component has its own export file (mtasts-<component>-targets.cmake), so a consumer
# loads, and finds the dependencies of, only what it asks for (cmake/mtastsConfig.cmake.in).

# The components in dependency order; cmake/mtastsConfig.cmake.in holds the same graph.
set(MTASTS_ALL_COMPONENTS parser engine x509_openssl tlsrpt_report observation idna)

# mtasts_install_component(COMPONENT TARGET [INCLUDE_DIR dir...])
# Installs TARGET (a static or shared library) as component COMPONENT, with the headers under
# each INCLUDE_DIR (copied below ${CMAKE_INSTALL_INCLUDEDIR}, keeping their mtasts/ prefix).
function(mtasts_install_component component target)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "INCLUDE_DIR")
  if(NOT component IN_LIST MTASTS_ALL_COMPONENTS)
    message(FATAL_ERROR "mtasts_install_component: ${component} is not in MTASTS_ALL_COMPONENTS")
  endif()
  install(TARGETS ${target} EXPORT mtasts_${component}_targets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
          INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  foreach(dir IN LISTS arg_INCLUDE_DIR)
    install(DIRECTORY ${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING
            PATTERN "*.h" PATTERN "*.def")
  endforeach()
  install(EXPORT mtasts_${component}_targets NAMESPACE mtasts::
          FILE mtasts-${component}-targets.cmake
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/mtasts)
  set_property(GLOBAL APPEND PROPERTY MTASTS_BUILT_COMPONENTS ${component})
endfunction()
