// SPDX-License-Identifier: GPL-2.0
/*
 * kafka.c - the Kafka sink (kafka.h).  librdkafka does the protocol, the
 * batching, lz4 and the idempotent producer's retries in its own threads;
 * this file hands it records and serves its callbacks from the
 * recorder's main thread (rd_kafka_poll in write and flush), so the
 * counts and the spill file need no lock.
 *
 * A record librdkafka gives up on (its queue full, the message timeout,
 * the producer failed, still queued at the end) goes to the spill file,
 * or when that is full is dropped; both counted.  After such a loss,
 * the next record that gets through is followed by a notice record
 * saying how many were spilled and dropped, so a consumer of the topic
 * learns it in-band (a notice that fails too is counted into the next);
 * what no notice in the topic told goes in one at the end of the spill
 * file.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>

#include "kafka.h"
#include "kafkanotice.h"
#include "kafkaspill.h"

/* Room kept in the spill file for the notice at its end. */
#define NOTICE_ROOM	1024
/* The same librdkafka error is said again on stderr at most this often. */
#define REPEAT_NS	30000000000LL

struct ut_kafka {
	rd_kafka_t *rk;
	rd_kafka_topic_t *rkt;
	char *spec, *brokers;
	int timeout_ms;
	struct ut_kspill spill;
	unsigned long long produced, delivered, spilled, dropped;
	/* Spilled and dropped since the last in-band notice. */
	unsigned long long new_spilled, new_dropped;
	bool sent_after_loss;	/* a record got through since */
	bool all_down;		/* every broker failed (error callback) */
	bool failed;		/* a fatal producer error: spill all */
	bool said_spill, said_drop;
	int last_err;		/* the last error said on stderr */
	long long last_err_ns;
	char errstr[512];	/* the last error seen */
	char cause[512];	/* the last error of a broker (not "all down") */
	struct ut_knotice notice;
};

/* The opaque of a notice (records have none): what it reports. */
struct notice {
	unsigned long long spilled, dropped;
};

static long long now_ns(int clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* A topic name Kafka accepts: [A-Za-z0-9._-], 1 to 249, not . or .. */
static bool good_topic(const char *t, char *err, size_t errlen)
{
	size_t i, n = strlen(t);

	if (!n || n > 249 || !strcmp(t, ".") || !strcmp(t, "..")) {
		snprintf(err, errlen, "a topic name is 1 to 249 characters, not '.' or '..'");
		return false;
	}
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)t[i]) && !strchr("._-", t[i])) {
			snprintf(err, errlen, "topic '%s': a topic name has only letters, digits, '.', '_' and '-'",
				 t);
			return false;
		}
	}
	return true;
}

/* One broker: [PROTO://]host[:port], host a name, an IPv4 or [IPv6]. */
static bool good_broker(const char *b, size_t n, char *err, size_t errlen)
{
	const char *p = memmem(b, n, "://", 3), *end = b + n, *colon;
	char *stop;
	long port;

	if (p)
		n -= p + 3 - b, b = p + 3;
	if (n && b[0] == '[') {
		p = memchr(b, ']', n);
		colon = p && p + 1 < end && p[1] == ':' ? p + 1 : NULL;
		if (!p || p == b + 1 || (p + 1 < end && !colon))
			goto bad;
	} else {
		colon = memrchr(b, ':', n);
		if (colon == b || !n)
			goto bad;
		for (p = b; p < (colon ? colon : end); p++)
			if (!isalnum((unsigned char)*p) && !strchr(".-_", *p))
				goto bad;
	}
	if (!colon)
		return true;
	port = strtol(colon + 1, &stop, 10);
	if (stop == end && colon + 1 < end && isdigit((unsigned char)colon[1]) &&
	    port > 0 && port < 65536)
		return true;
bad:
	snprintf(err, errlen, "broker '%.*s': a broker is host[:port] (port 1-65535; an IPv6 address in brackets)",
		 (int)n, b);
	return false;
}

bool ut_kafka_parse_spec(const char *spec, char **brokers, char **topic,
			 char *err, size_t errlen)
{
	const char *slash = strrchr(spec, '/'), *b, *comma;

	if (!slash || slash == spec || (slash > spec && slash[-1] == '/')) {
		snprintf(err, errlen, "'%s' is not BROKERS/TOPIC (host:port[,host:port...]/topic)",
			 spec);
		return false;
	}
	if (!good_topic(slash + 1, err, errlen))
		return false;
	for (b = spec; b < slash; b = comma + 1) {
		comma = memchr(b, ',', slash - b);
		if (!comma)
			comma = slash;
		if (!good_broker(b, comma - b, err, errlen))
			return false;
	}
	if (brokers)
		*brokers = strndup(spec, slash - spec);
	if (topic)
		*topic = strdup(slash + 1);
	if ((brokers && !*brokers) || (topic && !*topic)) {
		fputs("utrace-record: out of memory\n", stderr);
		abort();
	}
	return true;
}

