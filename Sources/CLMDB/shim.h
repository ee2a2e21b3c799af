// The system LMDB (Debian's liblmdb-dev), linked into toondb-bench only, as a benchmark anchor.
#include <lmdb.h>
