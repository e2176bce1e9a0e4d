/* SPDX-License-Identifier: ISC */
/*
 * yank.c - the register, the yank form and the OSC 52 clipboard.
 *
 * A yank reads the selection once, through the door by pread in pieces
 * (select_read), into the register: the raw bytes, which is what a paste
 * stores.  The clipboard gets the same bytes formatted (yankfmt.c) and
 * wrapped as "ESC ] 52 ; c ; BASE64 BEL"; the sequence is kept until the
 * loop takes it (yank_take_osc) and writes it to the terminal, because
 * only the loop writes to the terminal.  A yank of more than YANK_MAX
 * bytes is refused with a message naming :w, which streams (a register
 * of gigabytes helps nobody and would stall the viewer); a text over
 * YANK_CLIP_MAX stays in the register only, and the message says so.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "door.h"
#include "react.h"
#include "select.h"
#include "status.h"
#include "xmalloc.h"
#include "yank.h"
#include "yankfmt.h"

struct yank {
	unsigned char		*reg;		/* the register's bytes */
	size_t			 reg_len;
	bool			 have_reg;
	struct yankfmt_spec	 form;		/* :yank FORM; hex at first */
	bool			 clipboard;	/* send OSC 52 */
	char			*osc;		/* waiting for the loop */
	size_t			 osc_len;
};

/* True when the environment allows OSC 52 (see yank.h's rule). */
static bool
yank_clipboard_default(void)
{
	const char	*v = getenv("LIVEHEX_CLIPBOARD");
	const char	*term = getenv("TERM");

	if (v != NULL && strcmp(v, "off") == 0)
		return false;
	if (term != NULL && (strcmp(term, "dumb") == 0 ||
	    strcmp(term, "linux") == 0))
		return false;
	return true;
}

/* A yank state: empty register, form hex, clipboard as the rule says. */
struct yank *
yank_new(void)
{
	struct yank	*y = xcalloc(1, sizeof *y);

	if (yankfmt_parse("hex", &y->form, NULL) != 0)
		abort();	/* "hex" is always a form */
	y->clipboard = yank_clipboard_default();
	return y;
}

/* Free Y. */
void
yank_free(struct yank *y)
{
	if (y == NULL)
		return;
	free(y->reg);
	free(y->osc);
	free(y);
}

/* :yank FORM: choose the form; false with a message if bad. */
bool
yank_set_form(struct yank *y, const char *word, struct status *st)
{
	struct yankfmt_spec	 s;
	char			*cause = NULL;

	if (yankfmt_parse(word, &s, &cause) != 0) {
		status_msg(st, STATUS_ERROR, "%s", cause);
		free(cause);
		return false;
	}
	y->form = s;
	return true;
}

/* :clipboard on|off: send OSC 52 or not. */
void
yank_set_clipboard(struct yank *y, bool on)
{
	y->clipboard = on;
}

/* Keep TEXT (LEN bytes) as the OSC 52 sequence for the loop. */
static void
yank_osc(struct yank *y, const char *text, size_t len)
{
	size_t	 n;
	char	*b64 = yankfmt_base64((const unsigned char *)text, len, &n);

	free(y->osc);
	y->osc = xmalloc(n + 16);
	memcpy(y->osc, "\033]52;c;", 7);
	memcpy(y->osc + 7, b64, n);
	y->osc[7 + n] = '\a';
	y->osc[8 + n] = '\0';
	y->osc_len = 8 + n;
	free(b64);
}

/* y: copy [START, START+LEN) of D into the register (and the clipboard). */
int
yank_do(struct yank *y, struct select *sel, struct door *d, uint64_t start,
    uint64_t len, struct status *st)
{
	unsigned char	*buf;
	char		*text, *cause = NULL;
	size_t		 got, tlen;
	const char	*where;

	if (len > YANK_MAX) {
		status_msg(st, STATUS_ERROR, "the selection is %llu bytes; y "
		    "copies at most %llu MiB (:w FILE writes any length)",
		    (unsigned long long)len,
		    (unsigned long long)(YANK_MAX >> 20));
		return REACT_REDRAW;
	}
	buf = xmalloc(len > 0 ? (size_t)len : 1);
	got = select_read(sel, d, start, (size_t)len, buf);
	if (got < len) {
		status_msg(st, STATUS_ERROR, "could read only %zu of %llu "
		    "bytes at 0x%llx (the file shrank or a read failed): "
		    "nothing yanked", got, (unsigned long long)len,
		    (unsigned long long)start);
		free(buf);
		return REACT_REDRAW;
	}
	text = yankfmt_format(&y->form, start, buf, got, &tlen, &cause);
	if (text == NULL) {
		status_msg(st, STATUS_ERROR, "%s; nothing yanked", cause);
		free(cause);
		free(buf);
		return REACT_REDRAW;
	}
	free(y->reg);
	y->reg = buf;
	y->reg_len = got;
	y->have_reg = true;
	if (!y->clipboard)
		where = "the register (clipboard off)";
	else if (tlen > YANK_CLIP_MAX)
		where = "the register only (too long for the clipboard)";
	else {
		yank_osc(y, text, tlen);
		where = "the register and the clipboard";
	}
	status_msg(st, STATUS_INFO, "yanked %zu bytes at 0x%llx as %s "
	    "(%zu characters) to %s", got, (unsigned long long)start,
	    y->form.name, tlen, where);
	free(text);
	return REACT_REDRAW;
}

/* The register's bytes (*LEN of them; NULL when nothing was yanked). */
const unsigned char *
yank_register(const struct yank *y, size_t *len)
{
	*len = y->reg_len;
	return y->have_reg ? y->reg : NULL;
}

/* The OSC 52 sequence waiting for the terminal (taken), or NULL. */
char *
yank_take_osc(struct yank *y, size_t *len)
{
	char	*s = y->osc;

	*len = y->osc_len;
	y->osc = NULL;
	y->osc_len = 0;
	return s;
}
