/* SPDX-License-Identifier: ISC */
/*
 * ltype_clang.c - a type tree from a C header, laid out by libclang.
 *
 * Why libclang: it is the compiler.  Offsets, sizes, padding, alignment
 * attributes, #pragma pack, bitfield placement and enum values come from
 * the same code that lays out the user's programs, so there is no second
 * opinion to drift from the first.
 *
 * How the type is found: the header is not searched by hand.  An unsaved
 * probe file, livehex-probe.c, says
 *
 *	#include "HEADER"
 *	TYPE *livehex_probe;
 *
 * and the pointee of livehex_probe is TYPE, whatever it is: a struct
 * tag, a typedef, a union.  A TYPE that does not exist is then clang's
 * error in the probe ("unknown type name"), reported as "HEADER has no
 * type TYPE"; errors inside the header are reported as clang prints
 * them (FILE:LINE:COL: error: ...), escaped.  TYPE is limited to
 * identifiers and blanks, so the probe cannot become other code.
 *
 * The conversion walks canonical types (typedefs resolved) but keeps the
 * spelling the header used for names ("uint32_t").  Records are
 * remembered by their declaration, so struct slot used by 64 members is
 * one node.  A flexible array member is an error: its length is not in
 * the type, and a layout must know where each byte belongs.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "ltype_read.h"
#include "xmalloc.h"

#if defined(HAVE_LIBCLANG) && !defined(LIVEHEX_FUZZ)
#include <clang-c/Index.h>

/* Errors of a header shown before "..." (the first is usually the cause). */
#define CLANG_MAX_ERRORS	5
/* Arguments taken from --cflags. */
#define CLANG_MAX_ARGS		64
/* The probe's name: not a file on disk. */
#define CLANG_PROBE		"livehex-probe.c"

/* One record already converted: its declaration and its node. */
struct clang_seen {
	CXCursor	 decl;
	struct ltype	*type;
};

/* The conversion's state. */
struct clang_conv {
	struct ltree		*tree;
	struct clang_seen	*seen;
	size_t			 nseen;
	char			**cause;
	int			 failed;
	struct ltype		*rec;		/* the record being filled */
};

static const struct ltype *clang_type(struct clang_conv *, CXType);

/* S as a malloc'd C string (and S disposed). */
static char *
clang_str(CXString s)
{
	const char	*c = clang_getCString(s);
	char		*r = xstrdup(c == NULL ? "" : c);

	clang_disposeString(s);
	return r;
}

/* The value kind of the canonical integer or float type T, or -1. */
static int
clang_scalar_kind(CXType t)
{
	switch (t.kind) {
	case CXType_Bool: case CXType_Char_U: case CXType_UChar:
	case CXType_UShort: case CXType_UInt: case CXType_ULong:
	case CXType_ULongLong: case CXType_UInt128: case CXType_Char16:
	case CXType_Char32:
		return VALUE_UINT;
	case CXType_Char_S: case CXType_SChar: case CXType_WChar:
	case CXType_Short: case CXType_Int: case CXType_Long:
	case CXType_LongLong: case CXType_Int128:
		return VALUE_INT;
	case CXType_Float: case CXType_Double:
		return VALUE_FLOAT;
	default:
		return -1;
	}
}

/* clang_visitChildren: add each enumerator to the enum in DATA. */
static enum CXChildVisitResult
clang_enum_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct ltype	*e = data;
	char		*name;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_EnumConstantDecl)
		return CXChildVisit_Continue;
	name = clang_str(clang_getCursorSpelling(c));
	ltype_add_enumval(e, name, e->scalar.kind == VALUE_UINT ?
	    (int64_t)clang_getEnumConstantDeclUnsignedValue(c) :
	    clang_getEnumConstantDeclValue(c));
	free(name);
	return CXChildVisit_Continue;
}

/* The enum CANON (spelled NAME) as a node. */
static const struct ltype *
clang_enum(struct clang_conv *cv, CXType canon, const char *name)
{
	CXCursor	 decl = clang_getTypeDeclaration(canon);
	CXType		 it = clang_getCanonicalType(
			    clang_getEnumDeclIntegerType(decl));
	long long	 size = clang_Type_getSizeOf(canon);
	struct ltype	*e, *s;
	int		 k = clang_scalar_kind(it);

	s = ltree_scalar(cv->tree, k == VALUE_INT ? VALUE_INT : VALUE_UINT,
	    (unsigned)size, name);
	if (s->kind != LTYPE_SCALAR)
		return s;
	e = s;
	e->kind = LTYPE_ENUM;
	clang_visitChildren(decl, clang_enum_visit, e);
	return e;
}

