// GNU readline and history for ToonConsole's LineReader (the only Swift file that calls them).
#ifndef TOONDB_CREADLINE_SHIM_H
#define TOONDB_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
#endif
