find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(spdlog REQUIRED)

pkg_check_modules(YARA REQUIRED IMPORTED_TARGET yara)
pkg_check_modules(LIBARCHIVE REQUIRED IMPORTED_TARGET libarchive)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)

# libmagic ships no pkg-config file on Debian 12.
find_library(MAGIC_LIBRARY magic REQUIRED)
find_path(MAGIC_INCLUDE_DIR magic.h REQUIRED)
add_library(harrier_libmagic INTERFACE)
target_link_libraries(harrier_libmagic INTERFACE ${MAGIC_LIBRARY})
target_include_directories(harrier_libmagic INTERFACE ${MAGIC_INCLUDE_DIR})

if(HARRIER_BUILD_GUI OR HARRIER_BUILD_TESTS)
    find_package(Qt6 REQUIRED COMPONENTS Core Gui Widgets Test)
endif()
find_package(nlohmann_json 3 REQUIRED)

# Detection (issue 6): IOC feeds and matching.
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)  # OpenIOC
pkg_check_modules(LIBIDN2 REQUIRED IMPORTED_TARGET libidn2)     # IDNA domains
pkg_check_modules(LIBPSL REQUIRED IMPORTED_TARGET libpsl)       # registrable domains
pkg_check_modules(HS REQUIRED IMPORTED_TARGET libhs)            # Hyperscan: literals and filename regexes
