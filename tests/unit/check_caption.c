/* SPDX-License-Identifier: ISC */
/*
 * check_caption.c - the lesson caption's state (src/tui/caption.c) and
 * its room in the geometry (geom.c): wrapping, code lines, scrolling,
 * results, and that a step's action runs once, when first reached.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "caption.h"
#include "geom.h"
#include "timeout.h"

static const struct caption_step steps[] = {
	{ "one two three four five six seven eight nine ten eleven twelve",
	  "int a;\nint b;", "a = 1" },
	{ "second", "x();", "x()" },
	{ "third", "0123456789abcdefghij", "" },
};

/* What the hooks saw. */
static size_t	acted[8], nacted;

/* on_step hook: record K, and report it as the step's result. */
static void
record_step(void *arg, struct caption *c, size_t k)
{
	(void)arg;
	acted[nacted++] = k;
	if (k == 2)
		caption_result(c, "acted %zu", k);
}

/* A caption over STEPS with the recording hook. */
static struct caption *
new_caption(void)
{
	struct caption_hook	h = { .fd = -1, .on_step = record_step };

	nacted = 0;
	return caption_new("test", steps, 3, &h);
}

/* Line I of the panel, and check its kind is KIND. */
static const char *
line_of(struct caption *c, size_t i, enum caption_kind kind)
{
	enum caption_kind	 k = CAPTION_MORE;
	const char		*s = caption_line(c, i, &k);

	ck_assert_int_eq(k, kind);
	return s;
}

START_TEST(wraps_words_and_prefixes_code)
{
	struct caption	*c = new_caption();
	size_t		 n = caption_layout(c, 21, 20);

	/* Title, 4 text lines at 20 columns, 2 C lines, 1 Python line. */
	ck_assert_uint_eq(n, 8);
	ck_assert_str_eq(line_of(c, 0, CAPTION_TITLE), "lesson test  step 1/");
	ck_assert_str_eq(line_of(c, 1, CAPTION_TEXT), "one two three four");
	ck_assert_str_eq(line_of(c, 2, CAPTION_TEXT), "five six seven eight");
	ck_assert_str_eq(line_of(c, 3, CAPTION_TEXT), "nine ten eleven");
	ck_assert_str_eq(line_of(c, 4, CAPTION_TEXT), "twelve");
	ck_assert_str_eq(line_of(c, 5, CAPTION_CODE), "C  int a;");
	ck_assert_str_eq(line_of(c, 6, CAPTION_CODE), "   int b;");
	ck_assert_str_eq(line_of(c, 7, CAPTION_CODE), "Py a = 1");
	caption_free(c);
}
END_TEST

START_TEST(long_code_breaks_and_lines_up)
{
	struct caption	*c = new_caption();
	size_t		 n;

	caption_start(c);
	ck_assert(caption_go(c, true));
	ck_assert(caption_go(c, true));
	n = caption_layout(c, 11, 20);
	/* Title, "third", the result, the code in 7-column pieces. */
	ck_assert_uint_eq(n, 6);
	ck_assert_str_eq(line_of(c, 2, CAPTION_RESULT), "> acted 2");
	ck_assert_str_eq(line_of(c, 3, CAPTION_CODE), "C  0123456");
	ck_assert_str_eq(line_of(c, 4, CAPTION_CODE), "   789abcd");
	ck_assert_str_eq(line_of(c, 5, CAPTION_CODE), "   efghij");
	caption_free(c);
}
END_TEST

START_TEST(steps_act_once_when_first_reached)
{
	struct caption	*c = new_caption();

	caption_start(c);
	ck_assert_uint_eq(nacted, 1);
	ck_assert_uint_eq(acted[0], 0);
	ck_assert(!caption_go(c, false));
	ck_assert(caption_go(c, true));
	ck_assert_uint_eq(caption_step(c), 1);
	ck_assert_uint_eq(nacted, 2);
	ck_assert_uint_eq(acted[1], 1);
	/* Back and forth again: nothing runs twice. */
	ck_assert(caption_go(c, false));
	ck_assert(caption_go(c, true));
	ck_assert_uint_eq(nacted, 2);
	ck_assert(caption_go(c, true));
	ck_assert_uint_eq(acted[2], 2);
	ck_assert(!caption_go(c, true));
	ck_assert_uint_eq(caption_step(c), 2);
	/* What the hook said while acting shows under its own step. */
	caption_layout(c, 40, 20);
	ck_assert_str_eq(line_of(c, 2, CAPTION_RESULT), "> acted 2");
	ck_assert_uint_eq(caption_nsteps(c), 3);
	caption_free(c);
}
END_TEST

