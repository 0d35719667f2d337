/* zlib's inflate: the gzip decoder every platform has (Debian zlib1g-dev). */
#include <zlib.h>

/* inflateInit2 is a macro over inflateInit2_ with the header's version and struct size. */
static inline int czlib_inflate_init_gzip(z_stream *s) {
    s->zalloc = Z_NULL; s->zfree = Z_NULL; s->opaque = Z_NULL;
    s->next_in = Z_NULL; s->avail_in = 0;
    return inflateInit2(s, 16 + MAX_WBITS);   /* gzip wrapper only */
}
