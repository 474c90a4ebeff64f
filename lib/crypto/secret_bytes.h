#pragma once
// Bytes that must not outlive their use in memory (keys, plaintexts): wiped when they go.

#include <string>
#include <string_view>

namespace qta::crypto {

// Owns bytes and overwrites them on destruction in a way the compiler cannot elide. Fill it in place
// (reserve first) so that no reallocation leaves a copy behind.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::string bytes) : bytes_(std::move(bytes)) {}
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes();
  std::string& str() { return bytes_; }
  std::string_view view() const { return bytes_; }
  unsigned char* data() { return reinterpret_cast<unsigned char*>(bytes_.data()); }

 private:
  std::string bytes_;
};

}  // namespace qta::crypto