/* The notice of what was spilled and dropped, one line (no newline). */
static void notice(struct ut_kafka *k, struct sbuf *sb,
		   unsigned long long spilled, unsigned long long dropped)
{
	struct ut_kcounts c = {
		.records = k->produced, .delivered = k->delivered,
		.spilled = k->spilled, .dropped = k->dropped,
		.new_spilled = spilled, .new_dropped = dropped,
		.spill_file = k->spill.path ? k->spill.path : "",
	};

	ut_knotice_render(&k->notice, sb, &c);
}

/* A record librdkafka will not deliver: spill or drop it. */
static void lose(struct ut_kafka *k, const void *p, size_t len)
{
	k->sent_after_loss = false;
	if (ut_kspill_write(&k->spill, p, len, NOTICE_ROOM)) {
		k->spilled++;
		k->new_spilled++;
		if (!k->said_spill)
			fprintf(stderr, "utrace-record: kafka %s: cannot deliver (%s): spilling records to %s\n",
				k->spec, k->errstr, k->spill.path);
		k->said_spill = true;
		return;
	}
	k->dropped++;
	k->new_dropped++;
	if (!k->said_drop)
		fprintf(stderr, "utrace-record: kafka %s: spill file %s %s: dropping records\n",
			k->spec, k->spill.path,
			k->spill.err ? strerror(k->spill.err) :
			"is full (--kafka-spill-max)");
	k->said_drop = true;
}

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m,
			void *opaque)
{
	struct ut_kafka *k = opaque;
	struct notice *n = m->_private;

	(void)rk;
	if (n) {
		/* Not told in the topic: the next notice tells it. */
		if (m->err) {
			k->new_spilled += n->spilled;
			k->new_dropped += n->dropped;
		}
		free(n);
		return;
	}
	if (!m->err) {
		k->delivered++;
		k->sent_after_loss = true;
		return;
	}
	/* A purge is ours (drain()), which said why. */
	if (m->err != RD_KAFKA_RESP_ERR__PURGE_QUEUE &&
	    m->err != RD_KAFKA_RESP_ERR__PURGE_INFLIGHT)
		snprintf(k->errstr, sizeof(k->errstr), "%s",
			 rd_kafka_err2str(m->err));
	lose(k, m->payload, m->len);
}

/* Errors of librdkafka's own: said on stderr, the same one not often. */
static void on_error(rd_kafka_t *rk, int err, const char *reason,
		     void *opaque)
{
	struct ut_kafka *k = opaque;
	long long t = now_ns(CLOCK_MONOTONIC);
	char fatal[512];

	snprintf(k->errstr, sizeof(k->errstr), "%s", reason);
	if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
		k->all_down = true;
	else
		snprintf(k->cause, sizeof(k->cause), "%s", reason);
	if (err == RD_KAFKA_RESP_ERR__FATAL) {
		rd_kafka_fatal_error(rk, fatal, sizeof(fatal));
		snprintf(k->errstr, sizeof(k->errstr), "%s", fatal);
		k->failed = true;
	}
	if (!k->rkt)
		return;		/* starting: said by wait_brokers() */
	if (err == k->last_err && t - k->last_err_ns < REPEAT_NS)
		return;
	k->last_err = err;
	k->last_err_ns = t;
	fprintf(stderr, "utrace-record: kafka %s: %s\n", k->spec, k->errstr);
}

/* librdkafka's log lines: only with --kafka-conf debug=... */
static void on_log(const rd_kafka_t *rk, int level, const char *fac,
		   const char *buf)
{
	(void)rk, (void)level, (void)fac, (void)buf;
}

/* The notice of new losses, once a record got through after them. */
static void send_notice(struct ut_kafka *k)
{
	struct sbuf sb = { 0 };
	struct notice *n;

	if (!(k->new_spilled + k->new_dropped) || !k->sent_after_loss)
		return;
	n = malloc(sizeof(*n));
	if (!n)
		return;		/* told later */
	n->spilled = k->new_spilled;
	n->dropped = k->new_dropped;
	notice(k, &sb, n->spilled, n->dropped);
	if (rd_kafka_produce(k->rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY,
			     sb.buf, sb.len, NULL, 0, n))
		free(n);	/* not queued: told by the next */
	else
		k->new_spilled = k->new_dropped = 0;
	sb_free(&sb);
}

/* One record into librdkafka's queue (copied); 0, or -1 when refused. */
static int produce(struct ut_kafka *k, const char *key, const char *rec,
		   size_t len)
{
	return rd_kafka_produce(k->rkt, RD_KAFKA_PARTITION_UA,
				RD_KAFKA_MSG_F_COPY, (void *)rec, len,
				key, key ? strlen(key) : 0, NULL);
}

