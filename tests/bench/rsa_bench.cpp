// Times RSA-OAEP decryption of an import against one RSA private-key operation of GnuTLS and nettle, with
// the same 4096-bit key, in one run: scripts/bench-rsa. The operations take turns, round by round, so a
// shared, loaded machine slows them alike; min and median of wall-clock and thread CPU time are printed
// with their ratios.
//
//   rsa_bench <crypto_vectors.json> [rounds]          wall-clock times and ratios
//   rsa_bench <crypto_vectors.json> <rounds> <name>   only the named operation, for callgrind
//
// Each operation is one function that is never inlined (qta_bench_<name>), so that
// `valgrind --tool=callgrind --toggle-collect=qta_bench_<name>` counts exactly its instructions.
#include <gmp.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <nettle/bignum.h>
#include <nettle/rsa.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "crypto/fernet.h"
#include "crypto/rsa_keys.h"
#include "json/json.h"

namespace {

using qta::crypto::PrivateKey;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(what);
}

std::string read_file(const char* path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream content;
  content << file.rdbuf();
  check(file.good() || file.eof(), "cannot read the vectors file");
  return content.str();
}

gnutls_datum_t datum(const std::string& bytes) {
  return {reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data())),
          static_cast<unsigned>(bytes.size())};
}

void random_bytes(void*, std::size_t length, std::uint8_t* destination) {
  check(gnutls_rnd(GNUTLS_RND_RANDOM, destination, length) == 0, "gnutls_rnd failed");
}

// The key once in every form the operations need, and a ciphertext for each.
struct Fixture {
  gnutls_privkey_t gnutls_key = nullptr;
  gnutls_datum_t pkcs1_ciphertext{nullptr, 0};
  rsa_public_key nettle_public;
  rsa_private_key nettle_private;
  mpz_t pkcs1_ciphertext_number;
  mpz_t root;
  std::string oaep_ciphertext;
  std::pair<std::string, std::string> credential;
  std::unique_ptr<PrivateKey> key;

  Fixture(const std::string& private_pem, const std::string& public_pem) {
    rsa_public_key_init(&nettle_public);
    rsa_private_key_init(&nettle_private);
    mpz_init(pkcs1_ciphertext_number);
    mpz_init(root);
    gnutls_datum_t pem = datum(private_pem);
    check(gnutls_privkey_init(&gnutls_key) == 0 &&
              gnutls_privkey_import_x509_raw(gnutls_key, &pem, GNUTLS_X509_FMT_PEM, nullptr, 0) == 0,
          "GnuTLS cannot read the private key");
    gnutls_pubkey_t public_key;
    check(gnutls_pubkey_init(&public_key) == 0 &&
              gnutls_pubkey_import_privkey(public_key, gnutls_key, 0, 0) == 0,
          "GnuTLS cannot derive the public key");
    const std::string fernet_key = qta::crypto::fernet_generate_key();
    gnutls_datum_t message = datum(fernet_key);
    check(gnutls_pubkey_encrypt_data(public_key, 0, &message, &pkcs1_ciphertext) == 0,
          "PKCS#1 encryption failed");
    gnutls_pubkey_deinit(public_key);

    gnutls_datum_t n, e, d, p, q, u, e1, e2;
    check(gnutls_privkey_export_rsa_raw2(gnutls_key, &n, &e, &d, &p, &q, &u, &e1, &e2, 0) == 0,
          "export failed");
    auto set = [](mpz_ptr x, gnutls_datum_t& bytes) {
      nettle_mpz_set_str_256_u(x, bytes.size, bytes.data);
      gnutls_free(bytes.data);
    };
    set(nettle_public.n, n);
    set(nettle_public.e, e);
    set(nettle_private.d, d);
    set(nettle_private.p, p);
    set(nettle_private.q, q);
    set(nettle_private.c, u);
    set(nettle_private.a, e1);
    set(nettle_private.b, e2);
    check(rsa_public_key_prepare(&nettle_public) == 1 && rsa_private_key_prepare(&nettle_private) == 1,
          "nettle rejects the key");
    nettle_mpz_set_str_256_u(pkcs1_ciphertext_number, pkcs1_ciphertext.size, pkcs1_ciphertext.data);

    oaep_ciphertext = qta::crypto::rsa_oaep_encrypt(public_pem, fernet_key);
    credential = qta::crypto::asymmetric_encrypt(public_pem, "a password of an import");
    key = std::make_unique<PrivateKey>(private_pem);
  }
};

// The reference: GnuTLS's own RSA decryption (PKCS#1 v1.5), which is nettle's rsa_decrypt_tr inside.
[[gnu::noinline]] void qta_bench_gnutls(Fixture& f) {
  gnutls_datum_t plaintext{nullptr, 0};
  check(gnutls_privkey_decrypt_data(f.gnutls_key, 0, &f.pkcs1_ciphertext, &plaintext) == 0,
        "GnuTLS decrypt failed");
  gnutls_memset(plaintext.data, 0, plaintext.size);
  gnutls_free(plaintext.data);
}

