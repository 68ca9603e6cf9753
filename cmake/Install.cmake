# What `cmake --install` puts where (GNU layout under CMAKE_INSTALL_PREFIX), and the Debian
# package CPack makes of it. The man page and completions are written at build time from the
# built binary (GenerateDocs.cmake); the man page needs help2man (ci/setup-deps.sh installs it).
include(GNUInstallDirs)

set(RIGCHECK_GENERATED_DOCS "${PROJECT_BINARY_DIR}/share")
find_program(RIGCHECK_HELP2MAN help2man)
set(_generated "${RIGCHECK_GENERATED_DOCS}/completion.bash" "${RIGCHECK_GENERATED_DOCS}/completion.zsh")
if(RIGCHECK_HELP2MAN)
  list(APPEND _generated "${RIGCHECK_GENERATED_DOCS}/rigcheck.1.gz")
else()
  message(STATUS "help2man not found: no man page is built or installed (apt-get install help2man)")
endif()
add_custom_command(
  OUTPUT ${_generated}
  COMMAND ${CMAKE_COMMAND} -E make_directory "${RIGCHECK_GENERATED_DOCS}"
  COMMAND ${CMAKE_COMMAND} -DRIGCHECK=$<TARGET_FILE:rigcheck> -DOUT=${RIGCHECK_GENERATED_DOCS}
          -DVERSION=${PROJECT_VERSION} -DHELP2MAN=${RIGCHECK_HELP2MAN} -P ${PROJECT_SOURCE_DIR}/cmake/GenerateDocs.cmake
  DEPENDS rigcheck ${PROJECT_SOURCE_DIR}/cmake/GenerateDocs.cmake
  COMMENT "Man page and shell completions from rigcheck's own help")
add_custom_target(rigcheck_generated_docs ALL DEPENDS ${_generated})

install(TARGETS rigcheck RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(RIGCHECK_HELP2MAN)
  install(FILES "${RIGCHECK_GENERATED_DOCS}/rigcheck.1.gz" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()
install(FILES "${RIGCHECK_GENERATED_DOCS}/completion.bash" DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME rigcheck)
install(FILES "${RIGCHECK_GENERATED_DOCS}/completion.zsh" DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions
        RENAME _rigcheck)
# The built-in policies are embedded in the binary; installed as examples to copy for --policy FILE.toml.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/reports/policies/ DESTINATION ${CMAKE_INSTALL_DATADIR}/rigcheck/policies
        FILES_MATCHING PATTERN "*.toml")
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/cmake/debian/copyright
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs FILES_MATCHING PATTERN "*.md")
# Debian wants a changelog in every package, compressed like the man page.
set(_changelog "${RIGCHECK_GENERATED_DOCS}/changelog.gz")
add_custom_command(OUTPUT ${_changelog}
                   COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/cmake/debian/changelog > ${_changelog}
                   DEPENDS ${PROJECT_SOURCE_DIR}/cmake/debian/changelog)
add_custom_target(rigcheck_changelog ALL DEPENDS ${_changelog})
install(FILES ${_changelog} DESTINATION ${CMAKE_INSTALL_DOCDIR})

# `cpack` in the build folder: rigcheck_<version>_<arch>.deb. Dependencies are Debian package
# names worked out by dpkg-shlibdeps from the libraries the binary links (libvulkan1, libfmt9, ...).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rigcheck)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "hardware check for used datacenter GPUs, answered in GPT-2 terms")
# Debian wants description lines under 80 characters.
set(CPACK_PACKAGE_DESCRIPTION
    "rigcheck reads a machine (PCI link and BARs, AER errors, kernel log, driver,
NVML), tests its GPUs (VRAM patterns, copy bandwidth, host-device transfers,
GEMM and attention, sustained load) and judges whether the build is sound for
GPT-2 work, with ranked reasons and concrete advice. It tests any GPU through
Vulkan, and NVIDIA cards through CUDA when the driver is present.")
set(CPACK_PACKAGE_CONTACT "rigcheck developers <rigcheck@example.org>")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The CPU Vulkan device (lavapipe) lets it run and test its own pipeline on a machine without a GPU.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "mesa-vulkan-drivers")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "pciutils")
include(CPack)
