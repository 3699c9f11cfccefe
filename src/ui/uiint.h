/*
 * Inside the interface: the one header the files of src/ui share. Only src/ui includes curses.
 *
 * Every view is a const struct view_ops listed in view_registry (app.c). The framework owns
 * each view's state: enter() allocates it, leave() frees it. Key handlers return what should
 * happen (enum ui_result) and never draw; the loop in app.c acts on the result and redraws.
 */
#ifndef IMS2_UIINT_H
#define IMS2_UIINT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "ims2/record.h"
#include "ims2/ui.h"
#include "ims2/util.h"
#include "ims2/workspace.h"

/* A key: a character, or a function key (curses KEY_*) marked with UI_FN. */
#define UI_FN(k) (0x40000000 | (k))
#define UI_CTRL(c) ((c) & 0x1f)
#define UI_ESC 27
/* Not a key: no key came for a second (real terminals only). Views ignore it. */
#define UI_TICK UI_FN(0x7100)

enum action {
	ACT_NONE,
	ACT_UP,
	ACT_DOWN,
	ACT_LEFT,
	ACT_RIGHT,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_FIRST,
	ACT_LAST,
	ACT_OPEN,
	ACT_BACK,
	ACT_QUIT,
	ACT_NEXT_PANE,
	ACT_PREV_PANE,
	ACT_ADD,
	ACT_EDIT,
	ACT_DELETE,
	ACT_SEARCH,
	ACT_SEARCH_NEXT,
	ACT_SEARCH_PREV,
	ACT_SORT,
	ACT_FILTER,
	ACT_TOGGLE,
	ACT_COMMAND,
	ACT_SAVE,
	ACT_HELP,
	ACT_REDRAW,
	ACT_COUNT
};

/* Where a key binding applies: lists (board, step panes, help) or forms (typing goes in). */
enum key_context { CTX_LIST = 1, CTX_FORM = 2 };

struct action_info {
	const char *name, *help;
};
struct key_binding {
	int key;
	enum action action;
	unsigned contexts;
};
extern const struct action_info action_table[ACT_COUNT];
extern const struct key_binding key_table[];
enum action keys_action(int key, unsigned context);
/* A key's name as the help screen shows it ("j", "Down", "Ctrl-S"). */
const char *keys_name(int key, char buf[16]);
/* The keys bound to an action in a context, joined with ", ". */
void keys_for_action(enum action action, unsigned context, char *buf, size_t size);

enum ui_result {
	UI_UNHANDLED, /* not for this view: the loop tries the common keys */
	UI_HANDLED,   /* done; redraw */
	UI_OPEN,      /* push app->next_view with app->next_arg */
	UI_BACK,      /* pop this view */
	UI_QUIT,      /* leave the program (views may ask first) */
};

/* Arguments of views. */
struct form_arg {
	const struct reg *reg;
	long long id; /* 0: a new record */
};

struct app;

struct view_ops {
	const char *name;
	unsigned context;
	void *(*enter)(struct app *app, void *arg);
	void (*leave)(struct app *app, void *state);
	void (*draw)(struct app *app, void *state);
	enum ui_result (*key)(struct app *app, void *state, enum action action, int key);
	/* The keys that work here, for the status line. */
	const char *(*hint)(struct app *app, void *state);
	/* May the view be left now? Forms ask about unsaved changes. */
	bool (*may_leave)(struct app *app, void *state);
	/* The terminal is gone: keep what can be kept (forms save a draft). */
	void (*hangup)(struct app *app, void *state);
	/* Lines of the view's own keys for ? help, NULL-terminated; NULL: the key table's. */
	const char *const *help;
};

extern const struct view_ops board_view, step_view, form_view, help_view, interview_view,
	checklist_fill_view;

/*
 * The fast entry views (interview.c): a runner that shows one record of a register at a time
 * and a source that says which records, how one is drawn and which keys answer it. The
 * runner moves (j/k, arrows, Enter, g/G, PgUp/PgDn), edits the notes (n) and evidence (v),
 * saves every answer at once, and frees ids and rec; the source frees its own state (own).
 */
