// RSA key pairs over GnuTLS: generating them, reading PEM into nettle keys and comparing public keys.
#include "crypto/rsa_keys.h"

#include <gmp.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <nettle/bignum.h>
#include <nettle/rsa.h>

#include <cstdint>
#include <optional>

#include "crypto/base64.h"
#include "crypto/nettle_keys.h"
#include "crypto/secret_bytes.h"

namespace qta::crypto {

namespace {

// A buffer GnuTLS allocated; `secret` ones (private key parts and PEM) are wiped before they are freed.
class GnutlsDatum {
 public:
  explicit GnutlsDatum(bool secret) : secret_(secret) {}
  GnutlsDatum(const GnutlsDatum&) = delete;
  GnutlsDatum& operator=(const GnutlsDatum&) = delete;
  ~GnutlsDatum() {
    if (datum_.data == nullptr) return;
    if (secret_) gnutls_memset(datum_.data, 0, datum_.size);
    gnutls_free(datum_.data);
  }
  gnutls_datum_t* get() { return &datum_; }
  const unsigned char* data() const { return datum_.data; }
  std::size_t size() const { return datum_.size; }
  std::string text() const { return std::string(reinterpret_cast<const char*>(datum_.data), datum_.size); }

 private:
  gnutls_datum_t datum_{nullptr, 0};
  bool secret_;
};

class X509PrivateKey {
 public:
  X509PrivateKey() {
    if (gnutls_x509_privkey_init(&key_) < 0) throw CryptoError("GnuTLS could not allocate a private key");
  }
  X509PrivateKey(const X509PrivateKey&) = delete;
  X509PrivateKey& operator=(const X509PrivateKey&) = delete;
  ~X509PrivateKey() { gnutls_x509_privkey_deinit(key_); }  // GnuTLS wipes the key material
  gnutls_x509_privkey_t get() { return key_; }

 private:
  gnutls_x509_privkey_t key_ = nullptr;
};

class PublicKey {
 public:
  PublicKey() {
    if (gnutls_pubkey_init(&key_) < 0) throw CryptoError("GnuTLS could not allocate a public key");
  }
  PublicKey(const PublicKey&) = delete;
  PublicKey& operator=(const PublicKey&) = delete;
  ~PublicKey() { gnutls_pubkey_deinit(key_); }
  gnutls_pubkey_t get() { return key_; }

 private:
  gnutls_pubkey_t key_ = nullptr;
};

gnutls_datum_t datum(std::string_view bytes) {
  return {reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data())),
          static_cast<unsigned>(bytes.size())};
}

void set_mpz(mpz_ptr x, const GnutlsDatum& bytes) { nettle_mpz_set_str_256_u(x, bytes.size(), bytes.data()); }

// PEM as users may send it: URL-decoded from a query string, possibly with \r\n line ends and without the
// final newline. The result has \n line ends and exactly one final newline, as Python writes PEM.
void normalize_pem(std::string_view pem, std::string& text) {
  text.reserve(pem.size() + 1);
  for (std::size_t i = 0; i < pem.size(); ++i) {
    if (pem[i] == '\r') {
      text += '\n';
      if (i + 1 < pem.size() && pem[i + 1] == '\n') ++i;
    } else {
      text += pem[i];
    }
  }
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
  std::size_t begin = 0;
  while (begin < text.size() && is_space(text[begin])) ++begin;
  while (text.size() > begin && is_space(text.back())) text.pop_back();
  text.erase(0, begin);
  text += '\n';
}

// The DER inside a PEM block with the given label, for the one format GnuTLS cannot read itself.
std::optional<std::string> pem_body(std::string_view pem, std::string_view label) {
  std::string begin = "-----BEGIN " + std::string(label) + "-----";
  std::string end = "-----END " + std::string(label) + "-----";
  std::size_t start = pem.find(begin);
  if (start == std::string_view::npos) return std::nullopt;
  start += begin.size();
  std::size_t stop = pem.find(end, start);
  if (stop == std::string_view::npos) return std::nullopt;
  std::string base64;
  for (char c : pem.substr(start, stop - start)) {
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') base64 += c;
  }
  return base64_decode(base64);
}

void check_public_exponent(rsa_public_key* key) {
  // Python (OpenSSL) rejects such keys too; nettle would compute garbage or loop with them.
  if (mpz_cmp_ui(key->e, 1) <= 0 || mpz_even_p(key->e) || mpz_cmp(key->e, key->n) >= 0) {
    throw CryptoError("RSA public key has an invalid exponent");
  }
}

}  // namespace

void load_public_key(std::string_view public_key_pem, NettlePublicKey& key) {
  std::string pem;
  normalize_pem(public_key_pem, pem);
  if (pem.find("-----BEGIN RSA PUBLIC KEY-----") != std::string::npos) {
    // PKCS#1, which Python's load_pem_public_key also accepts.
    std::optional<std::string> der = pem_body(pem, "RSA PUBLIC KEY");
    if (!der || rsa_keypair_from_der(key.get(), nullptr, 0, der->size(),
                                     reinterpret_cast<const std::uint8_t*>(der->data())) != 1) {
      throw CryptoError("Could not read the RSA public key");
    }
  } else {
    PublicKey pubkey;
    gnutls_datum_t pem_datum = datum(pem);
    if (gnutls_pubkey_import(pubkey.get(), &pem_datum, GNUTLS_X509_FMT_PEM) < 0) {
      throw CryptoError("Could not read the public key");
    }
    if (gnutls_pubkey_get_pk_algorithm(pubkey.get(), nullptr) != GNUTLS_PK_RSA) {
      throw CryptoError("The public key is not an RSA key");
    }
    GnutlsDatum modulus(false);
    GnutlsDatum exponent(false);
    if (gnutls_pubkey_export_rsa_raw2(pubkey.get(), modulus.get(), exponent.get(), 0) < 0) {
      throw CryptoError("GnuTLS could not export the RSA public key");
    }
    set_mpz(key.get()->n, modulus);
    set_mpz(key.get()->e, exponent);
  }
  if (rsa_public_key_prepare(key.get()) != 1) throw CryptoError("RSA public key has an invalid modulus");
  check_public_exponent(key.get());
}

