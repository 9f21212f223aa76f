#ifndef FOLIO_LIBPQ_H
#define FOLIO_LIBPQ_H

/// libpq, opened with dlopen the first time a notebook reads a PostgreSQL source, instead of
/// linked: linked, libpq and what it needs (OpenSSL, Kerberos, LDAP, gnutls, p11-kit, ...)
/// were loaded and initialised at every folio start. This target defines libpq's functions
/// that folio calls (the declarations of <libpq-fe.h>, through the CLibPQ module), each
/// forwarding to the library's own.

/// Why libpq cannot be used (a message), or NULL once it is open. Opens it at the first call.
const char *folio_libpq_unavailable(void);

#endif
