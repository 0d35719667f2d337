#include "cshims.h"

#include <malloc.h>
int lt_set_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }
