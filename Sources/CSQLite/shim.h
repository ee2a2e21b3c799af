// The system SQLite, linked into toondb-bench only, as a benchmark anchor.
#include <sqlite3.h>
