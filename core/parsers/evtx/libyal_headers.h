#pragma once
/// Includes libevtx.h and libevt.h without libbfio.h. Debian 12's -dev
/// packages define LIB*_HAVE_BFIO but do not depend on libbfio-dev; Harrier
/// opens files by name and never uses the bfio entry points.

#include <libevt/features.h>
#include <libevtx/features.h>
#undef LIBEVTX_HAVE_BFIO
#undef LIBEVT_HAVE_BFIO
#include <libevt.h>
#include <libevtx.h>
