/* SPDX-License-Identifier: ISC */
/*
 * yank_paste.c - bracketed paste among the keys, and its bytes.
 *
 * yank_paste_feed is a small matcher over livehex keys.  Outside a paste
 * it holds keys while they spell a prefix of ESC [ 200 ~; a key that
 * breaks the prefix releases everything held, in order, that key
 * included, so typing is never lost or reordered (a lone Esc is given
 * back by yank_paste_flush when the loop runs out of keys).  Inside a
 * paste it collects keys, holding those that may be ESC [ 201 ~; a
 * broken end marker goes into the body as text.  The body has no size
 * limit here: the store refuses what runs past the end of the file.
 *
 * The hex pane's bytes of a paste are its hex digits in pairs; blanks
 * anywhere, and a dump's ':' or '-' between whole bytes, are skipped
 * (typed, ':' opens the command line: only a paste takes de:ad).
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "keys.h"
#include "status.h"
#include "xmalloc.h"
#include "yank_paste.h"

/* The markers, as keys. */
static const int yank_paste_open[] = { KEYS_ESC, '[', '2', '0', '0', '~' };
static const int yank_paste_close[] = { KEYS_ESC, '[', '2', '0', '1', '~' };
#define YANK_PASTE_MARK	6

struct yank_paste {
	bool	 in;			/* inside a paste */
	int	 held[YANK_PASTE_MARK];	/* a marker's prefix so far */
	size_t	 nheld;
	int	 out[YANK_PASTE_MARK + 1];	/* keys given back */
	int	*body;			/* the paste's keys */
	size_t	 len, cap;
};

/* A paste finder with nothing held. */
struct yank_paste *
yank_paste_new(void)
{
	return xcalloc(1, sizeof(struct yank_paste));
}

/* Free P. */
void
yank_paste_free(struct yank_paste *p)
{
	if (p == NULL)
		return;
	free(p->body);
	free(p);
}

/* Add KEY to the body. */
static void
yank_paste_add(struct yank_paste *p, int key)
{
	if (p->len == p->cap) {
		p->cap = p->cap * 2 + 256;
		p->body = xrealloc(p->body, p->cap * sizeof *p->body);
	}
	p->body[p->len++] = key;
}

/* Feed one livehex KEY; see enum yank_paste_news. */
enum yank_paste_news
yank_paste_feed(struct yank_paste *p, int key, const int **keys, size_t *n)
{
	const int	*mark = p->in ? yank_paste_close : yank_paste_open;

	if (key == mark[p->nheld]) {
		p->held[p->nheld++] = key;
		if (p->nheld < YANK_PASTE_MARK)
			return YANK_PASTE_HELD;
		p->nheld = 0;
		if (!p->in) {
			p->in = true;
			p->len = 0;
			return YANK_PASTE_HELD;
		}
		p->in = false;
		return YANK_PASTE_DONE;
	}
	if (p->in) {
		/* A broken end marker was text; an Esc may start the next. */
		for (size_t i = 0; i < p->nheld; i++)
			yank_paste_add(p, p->held[i]);
		p->nheld = 0;
		if (key == mark[0]) {
			p->held[p->nheld++] = key;
			return YANK_PASTE_HELD;
		}
		yank_paste_add(p, key);
		return YANK_PASTE_HELD;
	}
	/* Not a paste: what was held, then this key (an Esc starts anew). */
	memcpy(p->out, p->held, p->nheld * sizeof *p->held);
	*n = p->nheld;
	p->nheld = 0;
	/* (An Esc with nothing held matched above: *N is at least 1.) */
	if (key == mark[0])
		p->held[p->nheld++] = key;
	else
		p->out[(*n)++] = key;
	*keys = p->out;
	return YANK_PASTE_KEYS;
}

/* No more keys for now: release what is held outside a paste. */
size_t
yank_paste_flush(struct yank_paste *p, const int **keys)
{
	size_t	n = 0;

	if (!p->in) {
		memcpy(p->out, p->held, p->nheld * sizeof *p->held);
		n = p->nheld;
		p->nheld = 0;
	}
	*keys = p->out;
	return n;
}

/* The keys of the paste that just ended. */
const int *
yank_paste_body(const struct yank_paste *p, size_t *n)
{
	*n = p->len;
	return p->body;
}

/* The value of hex digit C, or -1. */
static int
yank_paste_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The hex pane's bytes of N KEYS; NULL with a message on ST. */
static unsigned char *
yank_paste_hex(const int *keys, size_t n, size_t *len, struct status *st)
{
	unsigned char	*out = xmalloc(n / 2 + 1);
	size_t		 digits = 0;

	for (size_t i = 0; i < n; i++) {
		int	d = yank_paste_digit(keys[i]);

		if (keys[i] == ' ' || keys[i] == '\t' || keys[i] == '\r' ||
		    keys[i] == '\n')
			continue;
		/* A dump's de:ad or de-ad: separators between whole bytes. */
		if ((keys[i] == ':' || keys[i] == '-') && digits % 2 == 0)
			continue;
		if (d < 0 && (keys[i] == ':' || keys[i] == '-')) {
			status_msg(st, STATUS_ERROR, "paste refused: '%c' "
			    "(character %zu) inside a byte (a byte is two hex "
			    "digits); nothing stored", keys[i], i + 1);
			free(out);
			return NULL;
		}
		if (d < 0) {
			if (keys[i] >= 0x21 && keys[i] < 0x7f)
				status_msg(st, STATUS_ERROR, "paste refused: "
				    "'%c' (character %zu) is no hex digit; "
				    "nothing stored", keys[i], i + 1);
			else
				status_msg(st, STATUS_ERROR, "paste refused: "
				    "U+%04X (character %zu) is no hex digit; "
				    "nothing stored", (unsigned)keys[i], i + 1);
			free(out);
			return NULL;
		}
		if (digits % 2 == 0)
			out[digits / 2] = (unsigned char)(d << 4);
		else
			out[digits / 2] |= (unsigned char)d;
		digits++;
	}
	if (digits % 2 != 0) {
		status_msg(st, STATUS_ERROR, "paste refused: %zu hex digits, an "
		    "odd number (a byte is two); nothing stored", digits);
		free(out);
		return NULL;
	}
	*len = digits / 2;
	return out;
}

/* The text pane's bytes of N KEYS; NULL with a message on ST. */
static unsigned char *
yank_paste_text(const int *keys, size_t n, size_t *len, struct status *st)
{
	unsigned char	*out = xmalloc(n * MB_LEN_MAX + 1);
	size_t		 o = 0;
	mbstate_t	 ms;

	memset(&ms, 0, sizeof ms);
	for (size_t i = 0; i < n; i++) {
		size_t	k = keys_is_char(keys[i]) ?
			    wcrtomb((char *)out + o, (wchar_t)keys[i], &ms) :
			    (size_t)-1;

		if (k == (size_t)-1) {
			status_msg(st, STATUS_ERROR, "paste refused: character "
			    "%zu cannot be written in this locale's encoding; "
			    "nothing stored", i + 1);
			free(out);
			return NULL;
		}
		o += k;
	}
	*len = o;
	return out;
}

/* The bytes N pasted KEYS store (HEX: the hex pane); NULL with a message. */
unsigned char *
yank_paste_bytes(const int *keys, size_t n, bool hex, size_t *len,
    struct status *st)
{
	return hex ? yank_paste_hex(keys, n, len, st) :
	    yank_paste_text(keys, n, len, st);
}
