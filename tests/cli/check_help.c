/* SPDX-License-Identifier: ISC */
/*
 * check_help.c - --help, --version, `livehex help CMD` and options after
 * SOURCE, run as the real binary.
 *
 * Every command (the viewer and each subcommand) answers -h and --help with
 * its full help on stdout (a usage line and its options), exit 0, nothing
 * on stderr; --version with the version and the copyright line.  `livehex
 * help CMD` prints the same text as `livehex CMD --help`, and `livehex
 * --help`'s list of subcommands shows each one's own usage line, so the
 * table in main.c and the parsers cannot drift apart.  Options may follow
 * SOURCE, as with GNU tools.  One parser (src/cli/cli.c) reads every
 * command line: an unknown option or an option without its value is
 * reported in the same words by every subcommand, followed by the same
 * usage line its --help starts with.
 */
#include "config.h"

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

/* One finished run: exit status (-1 when not a normal exit), stdout, stderr. */
struct run {
	int	 code;
	char	*out;
	char	*err;
};

/* Run livehex with the '|'-separated ARGS (@F is replaced by FILE). */
static struct run
run(const char *args, const char *file)
{
	char		*argv[32], *copy = xstrdup(args), *p, *tok;
	unsigned char	*out;
	size_t		 outlen;
	struct run	 r;
	int		 n = 0, status;

	argv[n++] = xstrdup(tu_livehex());
	for (p = copy; (tok = strsep(&p, "|")) != NULL; ) {
		ck_assert_int_lt(n, 31);
		argv[n++] = xstrdup(strcmp(tok, "@F") == 0 ? file : tok);
	}
	argv[n] = NULL;
	status = tu_run(argv, NULL, &out, &outlen, &r.err);
	r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	r.out = xmalloc(outlen + 1);
	memcpy(r.out, out, outlen);
	r.out[outlen] = '\0';
	free(out);
	while (n > 0)
		free(argv[--n]);
	free(copy);
	return r;
}

/* Free a run's buffers. */
static void
run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* Fail unless R exited with CODE. */
static void
expect_code(const struct run *r, int code, const char *what)
{
	ck_assert_msg(r->code == code, "%s: exit %d, want %d\nstdout: %s\n"
	    "stderr: %s", what, r->code, code, r->out, r->err);
}

/* The subcommands, as `livehex CMD` takes them. */
static const char *const cmds[] = {
	"dump", "view", "watch", "list", "demo", "poke", "peek", "load",
};
#define NCMDS	((int)(sizeof cmds / sizeof cmds[0]))

/* The arguments that reach CMD's parser ("view" is no word: the viewer). */
static char *
cmd_args(int i, const char *rest)
{
	if (strcmp(cmds[i], "view") == 0)
		return xstrdup(rest);
	return xasprintf("%s|%s", cmds[i], rest);
}

/* The usage line CMD's help starts with. */
static char *
usage_line(int i)
{
	if (strcmp(cmds[i], "view") == 0)
		return xstrdup("usage: livehex [-r]");
	return xasprintf("usage: livehex %s ", cmds[i]);
}

/* -h and --help: the full help on stdout, exit 0, stderr empty. */
START_TEST(test_help)
{
	static const char *const	 opts[] = { "-h", "--help" };
	char				*want = usage_line(_i);

	for (int j = 0; j < 2; j++) {
		char		*args = cmd_args(_i, opts[j]);
		struct run	 r = run(args, NULL);

		expect_code(&r, 0, args);
		ck_assert_msg(strncmp(r.out, want, strlen(want)) == 0,
		    "%s: stdout does not start with \"%s\":\n%s", args, want,
		    r.out);
		/* The options, not just the synopsis: indented lines. */
		ck_assert_msg(strstr(r.out, "\n  -") != NULL,
		    "%s: no option list:\n%s", args, r.out);
		ck_assert_str_eq(r.err, "");
		run_free(&r);
		free(args);
	}
	free(want);
}
END_TEST