/* clang_Type_visitFields: add field C to cv->rec. */
static enum CXVisitorResult
clang_field_visit(CXCursor c, CXClientData data)
{
	struct clang_conv	*cv = data;
	struct ltype		*rec = cv->rec;
	CXType			 ft = clang_getCursorType(c);
	CXType			 canon = clang_getCanonicalType(ft);
	const struct ltype	*t;
	char			*name = clang_str(clang_getCursorSpelling(c));
	long long		 off = clang_Cursor_getOffsetOfField(c);
	unsigned		 bits = 0;

	if (canon.kind == CXType_IncompleteArray) {
		char	*q = esc_text(name, true), *r = esc_text(rec->name,
			    true);

		cause_set(cv->cause, "%s ends in a flexible array member "
		    "%s[]: its length is not in the type, so livehex cannot "
		    "lay it out (give it a size in a header for livehex, "
		    "e.g. %s[64])", r, q, q);
		free(q);
		free(r);
		free(name);
		cv->failed = 1;
		return CXVisit_Break;
	}
	/* Anonymous struct and union members come with an empty name. */
	if (clang_Cursor_isAnonymousRecordDecl(clang_getTypeDeclaration(
	    canon)))
		name[0] = '\0';
	if (clang_Cursor_isBitField(c))
		bits = (unsigned)clang_getFieldDeclBitWidth(c);
	if (off < 0 || (t = clang_type(cv, ft)) == NULL) {
		if (!cv->failed) {
			char	*q = esc_text(name, true);

			cause_set(cv->cause, "%s: member %s has no layout "
			    "(an incomplete type?)", rec->name, q);
			free(q);
		}
		free(name);
		cv->failed = 1;
		return CXVisit_Break;
	}
	/* A zero-width bitfield only aligns the next one: no member. */
	if (!(clang_Cursor_isBitField(c) && bits == 0)) {
		struct ltype	*keep = cv->rec;

		ltype_add_member(keep, name, (uint64_t)off, bits, t);
	}
	free(name);
	return CXVisit_Continue;
}

/* The record CANON (spelled NAME) as a node, converted once. */
static const struct ltype *
clang_record(struct clang_conv *cv, CXType canon, const char *name)
{
	CXCursor	 decl = clang_getTypeDeclaration(canon);
	long long	 size = clang_Type_getSizeOf(canon);
	long long	 align = clang_Type_getAlignOf(canon);
	struct ltype	*rec, *outer;
	char		*q;

	for (size_t i = 0; i < cv->nseen; i++)
		if (clang_equalCursors(cv->seen[i].decl, decl))
			return cv->seen[i].type;
	if (size < 0) {
		q = esc_text(name, true);
		cause_set(cv->cause, "%s is not defined in the header (no "
		    "such type, or only declared: an incomplete type has no "
		    "layout)", q);
		free(q);
		cv->failed = 1;
		return NULL;
	}
	rec = ltree_add(cv->tree, clang_getCursorKind(decl) ==
	    CXCursor_UnionDecl ? LTYPE_UNION : LTYPE_RECORD, name,
	    (uint64_t)size, (uint64_t)(align < 1 ? 1 : align));
	cv->seen = xrealloc(cv->seen, (cv->nseen + 1) * sizeof *cv->seen);
	cv->seen[cv->nseen].decl = decl;
	cv->seen[cv->nseen].type = rec;
	cv->nseen++;
	outer = cv->rec;
	cv->rec = rec;
	clang_Type_visitFields(canon, clang_field_visit, cv);
	cv->rec = outer;
	return cv->failed ? NULL : rec;
}