static int kafka_write(void *priv, const char *key, const char *rec,
		       size_t len)
{
	struct ut_kafka *k = priv;

	if (key && !key[0])
		key = NULL;
	k->produced++;
	if (len && rec[len - 1] == '\n')
		len--;		/* a message is one record: no separator */
	ut_knotice_learn(&k->notice, rec, len);
	if (k->failed) {
		lose(k, rec, len);
		return 0;
	}
	if (produce(k, key, rec, len)) {
		/* Queue full: serve the delivery reports, then once more. */
		rd_kafka_poll(k->rk, 0);
		if (produce(k, key, rec, len)) {
			snprintf(k->errstr, sizeof(k->errstr), "%s",
				 rd_kafka_err2str(rd_kafka_last_error()));
			lose(k, rec, len);
			return 0;
		}
	}
	/* Delivery reports, cheaply: every 64 records, and at each flush. */
	if (!(k->produced & 63))
		rd_kafka_poll(k->rk, 0);
	return 0;
}

static int kafka_flush(void *priv)
{
	struct ut_kafka *k = priv;

	rd_kafka_poll(k->rk, 0);
	send_notice(k);
	return 0;
}

/*
 * The end: deliver what is queued within the timeout, then take back
 * what is left (purged: its delivery report is a failure, so it spills;
 * a purged message in flight may still have reached the broker, so the
 * spill file can repeat one, seq tells).
 */
static void drain(struct ut_kafka *k)
{
	long long end;

	rd_kafka_poll(k->rk, 0);
	send_notice(k);
	rd_kafka_flush(k->rk, k->timeout_ms);
	if (rd_kafka_outq_len(k->rk) > 0) {
		snprintf(k->errstr, sizeof(k->errstr),
			 "not delivered within --kafka-timeout at the end");
		rd_kafka_purge(k->rk, RD_KAFKA_PURGE_F_QUEUE |
			       RD_KAFKA_PURGE_F_INFLIGHT);
	}
	end = now_ns(CLOCK_MONOTONIC) + 2000000000LL;
	while (rd_kafka_outq_len(k->rk) > 0 && now_ns(CLOCK_MONOTONIC) < end)
		rd_kafka_poll(k->rk, 100);
}

static int kafka_close(void *priv, FILE *report)
{
	struct ut_kafka *k = priv;
	unsigned long long gone;
	struct sbuf sb = { 0 };
	int ret = 0;

	drain(k);
	/* What librdkafka never reported on: dropped, so the counts add up. */
	gone = k->produced - k->delivered - k->spilled - k->dropped;
	k->dropped += gone;
	k->new_dropped += gone;
	if (k->new_spilled + k->new_dropped) {
		notice(k, &sb, k->new_spilled, k->new_dropped);
		ut_kspill_write(&k->spill, sb.buf, sb.len, 0);
		sb_free(&sb);
	}
	fprintf(report, "utrace-record: kafka %s: %llu records: %llu delivered, %llu spilled%s%s, %llu dropped\n",
		k->spec, k->produced, k->delivered, k->spilled,
		k->spill.size ? " to " : "", k->spill.size ? k->spill.path : "",
		k->dropped);
	if (k->dropped)
		ret = -EIO;
	ut_kspill_close(&k->spill);
	rd_kafka_topic_destroy(k->rkt);
	rd_kafka_destroy(k->rk);
	free(k->spec);
	free(k->brokers);
	ut_knotice_free(&k->notice);
	free(k);
	return ret;
}

static const struct ut_sink_ops kafka_ops = {
	.name = "kafka",
	.write = kafka_write,
	.flush = kafka_flush,
	.close = kafka_close,
};

static void conf_set(rd_kafka_conf_t *conf, const char *key,
		     const char *val)
{
	char err[512];

	if (rd_kafka_conf_set(conf, key, val, err, sizeof(err)) !=
	    RD_KAFKA_CONF_OK)
		fatal("kafka setting %s=%s: %s", key, val, err);
}

