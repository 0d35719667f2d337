#include <zlib.h>
/* inflateInit2 is a function-like macro, which Swift cannot import. */
static inline int czlib_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
