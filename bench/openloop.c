// Open-loop HTTP/1.1 load at a fixed rate, for bench/run.sh's latency figures.
//
// Why not the JVM's LoadGenerator: on this 2-core VM its own GC, JIT and thread hand-offs put 8-11 ms into the p99 of
// every target, nginx included, so the gateway's p99 could not be told from the tool's. This is one thread, epoll,
// no allocation on the request path: what it adds is a few microseconds.
//
// Each request is due at start + i / rate and timed from then (no coordinated omission): when every connection is
// busy it waits in a queue, and the wait counts. Keep-alive connections, opened as needed up to --connections.
// Prints one JSON line like LoadGenerator's: rate, seconds, sent, ok, errors, p50/p90/p99 of the full response time,
// and with --stream the p50/p99 of the time to the first "data:" line (a stream is ok when it ended with
// "data: [DONE]"), and warmup_ok.
//
// cc -O2 -o openloop bench/openloop.c
// openloop --url http://127.0.0.1:8080/api/v1/chat/completions --body FILE [--header 'K: V']... [--rate 500]
//          [--seconds 10] [--warmup 2] [--stream] [--connections 64]
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 256
#define BUF 65536

typedef struct {
    int fd;
    int busy;            // a request is out on it
    long long due;       // when that request was due (ns)
    long long first;     // time to the first "data:" line, 0 = not yet
    int saw_done;
    size_t sent;         // bytes of the request written
    char *in;            // bytes read, not yet consumed
    size_t in_len;
    int head_done, status, chunked, close_after;
    long long remaining; // body bytes left (Content-Length), or of the current chunk
    int chunk_state;     // 0 = size line, 1 = chunk data, 2 = CRLF after data, 3 = trailer
    char tail[16];       // last bytes of the decoded body, to find "data:" across chunk and read boundaries
    size_t tail_len;
    int line_start;      // the next decoded byte starts a line
} conn;

static struct sockaddr_in addr;
static char *request;
static size_t request_len;
static int stream_mode;
static int max_conns = 64;
static conn conns[MAX_CONNS];
static int nconns;
static int epfd;

static long long *totals, *firsts;
static long long ntotals, nfirsts, ok_count, done_count;

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(2);
}

static void record(conn *c, int ok) {
    long long now = now_ns();
    done_count++;
    if (ok) {
        ok_count++;
        totals[ntotals++] = now - c->due;
        if (c->first > 0) {
            firsts[nfirsts++] = c->first;
        }
    }
}

static void reset_response(conn *c) {
    c->head_done = 0;
    c->status = 0;
    c->chunked = 0;
    c->close_after = 0;
    c->remaining = 0;
    c->chunk_state = 0;
    c->first = 0;
    c->saw_done = 0;
    c->tail_len = 0;
    c->line_start = 1;
}

static int open_conn(void) {
    if (nconns >= max_conns) {
        return -1;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) die("socket");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *) &addr, sizeof addr) < 0 && errno != EINPROGRESS) die("connect");
    conn *c = &conns[nconns];
    memset(c, 0, sizeof *c);
    c->fd = fd;
    c->in = malloc(BUF + 1);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.u32 = (unsigned) nconns};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
    return nconns++;
}

static void pump_write(conn *c) {
    while (c->busy && c->sent < request_len) {
        ssize_t n = write(c->fd, request + c->sent, request_len - c->sent);
        if (n < 0) {
            return; // EAGAIN (or connecting): EPOLLOUT brings us back; a real error shows on read
        }
        c->sent += (size_t) n;
    }
}

static void start_request(conn *c, long long due) {
    c->busy = 1;
    c->due = due;
    c->sent = 0;
    reset_response(c);
    pump_write(c);
}

// Decoded body bytes: note the first "data:" at a line start and a "data: [DONE]" line.
static void body_bytes(conn *c, const char *p, size_t n) {
    if (!stream_mode) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        if (c->tail_len < sizeof c->tail - 1) {
            c->tail[c->tail_len++] = ch;
        }
        if (ch == '\n') {
            c->tail[c->tail_len] = 0;
            if (strncmp(c->tail, "data: [DONE]", 12) == 0) {
                c->saw_done = 1;
            }
            c->tail_len = 0;
        } else if (c->tail_len == 5 && c->first == 0 && memcmp(c->tail, "data:", 5) == 0) {
            c->first = now_ns() - c->due;
        }
    }
}

