#pragma once
// RAII handle for Jansson values. The only header that knows json_t exists; jansson.h stays in json.cpp.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct json_t;

namespace qta::json {

// Thrown by Value::parse on malformed text; carries Jansson's message with line and column.
class ParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A reference-counted JSON value. Copying shares the value (Jansson semantics): use deep_copy()
// before changing a value that someone else may hold. A default-constructed Value is "absent",
// which is how get() reports a missing key; absent is not the same as JSON null.
// Not thread-safe for concurrent mutation; concurrent reads of an unchanged value are fine.
class Value {
 public:
  Value() = default;
  Value(const Value& other);
  Value(Value&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  Value& operator=(Value other) noexcept {
    std::swap(handle_, other.handle_);
    return *this;
  }
  ~Value();

  static Value object();
  static Value array();
  // Text that is not UTF-8 (from a decoded path, a header) gets U+FFFD for its ill-formed bytes: JSON
  // holds text only, and a value must never be the reason that an answer cannot be built.
  static Value string(std::string_view text);
  static Value integer(std::int64_t number);
  static Value real(double number);
  static Value boolean(bool flag);
  static Value null();
  static Value parse(std::string_view text);  // throws ParseError

  // Adopts a new reference (takes ownership) or borrows one (adds a reference).
  static Value adopt(json_t* handle) { return Value(handle); }
  static Value borrow(json_t* handle);

  bool present() const { return handle_ != nullptr; }
  explicit operator bool() const { return present(); }
  bool is_object() const;
  bool is_array() const;
  bool is_string() const;
  bool is_integer() const;
  bool is_real() const;
  bool is_number() const { return is_integer() || is_real(); }
  bool is_boolean() const;
  bool is_null() const;

  // Scalar access; nullopt when the value has another type (or is absent).
  std::optional<std::string> as_string() const;
  std::optional<std::int64_t> as_integer() const;
  std::optional<double> as_number() const;
  std::optional<bool> as_boolean() const;

  // Object access. get() returns an absent Value when the key is missing or this is no object.
  Value get(std::string_view key) const;
  std::string get_string(std::string_view key, std::string_view fallback = "") const;
  // A key that is not UTF-8 is repaired as string() repairs text. Setting on a non-object is a bug:
  // throws logic_error.
  void set(std::string_view key, Value value);
  bool erase(std::string_view key);
  std::vector<std::pair<std::string, Value>> items() const;  // in insertion order
  std::size_t size() const;                                  // object members or array elements

  // Array access.
  Value at(std::size_t index) const;
  void append(Value value);
  std::vector<Value> elements() const;

  Value deep_copy() const;
  // Compact JSON text; an absent value dumps as "null".
  std::string dump() const;
  bool operator==(const Value& other) const;  // deep equality, as Jansson defines it

  json_t* raw() const { return handle_; }  // for wrappers of other C libraries only (BSON conversion)

 private:
  explicit Value(json_t* handle) : handle_(handle) {}
  json_t* handle_ = nullptr;
};

}  // namespace qta::json
