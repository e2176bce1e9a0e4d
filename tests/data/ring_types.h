/* SPDX-License-Identifier: ISC */
/* ring_types.h - the slot of ring.h, in its own header (#include test). */
#ifndef RING_TYPES_H
#define RING_TYPES_H

#include <stdint.h>

enum slot_state { SLOT_EMPTY = 0, SLOT_READY = 2, SLOT_BUSY = 3,
	SLOT_DEAD = -1 };

typedef struct slot {
	uint32_t	seq;
	enum slot_state	state;
	uint16_t	len;
	unsigned	kind : 3;
	unsigned	urgent : 1;
	signed		prio : 4;
	uint8_t		payload[6];
	double		stamp;
} slot_t;

#endif