/* The producer's settings: ours, then --kafka-conf's over them. */
static rd_kafka_conf_t *make_conf(struct ut_kafka *k, const struct opts *o)
{
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	bool debug = false;
	char *key, *eq;
	int i;

	conf_set(conf, "bootstrap.servers", k->brokers);
	conf_set(conf, "client.id", "utrace-record");
	conf_set(conf, "enable.idempotence", "true");
	conf_set(conf, "compression.codec", "lz4");
	conf_set(conf, "queue.buffering.max.messages", UT_KAFKA_QUEUE_MSGS);
	conf_set(conf, "queue.buffering.max.kbytes", UT_KAFKA_QUEUE_KB);
	conf_set(conf, "message.timeout.ms", UT_KAFKA_MSG_TIMEOUT_MS);
	for (i = 0; i < o->nkafka_conf; i++) {
		eq = strchr(o->kafka_conf[i], '=');
		key = strndup(o->kafka_conf[i], eq - o->kafka_conf[i]);
		if (!key)
			fatal("out of memory");
		conf_set(conf, key, eq + 1);
		debug |= !strcmp(key, "debug");
		free(key);
	}
	rd_kafka_conf_set_opaque(conf, k);
	rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
	rd_kafka_conf_set_error_cb(conf, on_error);
	if (!debug)
		rd_kafka_conf_set_log_cb(conf, on_log);
	return conf;
}

/* The start failed: the spill file made for nothing goes, then exit. */
static void __attribute__((noreturn))
open_failed(struct ut_kafka *k, const char *why)
{
	ut_kspill_close(&k->spill);
	fatal("kafka %s: %s", k->spec, why);
}

/*
 * "Unreachable at start": no broker of BROKERS answered a metadata
 * request within --kafka-timeout, or every one of them failed (refused,
 * not resolved) before.  The topic must then be known with partitions.
 */
static void wait_brokers(struct ut_kafka *k, const char *topic,
			 rd_kafka_topic_t *rkt)
{
	char why[1200];

	long long end = now_ns(CLOCK_MONOTONIC) + k->timeout_ms * 1000000LL;
	const struct rd_kafka_metadata *md;
	rd_kafka_resp_err_t err;

	for (;;) {
		err = rd_kafka_metadata(k->rk, 0, rkt, &md, 200);
		if (!err && md->topic_cnt == 1 && !md->topics[0].err &&
		    md->topics[0].partition_cnt > 0) {
			rd_kafka_metadata_destroy(md);
			return;
		}
		if (!err) {
			err = md->topic_cnt == 1 ? md->topics[0].err : 0;
			rd_kafka_metadata_destroy(md);
			snprintf(k->errstr, sizeof(k->errstr), "topic %s: %s",
				 topic, err ? rd_kafka_err2str(err) :
				 "no partitions");
			/* Not made on demand by this cluster: no use waiting. */
			if (err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
				open_failed(k, k->errstr);
		}
		rd_kafka_poll(k->rk, 0);
		if (k->all_down) {
			snprintf(why, sizeof(why), "cannot reach the brokers: %s (%s)",
				 k->cause, k->errstr);
			open_failed(k, why);
		}
		if (now_ns(CLOCK_MONOTONIC) >= end) {
			snprintf(why, sizeof(why), "%s within %g s (--kafka-timeout)",
				 k->errstr[0] ? k->errstr : "no answer",
				 k->timeout_ms / 1000.0);
			open_failed(k, why);
		}
	}
}

void ut_kafka_open(struct ut_sink *sk, const struct opts *o)
{
	struct ut_kafka *k = calloc(1, sizeof(*k));
	char err[512], *topic, *path;
	rd_kafka_topic_t *rkt;
	rd_kafka_conf_t *conf;

	if (!k)
		fatal("out of memory");
	if (!ut_kafka_parse_spec(o->kafka, &k->brokers, &topic, err,
				 sizeof(err)))
		fatal("--kafka: %s", err);
	k->spec = strdup(o->kafka);
	k->timeout_ms = (int)(o->kafka_timeout * 1000);
	ut_knotice_init(&k->notice, o->kafka_otlp);
	path = o->kafka_spill ? strdup(o->kafka_spill) :
	       ut_kspill_default(o->out);
	if (!k->spec || !path)
		fatal("out of memory");
	conf = make_conf(k, o);		/* a refused setting: nothing made yet */
	if (!ut_kspill_open(&k->spill, path, o->kafka_spill_max, err,
			    sizeof(err)))
		fatal("kafka: %s (--kafka-spill FILE names another)", err);
	free(path);
	k->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err,
			     sizeof(err));
	if (!k->rk)
		open_failed(k, err);
	rkt = rd_kafka_topic_new(k->rk, topic, NULL);
	if (!rkt)
		open_failed(k, rd_kafka_err2str(rd_kafka_last_error()));
	wait_brokers(k, topic, rkt);
	free(topic);
	k->rkt = rkt;
	k->errstr[0] = '\0';
	memset(sk, 0, sizeof(*sk));
	sk->ops = &kafka_ops;
	sk->priv = k;
	sk->what = o->kafka;	/* outlives k: read after close */
	sk->form = o->kafka_otlp ? UT_FORM_OTLP : UT_FORM_JSON;
	/* Not per-call syscall events (output.c adds them for --per-call). */
	sk->takes = UT_REC_EVENTS | UT_REC_SYSUM;
}