struct interview_state;
struct interview_source {
	const char *table; /* the register; it has the fields notes and evidence */
	const char *what;  /* "the interview", for messages */
	const char *at_end; /* said after the last record: where to look next */
	const char *hint;
	/* Fills ids, count, at (and own); false, with a message given, when there is nothing. */
	bool (*open)(struct app *app, struct interview_state *in, const struct form_arg *row);
	void (*close)(struct app *app, struct interview_state *in); /* may be NULL */
	void (*hangup)(struct app *app, struct interview_state *in); /* may be NULL */
	void (*draw)(struct app *app, struct interview_state *in);
	/* The source's answer keys; UI_UNHANDLED for the runner's. */
	enum ui_result (*key)(struct app *app, struct interview_state *in, int key);
};
struct interview_state {
	const struct interview_source *src;
	const struct reg *reg;
	long long *ids; /* the records in the order shown: ids only, not the records */
	size_t count, at;
	struct record rec; /* the record shown */
	int f_notes, f_evidence;
	void *own; /* the source's state */
};
extern const struct interview_source gap_interview_source, checklist_fill_source;
extern const char *const gap_interview_help[], *const checklist_fill_help[];
void *interview_enter_with(struct app *app, void *arg, const struct interview_source *src);
/* The index of a field of the register, dying when the screen file lacks it. */
int interview_field(const struct interview_state *in, const char *name);
void interview_load(struct app *app, struct interview_state *in);
/* Starts at record id when it is one of ids; false when not. */
bool interview_start_at(struct interview_state *in, long long id);
void interview_move_to(struct app *app, struct interview_state *in, size_t at);
/* On to the next record, or says that this was the last. */
void interview_move_next(struct app *app, struct interview_state *in);
/* Sets fields of the record shown (pairs of field index and value, ended by -1) and saves. */
bool interview_save_fields(struct app *app, struct interview_state *in, ...);
/*
 * The question to ask about a clause requirement or an Annex A control (item "6.1.2" or
 * "A.5.1") and what it expects, wrapped from row y; the next row.
 */
int interview_draw_requirement(struct app *app, int y, const char *item, bool control);

/*
 * What is still open in step index (the catalog's order): unticked activities, registers not
 * filled, points to check, described in out for a question. Returns how many.
 */
int step_open_points(struct app *app, size_t index, struct strbuf *out);

/*
 * Special panes a step's screen file names under `views:` (panes.c keeps the registry).
 * They draw into the step's body and may take keys; open_key opens a full view from any pane
 * of the step (i: the interview of step 1.3).
 */
struct pane_state {
	int top;       /* first line shown, or the line under the cursor */
	int row, col;  /* a cell cursor (heat map) */
	int item;      /* a cursor in a list inside the pane */
	bool alternate; /* a view toggle (heat map: residual) */
};

struct pane_ops {
	const char *name, *title;
	void (*draw)(struct app *app, struct pane_state *ps, int y, int height);
	enum ui_result (*key)(struct app *app, struct pane_state *ps, enum action action, int key);
	int open_key;
	const struct view_ops *opens; /* entered with a struct form_arg: the row under the cursor */
	const char *hint;
};
const struct pane_ops *pane_find(const char *name);
/* The names of every pane, ", "-separated (for messages). Caller frees. */
char *pane_names(void);
extern const struct pane_ops heatmap_pane, citations_pane, coverage_pane, readiness_pane;
/* j/k, g: the key handler of a pane that only scrolls (ps->top). */
enum ui_result pane_scroll_key(struct app *app, struct pane_state *ps, enum action action,
			       int key);
/* The Checklist pane of 3.2 (checklist_fill.c): each audit's lines checked; i fills them. */
void checklist_pane_draw(struct app *app, struct pane_state *ps, int y, int height);
/* The draw function of the Dashboard pane of 3.1 (dashboard.c), a row of pane_registry. */
void dashboard_draw(struct app *app, struct pane_state *ps, int y, int height);

struct view_frame {
	const struct view_ops *ops;
	void *state;
};

#define APP_MAX_VIEWS 8
#define APP_MAX_SORTS 64