START_TEST(n_scrolls_a_long_step_first)
{
	struct caption	*c = new_caption();
	size_t		 n;

	caption_start(c);
	/* Room for the title, 3 body lines and the "more" line. */
	n = caption_layout(c, 21, 5);
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(line_of(c, 1, CAPTION_TEXT), "one two three four");
	ck_assert_str_eq(line_of(c, 4, CAPTION_MORE), "-- more: n --");
	ck_assert(caption_go(c, true));
	ck_assert_uint_eq(caption_step(c), 0);
	n = caption_layout(c, 21, 5);
	ck_assert_str_eq(line_of(c, 1, CAPTION_TEXT), "twelve");
	ck_assert_str_eq(line_of(c, 3, CAPTION_CODE), "   int b;");
	ck_assert_str_eq(line_of(c, 4, CAPTION_MORE), "-- more: n --");
	ck_assert(caption_go(c, true));
	n = caption_layout(c, 21, 5);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(line_of(c, 1, CAPTION_CODE), "Py a = 1");
	/* The end of the step: n moves on. */
	ck_assert(caption_go(c, true));
	ck_assert_uint_eq(caption_step(c), 1);
	caption_free(c);
}
END_TEST

START_TEST(results_newest_last_and_kept_by_step)
{
	struct caption	*c = new_caption();

	caption_start(c);
	for (int i = 1; i <= 4; i++)
		caption_result(c, "r%d", i);
	caption_layout(c, 40, 20);
	/* Title, 2 text lines, the 3 newest results, then the code. */
	ck_assert_str_eq(line_of(c, 3, CAPTION_RESULT), "> r2");
	ck_assert_str_eq(line_of(c, 5, CAPTION_RESULT), "> r4");
	ck_assert(caption_go(c, true));
	caption_layout(c, 40, 20);
	ck_assert_str_eq(line_of(c, 2, CAPTION_CODE), "C  x();");
	caption_result(c, "s1");
	/* Back: step 1 shows its own results; news goes to step 2. */
	ck_assert(caption_go(c, false));
	caption_result(c, "s2");
	caption_layout(c, 40, 20);
	ck_assert_str_eq(line_of(c, 5, CAPTION_RESULT), "> r4");
	ck_assert_str_eq(line_of(c, 6, CAPTION_CODE), "C  int a;");
	ck_assert(caption_go(c, true));
	caption_layout(c, 40, 20);
	ck_assert_str_eq(line_of(c, 2, CAPTION_RESULT), "> s1");
	ck_assert_str_eq(line_of(c, 3, CAPTION_RESULT), "> s2");
	caption_free(c);
}
END_TEST

START_TEST(geometry_keeps_rows_for_the_caption)
{
	struct geom_in	in = { .rows = 24, .cols = 80, .size = 4096 };
	struct geom	g, plain;

	geom_compute(&in, &plain);
	ck_assert_int_eq(plain.caption_rows, 0);
	in.caption = true;
	geom_compute(&in, &g);
	ck_assert_int_eq(g.caption_rows, 11);
	ck_assert_int_eq(g.caption_y, 12);
	/* The bytes end above the caption; the status line stays last. */
	ck_assert_int_eq(g.body_y + (int)g.body_rows, g.caption_y);
	ck_assert_uint_eq(g.row.cols, 16);
	/* Too short for a caption: the bytes keep the rows. */
	in.rows = 12;
	geom_compute(&in, &g);
	ck_assert_int_eq(g.caption_rows, 0);
	ck_assert_uint_eq(g.body_rows, 10);
}
END_TEST

/* Build the suite. */
static Suite *
caption_suite(void)
{
	Suite	*s = suite_create("caption");
	TCase	*tc = timeout_tcase("caption", TIMEOUT_UNIT);

	tcase_add_test(tc, wraps_words_and_prefixes_code);
	tcase_add_test(tc, long_code_breaks_and_lines_up);
	tcase_add_test(tc, steps_act_once_when_first_reached);
	tcase_add_test(tc, n_scrolls_a_long_step_first);
	tcase_add_test(tc, results_newest_last_and_kept_by_step);
	tcase_add_test(tc, geometry_keeps_rows_for_the_caption);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	SRunner	*sr = srunner_create(caption_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