// Consumes what it can of c->in; returns 1 when the response is complete.
static int parse(conn *c) {
    size_t pos = 0;
    int complete = 0;
    if (!c->head_done) {
        char *end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
        if (!end) return 0;
        size_t head_len = (size_t) (end - c->in) + 4;
        c->status = atoi(c->in + 9);
        c->remaining = -1;
        // c->in is NUL-terminated after every read, and the head ends at end: every line below has its CRLF
        for (char *line = strstr(c->in, "\r\n") + 2; line < end; line = strstr(line, "\r\n") + 2) {
            char *eol = strstr(line, "\r\n");
            if (strncasecmp(line, "content-length:", 15) == 0) c->remaining = atoll(line + 15);
            if (strncasecmp(line, "transfer-encoding:", 18) == 0 && memmem(line, (size_t) (eol - line), "chunked", 7)) c->chunked = 1;
            // nginx closes a keep-alive connection after its 1000th request, and says so
            if (strncasecmp(line, "connection:", 11) == 0 && memmem(line, (size_t) (eol - line), "close", 5)) c->close_after = 1;
        }
        c->head_done = 1;
        pos = head_len;
        if (c->chunked) {
            c->chunk_state = 0;
        } else if (c->remaining < 0) {
            c->remaining = 0; // no length, not chunked: nothing we send gets that
        }
    }
    if (!c->chunked) {
        size_t n = c->in_len - pos;
        if ((long long) n > c->remaining) n = (size_t) c->remaining;
        body_bytes(c, c->in + pos, n);
        pos += n;
        c->remaining -= (long long) n;
        complete = c->remaining == 0;
    } else {
        while (!complete) {
            if (c->chunk_state == 0 || c->chunk_state == 3) {
                char *eol = memmem(c->in + pos, c->in_len - pos, "\r\n", 2);
                if (!eol) break;
                if (c->chunk_state == 3) { // trailer lines until an empty one
                    complete = eol == c->in + pos;
                    pos = (size_t) (eol - c->in) + 2;
                    continue;
                }
                c->remaining = strtoll(c->in + pos, NULL, 16);
                pos = (size_t) (eol - c->in) + 2;
                c->chunk_state = c->remaining == 0 ? 3 : 1;
            } else if (c->chunk_state == 1) {
                size_t n = c->in_len - pos;
                if ((long long) n > c->remaining) n = (size_t) c->remaining;
                body_bytes(c, c->in + pos, n);
                pos += n;
                c->remaining -= (long long) n;
                if (c->remaining > 0) break;
                c->chunk_state = 2;
            } else {
                if (c->in_len - pos < 2) break;
                pos += 2;
                c->chunk_state = 0;
            }
        }
    }
    memmove(c->in, c->in + pos, c->in_len - pos);
    c->in_len -= pos;
    c->in[c->in_len] = 0;
    return complete;
}

// Requests due while every connection was busy, oldest first.
static long long *queue;
static long long qhead, qtail;

static void dispatch(long long due) {
    for (int i = 0; i < nconns; i++) {
        if (!conns[i].busy && conns[i].fd >= 0) {
            start_request(&conns[i], due);
            return;
        }
    }
    int i = open_conn();
    if (i >= 0) {
        start_request(&conns[i], due);
    } else {
        queue[qtail++] = due;
    }
}

static void fail_conn(conn *c) {
    if (c->busy) record(c, 0);
    c->busy = 0;
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    // reconnect in place so the slot stays usable
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    connect(fd, (struct sockaddr *) &addr, sizeof addr);
    c->fd = fd;
    c->in_len = 0;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.u32 = (unsigned) (c - conns)};
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

static void on_readable(conn *c) {
    for (;;) {
        if (c->in_len == BUF) { fail_conn(c); return; }
        ssize_t n = read(c->fd, c->in + c->in_len, BUF - c->in_len);
        if (n == 0) { fail_conn(c); return; }
        if (n < 0) {
            if (errno == EAGAIN) return;
            fail_conn(c);
            return;
        }
        c->in_len += (size_t) n;
        c->in[c->in_len] = 0;
        while (c->busy && parse(c)) {
            record(c, c->status == 200 && (!stream_mode || c->saw_done));
            c->busy = 0;
            if (c->close_after) {
                fail_conn(c); // not busy: only reconnects the slot
                if (qhead < qtail) start_request(c, queue[qhead++]);
                return;
            }
            if (qhead < qtail) start_request(c, queue[qhead++]);
        }
    }
}

// One phase: rate * seconds requests, then wait (at most 30 s) for the answers. Returns how many were sent.
static long long run(int rate, int seconds) {
    long long total = (long long) rate * seconds, sent = 0;
    long long period = 1000000000LL / rate, start = now_ns();
    long long deadline = start + (seconds + 30) * 1000000000LL;
    ntotals = nfirsts = ok_count = done_count = 0;
    qhead = qtail = 0;
    struct epoll_event events[64];
    while (done_count < total && now_ns() < deadline) {
        long long now = now_ns();
        while (sent < total && start + sent * period <= now) {
            dispatch(start + sent * period);
            sent++;
        }
        long long wait = sent < total ? start + sent * period - now_ns() : 100000000LL;
        if (wait < 0) wait = 0;
        struct timespec ts = {.tv_sec = wait / 1000000000LL, .tv_nsec = wait % 1000000000LL};
        int n = epoll_pwait2(epfd, events, 64, &ts, NULL);
        for (int i = 0; i < n; i++) {
            conn *c = &conns[events[i].data.u32];
            if (events[i].events & EPOLLOUT) pump_write(c);
            if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) on_readable(c);
        }
    }
    return sent;
}

