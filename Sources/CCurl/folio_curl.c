#include "folio_curl.h"

#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// curl.h gives the types and constants; the functions come from dlsym, so nothing links
// libcurl.
static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_reset)(CURL *);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    char missing[384];
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
#if defined(__APPLE__)
    const char *name = "libcurl.4.dylib";
#else
    const char *name = "libcurl.so.4";
#endif
    void *library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *why = dlerror();
        snprintf(api.missing, sizeof api.missing, "libcurl could not be opened (%s)", why ? why : name);
        return;
    }
#define FOLIO_SYMBOL(field, symbol)                                                          \
    *(void **)(&api.field) = dlsym(library, symbol);                                         \
    if (api.field == NULL) {                                                                 \
        snprintf(api.missing, sizeof api.missing, "%s lacks %s", name, symbol);              \
        return;                                                                              \
    }
    FOLIO_SYMBOL(global_init, "curl_global_init")
    FOLIO_SYMBOL(easy_init, "curl_easy_init")
    FOLIO_SYMBOL(easy_reset, "curl_easy_reset")
    FOLIO_SYMBOL(easy_cleanup, "curl_easy_cleanup")
    FOLIO_SYMBOL(easy_setopt, "curl_easy_setopt")
    FOLIO_SYMBOL(easy_perform, "curl_easy_perform")
    FOLIO_SYMBOL(easy_getinfo, "curl_easy_getinfo")
    FOLIO_SYMBOL(easy_strerror, "curl_easy_strerror")
    FOLIO_SYMBOL(slist_append, "curl_slist_append")
    FOLIO_SYMBOL(slist_free_all, "curl_slist_free_all")
#undef FOLIO_SYMBOL
    // Not thread-safe in old libcurl versions: run once, here.
    CURLcode code = api.global_init(CURL_GLOBAL_ALL);
    if (code != CURLE_OK) {
        snprintf(api.missing, sizeof api.missing, "curl_global_init failed (%d)", (int)code);
    }
}

// Idle easy handles: a handle keeps its connections open between requests.
#define FOLIO_POOL 8
static CURL *pool[FOLIO_POOL];
static int pooled = 0;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

static CURL *take_handle(void) {
    CURL *handle = NULL;
    pthread_mutex_lock(&pool_lock);
    if (pooled > 0) handle = pool[--pooled];
    pthread_mutex_unlock(&pool_lock);
    if (handle != NULL) {
        api.easy_reset(handle);  // options back to defaults; connections kept
        return handle;
    }
    return api.easy_init();
}

static void give_handle(CURL *handle) {
    pthread_mutex_lock(&pool_lock);
    if (pooled < FOLIO_POOL) {
        pool[pooled++] = handle;
        handle = NULL;
    }
    pthread_mutex_unlock(&pool_lock);
    if (handle != NULL) api.easy_cleanup(handle);
}

typedef struct {
    unsigned char *bytes;
    size_t length;
    size_t capacity;
    int failed;
} buffer;

static size_t append(char *data, size_t size, size_t count, void *context) {
    buffer *target = context;
    size_t n = size * count;
    if (target->length + n + 1 > target->capacity) {
        size_t capacity = target->capacity ? target->capacity : 16384;
        while (capacity < target->length + n + 1) capacity *= 2;
        unsigned char *grown = realloc(target->bytes, capacity);
        if (grown == NULL) {
            target->failed = 1;
            return 0;  // curl then fails with CURLE_WRITE_ERROR
        }
        target->bytes = grown;
        target->capacity = capacity;
    }
    memcpy(target->bytes + target->length, data, n);
    target->length += n;
    return n;
}

// The request's timeout, as URLSession's: since the last byte moved, not for the whole
// transfer (a large artifact may take longer than the timeout to download).
typedef struct {
    long timeout_ms;
    curl_off_t down, up;
    struct timespec last;
    int timed_out;
} idle_watch;

