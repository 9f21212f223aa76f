#ifndef FOLIO_CURL_H
#define FOLIO_CURL_H

#include <stddef.h>

/// libcurl, opened with dlopen the first time folio sends an HTTP request (the MLflow
/// tracking-server client), instead of linked: linked, libcurl and the ~30 libraries it
/// needs (gnutls, krb5, ldap, nghttp2, ...) were loaded and initialised at every folio
/// start. C, not Swift, because curl_easy_setopt is variadic.

/// One HTTP exchange's outcome.
typedef struct folio_curl_result {
    /// 0 on success, else the CURLcode; -1 when libcurl could not be opened.
    int code;
    /// The HTTP status (0 when no response arrived).
    long status;
    /// The response body (malloc'd; free with folio_curl_free), and its length.
    unsigned char *body;
    size_t body_length;
    /// For a 3xx with a Location header: the absolute URL it names (malloc'd), else NULL.
    char *redirect;
    /// A message when code != 0.
    char error[512];
} folio_curl_result;

/// Sends one request and waits for its answer. Redirects are not followed (the caller
/// decides, so that credentials never follow one to another origin); only http and https
/// are spoken; no signals are used (safe on any thread). timeout_ms bounds the connection and
/// then each wait for data (as URLSession's timeoutInterval: a long download that keeps
/// moving is not cut; an idle one ends within about a second of it). Connections are kept
/// between calls (a small pool of easy handles).
///
/// headers: header_count "Name: value" lines. body: NULL for none.
folio_curl_result folio_curl_perform(const char *url, const char *method,
                                     const char *const *headers, size_t header_count,
                                     const void *body, size_t body_length, long timeout_ms);

/// Frees the body and redirect of a result.
void folio_curl_free(folio_curl_result *result);

/// The CURLcodes folio tells apart (curl.h's values).
enum {
    FOLIO_CURLE_COULDNT_RESOLVE_HOST = 6,
    FOLIO_CURLE_COULDNT_CONNECT = 7,
    FOLIO_CURLE_OPERATION_TIMEDOUT = 28,
    FOLIO_CURLE_GOT_NOTHING = 52,
    FOLIO_CURLE_SEND_ERROR = 55,
    FOLIO_CURLE_RECV_ERROR = 56,
    FOLIO_CURLE_SSL_CONNECT_ERROR = 35,
    FOLIO_CURLE_PEER_FAILED_VERIFICATION = 60,
    FOLIO_CURLE_SSL_CERTPROBLEM = 58,
    FOLIO_CURLE_SSL_CACERT_BADFILE = 77,
};

#endif