static int cmp(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return x < y ? -1 : x > y;
}

static double pct(long long *v, long long n, double p) {
    if (n == 0) return -1;
    long long i = (long long) (p / 100.0 * (double) n + 0.999999999) - 1;
    if (i < 0) i = 0;
    if (i >= n) i = n - 1;
    return (double) v[i] / 1e6;
}

int main(int argc, char **argv) {
    const char *url = NULL, *body_file = NULL;
    char headers[8192] = "";
    int rate = 500, seconds = 10, warmup = 2;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--url") && i + 1 < argc) url = argv[++i];
        else if (!strcmp(argv[i], "--body") && i + 1 < argc) body_file = argv[++i];
        else if (!strcmp(argv[i], "--header") && i + 1 < argc) {
            strncat(headers, argv[++i], sizeof headers - strlen(headers) - 3);
            strcat(headers, "\r\n");
        } else if (!strcmp(argv[i], "--rate") && i + 1 < argc) rate = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--seconds") && i + 1 < argc) seconds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--warmup") && i + 1 < argc) warmup = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--connections") && i + 1 < argc) max_conns = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--stream")) stream_mode = 1;
        else { fprintf(stderr, "unknown argument %s\n", argv[i]); return 2; }
    }
    if (!url || !body_file || rate <= 0 || seconds <= 0 || max_conns < 1 || max_conns > MAX_CONNS) {
        fprintf(stderr, "usage: openloop --url http://host:port/path --body FILE [--header 'K: V']... [--rate 500] "
                        "[--seconds 10] [--warmup 2] [--stream] [--connections 1..%d]\n", MAX_CONNS);
        return 2;
    }
    char host[256];
    int port = 80;
    const char *path = "/";
    if (strncmp(url, "http://", 7) != 0) { fprintf(stderr, "only http:// URLs\n"); return 2; }
    const char *h = url + 7, *slash = strchr(h, '/'), *colon = strchr(h, ':');
    size_t host_len = (size_t) ((colon && (!slash || colon < slash)) ? colon - h : (slash ? slash - h : (long) strlen(h)));
    if (host_len >= sizeof host) { fprintf(stderr, "host too long\n"); return 2; }
    memcpy(host, h, host_len);
    host[host_len] = 0;
    if (colon && (!slash || colon < slash)) port = atoi(colon + 1);
    if (slash) path = slash;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short) port);
    if (inet_pton(AF_INET, strcmp(host, "localhost") ? host : "127.0.0.1", &addr.sin_addr) != 1) {
        fprintf(stderr, "an IPv4 address is needed, not %s\n", host);
        return 2;
    }

    FILE *f = fopen(body_file, "rb");
    if (!f) die(body_file);
    fseek(f, 0, SEEK_END);
    long body_len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *body = malloc((size_t) body_len);
    if (fread(body, 1, (size_t) body_len, f) != (size_t) body_len) die("read body");
    fclose(f);
    request = malloc((size_t) body_len + 16384);
    request_len = (size_t) sprintf(request, "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
                                            "Content-Length: %ld\r\n%s\r\n", path, host, port, body_len, headers);
    memcpy(request + request_len, body, (size_t) body_len);
    request_len += (size_t) body_len;

    epfd = epoll_create1(0);
    if (epfd < 0) die("epoll_create1");
    long long most = (long long) rate * (seconds > warmup ? seconds : warmup);
    totals = malloc(sizeof(long long) * (size_t) most);
    firsts = malloc(sizeof(long long) * (size_t) most);
    queue = malloc(sizeof(long long) * (size_t) most);

    long long warmup_ok = 0;
    if (warmup > 0) {
        run(rate, warmup);
        warmup_ok = ok_count;
    }
    long long sent = run(rate, seconds);
    qsort(totals, (size_t) ntotals, sizeof *totals, cmp);
    qsort(firsts, (size_t) nfirsts, sizeof *firsts, cmp);
    printf("{\"rate\":%d,\"seconds\":%d,\"sent\":%lld,\"ok\":%lld,\"errors\":%lld,\"p50_ms\":%.3f,\"p90_ms\":%.3f,"
           "\"p99_ms\":%.3f,\"first_p50_ms\":%.3f,\"first_p99_ms\":%.3f,\"warmup_ok\":%lld,\"tool\":\"openloop\"}\n",
           rate, seconds, sent, ok_count, sent - ok_count, pct(totals, ntotals, 50), pct(totals, ntotals, 90),
           pct(totals, ntotals, 99), pct(firsts, nfirsts, 50), pct(firsts, nfirsts, 99), warmup_ok);
    return 0;
}
