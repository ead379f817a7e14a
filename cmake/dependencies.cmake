find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(spdlog REQUIRED)

pkg_check_modules(YARA REQUIRED IMPORTED_TARGET yara)
pkg_check_modules(LIBARCHIVE REQUIRED IMPORTED_TARGET libarchive)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
# Endpoint artifact parsers (libyal).
pkg_check_modules(LIBSCCA REQUIRED IMPORTED_TARGET libscca)
pkg_check_modules(LIBLNK REQUIRED IMPORTED_TARGET liblnk)
pkg_check_modules(LIBOLECF REQUIRED IMPORTED_TARGET libolecf)
# Outlook PST/OST (parsers/outlook); libbfio (libpff's file I/O, a
# dependency of libpff-dev) to hand libpff a PST held in memory.
pkg_check_modules(LIBPFF REQUIRED IMPORTED_TARGET libpff)
pkg_check_modules(LIBBFIO REQUIRED IMPORTED_TARGET libbfio)
pkg_check_modules(LIBREGF REQUIRED IMPORTED_TARGET libregf)
pkg_check_modules(LIBFSNTFS REQUIRED IMPORTED_TARGET libfsntfs)
pkg_check_modules(LIBMSIECF REQUIRED IMPORTED_TARGET libmsiecf)
# Endpoint artifacts: Windows event logs (libyal) and XML (EVTX renderings, scheduled tasks).
pkg_check_modules(LIBEVTX REQUIRED IMPORTED_TARGET libevtx)
pkg_check_modules(LIBEVT REQUIRED IMPORTED_TARGET libevt)
pkg_check_modules(EXPAT REQUIRED IMPORTED_TARGET expat)

# libmagic ships no pkg-config file on Debian 12.
find_library(MAGIC_LIBRARY magic REQUIRED)
find_path(MAGIC_INCLUDE_DIR magic.h REQUIRED)
add_library(harrier_libmagic INTERFACE)
target_link_libraries(harrier_libmagic INTERFACE ${MAGIC_LIBRARY})
target_include_directories(harrier_libmagic INTERFACE ${MAGIC_INCLUDE_DIR})

if(HARRIER_BUILD_GUI OR HARRIER_BUILD_TESTS)
    find_package(Qt6 REQUIRED COMPONENTS Core Gui Widgets Test Network)
endif()
find_package(nlohmann_json 3 REQUIRED)

# Mail parsers: GMime 3 (MIME), libytnef (TNEF winmail.dat), libpsl
# (registrable domains), libidn2 (punycode).
pkg_check_modules(GMIME REQUIRED IMPORTED_TARGET gmime-3.0)
pkg_check_modules(YTNEF REQUIRED IMPORTED_TARGET libytnef)
pkg_check_modules(LIBPSL REQUIRED IMPORTED_TARGET libpsl)
pkg_check_modules(LIBIDN2 REQUIRED IMPORTED_TARGET libidn2)
# Detection (issue 6): IOC feeds and matching (libidn2 and libpsl above serve it too).
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)  # OpenIOC
pkg_check_modules(HS REQUIRED IMPORTED_TARGET libhs)            # Hyperscan: literals and filename regexes
# The programs allocate through jemalloc: libyal, GMime and libmagic allocate
# and free millions of small blocks per collection, and glibc's malloc spent a
# fifth of an ingest's CPU time on it (docs/BENCHMARKS.md). Sanitizer builds
# keep their own allocator.
if(CMAKE_CXX_FLAGS MATCHES "-fsanitize")
    set(HARRIER_JEMALLOC_DEFAULT OFF)
else()
    set(HARRIER_JEMALLOC_DEFAULT ON)
endif()
option(HARRIER_JEMALLOC "Link the programs with jemalloc" ${HARRIER_JEMALLOC_DEFAULT})
if(HARRIER_JEMALLOC)
    pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
endif()

# Links a program (not a library) with the process-wide allocator.
function(harrier_use_allocator target)
    if(HARRIER_JEMALLOC)
        target_link_libraries(${target} PRIVATE PkgConfig::JEMALLOC)
    endif()
endfunction()
