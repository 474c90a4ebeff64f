// Wiping secrets through GnuTLS, whose memset is not optimised away.
#include "crypto/secret_bytes.h"

#include <gnutls/gnutls.h>

namespace qta::crypto {

SecretBytes::~SecretBytes() { gnutls_memset(bytes_.data(), 0, bytes_.size()); }

}  // namespace qta::crypto