/* --version: the version and the copyright, exit 0, stderr empty. */
START_TEST(test_version)
{
	char		*args = cmd_args(_i, "--version");
	struct run	 r = run(args, NULL);

	expect_code(&r, 0, args);
	ck_assert_str_eq(r.out, "livehex " PACKAGE_VERSION "\n"
	    "Copyright (c) 2026 the livehex authors\n"
	    "ISC licence: see the LICENSE file; there is NO WARRANTY.\n");
	ck_assert_str_eq(r.err, "");
	run_free(&r);
	free(args);
}
END_TEST

/*
 * `livehex help CMD` is `livehex CMD --help`; `livehex --help` names CMD
 * with the first line of that help.
 */
START_TEST(test_help_cmd)
{
	char		*args = cmd_args(_i, "--help");
	char		*h = xasprintf("help|%s", cmds[_i]), *nl, *line;
	struct run	 a = run(args, NULL), b = run(h, NULL);
	struct run	 top = run("--help", NULL);

	expect_code(&b, 0, h);
	ck_assert_str_eq(b.out, a.out);
	ck_assert_str_eq(b.err, "");
	/* "usage: livehex dump [-s ...] SOURCE" -> "livehex dump [-s ...". */
	nl = strchr(a.out, '\n');
	ck_assert_ptr_nonnull(nl);
	*nl = '\0';
	line = a.out + strlen("usage: ");
	ck_assert_msg(strstr(top.out, line) != NULL,
	    "livehex --help lacks \"%s\":\n%s", line, top.out);
	run_free(&a);
	run_free(&b);
	run_free(&top);
	free(args);
	free(h);
}
END_TEST

/* `livehex --help`: the viewer's options and every subcommand, on stdout. */
START_TEST(test_main_help)
{
	struct run	 r = run("--help", NULL), h = run("help", NULL);

	expect_code(&r, 0, "--help");
	ck_assert_str_eq(r.err, "");
	for (size_t i = 0; i < 6; i++) {
		static const char *const opts[] = { "--readonly", "--cols",
		    "--interval", "--layout SPEC", "--create SIZE",
		    "--force-write" };

		ck_assert_msg(strstr(r.out, opts[i]) != NULL,
		    "--help lacks %s:\n%s", opts[i], r.out);
	}
	ck_assert_ptr_nonnull(strstr(r.out, "livehex help CMD"));
	expect_code(&h, 0, "help");
	ck_assert_str_eq(h.out, r.out);
	run_free(&r);
	run_free(&h);
}
END_TEST

/* `livehex help` with a name it does not know, or two: usage error. */
START_TEST(test_help_errors)
{
	struct run	 r = run("help|bogus", NULL);

	expect_code(&r, 2, "help bogus");
	ck_assert_str_eq(r.out, "");
	ck_assert_ptr_nonnull(strstr(r.err, "livehex: help: bogus: no such "
	    "command"));
	run_free(&r);
	r = run("help|dump|poke", NULL);
	expect_code(&r, 2, "help dump poke");
	ck_assert_ptr_nonnull(strstr(r.err, "one command at a time"));
	run_free(&r);
}
END_TEST

/* Options after SOURCE are options, as GNU tools take them. */
START_TEST(test_options_after_source)
{
	static const unsigned char	 data[8] = "ABCDEFGH";
	char				*f = tu_file("after.bin", data, 8);
	struct run			 r;

	/* -l 4 after SOURCE: four bytes, not "unexpected argument". */
	r = run("dump|@F|-l|4", f);
	expect_code(&r, 0, "dump FILE -l 4");
	ck_assert_str_eq(r.out, "00000000: 4142 4344                      "
	    "          ABCD\n");
	run_free(&r);
	/* The viewer takes -r after SOURCE; then wants a terminal. */
	r = run("@F|-r", f);
	expect_code(&r, 1, "FILE -r");
	ck_assert_ptr_nonnull(strstr(r.err, "needs a terminal"));
	run_free(&r);
	r = run("@F|--help", f);
	expect_code(&r, 0, "FILE --help");
	run_free(&r);
	/* watch: an option after SOURCE is read (and this -l is refused). */
	r = run("watch|@F|-l|0", f);
	expect_code(&r, 2, "watch FILE -l 0");
	ck_assert_msg(strstr(r.err, "watch: -l: ") != NULL, "%s", r.err);
	run_free(&r);
	/* poke: --sync after the VALUEs. */
	r = run("poke|@F|0|7a|--sync", f);
	expect_code(&r, 0, "poke FILE 0 7a --sync");
	run_free(&r);
	r = run("peek|@F|0|u8|--help", f);
	expect_code(&r, 0, "peek FILE 0 u8 --help");
	ck_assert_ptr_nonnull(strstr(r.out, "usage: livehex peek"));
	run_free(&r);
	r = run("peek|@F|0|bytes:2", f);
	expect_code(&r, 0, "peek FILE 0 bytes:2");
	ck_assert_str_eq(r.out, "7a 42\n");
	run_free(&r);
	free(f);
}
END_TEST

