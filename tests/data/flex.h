/* SPDX-License-Identifier: ISC */
/* flex.h - a struct ending in a flexible array member (an error). */
#include <stdint.h>
struct msg {
	uint32_t	len;
	uint8_t		data[];
};
