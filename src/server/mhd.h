/*
 * mhd.h - the libmicrohttpd adapter (mhd.c): the only file that sees MHD
 * types.  It turns MHD's callbacks into struct tu_http_req, runs
 * tu_dispatch, and turns struct tu_http_resp back into an MHD response
 * (a buffer, or a server-sent event stream read from jobs.h).
 *
 * Ownership: struct tu_mhd owns the daemon; the server context is
 * borrowed and must outlive it.
 */
#ifndef TUTOR_SERVER_MHD_H
#define TUTOR_SERVER_MHD_H

#include <stdint.h>

#include "tutor/err.h"

struct tu_srv;
struct tu_mhd;

/* Starts the daemon on s->cfg.bind:port with s->cfg's limits and threads.
 * TU_EINVAL for a bind address that is not an IPv4/IPv6 literal, TU_EIO
 * when the daemon does not start (port in use, ...). */
enum tu_status tu_mhd_start(struct tu_srv *s, struct tu_mhd **out,
			    struct tu_err *err);
/* The bound port. */
uint16_t tu_mhd_port(const struct tu_mhd *m);
/* Stops accepting, finishes the requests in flight, stops the threads and
 * frees m (NULL is fine).  Streams must have been closed first
 * (tu_jobs_close_streams), so that no connection stays suspended. */
void tu_mhd_stop(struct tu_mhd *m);

#endif
