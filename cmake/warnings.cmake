# Applied per target so third-party code is not affected.
function(harrier_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
        -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
        -Wimplicit-fallthrough)
    if(HARRIER_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
        # GCC 12's flow-based diagnostics report false positives inside libstdc++
        # at -O2 (e.g. -Wrestrict in std::string::replace, GCC bug 105329). In
        # optimised builds they stay warnings; the dev (Debug) build, which CI
        # builds and tests first, keeps every warning fatal.
        if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
            target_compile_options(${target} PRIVATE
                $<$<NOT:$<CONFIG:Debug>>:-Wno-error=restrict -Wno-error=maybe-uninitialized
                -Wno-error=stringop-overflow -Wno-error=stringop-overread -Wno-error=array-bounds
                -Wno-error=dangling-pointer -Wno-error=free-nonheap-object -Wno-error=use-after-free>)
        endif()
    endif()
endfunction()
