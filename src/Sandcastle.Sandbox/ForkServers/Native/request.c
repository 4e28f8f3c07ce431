/* sandcastle-exec-init: the messages on the request's socket, and the request's fields (see exec_init.h). */
#include "exec_init.h"

static int read_exactly(int fd, char *buffer, size_t count)
{
    while (count > 0) {
        ssize_t got = read(fd, buffer, count);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        buffer += got;
        count -= (size_t)got;
    }
    return 0;
}

struct cursor {
    char *at, *end;
};

static const char *field(struct cursor *cursor)
{
    char *start = cursor->at;
    char *nul = memchr(start, '\0', (size_t)(cursor->end - start));
    if (!nul)
        return NULL;
    cursor->at = nul + 1;
    return start;
}

static int list(struct cursor *cursor, char ***items, size_t *count)
{
    const char *counted = field(cursor);
    if (!counted)
        return -1;
    char *end;
    unsigned long n = strtoul(counted, &end, 10);
    if (*end || n > (size_t)(cursor->end - cursor->at))
        return -1;
    *items = calloc(n + 1, sizeof **items);
    if (!*items)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *item = field(cursor);
        if (!item)
            return -1;
        (*items)[i] = (char *)item;
    }
    *count = n;
    return 0;
}

/* A whole decimal number, at least 0: anything else is refused, never read as 0 (size=0 is an unlimited tmpfs). */
int number(const char *text, long long *value)
{
    char *end;
    errno = 0;
    *value = strtoll(text, &end, 10);
    return *text && !*end && !errno && *value >= 0 ? 0 : -1;
}

/* The request's fields; *rest (unless NULL) is what follows them. */
int parse(char *payload, size_t length, struct request *request, const char **rest)
{
    struct cursor cursor = {payload, payload + length};
    const char *tmp, *fsize;
    if (!(request->sandbox = field(&cursor)) || !(request->volume = field(&cursor)) || !(tmp = field(&cursor))
        || !(fsize = field(&cursor)) || !(request->cwd = field(&cursor)))
        return -1;
    if (number(tmp, &request->tmp_bytes) || number(fsize, &request->file_size_bytes))
        return -1;
    if (list(&cursor, &request->argv, &request->argc) || list(&cursor, &request->direct, &request->direct_count)
        || list(&cursor, &request->env, &request->env_count) || request->argc == 0)
        return -1;
    if (rest)
        *rest = cursor.at;
    return 0;
}

/* A first message that warms a Node (protocol.write_node_order) starts with this field. */
static const char NODE_ORDER[] = "node";

int is_node_order(const char *payload, size_t length)
{
    return length > sizeof NODE_ORDER && !memcmp(payload, NODE_ORDER, sizeof NODE_ORDER);
}

/*
 * "node", what it is started for ("snippet" or "command"), the bootstrap's file name, Node's path, argv and
 * environment (counted lists), then the bootstrap's bytes.
 */
int parse_node_order(char *payload, size_t length, struct node_order *order)
{
    struct cursor cursor = {payload, payload + length};
    const char *kind;
    if (!field(&cursor) || !(kind = field(&cursor)) || (strcmp(kind, "snippet") && strcmp(kind, "command")))
        return -1;
    order->command = !strcmp(kind, "command");
    if (!(order->bootstrap_name = field(&cursor)) || !(order->path = field(&cursor))
        || list(&cursor, &order->argv, &order->argc) || list(&cursor, &order->env, &order->env_count) || order->argc == 0)
        return -1;
    order->bootstrap = cursor.at;
    order->bootstrap_size = (size_t)(cursor.end - cursor.at);
    return 0;
}

/*
 * A warm Node's run (protocol.write_node_run): NUL-terminated sandbox, volume ("" for none), tmpBytes,
 * fileSizeBytes, the snippet's file name and its size; the snippet's bytes (which may hold a NUL); then what Node is
 * handed, the rest.
 */
int parse_node_run(char *payload, size_t length, struct node_run *run)
{
    struct cursor cursor = {payload, payload + length};
    const char *tmp, *fsize, *size;
    long long code_size;
    if (!(run->view.sandbox = field(&cursor)) || !(run->view.volume = field(&cursor)) || !(tmp = field(&cursor))
        || !(fsize = field(&cursor)) || !(run->file = field(&cursor)) || !(size = field(&cursor)))
        return -1;
    if (number(tmp, &run->view.tmp_bytes) || number(fsize, &run->view.file_size_bytes) || number(size, &code_size)
        || (unsigned long long)code_size > (size_t)(cursor.end - cursor.at))
        return -1;
    run->code = cursor.at;
    run->code_size = (size_t)code_size;
    run->run = cursor.at + code_size;
    run->run_size = (size_t)(cursor.end - run->run);
    /* A JSON object, as warm_node.js reads it. */
    return run->run_size >= 2 && run->run[0] == '{' && run->run[run->run_size - 1] == '}' ? 0 : -1;
}

/*
 * A command Node's run (protocol.write_command_run): the command's request, as parse reads it (into run's view),
 * then what Node is handed, less its environment and directory: a JSON object, the rest.
 */
int parse_command_run(char *payload, size_t length, struct node_run *run)
{
    const char *rest;
    /* A JSON object with at least one field ({"main": ...}): pid 1 writes its own fields before them. */
    size_t size = 0;
    if (parse(payload, length, &run->view, &rest) || (size = (size_t)(payload + length - rest)) < 3 || rest[0] != '{'
        || rest[1] != '"' || rest[size - 1] != '}')
        return -1;
    run->run = rest;
    run->run_size = size;
    return 0;
}

/* One message on the request's socket: its length, then as many bytes (*payload, NUL-ended); -1 at its end. */
int read_message(char **payload, uint32_t *length)
{
    unsigned char header[4];
    if (read_exactly(REQUEST, (char *)header, sizeof header))
        return -1;
    *length = header[0] | header[1] << 8 | header[2] << 16 | (uint32_t)header[3] << 24;
    *payload = *length <= MAX_REQUEST ? malloc(*length + 1) : NULL;
    if (!*payload || read_exactly(REQUEST, *payload, *length))
        return -2;
    (*payload)[*length] = '\0';
    return 0;
}

static int send_exactly(int fd, const char *data, size_t count)
{
    while (count > 0) {
        ssize_t sent = send(fd, data, count, MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0)
            return -1;
        data += sent;
        count -= (size_t)sent;
    }
    return 0;
}

/* One message to another socket (Node's, see node.c): its length, then its bytes; no SIGPIPE if its end is gone. */
int send_message(int fd, const char *data, size_t size)
{
    unsigned char header[4] = {size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, (size >> 24) & 0xff};
    return send_exactly(fd, (const char *)header, sizeof header) || send_exactly(fd, data, size) ? -1 : 0;
}