void load_private_key(std::string_view private_key_pem, NettlePublicKey& public_key, NettlePrivateKey& key) {
  SecretBytes pem;
  normalize_pem(private_key_pem, pem.str());
  X509PrivateKey x509;
  gnutls_datum_t pem_datum = datum(pem.view());
  // PKCS#8 or PKCS#1 PEM; no password, like v5.8.0's load_pem_private_key(key, None).
  if (gnutls_x509_privkey_import2(x509.get(), &pem_datum, GNUTLS_X509_FMT_PEM, nullptr, 0) < 0) {
    throw CryptoError("Could not read the private key");
  }
  if (gnutls_x509_privkey_get_pk_algorithm(x509.get()) != GNUTLS_PK_RSA) {
    throw CryptoError("The private key is not an RSA key");
  }
  GnutlsDatum n(false), e(false), d(true), p(true), q(true), u(true), e1(true), e2(true);
  if (gnutls_x509_privkey_export_rsa_raw2(x509.get(), n.get(), e.get(), d.get(), p.get(), q.get(), u.get(),
                                          e1.get(), e2.get()) < 0) {
    throw CryptoError("GnuTLS could not export the RSA private key");
  }
  rsa_public_key* pub = public_key.get();
  rsa_private_key* priv = key.get();
  set_mpz(pub->n, n);
  set_mpz(pub->e, e);
  set_mpz(priv->d, d);
  set_mpz(priv->p, p);
  set_mpz(priv->q, q);
  set_mpz(priv->a, e1);  // d mod (p - 1)
  set_mpz(priv->b, e2);  // d mod (q - 1)
  set_mpz(priv->c, u);   // q^-1 mod p, in GnuTLS as in PKCS#1 and nettle
  if (rsa_public_key_prepare(pub) != 1) throw CryptoError("RSA private key has an invalid modulus");
  check_public_exponent(pub);
  // nettle's side-channel silent CRT asserts (aborts) on inconsistent sizes and GMP's needs odd moduli,
  // so a damaged key must be rejected here. The result of the CRT is checked against the public key
  // afterwards, which catches wrong values of the right size.
  Mpz product;
  mpz_mul(product.get(), priv->p, priv->q);
  bool consistent = mpz_cmp(product.get(), pub->n) == 0 && mpz_cmp_ui(priv->p, 1) > 0 &&
                    mpz_cmp_ui(priv->q, 1) > 0 && mpz_odd_p(priv->p) && mpz_odd_p(priv->q) &&
                    mpz_sgn(priv->a) > 0 && mpz_cmp(priv->a, priv->p) < 0 && mpz_sgn(priv->b) > 0 &&
                    mpz_cmp(priv->b, priv->q) < 0 && mpz_sgn(priv->c) > 0 && mpz_cmp(priv->c, priv->p) < 0;
  if (!consistent || rsa_private_key_prepare(priv) != 1 || priv->size != pub->size) {
    throw CryptoError("RSA private key is inconsistent");
  }
}

KeyPair generate_rsa_key_pair(unsigned bits) {
  X509PrivateKey key;
  // GnuTLS generates RSA keys as FIPS 186-4 prescribes, with e = 65537 like v5.8.0's key pair.
  if (gnutls_x509_privkey_generate(key.get(), GNUTLS_PK_RSA, bits, 0) < 0) {
    throw CryptoError("GnuTLS could not generate an RSA key pair");
  }
  GnutlsDatum private_pem(true);
  if (gnutls_x509_privkey_export2_pkcs8(key.get(), GNUTLS_X509_FMT_PEM, nullptr, GNUTLS_PKCS_PLAIN,
                                        private_pem.get()) < 0) {
    throw CryptoError("GnuTLS could not export the private key");
  }
  GnutlsDatum modulus(false);
  GnutlsDatum exponent(false);
  if (gnutls_x509_privkey_export_rsa_raw2(key.get(), modulus.get(), exponent.get(), nullptr, nullptr, nullptr,
                                          nullptr, nullptr, nullptr) < 0) {
    throw CryptoError("GnuTLS could not export the public key");
  }
  PublicKey public_key;
  GnutlsDatum public_pem(false);
  if (gnutls_pubkey_import_rsa_raw(public_key.get(), modulus.get(), exponent.get()) < 0 ||
      gnutls_pubkey_export2(public_key.get(), GNUTLS_X509_FMT_PEM, public_pem.get()) < 0) {
    throw CryptoError("GnuTLS could not export the public key");
  }
  KeyPair pair{private_pem.text(), public_pem.text()};
  // Python ends PEM with a newline; make sure ours does whatever GnuTLS does.
  if (pair.private_key_pem.empty() || pair.private_key_pem.back() != '\n') pair.private_key_pem += '\n';
  if (pair.public_key_pem.empty() || pair.public_key_pem.back() != '\n') pair.public_key_pem += '\n';
  return pair;
}

bool same_public_key(std::string_view one_pem, std::string_view other_pem) {
  try {
    NettlePublicKey one;
    NettlePublicKey other;
    load_public_key(one_pem, one);
    load_public_key(other_pem, other);
    return mpz_cmp(one.get()->n, other.get()->n) == 0 && mpz_cmp(one.get()->e, other.get()->e) == 0;
  } catch (const CryptoError&) {
    return false;
  }
}

}  // namespace qta::crypto