// nettle's blinded and checked decryption (PKCS#1 v1.5), the same key already in nettle's structures.
[[gnu::noinline]] void qta_bench_nettle_tr(Fixture& f) {
  std::uint8_t plaintext[512];
  std::size_t length = sizeof(plaintext);
  check(rsa_decrypt_tr(&f.nettle_public, &f.nettle_private, nullptr, random_bytes, &length, plaintext,
                       f.pkcs1_ciphertext_number) == 1,
        "nettle decrypt failed");
}

// The arithmetic floor: nettle's side-channel silent CRT alone, neither blinded nor checked.
[[gnu::noinline]] void qta_bench_crt(Fixture& f) {
  rsa_compute_root(&f.nettle_private, f.root, f.pkcs1_ciphertext_number);
}

// What an import does per credential: RSA-OAEP of the Fernet key...
[[gnu::noinline]] void qta_bench_oaep(Fixture& f) {
  check(f.key->oaep_decrypt(f.oaep_ciphertext).size() == 44, "OAEP decrypt failed");
}

// ... and with the Fernet token of v5.8.0's credential pair.
[[gnu::noinline]] void qta_bench_credential(Fixture& f) {
  check(!qta::crypto::asymmetric_decrypt(*f.key, f.credential).empty(), "credential decrypt failed");
}

struct Operation {
  const char* name;
  const char* description;
  void (*run)(Fixture&);
  std::vector<double> wall_ms;
  std::vector<double> cpu_ms;  // of this thread: the operation's cost without the waits of a busy machine
};

double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

double minimum(const std::vector<double>& values) { return *std::min_element(values.begin(), values.end()); }

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  std::size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <crypto_vectors.json> [rounds [operation]]\n", argv[0]);
    return 2;
  }
  try {
    const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 30;
    const std::string only = argc > 3 ? argv[3] : "";
    const qta::json::Value key = qta::json::Value::parse(read_file(argv[1])).get("keys").get("rsa4096");
    Fixture fixture(key.get_string("private_key"), key.get_string("public_key"));
    std::vector<Operation> operations = {
        {"gnutls", "GnuTLS RSA decrypt, PKCS#1 v1.5 (reference)", qta_bench_gnutls, {}, {}},
        {"nettle_tr", "nettle rsa_decrypt_tr, PKCS#1 v1.5", qta_bench_nettle_tr, {}, {}},
        {"crt", "nettle rsa_compute_root, bare CRT", qta_bench_crt, {}, {}},
        {"oaep", "ours: RSA-OAEP decryption", qta_bench_oaep, {}, {}},
        {"credential", "ours: RSA-OAEP + Fernet credential", qta_bench_credential, {}, {}},
    };
    if (!only.empty()) {
      auto found = std::find_if(operations.begin(), operations.end(),
                                [&](const Operation& operation) { return operation.name == only; });
      check(found != operations.end(), "unknown operation");
      for (int i = 0; i < rounds; ++i) found->run(fixture);
      return 0;
    }
    for (Operation& operation : operations) operation.run(fixture);  // warm up
    for (int i = 0; i < rounds; ++i) {
      for (Operation& operation : operations) {
        double cpu_start = thread_cpu_ms();
        auto start = std::chrono::steady_clock::now();
        operation.run(fixture);
        operation.wall_ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        operation.cpu_ms.push_back(thread_cpu_ms() - cpu_start);
      }
    }
    const Operation& reference = operations.front();
    std::printf("RSA-4096, %d rounds; x: CPU time against the reference's, min/min and median/median\n",
                rounds);
    std::printf("%-44s %8s %8s %8s %8s %6s %6s\n", "operation", "wall min", "wall med", "cpu min", "cpu med",
                "min x", "med x");
    for (const Operation& operation : operations) {
      std::printf("%-44s %8.3f %8.3f %8.3f %8.3f %6.3f %6.3f\n", operation.description,
                  minimum(operation.wall_ms), median(operation.wall_ms), minimum(operation.cpu_ms),
                  median(operation.cpu_ms), minimum(operation.cpu_ms) / minimum(reference.cpu_ms),
                  median(operation.cpu_ms) / median(reference.cpu_ms));
    }
    // The figures the import target is about: ours against one private-key operation, and against the
    // bare CRT that every RSA decryption has to do.
    auto ratio_line = [&](const Operation& ours, const Operation& against) {
      std::printf("ratio %s / %s: CPU %.3f (min) %.3f (median), wall %.3f (min) %.3f (median)\n", ours.name,
                  against.name, minimum(ours.cpu_ms) / minimum(against.cpu_ms),
                  median(ours.cpu_ms) / median(against.cpu_ms),
                  minimum(ours.wall_ms) / minimum(against.wall_ms),
                  median(ours.wall_ms) / median(against.wall_ms));
    };
    ratio_line(operations[3], operations[0]);
    ratio_line(operations[3], operations[1]);
    ratio_line(operations[3], operations[2]);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "rsa_bench: %s\n", error.what());
    return 1;
  }
  return 0;
}
