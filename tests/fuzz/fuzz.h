/* SPDX-License-Identifier: ISC */
/*
 * fuzz.h - what every libFuzzer target shares: the entry point's
 * prototype and FUZZ_CHECK, an assertion that survives NDEBUG.
 */
#ifndef LIVEHEX_FUZZ_H
#define LIVEHEX_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Abort with a message: libFuzzer saves the input that got here. */
#define FUZZ_CHECK(c) do {						\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #c);					\
		abort();						\
	}								\
} while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
