# Install rules and the Debian package (issue 9). `cpack -G DEB` in a build
# tree (the release preset in CI) writes harrier_<version>_<arch>.deb.
include(GNUInstallDirs)

install(TARGETS harrier-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET harrier_report_module)
    # harrier-cli's report renderer, loaded from <bindir>/../<libdir>/harrier.
    install(TARGETS harrier_report_module LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/harrier)
endif()
if(HARRIER_BUILD_GUI)
    install(TARGETS harrier RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

set(_res ${PROJECT_SOURCE_DIR}/resources)
# Desktop integration: launcher, icon, and the *.hcase type that opens in Harrier.
install(FILES ${_res}/desktop/harrier.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${_res}/icons/harrier.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${_res}/icons/harrier.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/mimetypes
        RENAME application-x-harrier-case.svg)
install(FILES ${_res}/mime/harrier.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages)
install(FILES ${_res}/completion/harrier-cli DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
# The rule packs Harrier ships; harrier-cli finds them at ../share/harrier/rules.
install(DIRECTORY ${_res}/rules/ DESTINATION ${CMAKE_INSTALL_DATADIR}/harrier/rules)

# The man page carries the project version; Debian wants it gzipped (-n: no
# timestamp, so the package is reproducible).
set(HARRIER_VERSION ${PROJECT_VERSION})
configure_file(${_res}/man/harrier-cli.1 ${CMAKE_BINARY_DIR}/man/harrier-cli.1 @ONLY)
find_program(GZIP_EXECUTABLE gzip REQUIRED)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/man/harrier-cli.1.gz
    COMMAND sh -c "${GZIP_EXECUTABLE} -9n -c man/harrier-cli.1 > man/harrier-cli.1.gz"
    WORKING_DIRECTORY ${CMAKE_BINARY_DIR}
    DEPENDS ${CMAKE_BINARY_DIR}/man/harrier-cli.1 VERBATIM)
add_custom_target(harrier_man ALL DEPENDS ${CMAKE_BINARY_DIR}/man/harrier-cli.1.gz)
install(FILES ${CMAKE_BINARY_DIR}/man/harrier-cli.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "harrier")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(HARRIER_PACKAGE_CONTACT "Harrier maintainers <maintainers@harrier.example>" CACHE STRING
    "Maintainer field of the Debian package")
set(CPACK_PACKAGE_CONTACT "${HARRIER_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # harrier_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
# CPack puts the summary on the first line itself; this is the long part.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Harrier is a desktop incident-response triage tool. Open a case, add mailbox
 exports (mbox, EML, Maildir, PST/OST, MSG) and endpoint collection zips (KAPE,
 Velociraptor), run YARA and IOC rules over all of it, work one timeline, and
 hand a single case file (*.hcase) to a colleague. Ships the Qt 6 GUI
 (harrier), the headless twin (harrier-cli) and a small default rule pack.
 Try it: harrier-cli demo")
# Library dependencies come from dpkg-shlibdeps (dpkg-dev). Qt loads its
# platform plugin at run time, which shlibdeps cannot see: name it.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(HARRIER_BUILD_GUI)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland, hicolor-icon-theme, shared-mime-info, desktop-file-utils")
endif()
include(CPack)