static long elapsed_ms(const struct timespec *from, const struct timespec *to) {
    return (long)(to->tv_sec - from->tv_sec) * 1000 + (to->tv_nsec - from->tv_nsec) / 1000000;
}

// libcurl calls this at least once a second; returning non-zero aborts the transfer.
static int progress(void *context, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
    (void)dltotal;
    (void)ultotal;
    idle_watch *watch = context;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (dlnow != watch->down || ulnow != watch->up) {
        watch->down = dlnow;
        watch->up = ulnow;
        watch->last = now;
        return 0;
    }
    if (elapsed_ms(&watch->last, &now) >= watch->timeout_ms) {
        watch->timed_out = 1;
        return 1;
    }
    return 0;
}

folio_curl_result folio_curl_perform(const char *url, const char *method,
                                     const char *const *headers, size_t header_count,
                                     const void *body, size_t body_length, long timeout_ms) {
    folio_curl_result result;
    memset(&result, 0, sizeof result);
    pthread_once(&once, load);
    if (api.missing[0] != '\0') {
        result.code = -1;
        snprintf(result.error, sizeof result.error, "%s", api.missing);
        return result;
    }
    CURL *handle = take_handle();
    if (handle == NULL) {
        result.code = -1;
        snprintf(result.error, sizeof result.error, "curl_easy_init failed");
        return result;
    }
    char error[CURL_ERROR_SIZE];
    error[0] = '\0';
    buffer received = {NULL, 0, 0, 0};
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < header_count; i++) {
        struct curl_slist *next = api.slist_append(list, headers[i]);
        if (next == NULL) break;
        list = next;
    }
    api.easy_setopt(handle, CURLOPT_URL, url);
    api.easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
    api.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    api.easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
    api.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    api.easy_setopt(handle, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    idle_watch watch = {timeout_ms, 0, 0, {0, 0}, 0};
    clock_gettime(CLOCK_MONOTONIC, &watch.last);
    api.easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    api.easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, progress);
    api.easy_setopt(handle, CURLOPT_XFERINFODATA, &watch);
    api.easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
    api.easy_setopt(handle, CURLOPT_HTTPHEADER, list);
    api.easy_setopt(handle, CURLOPT_WRITEFUNCTION, append);
    api.easy_setopt(handle, CURLOPT_WRITEDATA, &received);
    if (body != NULL) {
        api.easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_length);
        api.easy_setopt(handle, CURLOPT_POSTFIELDS, body);
    }
    if (strcmp(method, "GET") == 0) {
        api.easy_setopt(handle, CURLOPT_HTTPGET, 1L);
    } else if (strcmp(method, "POST") != 0 || body == NULL) {
        api.easy_setopt(handle, CURLOPT_CUSTOMREQUEST, method);
    }
    CURLcode code = api.easy_perform(handle);
    result.code = (int)code;
    if (code == CURLE_OK) {
        api.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &result.status);
        char *location = NULL;
        if (result.status >= 300 && result.status < 400 &&
            api.easy_getinfo(handle, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location != NULL) {
            result.redirect = strdup(location);
        }
        result.body = received.bytes;
        result.body_length = received.length;
        received.bytes = NULL;
    } else if (watch.timed_out) {
        result.code = CURLE_OPERATION_TIMEDOUT;
        snprintf(result.error, sizeof result.error, "no byte moved for %ld ms", timeout_ms);
    } else {
        snprintf(result.error, sizeof result.error, "%s", error[0] ? error : api.easy_strerror(code));
    }
    free(received.bytes);
    api.slist_free_all(list);
    // The handle still points at this call's header list and buffers: reset before pooling.
    api.easy_reset(handle);
    give_handle(handle);
    return result;
}

void folio_curl_free(folio_curl_result *result) {
    free(result->body);
    free(result->redirect);
    result->body = NULL;
    result->redirect = NULL;
}
