/* SPDX-License-Identifier: ISC */
/* broken.h - a header that does not compile (an error, with clang's words). */
struct broken {
	uint32_t	x;
	int		y
};
