/* SPDX-License-Identifier: ISC */
/*
 * timeout.h - Check test cases whose timeouts hold on a slow, busy machine.
 *
 * Check's default is 4 s per test, and a test case that does not set its
 * own gets it.  The suite must pass under `make -j4 check` with the
 * sanitizers on two loaded cores, where a loop that takes 0.5 s on a quiet
 * machine can take ten times that, so every test case in the suite is made
 * here with a budget sized for that machine, not for the developer's.  A
 * timeout only ends a test that hangs; it never decides one that runs: no
 * test asserts on how long anything took.
 *
 * The budgets are per test (Check times each test of a case on its own) and
 * about ten times the worst run seen under `make -j8 check` of the
 * sanitizer build, so a hang still fails within minutes.
 */
#ifndef LIVEHEX_TIMEOUT_H
#define LIVEHEX_TIMEOUT_H

#include <check.h>

/* Pure computation in the core: model tests, tables. */
#define TIMEOUT_UNIT	180
/* Tests that run the real binary (cli), or drive it through a pty (e2e). */
#define TIMEOUT_TOOL	300
/* Long soaks: the storm, single-stepping a store with ptrace. */
#define TIMEOUT_LONG	900

/* A new test case NAME whose tests each may run SECONDS before they fail. */
static inline TCase *
timeout_tcase(const char *name, int seconds)
{
	TCase	*tc = tcase_create(name);

	tcase_set_timeout(tc, seconds);
	return tc;
}

#endif