/* T (as spelled) as a node, or NULL with *cv->cause. */
static const struct ltype *
clang_type(struct clang_conv *cv, CXType t)
{
	CXType			 canon = clang_getCanonicalType(t);
	char			*name = clang_str(clang_getTypeSpelling(t));
	long long		 size = clang_Type_getSizeOf(canon);
	const struct ltype	*r = NULL, *elem;
	int			 k;

	if (canon.kind == CXType_Record)
		r = clang_record(cv, canon, name);
	else if (canon.kind == CXType_Enum)
		r = clang_enum(cv, canon, name);
	else if (canon.kind == CXType_ConstantArray) {
		CXType	et = clang_getCanonicalType(
			    clang_getArrayElementType(canon));

		if (et.kind == CXType_Char_S || et.kind == CXType_Char_U)
			r = ltree_add(cv->tree, LTYPE_CHARS, name,
			    (uint64_t)size, 1);
		else if ((elem = clang_type(cv, clang_getArrayElementType(
		    canon))) != NULL)
			r = ltree_array(cv->tree, elem,
			    (uint64_t)clang_getArraySize(canon));
	} else if (canon.kind == CXType_Pointer ||
	    canon.kind == CXType_BlockPointer) {
		struct ltype	*p = ltree_scalar(cv->tree, VALUE_UINT,
				    (unsigned)size, name);

		if (p->kind == LTYPE_SCALAR)
			p->kind = LTYPE_POINTER;
		r = p;
	} else if ((k = clang_scalar_kind(canon)) >= 0 && size > 0)
		r = ltree_scalar(cv->tree, (enum value_kind)k, (unsigned)size,
		    name);
	else if (size > 0)
		r = ltree_add(cv->tree, LTYPE_BLOB, name, (uint64_t)size,
		    (uint64_t)clang_Type_getAlignOf(canon));
	else if (!cv->failed) {
		char	*q = esc_text(name, true);

		cause_set(cv->cause, "%s has no size livehex can use", q);
		free(q);
		cv->failed = 1;
	}
	free(name);
	return r;
}

/* clang_visitChildren: the probe variable's declaration into DATA. */
static enum CXChildVisitResult
clang_find_probe(CXCursor c, CXCursor parent, CXClientData data)
{
	CXCursor	*out = data;
	char		*name;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_VarDecl)
		return CXChildVisit_Continue;
	name = clang_str(clang_getCursorSpelling(c));
	if (strcmp(name, "livehex_probe") == 0)
		*out = c;
	free(name);
	return CXChildVisit_Continue;
}

/* True if diagnostic D is located in the probe, not in the header. */
static bool
clang_in_probe(CXDiagnostic d)
{
	CXFile	 f;
	char	*name;
	bool	 in;

	clang_getSpellingLocation(clang_getDiagnosticLocation(d), &f, NULL,
	    NULL, NULL);
	if (f == NULL)
		return false;
	name = clang_str(clang_getFileName(f));
	in = strcmp(name, CLANG_PROBE) == 0;
	free(name);
	return in;
}

/* The header's errors in TU as one message (NULL: none), escaped. */
static char *
clang_errors(CXTranslationUnit tu, const char *type, bool *probe_only)
{
	unsigned	 n = clang_getNumDiagnostics(tu), shown = 0, total = 0;
	char		*msg = NULL, *line, *safe, *tmp;

	*probe_only = true;
	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic	d = clang_getDiagnostic(tu, i);

		if (clang_getDiagnosticSeverity(d) < CXDiagnostic_Error) {
			clang_disposeDiagnostic(d);
			continue;
		}
		total++;
		if (!clang_in_probe(d))
			*probe_only = false;
		if (shown < CLANG_MAX_ERRORS && !clang_in_probe(d)) {
			line = clang_str(clang_formatDiagnostic(d,
			    CXDiagnostic_DisplaySourceLocation |
			    CXDiagnostic_DisplayColumn));
			safe = esc_text(line, true);
			tmp = xasprintf("%s%s%s", msg == NULL ? "" : msg,
			    msg == NULL ? "" : "\n", safe);
			free(msg);
			free(safe);
			free(line);
			msg = tmp;
			shown++;
		}
		clang_disposeDiagnostic(d);
	}
	(void)type;
	if (msg != NULL && total > shown) {
		tmp = xasprintf("%s\n(%u more errors)", msg, total - shown);
		free(msg);
		msg = tmp;
	}
	if (total == 0)
		*probe_only = false;
	return msg;
}

