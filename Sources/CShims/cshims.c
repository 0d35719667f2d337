#include "cshims.h"
/* A libc header first: glibc defines __GLIBC__ in <features.h>, which <stddef.h> (the compiler's
   own) does not include, so without it the glibc branch below was never compiled on Linux. */
#include <string.h>

#if defined(__GLIBC__)
#include <malloc.h>
int lt_set_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }
#else
/* macOS (and other libcs): no mallopt; the allocator's defaults stay. */
int lt_set_mmap_threshold(int bytes) { (void)bytes; return 0; }
#endif

#if !defined(__GLIBC__) && defined(__APPLE__)
/* memrchr is a GNU extension that macOS's libc lacks (memmem it has). */
void *memrchr(const void *s, int c, size_t n) {
    const unsigned char *p = (const unsigned char *)s + n;
    while (n--) { if (*--p == (unsigned char)c) return (void *)p; }
    return 0;
}
#endif

#if defined(__APPLE__)
#include <crt_externs.h>
char **lt_environ(void) { return *_NSGetEnviron(); }
#else
extern char **environ;
char **lt_environ(void) { return environ; }
#endif
