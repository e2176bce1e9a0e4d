/* SPDX-License-Identifier: ISC */
/*
 * ring.h - a shared ring buffer as a real program would declare it: the
 * test data for livehex's C header layouts (tests/unit/check_layout_c.c
 * compiles a program that prints offsetof/sizeof of every member and
 * compares them with what livehex read).
 */
#ifndef RING_H
#define RING_H

#include <stdint.h>
#include "ring_types.h"

#ifndef RING_SLOTS
#define RING_SLOTS 64
#endif

struct ring_hdr {
	char		magic[8];
	uint16_t	version;
	uint16_t	flags;
	int32_t		owner_pid;
	void		*base;
};

union ring_word {
	uint64_t	u;
	double		d;
	uint8_t		b[8];
};

struct ring {
	struct ring_hdr	hdr;
	uint32_t	head, tail;
	union ring_word	last;
	struct {
		uint16_t	lo;
		uint16_t	hi;
	};
	int16_t		matrix[3][4];
	struct slot	slots[RING_SLOTS];
	uint64_t	aligned __attribute__((aligned(64)));
};

typedef struct ring ring_t;

#pragma pack(push, 1)
struct packed_msg {
	uint8_t		type;
	uint32_t	len;
	uint16_t	crc;
	uint8_t		bits : 5;
	uint8_t		more : 3;
};
#pragma pack(pop)

struct big {
	uint32_t	count;
	struct slot	items[100000];
};

#endif
