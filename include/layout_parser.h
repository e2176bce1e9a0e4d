/* SPDX-License-Identifier: ISC */
/*
 * layout_parser.h - the layout parser's state and the helpers its files
 * share (layout.c reads lines and fields, layout_block.c struct and enum
 * blocks).  Private to the two.
 */
#ifndef LIVEHEX_LAYOUT_PARSER_H
#define LIVEHEX_LAYOUT_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"
#include "ltype.h"

/* Slots in the name hash: a power of two, at least twice the fields. */
#define LAYOUT_HASH_SLOTS	(2 * LAYOUT_MAX_FIELDS)
/* Bytes of a token quoted in a message before it is cut with "...". */
#define LAYOUT_QUOTE_MAX	40
/* Room for a quoted token: every byte may become \xNN. */
#define LAYOUT_QUOTE_LEN	(LAYOUT_QUOTE_MAX * 4 + 8)

/* The list shown when a type is unknown. */
#define LAYOUT_TYPES	"u8 i8 u16 i16 u32 i32 u64 i64 f32 f64 with le or " \
			"be, bytes[N], char[N], TYPE[N], or a struct or " \
			"enum defined above"

/* A word of a line: where it starts, how long, its column (from 1). */
struct layout_token {
	const char	*s;
	size_t		 len;
	size_t		 col;
};

/* The parser's state while it reads one text. */
struct layout_parser {
	const char	*name;		/* the text's name, for messages */
	char	       **cause;		/* where the first error goes */
	unsigned	 line;		/* the line being read, from 1 */
	struct layout	*l;		/* what has been parsed so far */
	size_t		 cap;		/* fields allocated */
	uint64_t	 prev_end;	/* end of the previous field */
	uint32_t	*names;		/* hash: field index + 1, 0 free */
	/* Types defined by struct and enum blocks, owned by the layout. */
	struct ltree	*tree;
	struct ltype   **types;
	size_t		 ntypes;
	/* The block being read: its type and line, and the file's state. */
	struct ltype	*block;		/* NULL at the top level */
	unsigned	 block_line;
	uint64_t	 block_size;	/* struct NAME SIZE {: 0 if none */
	struct layout	*outer;
	size_t		 outer_cap;
	uint64_t	 outer_prev_end;
	uint32_t	*outer_names;
	/* A token as a C string; lines are checked for length first. */
	char		 word[LAYOUT_MAX_LINE + 1];
};

/* Set *cause to "NAME:LINE:COL: message" and return -1. */
int		 layout_fail(struct layout_parser *p, size_t col,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Token T as a quoted string for a message (in OUT). */
const char	*layout_quote_token(const struct layout_token *t,
		    char out[LAYOUT_QUOTE_LEN]);
/* The next blank-separated token of S[*at, LEN) into T; false at end. */
bool		 layout_next_token(const char *s, size_t len, size_t *at,
		    struct layout_token *t);
/* Token T as a C string in the parser's scratch buffer. */
const char	*layout_word(struct layout_parser *p,
		    const struct layout_token *t);
/* True for an ASCII letter. */
bool		 layout_alpha(char c);
/* Case-insensitive: is LEN bytes at S the word W? */
bool		 layout_is(const char *s, size_t len, const char *w);
/* The type a block defined as LEN bytes at S, or NULL (layout_block.c). */
struct ltype	*layout_block_deftype(struct layout_parser *p, const char *s,
		    size_t len);
/* The scalar type VT as a node of the parser's tree. */
struct ltype	*layout_block_scalar(struct layout_parser *p,
		    const struct value_type *vt);
/* A block line: 1 when it was one, 0 for a field line, -1 on error. */
int		 layout_block_parse(struct layout_parser *p, const char *s,
		    size_t len);

#endif
