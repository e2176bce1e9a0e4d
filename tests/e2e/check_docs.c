/* SPDX-License-Identifier: ISC */
/*
 * check_docs.c - what the man page documents that no other suite drives:
 * `:w`, the vi spelling of `:sync`, through a pty as a user types it.
 *
 * Waits are conditions with deadlines, each checked false before the
 * keys that should make it true.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e.h"
#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

/* :w msyncs the unsynced edits exactly as :sync does, and says so. */
START_TEST(w_is_sync)
{
	/* In the build tree: $TMPDIR may be tmpfs, where nothing syncs. */
	char		*path = xasprintf("./livehex-e2e-w-%d", getpid());
	unsigned char	 b[4096] = { 0 };
	int		 fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	struct pty	*p;

	ck_assert_int_eq(write(fd, b, sizeof b), (ssize_t)sizeof b);
	close(fd);
	p = e2e_spawn(24, 80, NULL, path, NULL);
	pty_type(p, "R12");	/* edit mode: the only way keys store */
	pty_key(p, VTERM_KEY_ESCAPE, 0);
	PTY_ASSERT(p, pty_wait_text(p, "1 unsynced", E2E_WAIT), "count");
	PTY_ASSERT(p, !pty_find(p, "synced 1 page", NULL, NULL),
	    "a sync report before :w");
	pty_type(p, ":w\r");
	PTY_ASSERT(p, pty_wait_text(p, "synced 1 page in", E2E_WAIT),
	    ":w did not sync");
	PTY_ASSERT(p, pty_wait_gone(p, "unsynced", E2E_WAIT), "count stays");
	e2e_quit(p);	/* synced: q quits without asking */
	pty_free(p);
	unlink(path);
	free(path);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("docs");
	TCase	*tc = timeout_tcase("documented commands", TIMEOUT_TOOL);
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, w_is_sync);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