/* The usage lines CMD's help starts with ("usage: ..." and its sequel). */
static char *
usage_of(int i)
{
	char		*args = cmd_args(i, "--help"), *u, *end;
	struct run	 r = run(args, NULL);

	expect_code(&r, 0, args);
	/* The usage ends at the first line that does not continue it. */
	end = strchr(r.out, '\n');
	ck_assert_ptr_nonnull(end);
	while (strncmp(end + 1, "               ", 15) == 0)
		end = strchr(end + 1, '\n');
	u = xmalloc((size_t)(end + 2 - r.out));
	memcpy(u, r.out, (size_t)(end + 1 - r.out));
	u[end + 1 - r.out] = '\0';
	run_free(&r);
	free(args);
	return u;
}

/*
 * Every command refuses an unknown option in the same words, then gives
 * the usage its --help starts with; nothing on stdout, exit 2.
 */
START_TEST(test_unknown_option_same)
{
	static const char *const	 bad[] = { "--bogus", "-Z" };
	char				*usage = usage_of(_i);

	for (int j = 0; j < 2; j++) {
		char		*args = cmd_args(_i, bad[j]), *want;
		struct run	 r = run(args, NULL);

		if (strcmp(cmds[_i], "view") == 0)
			want = xasprintf("livehex: %s: unknown option\n%s",
			    bad[j], usage);
		else
			want = xasprintf("livehex: %s: unknown option %s\n%s",
			    cmds[_i], bad[j], usage);
		expect_code(&r, 2, args);
		ck_assert_str_eq(r.out, "");
		ck_assert_str_eq(r.err, want);
		run_free(&r);
		free(want);
		free(args);
	}
	free(usage);
}
END_TEST

/*
 * An option without its value, short or long (abbreviated too): the same
 * words for every subcommand, the option named as the table spells it.
 */
START_TEST(test_missing_value_same)
{
	static const struct {
		const char	*args, *cmd, *want;
	}			 rows[] = {
		{ "dump|-s", "dump", "livehex: dump: option -s needs a value" },
		{ "load|-s", "load", "livehex: load: option -s needs a value" },
		{ "watch|-l", "watch", "livehex: watch: option -l needs a "
		  "value" },
		{ "watch|--count", "watch", "livehex: watch: option --count "
		  "needs a value" },
		{ "watch|--cou", "watch", "livehex: watch: option --count "
		  "needs a value" },
		{ "list|--pid", "list", "livehex: list: option --pid needs a "
		  "value" },
		{ "list|-p", "list", "livehex: list: option -p needs a value" },
		{ "demo|--writer", "demo", "livehex: demo: option --writer "
		  "needs a value" },
		{ "--layout", "view", "livehex: --layout: needs a value" },
		{ "-c", "view", "livehex: -c: needs a value" },
	};

	for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
		struct run	 r = run(rows[k].args, NULL);
		char		*usage = NULL, *want;

		for (int i = 0; i < NCMDS; i++)
			if (strcmp(cmds[i], rows[k].cmd) == 0)
				usage = usage_of(i);
		ck_assert_ptr_nonnull(usage);
		want = xasprintf("%s\n%s", rows[k].want, usage);
		expect_code(&r, 2, rows[k].args);
		ck_assert_str_eq(r.out, "");
		ck_assert_str_eq(r.err, want);
		run_free(&r);
		free(want);
		free(usage);
	}
}
END_TEST