/* The order a register's table was last sorted in, kept while the program runs. */
struct table_sort {
	const struct reg *reg;
	int field;
	bool descending;
};

struct app {
	struct workspace *ws;
	const struct ui_options *opts;
	struct view_frame stack[APP_MAX_VIEWS];
	int depth;
	const struct view_ops *next_view;
	void *next_arg;
	unsigned generation;     /* raised by every saved change: views refetch */
	long long data_version;  /* the workspace's, to notice others' saves */
	long long last_saved_id; /* the record a form saved last */
	char message[256];       /* shown on the status line until the next key */
	const char *jump_table;  /* a pane asks its step to show this record of this register */
	long long jump_id;
	struct form_arg pane_form; /* what a pane's UI_OPEN of the form view edits */
	bool message_is_error;
	bool quit;
	struct table_sort sorts[APP_MAX_SORTS]; /* table.c: a sort outlives its step view */
	int sort_count;
};

/* Shows a message on the status line until the next key. */
void app_message(struct app *app, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Shows an error from the core, with its hint. */
void app_error(struct app *app, const struct ims2_error *err);
/* Asks a yes/no question on the status line; true for y. */
bool app_confirm(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Asks for a line of text on the status line; NULL when cancelled. Caller frees. */
/* A yes/no question with an explanation of several lines shown in a box; true on y. */
bool app_confirm_text(struct app *app, const char *title, const char *text, const char *question);
char *app_prompt(struct app *app, const char *label, const char *initial);
/* The same, starting empty, with Up bringing back last (a search or filter as history). */
char *app_prompt_recall(struct app *app, const char *label, const char *last);
/* Leaves every view above keep, asking each; false when one wants to stay. */
bool app_pop_all(struct app *app, int keep);
/* The step shown by the nearest step view, or NULL. */
const char *app_current_step(struct app *app);

/*
 * The `:` commands (commands.c): one row per name. usage and help make the help screen (an
 * alias has none); reg, when set, is the register the open step must declare, place how the
 * refusal names that step; status is what the status commands set.
 */
struct command {
	const char *name, *usage, *help;
	const char *reg, *place;
	const char *status;
	enum ui_result (*run)(struct app *app, const struct command *cmd, const char *rest);
};
#define COMMAND_MAX 32
/* Runs a command-line command (without the colon). */
enum ui_result app_command(struct app *app, const char *line);
/* Help line i of the commands into buf; false past the last. */
bool command_help_line(size_t i, char *buf, size_t size);
/* Handlers that live with their feature. */
enum ui_result command_method(struct app *app, const struct command *cmd, const char *id);
enum ui_result command_cycle(struct app *app, const struct command *cmd, const char *rest);
enum ui_result command_prefill(struct app *app, const struct command *cmd, const char *rest);
enum ui_result command_checklist(struct app *app, const struct command *cmd, const char *rest);
enum ui_result command_measure(struct app *app, const struct command *cmd, const char *rest);
/* Redraws every view into the screen (the top one last) and the frame around them. */
void app_draw(struct app *app);
/* Lets the user pick a record of reg in a list right of column x; returns its id or 0. */
long long app_pick_record(struct app *app, const struct reg *reg, long long current, int x);
/*
 * One key of a line read on the status line: draws the screen, then over(ctx) when not NULL,
 * then label and ed; returns the key, '\n' for Enter, -1 for Esc, Ctrl-C, Ctrl-G or the end of
 * input. The caller applies editing keys to ed.
 */
struct editor;
int app_prompt_key(struct app *app, const char *label, struct editor *ed,
		   void (*over)(void *ctx), void *ctx);
/*
 * A chooser for fast entry (pick.c): the user types a few letters of a record of reg, the
 * matching records are listed under title, Enter takes the one marked. Returns its id; 0 when
 * Enter came with nothing typed or on the line that adds the text typed, which is then in
 * *typed (caller frees; "" for nothing typed); -1 when cancelled (*typed NULL).
 */
long long app_pick_typed(struct app *app, const struct reg *reg, const char *label,
			 const char *title, char **typed);

/* The terminal (term.c). */
struct term_glyphs {
	const char *hline, *vline, *ellipsis, *up, *down, *newline;
};
extern struct term_glyphs glyphs;
enum color_role { ROLE_NORMAL, ROLE_TITLE, ROLE_STATUS, ROLE_HEADING, ROLE_ERROR, ROLE_DONE,
		  ROLE_PROGRESS, ROLE_DIM, ROLE_COUNT };
int term_open(const struct ui_options *opts);
void term_close(void);
/*
 * Reads one key: UI_FN(KEY_...) or a character; UI_TICK after a second without one. -1 when
 * input has ended, the line dropped or a signal asked to stop.
 */
int term_read_key(void);
/*
 * True when another key is already waiting (a paste, typing ahead): the loop then skips
 * drawing, so that N pasted characters cost one screen, not N (each of which may cost N).
 */
bool term_key_pending(void);
/* True when the terminal is at least 80x24. */
bool term_big_enough(void);
/* Attributes for a role (colour only when the terminal has it and NO_COLOR is unset). */
int term_attr(enum color_role role);
/* Writes the screen as text (scripted runs). */
void term_dump(void);
bool term_scripted(void);
/* True once SIGHUP, SIGTERM or SIGINT came (or a script's <hangup>); term_signal() says which. */
bool term_hung_up(void);
int term_signal(void);

/*
 * Terminal descriptions built into the binary: src/ui/termdb_builtin.c in ims2-static, which
 * must run on hosts without a terminfo database; src/ui/termdb_system.c (none) in ./ims2.
 */
/* The names of the built-in descriptions, ", "-separated, or NULL when there are none. */
const char *termdb_builtin_names(void);
/* The TERM whose built-in description ncurses took because the host has none, or NULL. */
const char *termdb_builtin_used(void);

/*
 * What the screen shows for wc: '?' for C0 and C1 control characters, DEL and the bidi
 * controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), so that text from a
 * workspace never moves the cursor, changes colours or reorders a line; newline and tab
 * unchanged (each caller draws them). Every character drawn goes through it.
 */
wchar_t term_visible(wchar_t wc);
/* Drawing helpers: text is UTF-8; it is cut or padded to exactly width columns. */
void draw_text(int y, int x, int width, const char *text, int attr);
/* Display width of UTF-8 text (control characters count one, shown as '?'). */
int text_width(const char *text);
/*
 * Wraps text into lines of at most width columns; returns the number of lines and fills
 * starts/lens (up to max) with byte offsets. Paragraph breaks are kept.
 */
int wrap_text(const char *text, int width, size_t *starts, size_t *lens, int max);
void draw_hline(int y, int x, int width);

/* A line editor over wide characters (edit.c). */
struct editor {
	wchar_t *buf;
	size_t len, cap, cursor;
	bool multiline;
	int scroll; /* first visible character (one line) or row (multi-line) */
};
void editor_set(struct editor *ed, const char *utf8, bool multiline);
/* The text as UTF-8; caller frees. */
char *editor_text(const struct editor *ed);
void editor_release(struct editor *ed);
/* Applies an editing key; returns false when the key is not an editing key. */
bool editor_key(struct editor *ed, int key, int width);
/* Draws the editor in a box of height x width; places the cursor when focused. */
void editor_draw(struct editor *ed, int y, int x, int height, int width, bool focused, int attr);

/* The table widget (table.c): one register shown a window of rows at a time. */
struct table_widget {
	struct record_view view;
	long long count, cursor, top;
	int column; /* index into the visible columns */
	int height;
	struct record *rows;
	int cached;
	long long cache_top;
	unsigned cache_generation;
	bool valid;
	char *search;
	char *filter; /* view.filter points here */
	bool moved;   /* the user moved the cursor (a view opened from the row may start there) */
};
void table_init(struct table_widget *t, struct app *app, const struct reg *reg);
void table_release(struct table_widget *t);
void table_draw(struct app *app, struct table_widget *t, int y, int x, int height, int width);
enum ui_result table_key(struct app *app, struct table_widget *t, enum action action);
/* The record under the cursor, or NULL. */
const struct record *table_current(struct app *app, struct table_widget *t);


#endif
