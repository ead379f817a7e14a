# Debian 12's libyal libraries (libevtx, libscca, libolecf, libmsiecf, ...) each
# export their own bundled copies of libcdata, libcerror, libuna and friends, and
# the first one the dynamic loader sees wins for the whole process. libevtx
# 20181227 cannot read records through the copies in libscca, libolecf and
# libmsiecf, so it must be the first of them on every link line (and so in
# DT_NEEDED). tests/core/tst_evtx_corpus fails if this order is lost.
# CMake reorders and deduplicates link libraries, so the library goes in the
# link options, which precede every library on the command line.
function(harrier_link_parsers target)
    target_link_options(${target} PRIVATE "LINKER:--push-state,--no-as-needed" ${LIBEVTX_LINK_LIBRARIES}
                        "LINKER:--pop-state")
    target_link_libraries(${target} PRIVATE ${ARGN})
endfunction()
