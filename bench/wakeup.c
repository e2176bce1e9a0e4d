/* SPDX-License-Identifier: ISC */
/*
 * bench/wakeup.c - what one idle wake-up costs, by the way it sleeps.
 *
 * usage: bench/wakeup [PERIOD-MS [WAKE-UPS]]    (default 10 ms, 500)
 *
 * The viewer's idle tick (loop.c) is one wake-up every 10 ms and a
 * glance without a system call, so the wake-up is what it costs (issue
 * 12: idle CPU at most 0.3 % of a core).  This measures the CPU time of
 * WAKE-UPS wake-ups at PERIOD-MS, each way a loop could sleep, with the
 * descriptors the viewer watches (a pty, an inotify descriptor on an
 * empty directory, a signalfd: none of them ready):
 *
 *  - poll(2) with no descriptor;
 *  - poll(2) over the three, as the viewer does;
 *  - epoll_wait(2) over the three (registered once);
 *  - clock_nanosleep(2) (what a glancing thread would do);
 *  - read(2) of a periodic timerfd.
 *
 * Each row: microseconds of CPU (user + system, CLOCK_PROCESS_CPUTIME_ID)
 * per wake-up and the % of one core that makes at this period, median of
 * three rounds, the ways alternated.  A benchmark, not a test: nothing
 * here decides pass or fail (docs/design.md, "Tests").
 */
#include "config.h"

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define BENCH_ROUNDS	3
#define BENCH_WAYS	5

static const char *const	bench_names[BENCH_WAYS] = {
	"poll(2), no descriptor",
	"poll(2) over a pty, inotify, signalfd",
	"epoll_wait(2) over the same",
	"clock_nanosleep(2)",
	"read(2) of a periodic timerfd",
};

/* Seconds of CLOCK on the clock. */
static double
bench_clock(clockid_t clock)
{
	struct timespec	ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The median of the BENCH_ROUNDS doubles at V (sorts V). */
static double
bench_median(double *v)
{
	for (int i = 1; i < BENCH_ROUNDS; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double	t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[BENCH_ROUNDS / 2];
}

int
main(int argc, char **argv)
{
	int			 ms = argc > 1 ? atoi(argv[1]) : 10;
	int			 n = argc > 2 ? atoi(argv[2]) : 500;
	char			 dir[] = "/tmp/livehex-bench-wakeup.XXXXXX";
	double			 us[BENCH_WAYS][BENCH_ROUNDS];
	struct pollfd		 pfd[3];
	struct epoll_event	 ev, evs[3];
	struct itimerspec	 its;
	sigset_t		 set;
	int			 master, slave, ep, tfd;
	uint64_t		 expiries;

	if (ms <= 0 || n <= 0) {
		fprintf(stderr, "usage: bench/wakeup [PERIOD-MS "
		    "[WAKE-UPS]]\n");
		return 2;
	}
	if (mkdtemp(dir) == NULL || openpty(&master, &slave, NULL, NULL,
	    NULL) == -1) {
		perror("bench/wakeup");
		return 1;
	}
	pfd[0].fd = slave;
	pfd[1].fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	inotify_add_watch(pfd[1].fd, dir, IN_ALL_EVENTS);
	sigemptyset(&set);
	sigaddset(&set, SIGWINCH);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pfd[2].fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	ep = epoll_create1(EPOLL_CLOEXEC);
	for (int i = 0; i < 3; i++) {
		pfd[i].events = POLLIN;
		ev.events = EPOLLIN;
		ev.data.u32 = (uint32_t)i;
		epoll_ctl(ep, EPOLL_CTL_ADD, pfd[i].fd, &ev);
	}
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	memset(&its, 0, sizeof its);
	its.it_interval.tv_nsec = (long)ms * 1000000L;
	its.it_value = its.it_interval;
	for (int r = 0; r < BENCH_ROUNDS; r++)
		for (int w = 0; w < BENCH_WAYS; w++) {
			struct timespec	ts = { ms / 1000,
					    (long)(ms % 1000) * 1000000L };
			double		c0;

			if (w == 4)
				timerfd_settime(tfd, 0, &its, NULL);
			c0 = bench_clock(CLOCK_PROCESS_CPUTIME_ID);
			for (int i = 0; i < n; i++)
				switch (w) {
				case 0:
					poll(NULL, 0, ms);
					break;
				case 1:
					poll(pfd, 3, ms);
					break;
				case 2:
					epoll_wait(ep, evs, 3, ms);
					break;
				case 3:
					clock_nanosleep(CLOCK_MONOTONIC, 0,
					    &ts, NULL);
					break;
				default:
					if (read(tfd, &expiries,
					    sizeof expiries) == -1)
						perror("read");
					break;
				}
			us[w][r] = (bench_clock(CLOCK_PROCESS_CPUTIME_ID) -
			    c0) / n * 1e6;
		}
	printf("| way to sleep, %d ms period | CPU per wake-up, median of %d "
	    "| %% of a core |\n|---|---:|---:|\n", ms, BENCH_ROUNDS);
	for (int w = 0; w < BENCH_WAYS; w++) {
		double	m = bench_median(us[w]);

		printf("| %s | %.1f us | %.2f %% |\n", bench_names[w], m,
		    m / (ms * 10.0));
	}
	rmdir(dir);
	return 0;
}
