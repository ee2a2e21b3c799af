// The wide-character ncurses API for Swift. The two defines must come before
// the include or get_wch, setcchar and the other wide calls are not declared.
// Macros do not import into Swift, so each one the explorer needs is
// re-exported as a static inline function.
#ifndef TOONDB_CNCURSESW_SHIM_H
#define TOONDB_CNCURSESW_SHIM_H

#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <ncursesw/curses.h>

// Glibc's Swift module hides these.
extern int wcwidth(wchar_t c);

static inline attr_t toondb_a_normal(void) { return A_NORMAL; }
static inline attr_t toondb_a_bold(void) { return A_BOLD; }
static inline attr_t toondb_a_dim(void) { return A_DIM; }
static inline attr_t toondb_a_italic(void) { return A_ITALIC; }
static inline attr_t toondb_a_underline(void) { return A_UNDERLINE; }
static inline attr_t toondb_a_reverse(void) { return A_REVERSE; }

static inline mmask_t toondb_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t toondb_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t toondb_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t toondb_button1_double_clicked(void) { return BUTTON1_DOUBLE_CLICKED; }
static inline mmask_t toondb_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t toondb_button4_pressed(void) { return BUTTON4_PRESSED; }
#ifdef BUTTON5_PRESSED
static inline mmask_t toondb_button5_pressed(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t toondb_button5_pressed(void) { return 0; }
#endif

static inline int toondb_key_f(int n) { return KEY_F(n); }

// The terminal's size from TIOCGWINSZ on `fd` (ioctl is variadic: Swift cannot call it).
// Returns 0, or -1 when `fd` is not a terminal.
static inline int toondb_window_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

// Writes a string straight to the terminal (for OSC 52), bypassing curses.
static inline void toondb_write_raw(const char *s) { fputs(s, stdout); fflush(stdout); }

#endif
