# Applied per target so third-party code is not affected.
function(harrier_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
        -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
        -Wimplicit-fallthrough)
    if(HARRIER_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
