// SPDX-License-Identifier: GPL-2.0
/*
 * kafka-mock TOPIC [PARTITIONS [BROKERS]]: a Kafka protocol endpoint on
 * 127.0.0.1 for the recorder's tests, librdkafka's mock cluster (the
 * broker side of librdkafka's own test suite).  Creates TOPIC with
 * PARTITIONS partitions (default 4) on BROKERS brokers (default 1),
 * prints the bootstrap servers ("127.0.0.1:PORT,...") on one line of
 * stdout, then serves until SIGTERM or SIGINT.  SIGUSR1 takes every
 * broker down (connections cut, new ones refused), SIGUSR2 brings them
 * back: a broker outage without losing what the cluster holds.
 * KAFKA_MOCK_NO_TOPIC=NAME: metadata for topic NAME says it does not
 * exist (a broker that does not create topics on demand).
 *
 * The cluster lives in this process's threads; kcat and the recorder
 * reach it over TCP.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

static volatile sig_atomic_t last_sig;

static void on_signal(int sig)
{
	last_sig = sig;
}

static int number(const char *s, int min, int max, const char *what)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end || v < min || v > max) {
		fprintf(stderr, "kafka-mock: %s must be %d..%d, not '%s'\n",
			what, min, max, s);
		exit(2);
	}
	return (int)v;
}

/* The rd_kafka_t the cluster needs for its bookkeeping: a quiet producer. */
static rd_kafka_t *handle(void)
{
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	char err[256];
	rd_kafka_t *rk;

	rd_kafka_conf_set(conf, "log_level", "3", NULL, 0);
	rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
	if (!rk) {
		fprintf(stderr, "kafka-mock: %s\n", err);
		exit(1);
	}
	return rk;
}

int main(int argc, char **argv)
{
	rd_kafka_mock_cluster_t *mc;
	int parts = 4, brokers = 1, sig;
	struct sigaction sa;
	sigset_t block, old;
	rd_kafka_t *rk;

	if (argc < 2 || argc > 4) {
		fputs("usage: kafka-mock TOPIC [PARTITIONS [BROKERS]]\n", stderr);
		return 2;
	}
	if (argc > 2)
		parts = number(argv[2], 1, 1000, "PARTITIONS");
	if (argc > 3)
		brokers = number(argv[3], 1, 9, "BROKERS");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	/* librdkafka's threads inherit this mask: the signals come here. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, &old);

	rk = handle();
	mc = rd_kafka_mock_cluster_new(rk, brokers);
	if (!mc) {
		fputs("kafka-mock: cannot create the mock cluster\n", stderr);
		return 1;
	}
	if (rd_kafka_mock_topic_create(mc, argv[1], parts, 1)) {
		fprintf(stderr, "kafka-mock: cannot create topic %s\n", argv[1]);
		return 1;
	}
	if (getenv("KAFKA_MOCK_NO_TOPIC"))
		rd_kafka_mock_topic_set_error(mc, getenv("KAFKA_MOCK_NO_TOPIC"),
				RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
	printf("%s\n", rd_kafka_mock_cluster_bootstraps(mc));
	fflush(stdout);

	for (;;) {
		sigsuspend(&old);
		sig = last_sig;
		if (sig == SIGTERM || sig == SIGINT)
			break;
		if (sig == SIGUSR1)
			rd_kafka_mock_broker_set_down(mc, -1);
		else if (sig == SIGUSR2)
			rd_kafka_mock_broker_set_up(mc, -1);
	}
	rd_kafka_mock_cluster_destroy(mc);
	rd_kafka_destroy(rk);
	return 0;
}
