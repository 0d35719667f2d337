#include "cshims.h"

#if defined(__GLIBC__)
#include <malloc.h>
int lt_set_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }
#else
/* macOS (and other libcs): no mallopt; the allocator's defaults stay. */
int lt_set_mmap_threshold(int bytes) { (void)bytes; return 0; }

/* memrchr is a GNU extension that macOS's libc lacks (memmem it has). */
void *memrchr(const void *s, int c, size_t n) {
    const unsigned char *p = (const unsigned char *)s + n;
    while (n--) { if (*--p == (unsigned char)c) return (void *)p; }
    return 0;
}
#endif