/*
 * Too few or too many arguments: from each command's table, with the
 * usage; the viewer's own wording.
 */
START_TEST(test_arguments_counted)
{
	static const struct {
		const char	*args, *want;
	}			 rows[] = {
		{ "poke", "livehex: poke: no SOURCE given\n" },
		{ "poke|f", "livehex: poke: no OFFSET given\n" },
		{ "peek|f|0", "livehex: peek: no TYPE given\n" },
		{ "load", "livehex: load: no SOURCE given\n" },
		{ "watch", "livehex: watch: no SOURCE given\n" },
		{ "load|f|d|x", "livehex: load: unexpected argument \"x\" after "
		  "DUMP\n" },
		{ "list|x", "livehex: list: unexpected argument \"x\"\n" },
		{ "demo|x", "livehex: demo: unexpected argument \"x\"\n" },
		{ "-r", "livehex: no SOURCE given\n" },
		{ "a|b", "livehex: one SOURCE at a time\n" },
	};

	for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
		struct run	 r = run(rows[k].args, NULL);

		expect_code(&r, 2, rows[k].args);
		ck_assert_str_eq(r.out, "");
		ck_assert_msg(strncmp(r.err, rows[k].want,
		    strlen(rows[k].want)) == 0 &&
		    strncmp(r.err + strlen(rows[k].want), "usage: livehex ",
		    15) == 0, "%s: stderr:\n%s\nwant:\n%susage: ...",
		    rows[k].args, r.err, rows[k].want);
		run_free(&r);
	}
}
END_TEST

/* Every option line of --help is an option the parser takes (no drift). */
START_TEST(test_help_options_parse)
{
	char		*args = cmd_args(_i, "--help"), *line, *save = NULL;
	struct run	 h = run(args, NULL);

	expect_code(&h, 0, args);
	for (line = strtok_r(h.out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char		 opt[64], *a, *sp;
		struct run	 r;
		size_t		 n;

		if (strncmp(line, "  -", 3) != 0)
			continue;
		/* The long form when there is one, else the short. */
		line += 2;
		a = strstr(line, "--");
		sp = strstr(line, "  ");
		if (a != NULL && (sp == NULL || a < sp))
			line = a;
		n = strcspn(line, " ,");
		ck_assert_uint_lt(n, sizeof opt);
		memcpy(opt, line, n);
		opt[n] = '\0';
		if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0)
			continue;
		/* Parsed, never "unknown option" (it may still fail later). */
		free(args);
		args = cmd_args(_i, opt);
		r = run(args, NULL);
		ck_assert_msg(strstr(r.err, "unknown option") == NULL,
		    "%s: --help lists it, the parser refuses it: %s", args,
		    r.err);
		run_free(&r);
	}
	run_free(&h);
	free(args);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("help");
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	tc = timeout_tcase("CMD -h and --help: full help on stdout", TIMEOUT_TOOL);
	tcase_add_loop_test(tc, test_help, 0, NCMDS);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("CMD --version: version and copyright", TIMEOUT_TOOL);
	tcase_add_loop_test(tc, test_version, 0, NCMDS);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("livehex help CMD is CMD --help, listed in --help", TIMEOUT_TOOL);
	tcase_add_loop_test(tc, test_help_cmd, 0, NCMDS);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("livehex --help and livehex help", TIMEOUT_TOOL);
	tcase_add_test(tc, test_main_help);
	tcase_add_test(tc, test_help_errors);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("one parser: the same errors for every command", TIMEOUT_TOOL);
	tcase_add_loop_test(tc, test_unknown_option_same, 0, NCMDS);
	tcase_add_test(tc, test_missing_value_same);
	tcase_add_test(tc, test_arguments_counted);
	tcase_add_loop_test(tc, test_help_options_parse, 0, NCMDS);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("options after SOURCE", TIMEOUT_TOOL);
	tcase_add_test(tc, test_options_after_source);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