/* Split CFLAGS at blanks into ARGV (pointers into the copy *BUF). */
static int
clang_args(const char *cflags, char **buf, const char **argv, int max,
    char **cause)
{
	int	 n = 0;
	char	*s, *save = NULL;

	argv[n++] = "-xc";
	*buf = xstrdup(cflags == NULL ? "" : cflags);
	for (s = strtok_r(*buf, " \t\n", &save); s != NULL;
	    s = strtok_r(NULL, " \t\n", &save)) {
		if (n == max)
			return cause_set(cause, "--cflags: too many flags (at "
			    "most %d)", max - 1);
		argv[n++] = s;
	}
	return n;
}

/* TYPE from HEADER; see ltype_read.h. */
const struct ltype *
ltype_clang_read(struct ltree *t, const char *header, const char *type,
    const char *cflags, char **cause)
{
	CXIndex			 idx;
	CXTranslationUnit	 tu = NULL;
	struct CXUnsavedFile	 probe;
	struct clang_conv	 cv;
	CXCursor		 var = clang_getNullCursor();
	const char		*argv[CLANG_MAX_ARGS + 1];
	const struct ltype	*r = NULL;
	char			*buf = NULL, *text, *hq, *tq, *errs, *abs;
	bool			 probe_only;
	int			 argc;

	hq = esc_text(header, true);
	tq = esc_text(type, true);
	for (const char *p = type; *p != '\0'; p++)
		if (!(*p == '_' || *p == ' ' || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))) {
			cause_set(cause, "%s: a type is a C name: struct NAME, "
			    "union NAME, enum NAME or a typedef's name", tq);
			goto out;
		}
	if ((argc = clang_args(cflags, &buf, argv, CLANG_MAX_ARGS,
	    cause)) < 0)
		goto out;
	/* The probe includes the header by its absolute name. */
	abs = realpath(header, NULL);
	if (abs == NULL || strpbrk(abs, "\"\\\n") != NULL) {
		free(abs);
		cause_set(cause, "%s: cannot be #included (a name with \", \\ "
		    "or a newline)", hq);
		goto out;
	}
	text = xasprintf("#include \"%s\"\n%s *livehex_probe;\n", abs, type);
	free(abs);
	probe.Filename = CLANG_PROBE;
	probe.Contents = text;
	probe.Length = strlen(text);
	idx = clang_createIndex(0, 0);
	if (clang_parseTranslationUnit2(idx, CLANG_PROBE, argv, argc, &probe,
	    1, CXTranslationUnit_SkipFunctionBodies, &tu) != CXError_Success) {
		cause_set(cause, "%s: libclang could not parse it (check "
		    "--cflags)", hq);
		free(text);
		clang_disposeIndex(idx);
		goto out;
	}
	errs = clang_errors(tu, type, &probe_only);
	if (errs != NULL) {
		cause_set(cause, "%s does not compile:\n%s", hq, errs);
		free(errs);
	} else if (probe_only)
		cause_set(cause, "%s has no type %s (a type is struct NAME, "
		    "union NAME, enum NAME or a typedef's name)", hq, tq);
	else {
		clang_visitChildren(clang_getTranslationUnitCursor(tu),
		    clang_find_probe, &var);
		memset(&cv, 0, sizeof cv);
		cv.tree = t;
		cv.cause = cause;
		if (clang_Cursor_isNull(var))
			cause_set(cause, "%s has no type %s", hq, tq);
		else
			r = clang_type(&cv, clang_getPointeeType(
			    clang_getCursorType(var)));
		free(cv.seen);
	}
	clang_disposeTranslationUnit(tu);
	clang_disposeIndex(idx);
	free(text);
out:
	free(buf);
	free(hq);
	free(tq);
	return r;
}

#else

/* TYPE from HEADER: not in this build. */
const struct ltype *
ltype_clang_read(struct ltree *t, const char *header, const char *type,
    const char *cflags, char **cause)
{
	(void)t;
	(void)header;
	(void)type;
	(void)cflags;
	cause_set(cause, "this livehex was built without C header support "
	    "(libclang): install libclang-dev and run configure again, or "
	    "write a .layout file (docs/layouts.md)");
	return NULL;
}

#endif
