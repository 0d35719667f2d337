/* OpenSSL's TLS client for clickhouses:// on Linux (Debian libssl-dev). A few calls are macros
   over SSL_ctrl that Swift cannot import; they are wrapped here. */
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

/* SNI: the host name the client asks for. */
static inline int copenssl_set_sni(SSL *ssl, const char *host) {
    return (int)SSL_set_tlsext_host_name(ssl, host);
}

/* The peer must present a certificate for `host`: an IP literal is checked against the
   certificate's IP SANs, a name against its DNS SANs (and CN). */
static inline int copenssl_expect_host(SSL *ssl, const char *host, int is_ip) {
    X509_VERIFY_PARAM *p = SSL_get0_param(ssl);
    if (is_ip) return X509_VERIFY_PARAM_set1_ip_asc(p, host);
    X509_VERIFY_PARAM_set_hostflags(p, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    return X509_VERIFY_PARAM_set1_host(p, host, 0);
}

static inline long copenssl_min_tls12(SSL_CTX *ctx) {
    return SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
}

/* A peer that closes without close_notify ends the stream instead of failing the read (the HTTP
   framing still tells a truncated answer). */
static inline void copenssl_ignore_unexpected_eof(SSL_CTX *ctx) {
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
    SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
}
