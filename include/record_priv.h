/* SPDX-License-Identifier: ISC */
/*
 * record_priv.h - the recording format's layout, shared by the writer
 * (record.c) and the reader (record_read.c); nothing else includes it.
 * docs/record-format.md is the same thing in words.
 */
#ifndef LIVEHEX_RECORD_PRIV_H
#define LIVEHEX_RECORD_PRIV_H

#include <stdint.h>
#include <string.h>

/* The file header: magic, version, wall clock, source name. */
#define RECORD_MAGIC		"LHREC\r\n\032"	/* 8 bytes: text-mode damage
						   shows as a bad magic */
#define RECORD_MAGIC_LEN	8
#define RECORD_HEAD_LEN		48	/* fixed part; the name follows */
#define RECORD_NAME_MAX		4096

/* Offsets in the file header. */
#define RECORD_H_VERSION	8	/* u32 */
#define RECORD_H_NAMELEN	12	/* u32 */
#define RECORD_H_WALL		16	/* u64 ns since the epoch */
#define RECORD_H_RESERVED	24	/* 16 bytes of zeros */
#define RECORD_H_SUM		40	/* u64 XXH3 of [0, 40) and the name */

/* A block header; the stored payload follows. */
#define RECORD_BLOCK_MAGIC	0x4b4c4248u	/* "HBLK" little-endian */
#define RECORD_BLOCK_LEN	40
#define RECORD_B_MAGIC		0	/* u32 */
#define RECORD_B_TYPE		4	/* u8: RECORD_BT_* */
#define RECORD_B_CODEC		5	/* u8: RECORD_CODEC_* */
#define RECORD_B_RESERVED	6	/* u16 zero */
#define RECORD_B_RAW		8	/* u32 payload bytes once decoded */
#define RECORD_B_STORED		12	/* u32 payload bytes in the file */
#define RECORD_B_T0		16	/* u64 first time in the block */
#define RECORD_B_T1		24	/* u64 last time in the block */
#define RECORD_B_SUM		32	/* u64 XXH3 of [0, 32) + payload */

/* Block types. */
#define RECORD_BT_KEY		1	/* a piece of an image */
#define RECORD_BT_DELTA		2	/* changes */
#define RECORD_BT_END		3	/* the recording was finished */

/* Codecs. */
#define RECORD_CODEC_RAW	0
#define RECORD_CODEC_ZSTD	1

/* The largest payload either side accepts (raw or stored). */
#ifndef RECORD_PAYLOAD_MAX
#define RECORD_PAYLOAD_MAX	(64u * 1024 * 1024)
#endif
/* A keyframe is cut into pieces of this many image bytes. */
#ifndef RECORD_KEY_PIECE
#define RECORD_KEY_PIECE	(16u * 1024 * 1024)
#endif

/* A KEY payload: u64 image size, u64 offset of the piece, its bytes. */
#define RECORD_KEY_HEAD		16
/* DELTA records: u8 op, u64 time, then per op. */
#define RECORD_OP_BYTES		1	/* u64 off, u32 len, len bytes */
#define RECORD_OP_SIZE		2	/* u64 new size */
#define RECORD_OP_BYTES_HEAD	21	/* 1 + 8 + 8 + 4 */
#define RECORD_OP_SIZE_LEN	17	/* 1 + 8 + 8 */
/* END payload: u64 changes, u64 changed bytes, u64 blocks before it. */
#define RECORD_END_LEN		24

/* Little-endian stores and loads, whatever the host. */
static inline void
record_put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void
record_put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint32_t
record_get32(const uint8_t *p)
{
	uint32_t	v = 0;

	for (int i = 3; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static inline uint64_t
record_get64(const uint8_t *p)
{
	uint64_t	v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* The checksum of a block: XXH3 of its first 32 header bytes, then
   seeded with that, of the stored payload (record.c). */
uint64_t	record_block_sum(const uint8_t *head, const uint8_t *payload,
		    size_t len);
/* The checksum of the file header and name (record.c). */
uint64_t	record_head_sum(const uint8_t *head, const uint8_t *name,
		    size_t len);

#endif
