#include "folio_libpq.h"

#include <dlfcn.h>
#include <postgresql/libpq-fe.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

// One pointer per function, typed from libpq-fe.h's own declaration.
#define FOLIO_PQ_FUNCTIONS(X)                                                                \
    X(PQconnectdb) X(PQsetNoticeProcessor) X(PQstatus) X(PQerrorMessage) X(PQfinish)          \
    X(PQclear) X(PQresultStatus) X(PQnfields) X(PQntuples) X(PQfname) X(PQftype)              \
    X(PQgetisnull) X(PQgetvalue) X(PQgetCopyData) X(PQfreemem) X(PQputCopyData)               \
    X(PQputCopyEnd) X(PQescapeIdentifier) X(PQexecParams) X(PQgetResult)                      \
    X(PQresultErrorMessage) X(PQresultErrorField)

static struct {
#define FOLIO_FIELD(name) __typeof__(name) *name;
    FOLIO_PQ_FUNCTIONS(FOLIO_FIELD)
#undef FOLIO_FIELD
} pq;

static char missing[384];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
#if defined(__APPLE__)
    const char *name = "libpq.5.dylib";
#else
    const char *name = "libpq.so.5";
#endif
    void *library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *why = dlerror();
        snprintf(missing, sizeof missing, "libpq could not be opened (%s)", why ? why : name);
        return;
    }
#define FOLIO_LOAD(symbol)                                                                   \
    *(void **)(&pq.symbol) = dlsym(library, #symbol);                                        \
    if (pq.symbol == NULL) {                                                                 \
        snprintf(missing, sizeof missing, "%s lacks %s", name, #symbol);                     \
        return;                                                                              \
    }
    FOLIO_PQ_FUNCTIONS(FOLIO_LOAD)
#undef FOLIO_LOAD
}

const char *folio_libpq_unavailable(void) {
    pthread_once(&once, load);
    return missing[0] != '\0' ? missing : NULL;
}

// The forwarders. Swift calls folio_libpq_unavailable() before PQconnectdb, so that a missing
// library is an error with its reason; every other call needs a connection or result, which
// only an opened library gives. Should one come first anyway, it answers as libpq does for a
// NULL connection or result.
#define FOLIO_READY (folio_libpq_unavailable() == NULL)

PGconn *PQconnectdb(const char *conninfo) { return FOLIO_READY ? pq.PQconnectdb(conninfo) : NULL; }
PQnoticeProcessor PQsetNoticeProcessor(PGconn *conn, PQnoticeProcessor proc, void *arg) {
    return FOLIO_READY ? pq.PQsetNoticeProcessor(conn, proc, arg) : NULL;
}
ConnStatusType PQstatus(const PGconn *conn) { return FOLIO_READY ? pq.PQstatus(conn) : CONNECTION_BAD; }
char *PQerrorMessage(const PGconn *conn) {
    return FOLIO_READY ? pq.PQerrorMessage(conn) : (char *)folio_libpq_unavailable();
}
void PQfinish(PGconn *conn) { if (FOLIO_READY) pq.PQfinish(conn); }
void PQclear(PGresult *res) { if (FOLIO_READY) pq.PQclear(res); }
ExecStatusType PQresultStatus(const PGresult *res) { return FOLIO_READY ? pq.PQresultStatus(res) : PGRES_FATAL_ERROR; }
int PQnfields(const PGresult *res) { return FOLIO_READY ? pq.PQnfields(res) : 0; }
int PQntuples(const PGresult *res) { return FOLIO_READY ? pq.PQntuples(res) : 0; }
char *PQfname(const PGresult *res, int field_num) { return FOLIO_READY ? pq.PQfname(res, field_num) : NULL; }
Oid PQftype(const PGresult *res, int field_num) { return FOLIO_READY ? pq.PQftype(res, field_num) : 0; }
int PQgetisnull(const PGresult *res, int tup_num, int field_num) {
    return FOLIO_READY ? pq.PQgetisnull(res, tup_num, field_num) : 1;
}
char *PQgetvalue(const PGresult *res, int tup_num, int field_num) {
    return FOLIO_READY ? pq.PQgetvalue(res, tup_num, field_num) : NULL;
}
int PQgetCopyData(PGconn *conn, char **buffer, int async) { return FOLIO_READY ? pq.PQgetCopyData(conn, buffer, async) : -2; }
void PQfreemem(void *ptr) { if (FOLIO_READY) pq.PQfreemem(ptr); }
int PQputCopyData(PGconn *conn, const char *buffer, int nbytes) { return FOLIO_READY ? pq.PQputCopyData(conn, buffer, nbytes) : -1; }
int PQputCopyEnd(PGconn *conn, const char *errormsg) { return FOLIO_READY ? pq.PQputCopyEnd(conn, errormsg) : -1; }
char *PQescapeIdentifier(PGconn *conn, const char *str, size_t len) {
    return FOLIO_READY ? pq.PQescapeIdentifier(conn, str, len) : NULL;
}
PGresult *PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                       const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                       int resultFormat) {
    return FOLIO_READY ? pq.PQexecParams(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats,
                                         resultFormat)
                       : NULL;
}
PGresult *PQgetResult(PGconn *conn) { return FOLIO_READY ? pq.PQgetResult(conn) : NULL; }
char *PQresultErrorMessage(const PGresult *res) {
    return FOLIO_READY ? pq.PQresultErrorMessage(res) : (char *)folio_libpq_unavailable();
}
char *PQresultErrorField(const PGresult *res, int fieldcode) { return FOLIO_READY ? pq.PQresultErrorField(res, fieldcode) : NULL; }
