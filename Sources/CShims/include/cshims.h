#ifndef LT_CSHIMS_H
#define LT_CSHIMS_H
#include <stddef.h>
/* GNU extensions missing from Swift's Glibc module: they bind to glibc's symbols on Linux; on macOS
   memmem is libc's and memrchr is defined in cshims.c. */
void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
void *memrchr(const void *s, int c, size_t n);
/* mallopt(M_MMAP_THRESHOLD, bytes): glibc's malloc.h is not in the Glibc module. */
int lt_set_mmap_threshold(int bytes);
/* The process environment for posix_spawn: `environ` is not in Swift's Darwin module (macOS has
   _NSGetEnviron), so Swift code takes it from here on both. */
char **lt_environ(void);
#endif
