/* Intel ISA-L's igzip: streaming gzip decoding about 2.5x faster than zlib's inflate. */
#include <isa-l/igzip_lib.h>
