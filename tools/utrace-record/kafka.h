/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kafka.h - --kafka BROKERS/TOPIC: a sink (sink.h) that produces each
 * record as one Kafka message through librdkafka: key the process
 * entity id (one process's records stay in one partition, in order),
 * value the record (JSON envelope or OTLP JSON), lz4, idempotent, a
 * bounded queue.  What cannot be delivered goes to a spill file
 * (kafkaspill.h); the counts are said at the end.
 */
#ifndef UT_KAFKA_H
#define UT_KAFKA_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "sink.h"

/* Defaults of the options. */
#define UT_KAFKA_TIMEOUT	5.0		/* --kafka-timeout, seconds */
#define UT_KAFKA_SPILL_MAX	(256ULL << 20)	/* --kafka-spill-max */
/* The bounds of librdkafka's queue (--kafka-conf may change them). */
#define UT_KAFKA_QUEUE_MSGS	"100000"
#define UT_KAFKA_QUEUE_KB	"65536"
/* A message is given up (and spilled) after this long undelivered. */
#define UT_KAFKA_MSG_TIMEOUT_MS	"60000"

/*
 * Check BROKERS/TOPIC: a comma-separated list of host[:port] (an IPv6
 * address in brackets, an optional PROTO:// prefix), '/', a topic name
 * Kafka accepts.  On success *brokers and *topic are malloc'ed copies
 * (either may be NULL when not wanted); else false with the reason in
 * err.
 */
bool ut_kafka_parse_spec(const char *spec, char **brokers, char **topic,
			 char *err, size_t errlen);

/*
 * Make the Kafka sink of o into sk: the producer, the spill file, and a
 * wait of at most --kafka-timeout for the brokers to answer with the
 * topic's partitions.  Exits with a message (status 1) when the brokers
 * cannot be reached, the topic is not there, a --kafka-conf setting is
 * refused or the spill file cannot be made.
 */
void ut_kafka_open(struct ut_sink *sk, const struct opts *o);

#endif
